"""`smm review`: what a pull request changes in the content plan, as the client should see it.

Which posts: every post file under posts/ that ``git diff --name-status BASE...HEAD`` adds,
edits or renames gets a full review (a preview per network, its time, budget, campaign spend
and lint findings); deleted posts are listed. Posts whose campaign or brand file changed but
which are not edited themselves are *not* previewed one by one (a brand edit would otherwise
repeat every post of the brand in one comment); the changed campaign and brand files are
listed with how many posts they shape, and each touched campaign gets its budget and planned
spend before and after the merge.

The contents are the checkout's files (in CI: the pull request merged into its base, so
"after the merge" is exact); the base is the merge base of BASE and HEAD.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from smm.content.loader import MAX_POST_BYTES, load_post
from smm.content.managed import without_blocks, written_blocks
from smm.content.model import Brand, Campaign, Post, publish_state
from smm.content.repo import Repo, find_root, open_repo
from smm.content.timeparse import parse_local
from smm.content.userfile import read_user_file
from smm.findings import Finding, count
from smm.networks import Rendered, render
from smm.review import git as g
from smm.rules import network_rules, supported

#: States of a (post, network) at the base that mean the post is (or may be) live there.
LIVE_STATES = ("published", "claimed", "unknown")


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


@dataclass
class CampaignImpact:
    brand: str
    slug: str
    name: str
    path: str | None  # None: the campaign file is gone at HEAD
    currency: str | None
    budget: Decimal | None  # after the merge
    budget_before: Decimal | None
    planned_after: Decimal | None
    planned_before: Decimal | None
    file_status: str | None  # A/M/R/D when the campaign file itself changed
    findings: list[Finding] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if self.planned_after is None or self.planned_before is None:
            return None
        return self.planned_after - self.planned_before

    @property
    def used(self) -> Decimal | None:
        """planned spend after the merge / budget, a fraction."""
        return (
            self.planned_after / self.budget
            if self.budget and self.planned_after is not None
            else None
        )

    @property
    def over(self) -> bool:
        return (
            self.budget is not None
            and self.planned_after is not None
            and self.planned_after > self.budget
        )


@dataclass
class PostReview:
    path: str
    status: str  # added | modified | renamed | deleted
    old_path: str | None = None
    title: str | None = None
    brand: str | None = None
    campaign: str | None = None  # slug
    kind: str | None = None
    networks: list[str] = field(default_factory=list)
    local_time: str | None = None  # "2026-12-01 10:00 MSK (Europe/Moscow)"
    utc_time: str | None = None  # "2026-12-01 07:00 UTC"
    budget: str | None = None
    previews: list[Preview] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # target networks without rules
    findings: list[Finding] = field(default_factory=list)
    live_before: dict[str, str] = field(default_factory=dict)  # network -> state at the base
    text_changed: bool = False  # anything outside published:/metrics: changed (edits only)
    managed_changed: bool = False  # the published:/metrics: blocks changed (edits only)

    @property
    def errors(self) -> int:
        return count(self.findings, "error")

    @property
    def warnings(self) -> int:
        return count(self.findings, "warning")


@dataclass
class ConfigChange:
    path: str
    status: str  # added | modified | renamed | deleted
    kind: str  # brand | campaign
    posts: int  # posts at HEAD that this file shapes


@dataclass
class Alert:
    """Something the reviewer must not miss; shown at the top."""

    kind: str  # published-edit | managed-edit | published-delete
    path: str
    message: str


@dataclass
class Review:
    base: str
    now: datetime | None
    posts: list[PostReview]  # added, modified, renamed: full reviews
    deleted: list[PostReview]
    campaigns: list[CampaignImpact]
    config: list[ConfigChange]
    warnings: list[Alert]  # what must stand out (published posts edited or deleted)
    notes: list[str]


STATUS = {"A": "added", "M": "modified", "R": "renamed", "D": "deleted"}


def review(base: str, root: Path | None = None, now: datetime | None = None) -> Review:
    """Review ``base...HEAD`` of the repository at ``root``; ``now`` adds time-dependent lint findings."""
    from smm.lint.engine import lint
    from smm.report.campaigns import report

    root = find_root(root)
    mb = g.merge_base(root, base)
    changed = g.changes(root, base)
    post_changes = [c for c in changed if c.is_post]
    config_changes = [
        c
        for c in changed
        if not c.is_post and c.path.endswith(".yaml") and c.path.startswith((g.BRANDS, g.CAMPAIGNS))
    ]
    notes: list[str] = []
    dirty = g.uncommitted(root)
    if dirty:
        notes.append(
            f"the working tree differs from HEAD in {len(dirty)} file(s) ({dirty[0]}"
            f"{', …' if len(dirty) > 1 else ''}); the review shows the files as they are on disk"
        )
    repo = open_repo(root)
    head_posts = [c.path for c in post_changes if c.status != "D"]
    to_lint = [p for p in head_posts if (root / p).is_file()] + [
        c.path for c in config_changes if c.status != "D" and (root / c.path).is_file()
    ]
    lint_result = lint(root, paths=[str(root / p) for p in to_lint], now=now) if to_lint else None
    found = lint_result.findings if lint_result else []
    by_path: dict[str, list[Finding]] = {}
    for f in found:
        by_path.setdefault(f.path, []).append(f)

    with tempfile.TemporaryDirectory(prefix="smm-review-") as tmp:
        base_root = Path(tmp)
        old_paths = [c.old_path or c.path for c in post_changes if c.status != "A"]
        g.export_base(root, mb, base_root, old_paths)
        base_repo = open_repo(base_root)
        base_posts: dict[str, Post | None] = {}
        base_texts: dict[str, str] = {}
        for old in old_paths:
            try:
                base_texts[old] = read_user_file(base_root, old, MAX_POST_BYTES).decode(
                    "utf-8", "replace"
                )
            except OSError:
                continue
            base_posts[old] = load_post(base_root, old, base_repo.brands)[0]

        reviews, deleted = [], []
        head_loaded: dict[str, Post | None] = {}
        for c in post_changes:
            if c.status == "D":
                old = base_posts.get(c.path)
                r = PostReview(c.path, "deleted")
                if old is not None:
                    _describe(r, old, base_repo)
                    r.live_before = _live(old)
                deleted.append(r)
                continue
            r = PostReview(c.path, STATUS[c.status], c.old_path)
            post, problems = load_post(root, c.path, repo.brands)
            head_loaded[c.path] = post
            if post is not None:
                _describe(r, post, repo)
                _previews(r, post, repo)
            r.findings = sorted(
                set(by_path.get(c.path, [])) | (set(problems) if post is None else set())
            )
            old_path = c.old_path or c.path
            old = base_posts.get(old_path) if c.status != "A" else None
            if old is not None:
                r.live_before = _live(old)
            r.text_changed, r.managed_changed = _what_changed(
                base_texts.get(old_path, "") if c.status != "A" else "", root, c.path
            )
            reviews.append(r)

        campaigns = _campaigns(
            root,
            repo,
            base_repo,
            post_changes,
            head_loaded,
            base_posts,
            config_changes,
            found,
            report,
        )
        config = _config(repo, root, config_changes)

    warnings = []
    for r in reviews:
        where = _where(r.live_before)
        if r.live_before and r.text_changed:
            warnings.append(
                Alert(
                    "published-edit",
                    r.path,
                    f"`{r.path}` is already published ({where}) and this change "
                    "edits it. smm never publishes a post twice: the networks keep the text they got. Edit "
                    "the live post on the network by hand (and say so here), or write a new post.",
                )
            )
        if r.managed_changed:
            warnings.append(
                Alert(
                    "managed-edit",
                    r.path,
                    f"`{r.path}`: this change writes its published:/metrics: "
                    "blocks, which only smm writes"
                    + (f" (published: {where})" if where else "")
                    + "; the publisher trusts them to know what is live and never sends a post they "
                    "mark as sent.",
                )
            )
    for r in deleted:
        if r.live_before:
            warnings.append(
                Alert(
                    "published-delete",
                    r.path,
                    f"`{r.path}` is deleted but was published ({_where(r.live_before)}): deleting the file "
                    "does not remove the post from the network, and its record leaves the repository.",
                )
            )
    return Review(base, now, reviews, deleted, campaigns, config, warnings, notes)


def _where(states: dict[str, str]) -> str:
    return ", ".join(
        f"{network_name(n)}" + ("" if s == "published" else f" ({s})") for n, s in states.items()
    )


def network_name(network: str) -> str:
    return network_rules(network).name if network in supported() else network


def _live(post: Post) -> dict[str, str]:
    states = {}
    for network, entry in post.published.items():
        state = publish_state(entry)
        if state in LIVE_STATES:
            states[str(network)] = state
    return states


def _what_changed(before: str, root: Path, path: str) -> tuple[bool, bool]:
    """(text changed, managed blocks changed) between the base's and the checkout's bytes."""
    try:
        after = read_user_file(root, path, MAX_POST_BYTES).decode("utf-8", "replace")
    except OSError:
        return True, False
    person_before, person_after = (
        without_blocks(text, require_front_matter=False) for text in (before, after)
    )
    return person_before != person_after, written_blocks(before) != written_blocks(after)


def _describe(r: PostReview, post: Post, repo: Repo) -> None:
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


def _previews(r: PostReview, post: Post, repo: Repo) -> None:
    brand: Brand | None = repo.brands.get(post.brand)
    campaign: Campaign | None = repo.campaign(post.brand, post.campaign)
    for network in r.networks:
        if network not in supported():
            r.unsupported.append(network)
            continue
        out: Rendered = render(post, network, brand, campaign)
        r.previews.append(
            Preview(
                network=network,
                name=network_rules(network).name,
                what="caption" if out.limit_key == "text.caption_limit" else "text",
                text=out.text,
                length=out.length,
                limit=out.limit.value if out.limit else None,
                unit=out.unit,
                over=out.over_limit(),
                images=[(i.src, i.alt) for i in out.images],
                link=out.link,
            )
        )


def _contribution(post: Post | None, currency: str | None) -> Decimal:
    """What a post adds to its campaign's planned spend: its budget, if in the campaign's currency."""
    if post is None or post.budget is None or post.budget.currency != currency:
        return Decimal(0)
    return post.budget.amount


def _currency(repo: Repo, c: Campaign | None, brand: str) -> str | None:
    if c is not None and c.budget is not None:
        return c.budget.currency
    b = repo.brands.get(brand)
    return b.currency if b else None


def _campaigns(
    root, repo, base_repo, post_changes, head_loaded, base_posts, config_changes, found, report
):
    keys: set[tuple[str, str]] = set()
    for c in post_changes:
        post = head_loaded.get(c.path)
        if post is not None and post.campaign:
            keys.add((post.brand, post.campaign))
        old = base_posts.get(c.old_path or c.path) if c.status != "A" else None
        if old is not None and old.campaign:
            keys.add((old.brand, old.campaign))
    file_status: dict[tuple[str, str], str] = {}
    for c in config_changes:
        if c.path.startswith(g.CAMPAIGNS):
            for path, status in ((c.path, c.status), (c.old_path, c.status)):
                parts = Path(path).with_suffix("").parts if path else ()
                if len(parts) == 3:
                    keys.add((parts[1], parts[2]))
                    file_status.setdefault((parts[1], parts[2]), status)
    if not keys:
        return []
    figures = {(r.brand, r.slug): r for r in report(root).campaigns if r.slug}
    impacts = []
    for brand, slug in sorted(keys):
        head_c, base_c = repo.campaign(brand, slug), base_repo.campaign(brand, slug)
        r = figures.get((brand, slug))
        currency = _currency(repo, head_c, brand) if head_c else None
        base_currency = _currency(base_repo, base_c, brand) if base_c else None
        after = r.total.planned_spend if r is not None and head_c is not None else None
        before = None
        if base_c is not None and (head_c is None or currency == base_currency):
            if after is None:
                before = None  # the campaign file is gone: nothing to add up against
            else:
                before = after
                for c in post_changes:
                    post = head_loaded.get(c.path) if c.status != "D" else None
                    if post is not None and (post.brand, post.campaign) == (brand, slug):
                        before -= _contribution(post, currency)
                    old = base_posts.get(c.old_path or c.path) if c.status != "A" else None
                    if old is not None and (old.brand, old.campaign) == (brand, slug):
                        before += _contribution(old, base_currency)
        elif base_c is None:
            before = Decimal(0) if after is not None else None
        st = file_status.get((brand, slug))
        impacts.append(
            CampaignImpact(
                brand=brand,
                slug=slug,
                name=(head_c or base_c).name if (head_c or base_c) else slug,
                path=head_c.path if head_c else None,
                currency=currency or base_currency,
                budget=head_c.budget.amount if head_c and head_c.budget else None,
                budget_before=base_c.budget.amount if base_c and base_c.budget else None,
                planned_after=after,
                planned_before=before,
                file_status=STATUS.get(st) if st else None,
                findings=sorted(f for f in found if head_c is not None and f.path == head_c.path),
            )
        )
    return impacts


def _config(repo: Repo, root: Path, config_changes) -> list[ConfigChange]:
    if not config_changes:
        return []
    from smm.lint.engine import collect
    from smm.lint.facts import PostFacts

    facts = [PostFacts(*e.facts) for e in collect(repo).entries.values() if e.facts is not None]
    out = []
    for c in config_changes:
        parts = Path(c.path).with_suffix("").parts
        if c.path.startswith(g.BRANDS) and len(parts) == 2:
            kind, count = "brand", sum(1 for f in facts if f.brand == parts[1])
        elif len(parts) == 3:
            kind, count = (
                "campaign",
                sum(1 for f in facts if (f.brand, f.campaign) == (parts[1], parts[2])),
            )
        else:
            continue
        out.append(ConfigChange(c.path, STATUS[c.status], kind, count))
    return out
