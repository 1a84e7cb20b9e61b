"""The lint engine: load, check each post (cached, in parallel when cold), then cross-post rules."""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from smm.content.loader import Problems, load_post, read_bytes
from smm.content.model import Post, publish_state
from smm.content.repo import Repo, find_root, open_repo, post_paths
from smm.errors import UsageError
from smm.findings import Finding
from smm.lint import cross
from smm.lint.cache import Cache, Entry, digest, stamp
from smm.lint.checks_media import check_images
from smm.lint.checks_plan import check_budget, check_campaign, check_networks, check_time
from smm.lint.checks_text import check_ad_marking, check_hashtags, check_length, check_voice
from smm.lint.context import PostContext
from smm.lint.facts import PostFacts, text_key
from smm.lint.images import ImageInfo, inspect
from smm.networks import render
from smm.rules import supported

#: Per-post checks, in the order their findings read best.
POST_CHECKS: list[Callable[[PostContext], None]] = [
    check_networks, check_time, check_campaign, check_budget,
    check_length, check_hashtags, check_images, check_ad_marking, check_voice,
]
#: Below this many posts to check, forking workers costs more than it saves.
PARALLEL_MIN = 400


@dataclass
class LintResult:
    findings: list[Finding]
    posts: int  # posts in the repository
    checked: int  # posts checked this run (the rest came from the cache)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.level == "warning")


