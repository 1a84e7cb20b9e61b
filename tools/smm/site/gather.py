"""Everything a site build reads from the repository, read once: brands and campaigns, the plan
(states, gaps, too-close and over-the-limit marks), the report (spend, reach, rates), every
post's lint findings and the identity of each input file (for incremental.py).

Each part comes from the command that owns it (`smm plan`, `smm report`, `smm lint`), so the
site never disagrees with them; their caches make a rebuild cheap.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from smm.content.repo import Repo, open_repo, require_brand
from smm.errors import GitError
from smm.findings import Finding
from smm.history.batch import Ahead, Histories, tree_blobs
from smm.plan.model import BrandPlan, Plan, Slot
from smm.report.campaigns import CampaignReport, Report

if TYPE_CHECKING:
    from smm.lint.engine import Collected


@dataclass
class SiteData:
    root: Path
    now: datetime
    repo: Repo
    plan: Plan
    findings: dict[str, list[Finding]]  # per post path
    slots: dict[str, list[Slot]]  # per post path, in the post's network order
    digests: dict[str, str]  # post path -> hash of its bytes
    blobs: dict[str, str]  # post path -> its blob at HEAD (what git's history of it depends on)
    image_id: Callable[[str], str | None]  # an image's digest (its bytes'), from the lint cache
    files: dict[str, str] = field(default_factory=dict)  # brand/campaign file -> hash of bytes
    in_git: bool = False
    histories: Histories | None = None  # read by build.py for the posts it renders
    head: tuple[str, dict[str, str]] | None = None  # git's prefix of root and HEAD's posts/ tree
    brand: str | None = None  # the one brand built, if one was asked for
    collected: Collected | None = None  # the lint engine's, for the report
    ahead: Ahead | None = None  # git's log and chain for the histories, started (build.py)
    git_refused: str | None = None  # why git would not read a repository it has (no histories)
    shallow: bool = False  # a shallow clone: the histories start at its oldest commit

    @cached_property
    def report(self) -> Report:
        """`smm report`'s, made on first use: only the listing pages show it, and a build with
        forks makes those in one, beside the post pages (build.py)."""
        from smm.report import report

        return report(
            self.root, brand=self.brand, now=self.now, collected=self.collected, repo=self.repo
        )

    def unused_campaign_files(self, brand: str) -> list[str]:
        """The brand's campaign files that do not load (one that does not parse, a required field
        missing, a ``.yml`` one, which is not read): no campaign, so no page."""
        loaded = {c.path for c in self.repo.campaigns.values()}
        folder = f"campaigns/{brand}/"
        return [
            p
            for p in self.repo.config_files
            if p.startswith(folder) and "/" not in p[len(folder) :] and p not in loaded
        ]

    @property
    def site_notes(self) -> list[str]:
        """What the site says, on the terminal and on home, beyond the plan's notes: the
        campaign files it has no page for, and the histories git gave it."""
        notes = [
            f"{path} cannot be used as it is: it has no page and its posts are shown without it "
            f"(see smm lint {path})"
            for bp in self.brands
            for path in self.unused_campaign_files(bp.slug)
        ]
        return notes + self.git_notes

    @property
    def git_notes(self) -> list[str]:
        """What the site says, on the terminal and on home, of the histories git gave it."""
        notes = []
        if self.git_refused is not None:
            notes.append(f"no post page shows its history: {self.git_refused}")
        if self.shallow:
            notes.append(
                "a shallow clone (git clone --depth): each post's history starts at the oldest "
                "commit fetched, so its writer and approval may be missing; git fetch "
                "--unshallow reads it whole"
            )
        return notes

    @cached_property
    def head_commit(self) -> str | None:
        """The commit HEAD is, in git; None outside it (or before its first commit)."""
        try:
            return self.ahead.head() if self.ahead is not None else None
        except GitError:
            return None

    @property
    def brands(self) -> list[BrandPlan]:
        return self.plan.brands

    def campaigns(self, brand: str) -> list[CampaignReport]:
        """The brand's campaigns, each with its report."""
        return [c for c in self.report.campaigns if c.brand == brand and c.slug is not None]

    def campaign_heads(self, brand: str) -> list[CampaignReport]:
        """The brand's campaigns as ``campaigns`` lists them, without their posts' figures:
        what a calendar and home show of them, made without the report."""
        return [c for c in self._heads if c.brand == brand]

    @cached_property
    def _heads(self) -> list[CampaignReport]:
        from smm.report.campaigns import campaign_heads

        return campaign_heads(self.repo, self.now, self.brand)

    def slots_of_campaign(self, brand: str, slug: str | None) -> list[Slot]:
        return self._by_campaign.get((brand, slug), [])

    @cached_property
    def _by_campaign(self) -> dict[tuple[str, str | None], list[Slot]]:
        """Every slot by brand and campaign, indexed on first use (not once per campaign page)."""
        found: dict[tuple[str, str | None], list[Slot]] = defaultdict(list)
        for bp in self.plan.brands:
            for s in bp.slots:
                found[(bp.slug, s.campaign)].append(s)
        return found


