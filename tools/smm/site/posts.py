"""A post's page: the post as each network shows it (the text `smm preview` computes), its images,
state and live links, metrics over time, lint findings and its history from git.

The metrics over time are the post's ``metrics:`` block as each of smm's metrics commits left it
(a block holds only the latest reading), read from git, then as the file has it now.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any, NamedTuple

from smm import clock
from smm.content.loader import MAX_POST_BYTES, load_post
from smm.content.model import Post
from smm.content.userfile import read_user_file
from smm.findings import Finding
from smm.history.model import History
from smm.history.story import managed_blocks
from smm.networks import Rendered, render
from smm.networks.base import figures
from smm.plan.model import Slot
from smm.rules import network_rules, supported
from smm.site import charts
from smm.site.figures import group, nb
from smm.site.gather import SiteData
from smm.site.lang import brand_language, view_language
from smm.site.tghtml import safe_markup
from smm.site.thumbs import Thumb
from smm.textsafe import web_address

#: How each network's view is drawn (in templates/post.html); the others get a card.
VIEWS = {"telegram": "telegram", "vk": "vk", "instagram": "instagram"}
SERIES = ("reach", "views", "likes", "comments", "shares")


@dataclass
class NetworkView:
    network: str
    name: str
    view: str  # telegram | vk | instagram | card
    rendered: Rendered
    html: str  # the text as the page shows it (Telegram's markup kept, else plain)
    count: str  # "text 162/16 000 characters": its length, limit and unit, as the page says them
    over: bool  # longer than the network's limit
    images: list[tuple[Thumb | None, str, str | None]]  # (thumbnail, src, alt)
    state: str
    url: str | None
    metrics: dict[str, Any]
    chart: str | None  # SVG of the readings over time
    chart_series: int  # how many figures the chart draws (each to its own scale)
    ratio: str | None = None  # Instagram's media box, width / height: see _feed_ratio
    readings: list[Reading] = field(default_factory=list)  # the chart's, as a table under it
    columns: list[str] = field(default_factory=list)  # the table's figures: the charted first
    lang: str | None = None  # the text's language, when the brand file names it (site/lang.py)
    parts: list[NetworkView] = field(default_factory=list)  # a thread's parts, each as shown


class Reading(NamedTuple):
    """One reading of a network's figures: as the page labels it, the counts, its POSIX time."""

    label: str
    counts: dict[str, int]
    at: float | None


@dataclass
class PostPage:
    path: str
    title: str
    brand: str
    brand_name: str
    campaign: str | None
    campaign_name: str | None
    kind: str
    local: datetime | None
    budget: str | None
    views: list[NetworkView]
    findings: list[Finding]
    history: History | None
    history_note: str | None
    readings: dict[str, list[Reading]] = field(default_factory=dict)
    lang: str | None = None  # the brand's one language, the title's (site/lang.py)
    shallow: bool = False  # its history is from a shallow clone: it may start late

    @property
    def carousel(self) -> bool:
        """Whether a view shows a carousel (Instagram's, of two images or more): its buttons'
        script is loaded only then."""
        return any(v.view == "instagram" and len(v.images) > 1 for v in self.views)


def post_pages(
    data: SiteData,
    paths: list[str],
    thumb: Callable[[str], Thumb | None],
    raws: list[bytes | None] | None = None,
) -> list[tuple[PostPage | None, list[str]]]:
    """The page of each post in ``paths`` and the images it shows (for incremental.py), made in
    stages over all of them (read and loaded, then their histories, then each network's render,
    then the pages): the processor's caches hold one stage's code at a time, as in lint's
    checks (lint/checker.py). ``raws``: their bytes (``read_post``), when the caller has them."""
    if raws is None:
        raws = [read_post(data, path) for path in paths]
    posts = [load_post(data.root, path, data.repo.brands, raw)[0] for path, raw in zip(paths, raws)]
    pasts = [_history(data, path) if post else (None, None) for path, post in zip(paths, posts)]
    renders = [_renders(data, post) if post else [] for post in posts]
    return [
        _page(data, post, raw, *past, made, thumb) if post else (None, [])
        for post, raw, past, made in zip(posts, raws, pasts, renders)
    ]


