"""Checking one post: load it, render it for each network, run every per-post check.

Imported only when some post needs checking, so a warm `smm lint` never loads Markdown or Pillow.
"""

from __future__ import annotations

from collections.abc import Callable

from smm.content.loader import Problems, load_post, read_bytes
from smm.content.model import Post, publish_state
from smm.content.repo import Repo
from smm.lint.cache import Entry, digest, image_digest, stamp
from smm.lint.checks_media import check_images
from smm.lint.checks_plan import check_budget, check_campaign, check_networks, check_time
from smm.lint.checks_published import check_published
from smm.lint.checks_text import (
    check_ad_marking,
    check_body,
    check_hashtags,
    check_length,
    check_mentions,
    check_voice,
)
from smm.lint.context import PostContext
from smm.lint.facts import PostFacts, text_key
from smm.lint.images import ImageInfo, inspect
from smm.networks import render
from smm.rules import supported

#: Per-post checks, in the order their findings read best.
POST_CHECKS: list[Callable[[PostContext], None]] = [
    check_networks,
    check_time,
    check_campaign,
    check_budget,
    check_body,
    check_length,
    check_hashtags,
    check_mentions,
    check_images,
    check_ad_marking,
    check_voice,
    check_published,
]


class Checker:
    """Checks single posts of one repository; one per process, so it holds the image cache."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.images: dict[str, ImageInfo] = {}
        self.image_ids: dict[str, str | None] = {}
        self.campaign_slugs = tuple(repo.campaigns)

    def image_id(self, src: str) -> str | None:
        if src not in self.image_ids:
            self.image_ids[src] = image_digest(self.repo.root, src)
        return self.image_ids[src]

    def image(self, src: str) -> ImageInfo:
        if src not in self.images:
            self.images[src] = inspect(self.repo.root, src)
        return self.images[src]

    def check(self, path: str) -> tuple[str, Entry]:
        """Check one post; the result is a cache entry of plain values."""
        root = self.repo.root
        read_problems = Problems(path)
        data = read_bytes(root, path, read_problems)
        post, problems = (
            load_post(root, path, self.repo.brands, data)
            if data is not None
            else (None, read_problems)
        )
        facts = None
        images: set[str] = set()
        if post is not None:
            ctx = self.context(post, problems)
            for check in POST_CHECKS:
                check(ctx)
            facts = _facts(post, ctx)
            images = {i.src for i in post.images} | {
                i.src for o in post.overrides.values() for i in o.get("images") or []
            }
        data_digest = digest(data) if data is not None else ""
        image_ids = tuple((src, self.image_id(src)) for src in sorted(images))
        findings = tuple(f.astuple() for f in problems)
        return path, Entry(stamp(root / path), data_digest, image_ids, facts, findings)

    def context(self, post: Post, problems: list) -> PostContext:
        brand = self.repo.brands.get(post.brand)
        campaign = self.repo.campaign(post.brand, post.campaign)
        ctx = PostContext(self.repo.root, post, brand, campaign, {}, self.image, problems)  # type: ignore[arg-type]
        ctx.facts["campaign_slugs"] = self.campaign_slugs
        known = supported()
        ctx.renders = {
            n: render(post, n, brand, campaign) for n in dict.fromkeys(post.networks) if n in known
        }
        return ctx


def _facts(post: Post, ctx: PostContext) -> PostFacts:
    budget = (str(post.budget.amount), post.budget.currency) if post.budget else None
    return PostFacts(
        path=post.path,
        brand=post.brand,
        campaign=post.campaign,
        networks=tuple(post.networks),
        when=ctx.when.timestamp() if ctx.when else None,
        time_pos=post.at("time"),
        budget=budget,
        budget_pos=post.at("budget"),
        text_key=text_key(post.body),
        states=tuple((n, publish_state(entry)) for n, entry in post.published.items()),
    )