class _Checker:
    """Checks single posts of one repository; one per process, so it holds the image cache."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.images: dict[str, ImageInfo] = {}
        self.campaign_slugs = tuple(repo.campaigns)

    def image(self, src: str) -> ImageInfo:
        if src not in self.images:
            self.images[src] = inspect(self.repo.root, src)
        return self.images[src]

    def check(self, path: str) -> tuple[str, Entry]:
        """Check one post; the result is a cache entry of plain values."""
        root = self.repo.root
        read_problems = Problems(path)
        data = read_bytes(root / path, path, read_problems)
        post, problems = load_post(root, path, self.repo.brands, data) if data is not None else (None, read_problems)
        facts = None
        images: set[str] = set()
        if post is not None:
            ctx = self.context(post, problems)
            for check in POST_CHECKS:
                check(ctx)
            facts = tuple(_facts(post, ctx))
            images = {i.src for i in post.images} | {i.src for o in post.overrides.values() for i in o.get("images") or []}
        data_digest = digest(data) if data is not None else b""
        image_stamps = tuple((src, _image_stamp(root, src)) for src in sorted(images))
        findings = tuple((f.path, f.line, f.col, f.level, f.rule, f.message) for f in problems)
        return path, Entry(stamp(root / path), data_digest, image_stamps, facts, findings)

    def context(self, post: Post, problems: list) -> PostContext:
        brand = self.repo.brands.get(post.brand)
        campaign = self.repo.campaign(post.brand, post.campaign)
        ctx = PostContext(self.repo.root, post, brand, campaign, {}, self.image, problems)  # type: ignore[arg-type]
        ctx.facts["campaign_slugs"] = self.campaign_slugs
        known = supported()
        ctx.renders = {n: render(post, n, brand, campaign) for n in dict.fromkeys(post.networks) if n in known}
        return ctx


def _image_stamp(root: Path, src: str) -> tuple[int, int] | None:
    return stamp(root / src) if ".." not in src and not os.path.isabs(src) else None


def _facts(post: Post, ctx: PostContext) -> PostFacts:
    budget = (str(post.budget.amount), post.budget.currency) if post.budget else None
    return PostFacts(
        path=post.path, brand=post.brand, campaign=post.campaign, networks=tuple(post.networks),
        when=ctx.when.timestamp() if ctx.when else None, time_pos=post.at("time"), budget=budget,
        budget_pos=post.at("budget"), text_key=text_key(post.body),
        states=tuple((n, publish_state(entry)) for n, entry in post.published.items()),
    )


_WORKER: _Checker | None = None


def _work(path: str) -> tuple[str, Entry]:
    assert _WORKER is not None
    return _WORKER.check(path)


def _check_all(checker: _Checker, paths: list[str], jobs: int) -> Iterable[tuple[str, Entry]]:
    if jobs <= 1 or len(paths) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return map(checker.check, paths)
    global _WORKER
    _WORKER = checker  # inherited by the forked workers, so the repository is loaded once
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(_work, paths, chunksize=max(16, len(paths) // (jobs * 8)))


def lint(root: Path | None = None, paths: Iterable[str] = (), now: datetime | None = None,
         use_cache: bool = True, jobs: int | None = None) -> LintResult:
    """Lint the repository at ``root``; findings only for ``paths`` if given (cross-post rules see all)."""
    root = find_root(root)
    repo = open_repo(root)
    selected = _select(root, paths, repo)
    entries, checked = collect(repo, use_cache, jobs, extra=selected)
    return LintResult(_report(repo, entries, selected, now), len(entries), checked)


def collect(repo: Repo, use_cache: bool = True, jobs: int | None = None,
            extra: Iterable[str] | None = None) -> tuple[dict[str, Entry], int]:
    """Every post's cache entry (facts and per-post findings), checking only what changed.

    Returns the entries by path and how many posts were checked this time. ``extra`` names
    .md files outside posts/ that are checked as posts too.
    """
    root = repo.root
    every = post_paths(root)
    for path in sorted(extra or ()):
        if path.endswith(".md") and path not in every and path not in repo.config_files:
            every[path] = stamp(root / path)  # type: ignore[assignment]
    cache = Cache.open(root, repo.config_files, enabled=use_cache)
    image_stamps: dict[str, object] = {}

    def image_stamp(src: str) -> object:
        if src not in image_stamps:
            image_stamps[src] = _image_stamp(root, src)
        return image_stamps[src]

    entries: dict[str, Entry] = {}
    todo = []
    for path, current in every.items():
        hit = cache.lookup(path, current, image_stamp)
        if hit is None:
            todo.append(path)
        else:
            entries[path] = hit
    for path, entry in _check_all(_Checker(repo), todo, jobs or os.cpu_count() or 1):
        entries[path] = entry
        cache.store(path, entry)
    cache.save(keep=set(every))
    return entries, len(todo)


def _report(repo: Repo, entries: dict[str, Entry], selected: set[str] | None, now: datetime | None) -> list[Finding]:
    """Per-post findings of the selected posts, plus the cross-post findings that touch them."""
    facts = [PostFacts(*e.facts) for e in entries.values() if e.facts is not None]
    found = [Finding(*f) for path, e in entries.items() if selected is None or path in selected for f in e.findings]
    found += [f for f in repo.findings if selected is None or f.path in selected]
    cross_found = cross.check_budgets(repo, facts) + cross.check_duplicates(facts) + cross.check_frequency(repo, facts)
    if now is not None:
        cross_found += cross.check_past(facts, now, repo)
    if selected is not None:
        campaign_files = {c.path for f in facts if f.path in selected for c in [repo.campaign(f.brand, f.campaign)] if c}
        cross_found = [f for f in cross_found if f.path in selected or f.path in campaign_files]
    return sorted(set(found + cross_found))


def _select(root: Path, paths: Iterable[str], repo: Repo) -> set[str] | None:
    """Repository-relative paths named on the command line (files or folders); None means all."""
    chosen: set[str] = set()
    given = list(paths)
    if not given:
        return None
    known = set(post_paths(root)) | set(repo.config_files)
    for raw in given:
        if not os.path.lexists(raw):
            raise UsageError(f"{raw}: no such file or folder")
        try:
            rel_text = Path(os.path.abspath(raw)).relative_to(root).as_posix()
        except ValueError:
            raise UsageError(f"{raw}: outside the repository {root}") from None
        if rel_text in ("", "."):
            return None
        chosen |= {p for p in known if p == rel_text or p.startswith(rel_text + "/")}
        if rel_text.endswith(".md") and os.path.isfile(raw):
            chosen.add(rel_text)  # a named post is linted even outside posts/
    return chosen