def _renders(data: SiteData, post: Post) -> list[Rendered]:
    """The post as each network it names (and smm knows) receives it."""
    brand = data.repo.brands.get(post.brand)
    campaign = data.repo.campaign(post.brand, post.campaign)
    known = supported()
    return [render(post, n, brand, campaign) for n in dict.fromkeys(post.networks) if n in known]


def read_post(data: SiteData, path: str) -> bytes | None:
    """The post's bytes, read once for the post and its metrics now (None: unreadable)."""
    with contextlib.suppress(OSError):
        return read_user_file(data.root, path, MAX_POST_BYTES)
    return None


def _page(
    data: SiteData,
    post: Post,
    raw: bytes | None,
    history: History | None,
    note: str | None,
    renders: list[Rendered],
    thumb: Callable[[str], Thumb | None],
) -> tuple[PostPage, list[str]]:
    """The post's page from what the stages before made of it, and the images it shows."""
    path = post.path
    brand = data.repo.brands.get(post.brand)
    campaign = data.repo.campaign(post.brand, post.campaign)
    slots = {s.network: s for s in data.slots.get(path, [])}
    now = raw.decode("utf-8", "replace") if raw is not None else None
    readings = _readings(data, history, now, brand.tz if brand else None)
    views: list[NetworkView] = []
    images: list[str] = []
    for rendered in renders:
        shown = [(thumb(i.src), i.src, i.alt) for i in rendered.images]
        images.extend(i.src for i in rendered.images)
        network = rendered.network
        views.append(_view(rendered, slots.get(network), shown, readings.get(network, [])))
        views[-1].lang = view_language(brand, network)
    first = next(iter(slots.values()), None)
    return PostPage(
        path=path,
        title=post.title or (first.title if first else path.rsplit("/", 1)[-1]),
        brand=post.brand,
        brand_name=brand.name if brand else post.brand,
        lang=brand_language(brand),
        campaign=post.campaign,
        campaign_name=campaign.name if campaign else None,
        kind=post.kind,
        local=first.local if first else None,
        budget=nb(str(post.budget)) if post.budget else None,
        views=views,
        findings=sorted(data.findings.get(path, [])),
        history=history,
        history_note=note,
        readings=readings,
        shallow=data.shallow and history is not None,
    ), sorted(set(images))


def _view(
    r: Rendered,
    slot: Slot | None,
    images: list[tuple[Thumb | None, str, str | None]],
    readings: list[Reading],
) -> NetworkView:
    html = safe_markup(r.text) if r.network == "telegram" else None
    latest = readings[-1].counts if readings else {}
    # a thread: each part as the network shows it, the post's images with the first
    parts = [_view(part, slot, images if i == 0 else [], []) for i, part in enumerate(r.parts)]
    what = "caption" if r.limit_key == "text.caption_limit" else "text"
    charted = [k for k in SERIES if any(k in reading.counts for reading in readings)]
    limit = group(r.limit.value) if r.limit else "no limit"
    return NetworkView(
        network=r.network,
        name=network_rules(r.network).name,
        view=VIEWS.get(r.network, "card"),
        rendered=r,
        html=html if html is not None else "",
        count=f"{what} {group(r.length)}/{limit} {r.unit}",
        over=r.over_limit(),
        images=images,
        state=slot.state if slot else "unknown",
        url=slot.url if slot and web_address(slot.url) else None,  # a link only to the web
        metrics=latest,
        chart=_chart(r.network, readings, charted),
        chart_series=len(charted),
        parts=parts,
        ratio=_feed_ratio(r.network, images) if VIEWS.get(r.network) == "instagram" else None,
        readings=readings,
        # every figure a reading has, not only the charted: the table is the readings' text
        columns=list(dict.fromkeys([*charted, *(k for rd in readings for k in rd.counts)])),
    )


