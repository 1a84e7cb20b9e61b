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
from datetime import datetime
from pathlib import Path

from smm.content.loader import MAX_POST_BYTES, load_post
from smm.content.managed import without_blocks, written_blocks
from smm.content.model import Post, publish_state
from smm.content.repo import Repo, find_root, open_repo
from smm.content.userfile import read_user_file
from smm.findings import Finding, count
from smm.networks import render
from smm.review import git as g
from smm.review.git import STATUS
from smm.review.impact import CampaignImpact, ConfigChange, campaign_impacts, config_impacts
from smm.review.preview import Preview, add_previews, describe
from smm.rules import network_rules, supported

#: States of a (post, network) at the base that mean the post is (or may be) live there.
LIVE_STATES = ("published", "claimed", "unknown")


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
    # what the change asks of live posts (publish/changes.py): per network, the text it shows
    # now (the base's rendering) for an ``edit:``, and the reason of a ``retract:``
    before: dict[str, str] = field(default_factory=dict)
    retract: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return count(self.findings, "error")

    @property
    def warnings(self) -> int:
        return count(self.findings, "warning")


@dataclass
class Alert:
    """Something the reviewer must not miss; shown at the top."""

    kind: str  # retraction | published-edit | managed-edit | published-delete
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


def review(base: str, root: Path | None = None, now: datetime | None = None) -> Review:
    """Review ``base...HEAD`` of the repository at ``root``; ``now`` adds time-dependent lint findings."""
    root = find_root(root)
    merge_base = g.merge_base(root, base)
    post_changes, config_changes = _changed_files(root, base)
    repo = open_repo(root)
    found = _lint_changed(root, post_changes, config_changes, now)
    with tempfile.TemporaryDirectory(prefix="smm-review-") as tmp:
        before = _Base.export(root, merge_base, Path(tmp), post_changes)
        reviews, deleted, head_loaded = _review_posts(root, repo, before, post_changes, found)
        campaigns = campaign_impacts(
            root,
            repo,
            before.repo,
            post_changes,
            head_loaded,
            before.posts,
            config_changes,
            found,
        )
        config = config_impacts(repo, config_changes)
    warnings = _alerts(reviews, deleted)
    return Review(
        base, now, reviews, deleted, campaigns, config, warnings, _working_tree_notes(root)
    )


def _changed_files(root: Path, base: str) -> tuple[list[g.Change], list[g.Change]]:
    """(changed posts, changed brand and campaign files) of ``base...HEAD``."""
    changed = g.changes(root, base)
    config_changes = [
        c
        for c in changed
        if not c.is_post and c.path.endswith(".yaml") and c.path.startswith((g.BRANDS, g.CAMPAIGNS))
    ]
    return [c for c in changed if c.is_post], config_changes


def _working_tree_notes(root: Path) -> list[str]:
    """A note when the files on disk are not HEAD's (the review shows them as they are)."""
    dirty = g.uncommitted(root)
    if not dirty:
        return []
    return [
        f"the working tree differs from HEAD in {len(dirty)} file(s) ({dirty[0]}"
        f"{', …' if len(dirty) > 1 else ''}); the review shows the files as they are on disk"
    ]


def _lint_changed(
    root: Path, post_changes: list[g.Change], config_changes: list[g.Change], now: datetime | None
) -> list[Finding]:
    """Lint findings of the changed files that exist in the checkout."""
    from smm.lint.engine import lint

    head_posts = [c.path for c in post_changes if c.status != "D"]
    to_lint = [p for p in head_posts if (root / p).is_file()] + [
        c.path for c in config_changes if c.status != "D" and (root / c.path).is_file()
    ]
    lint_result = lint(root, paths=[str(root / p) for p in to_lint], now=now) if to_lint else None
    return lint_result.findings if lint_result else []


