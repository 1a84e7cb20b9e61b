"""One post as the review shows it: its time in the brand's zone and in UTC, its budget, and a
preview per network of exactly what that network would get."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smm.content.model import Brand, Campaign, Post
from smm.content.repo import Repo
from smm.content.timeparse import parse_local
from smm.networks import Rendered, render
from smm.rules import network_rules, supported

if TYPE_CHECKING:
    from smm.review.build import PostReview


@dataclass
class Preview:
    network: str
    name: str
    what: str  # "text" or "caption"
    text: str  # the payload as the network gets it (Telegram HTML, plain text elsewhere)
    length: int
    limit: int | None
    unit: str
    over: bool
    images: list[tuple[str, str | None]]  # (src, alt)
    link: str | None
    parts: list[Preview] = field(default_factory=list)  # a thread's parts, each as it goes out
    comment: Preview | None = None  # the first comment, as the network gets it


def describe(r: PostReview, post: Post, repo: Repo) -> None:
    """Fill in the post's title, brand, campaign, networks, budget and time (local and UTC)."""
    brand = repo.brands.get(post.brand)
    r.title, r.brand, r.campaign, r.kind = post.title, post.brand or None, post.campaign, post.kind
    r.networks = list(dict.fromkeys(post.networks))
    r.budget = str(post.budget) if post.budget else None
    if post.time_text:
        tz = brand.tz if brand else ZoneInfo("UTC")
        try:
            when, _fold = parse_local(post.time_text, tz)
        except ValueError:
            return
        local = when.astimezone(tz)
        r.local_time = f"{local:%Y-%m-%d %H:%M} {local.tzname()} ({tz.key})"
        r.utc_time = f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def add_previews(r: PostReview, post: Post, repo: Repo) -> None:
    """One preview per target network, as that network gets the post; unsupported networks listed."""
    brand: Brand | None = repo.brands.get(post.brand)
    campaign: Campaign | None = repo.campaign(post.brand, post.campaign)
    for network in r.networks:
        if network not in supported():
            r.unsupported.append(network)
            continue
        r.previews.append(_preview(render(post, network, brand, campaign)))


def _preview(out: Rendered, what: str = "") -> Preview:
    """The preview of one rendered post, of each part of a thread, and of its first comment."""
    return Preview(
        network=out.network,
        name=network_rules(out.network).name,
        what=what or ("caption" if out.limit_key == "text.caption_limit" else "text"),
        text=out.text,
        length=out.length,
        limit=out.limit.value if out.limit else None,
        unit=out.unit,
        over=out.over_limit(),
        images=[(i.src, i.alt) for i in out.images],
        link=out.link,
        parts=[_preview(part) for part in out.parts],
        comment=_preview(out.first_comment, "first comment") if out.first_comment else None,
    )