def gather(root: Path, brand: str | None, now: datetime) -> SiteData:
    """Read the repository at ``root`` (only ``brand``'s part, if given) as of ``now``."""
    from smm.lint.cache import Cache
    from smm.lint.engine import collect, findings_of
    from smm.lint.prewalk import Prewalk
    from smm.plan import plan

    repo = open_repo(root)
    require_brand(repo, brand)
    # git's part (HEAD's tree; the log and chain the post pages' histories read) runs beside
    # the reading of the repository, from now on
    try:
        ahead: Ahead | None = Ahead(root, "HEAD")
    except OSError:  # no git: no histories
        ahead = None
    # the lint cache knows each image's digest by its (size, mtime): a page is keyed by its
    # images' bytes, so a fresh checkout (new mtimes: CI) renders none of them again
    cache = Cache.open(root, repo.config_files)
    # once, for the findings, plan and report alike; with posts/ as the program's start walked
    # it meanwhile, if it did (lint/prewalk.py)
    earlier = Prewalk.take()
    walked = earlier.stamps(root) if earlier is not None else None
    collected = collect(repo, cross_post=True, opened=cache, walked=walked, details=True)
    every = collected.entries
    the_plan = plan(root, brand=brand, now=now, collected=collected, repo=repo, texts=False)
    findings: dict[str, list[Finding]] = defaultdict(list)
    for f in findings_of(repo, collected, now):
        findings[f.path].append(f)
    slots: dict[str, list[Slot]] = defaultdict(list)
    for bp in the_plan.brands:
        for slot in bp.slots:
            slots[slot.path].append(slot)
    digests = {p: e.digest for p, e in every.items() if e.facts is not None and p in slots}
    files = {
        p: hashlib.blake2b((root / p).read_bytes(), digest_size=12).hexdigest()
        for p in repo.config_files
        if (root / p).is_file()
    }
    head: tuple[str, dict[str, str]] | None = None
    refused, in_git, shallow = None, False, False
    if ahead is not None:
        try:
            head, shallow = _head_tree(root, ahead)
            in_git = True
        except GitError as exc:
            refused = None if _no_history_yet(str(exc)) else str(exc)
            in_git = _NO_COMMIT in str(exc)  # a repository, its first commit still to come
        if head is None:  # outside git, before the first commit, or git refused
            ahead.stop()
    prefix, listed = head or ("", {})
    blobs = {path.removeprefix(prefix): blob for path, blob in listed.items()}
    return SiteData(
        root,
        now,
        repo,
        the_plan,
        dict(findings),
        dict(slots),
        digests,
        blobs,
        cache.image_id,
        files,
        in_git=in_git,
        head=head if blobs else None,
        brand=brand,
        collected=collected,
        ahead=ahead if head else None,
        git_refused=refused,
        shallow=shallow,
    )


def _head_tree(root: Path, ahead: Ahead) -> tuple[tuple[str, dict[str, str]], bool]:
    """Where the repository is inside its git repository and each file under posts/ at HEAD ->
    its blob id (paths from the top of the git repository), and whether the clone is shallow,
    from two git commands started ahead; GitError outside git, before the first commit, or
    when git refuses."""
    listed = tree_blobs(root, "HEAD", ahead)
    shallow, _, prefix = ahead.text("prefix").partition("\n")
    return (prefix.strip(), listed), shallow.strip() == "true"


def _no_history_yet(message: str) -> bool:
    """Whether git's refusal means there is no history to show: outside a git repository, or
    before its first commit (any other, such as a repository of another owner, is said)."""
    return "not a git repository" in message or _NO_COMMIT in message


_NO_COMMIT = "Not a valid object name HEAD"  # git's word for a repository before its first commit