def _feed_ratio(network: str, images: list[tuple[Thumb | None, str, str | None]]) -> str | None:
    """The aspect ratio (w/h) Instagram's feed shows the post at: its first image's, held
    between the network's recorded bounds (4:5 and 1.91:1, rules/instagram.yaml): a taller or
    wider picture is cropped to the bound, and a carousel shows every image at the first's
    ratio. None without a first thumbnail (the page's square stands in)."""
    thumb = images[0][0] if images else None
    if thumb is None or not thumb.width or not thumb.height:
        return None
    rules = network_rules(network)
    low, high = rules.limit("images.min_aspect"), rules.limit("images.max_aspect")
    ratio = thumb.width / thumb.height
    if low is not None:
        ratio = max(ratio, float(low.value))
    if high is not None:
        ratio = min(ratio, float(high.value))
    return f"{ratio:.4g}"


def _chart(network: str, readings: list[Reading], keys: list[str]) -> str | None:
    """Each figure of ``keys`` (SERIES that any reading has), reading by reading, each placed by
    its time when every reading has one; None with fewer than two readings (one is a dot: the
    figures beside the chart say it all). Described by the table of the readings the page puts
    under it (templates/post.html, id ``readings-<network>``)."""
    if len(readings) < 2 or not keys:
        return None
    series: dict[str, list[int | None]] = {k: [r.counts.get(k) for r in readings] for k in keys}
    title = f"{network_rules(network).name}: " + ", ".join(keys) + " by reading"
    title += ", each on its own scale" if len(keys) > 1 else ""
    times = [r.at for r in readings]
    timed = [t for t in times if t is not None]
    labels = [r.label for r in readings]
    at = timed if len(timed) == len(times) else None
    return charts.line(
        title, labels, dict(series), at, own_scales=True, described_by=f"readings-{network}"
    )


def _history(data: SiteData, path: str) -> tuple[History | None, str | None]:
    """The post's history on HEAD; a note instead when git has none of it."""
    if data.git_refused is not None:
        return None, f"git would not read the repository ({data.git_refused}): no history"
    if not data.in_git:
        return None, "not in a git repository: no history"
    if path not in data.blobs or data.histories is None:  # (build.py reads git for the others)
        return None, "not committed yet"
    found = data.histories.of(path)
    return (None, found) if isinstance(found, str) else (found, None)


def _readings(
    data: SiteData, history: History | None, now: str | None, tz: tzinfo | None
) -> dict[str, list[Reading]]:
    """Per network, the metrics readings over time, oldest first; ``now``: the
    post's text now (None when it cannot be read: lint reports why)."""
    from smm.metrics.summary import COMMIT_SUBJECT

    texts: list[str] = []
    for change in history.changes if history and data.histories else []:
        if change.change == "managed" and change.subject.startswith(COMMIT_SUBJECT):
            text = data.histories.show(change.sha, change.path) if data.histories else None
            if text is not None:
                texts.append(text)
    if now is not None:
        texts.append(now)
    seen: dict[str, dict[str, Reading]] = {}
    for text in texts:
        blocks = managed_blocks(text)  # parsed once with the history's reading of it
        for network, entry in blocks["metrics"].items() if blocks else ():
            at = clock.instant(entry.get("at"))
            label = at.astimezone(tz).strftime("%d.%m %H:%M") if at else "—"
            key = at.astimezone(UTC).isoformat() if at else ""  # in order whatever the offsets
            seen.setdefault(network, {})[key] = Reading(
                label, figures(entry), at.timestamp() if at else None
            )
    return {n: [v for _, v in sorted(r.items())] for n, r in seen.items()}