@dataclass
class _Base:
    """The merge base's brands, campaigns and changed posts, exported to a temporary folder."""

    repo: Repo
    posts: dict[str, Post | None]  # by path at the base
    texts: dict[str, str]  # the posts' bytes, decoded

    @classmethod
    def export(cls, root: Path, commit: str, dest: Path, post_changes: list[g.Change]) -> _Base:
        old_paths = [c.old_path or c.path for c in post_changes if c.status != "A"]
        g.export_base(root, commit, dest, old_paths)
        base_repo = open_repo(dest)
        base = cls(base_repo, {}, {})
        for old in old_paths:
            try:
                base.texts[old] = read_user_file(dest, old, MAX_POST_BYTES).decode(
                    "utf-8", "replace"
                )
            except OSError:
                continue
            base.posts[old] = load_post(dest, old, base_repo.brands)[0]
        return base


def _review_posts(
    root: Path, repo: Repo, before: _Base, post_changes: list[g.Change], found: list[Finding]
) -> tuple[list[PostReview], list[PostReview], dict[str, Post | None]]:
    """(reviews of added, edited and renamed posts, deleted posts, the posts loaded at HEAD)."""
    by_path: dict[str, list[Finding]] = {}
    for f in found:
        by_path.setdefault(f.path, []).append(f)
    reviews, deleted = [], []
    head_loaded: dict[str, Post | None] = {}
    for c in post_changes:
        if c.status == "D":
            deleted.append(_deleted_post(c, before))
            continue
        r = PostReview(c.path, STATUS[c.status], c.old_path)
        post, problems = load_post(root, c.path, repo.brands)
        head_loaded[c.path] = post
        if post is not None:
            describe(r, post, repo)
            add_previews(r, post, repo)
        r.findings = sorted(
            set(by_path.get(c.path, [])) | (set(problems) if post is None else set())
        )
        old_path = c.old_path or c.path
        old = before.posts.get(old_path) if c.status != "A" else None
        if old is not None:
            r.live_before = _live(old)
            if post is not None:
                _asked_changes(r, post, old, before.repo)
        r.text_changed, r.managed_changed = _what_changed(
            before.texts.get(old_path, "") if c.status != "A" else "", root, c.path
        )
        reviews.append(r)
    return reviews, deleted, head_loaded


def _asked_changes(r: PostReview, post: Post, old: Post, base: Repo) -> None:
    """The edits and retractions the post asks of networks it is live on at the base."""
    live = [n for n, state in r.live_before.items() if state == "published"]
    asked = {k: post.meta.data.get(k) for k in ("edit", "retract")}
    retract, edit = (v if isinstance(v, dict) else {} for v in (asked["retract"], asked["edit"]))
    r.retract = {n: str(retract[n] or "") for n in live if n in retract}
    for network in (n for n in live if n in edit and n not in retract and n in supported()):
        brand = base.brands.get(old.brand)
        r.before[network] = render(old, network, brand, base.campaign(old.brand, old.campaign)).text


def _deleted_post(c: g.Change, before: _Base) -> PostReview:
    r = PostReview(c.path, "deleted")
    old = before.posts.get(c.path)
    if old is not None:
        describe(r, old, before.repo)
        r.live_before = _live(old)
    return r


def _alerts(reviews: list[PostReview], deleted: list[PostReview]) -> list[Alert]:
    """What must stand out: published posts edited or deleted, managed blocks written by hand."""
    warnings: list[Alert] = []
    for r in reviews:
        where = _where(r.live_before)
        if r.retract:
            gone = ", ".join(
                f"{network_name(n)} ({why or 'no reason given'})" for n, why in r.retract.items()
            )
            warnings.insert(
                0,
                Alert(
                    "retraction",
                    r.path,
                    f"`{r.path}`: once this merges, smm publish deletes the live post on {gone}; "
                    "its record stays in the file (retracted:).",
                ),
            )
        if r.live_before and r.text_changed and r.before:
            edits = ", ".join(network_name(n) for n in r.before)
            warnings.append(
                Alert(
                    "published-edit",
                    r.path,
                    f"`{r.path}` is already published ({where}) and this change edits it, with "
                    f"`edit:` for {edits}: once this merges, smm publish sends the new text to "
                    "those live posts, once (the text before and after is below).",
                )
            )
        elif r.live_before and r.text_changed and not r.retract:
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
    return warnings


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
