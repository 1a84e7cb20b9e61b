"""The lint engine: load, check each post (cached, in parallel when cold), then cross-post rules,
then the selection of rules and each post's own ignores (lint/settings.py, lint/suppress.py),
which apply after the cache."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from smm.codeowners import CODEOWNERS
from smm.codeowners import check_stale as check_codeowners
from smm.content.repo import Repo, find_root, open_repo, post_paths
from smm.ending import keep
from smm.errors import UsageError
from smm.findings import Finding
from smm.lint import answer
from smm.lint.cache import Cache, Entry, stamp, wait_for_writes
from smm.lint.cachefile import no_gc
from smm.lint.changed import affected, changed_files
from smm.lint.facts import PostFacts
from smm.lint.gitblobs import clean_blobs
from smm.lint.registry import checks
from smm.lint.result import LintResult
from smm.lint.settings import Selection, load_selection
from smm.lint.suppress import ignoring, stale, tune
from smm.sharedwork import chunked, forks_pay, shared

if TYPE_CHECKING:
    from smm.lint.checker import Checked, Checker
    from smm.lint.preinspect import Preinspection
    from smm.plan.details import Made

#: Below this many posts to check, forking workers costs more than it saves.
PARALLEL_MIN = 400
#: From this many cached posts with new stamps, asking git's index (two calls) beats reading them.
GIT_AFTER = 256


T = TypeVar("T")
P = ParamSpec("P")


def _check_all(checker: Checker, paths: list[str], jobs: int) -> Iterable[Checked]:
    """Each path's entry, checked fully, with what was found inspecting images not known before."""
    return _map(checker, checker.check_chunk, paths, jobs, warm_up=True)


def _facts_all(checker: Checker, paths: list[str], jobs: int) -> Iterable[tuple[str, Entry]]:
    """Each path's entry with just what cross-post rules read."""
    return _map(checker, lambda chunk: [checker.facts(p) for p in chunk], paths, jobs, False)


def _map(
    checker: Checker,
    work: Callable[[list[str]], list[T]],
    paths: list[str],
    jobs: int,
    warm_up: bool,
) -> Iterable[T]:
    """``work`` over ``paths``, chunk by chunk, in this process alone or with forked ones when
    they pay (smm/sharedwork.py; ``warm_up``: after loading here what every check loads for its
    first post, so that the forks share it)."""
    if not forks_pay(len(paths), jobs, PARALLEL_MIN):
        return work(paths)
    if warm_up:
        checker.before_fork()
    chunks = chunked(paths, jobs, 16, per_process=32)  # posts differ: many small chunks
    return shared(chunks, work, jobs, "checking posts")


def lint(
    root: Path | None = None,
    paths: Iterable[str] = (),
    now: datetime | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    changed_from: str | None = None,
    snap: answer.Snapshot | None = None,
    ahead: Preinspection | None = None,
) -> LintResult:
    """Lint the repository at ``root``; findings only for ``paths`` if given, or for what changed
    since git revision ``changed_from`` (lint/changed.py). Only those posts are checked in full;
    of the others, cross-post rules read what they need (from the cache, else from the files).
    ``select`` replaces the repository's selection of rules, ``ignore`` adds to it. ``snap``: the
    inputs of a full run as the caller found them before reading any (lint/answer.py); ``ahead``:
    images being inspected meanwhile (lint/preinspect.py)."""
    root = find_root(root)
    selection = load_selection(root, select, ignore)  # a usage error before any work
    if changed_from is not None and paths:
        raise UsageError("give either PATHS or --changed-from, not both")
    if changed_from is not None:
        every = post_paths(root)
        chosen = affected(changed_files(root, changed_from), every)
        if chosen is not None and not chosen:
            return LintResult([], len(every), 0)  # nothing lint reads changed: nothing to say
        repo = open_repo(root)
        known = set(every) | set(repo.config_files) | {CODEOWNERS}
        selected = None if chosen is None else chosen & known
    else:
        repo = open_repo(root)
        selected = _select(root, paths, repo)
    if selected is not None or not use_cache or os.environ.get("SMM_CACHE", "1") == "0":
        snap = None
    elif snap is None:
        snap = answer.snapshot(root, _args(select), _args(ignore), now is not None)
    found = collect(
        repo,
        use_cache,
        jobs,
        extra=selected,
        cross_post=True,
        selection=selection,
        full=selected,
        walked=snap.posts if snap else None,
        behind=True,
        ahead=ahead,
    )
    posts = len(found.entries) + found.skipped
    result = LintResult(_report(repo, found, selected, now), posts, found.checked)
    if snap is not None:  # a full run: its answer holds until one of its inputs changes
        snap = answer.stamped(snap, {path: e.stamp for path, e in found.entries.items()})
        sources = sorted({src for e in found.entries.values() for src, _ in e.images})
        from smm.lint import cross

        span = None if now is None else cross.clock_span(repo, found.facts, now)
        answer.keep(root, snap, answer.image_stamps(root, sources), span, result)
    wait_for_writes()  # the cache file a fork may be writing (collect's ``behind``)
    keep(found, repo, snap)  # freed by the program's end, not one by one here (smm/ending.py)
    return result


def _args(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """--select or --ignore as lint/__init__.py hands them on, so both digests agree."""
    return None if values is None else tuple(values)


def _thawing(func: Callable[P, T]) -> Callable[P, T]:
    """``func``, after which what it froze out of the collector's passes (``gc.freeze``: the
    cache's and the checks' objects, which live as long as the run) goes back to it, so that a
    process that lints again and again (tests, ``smm site``) leaks no cycle frozen with them."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        finally:
            gc.unfreeze()

    return run


@dataclass
class Collected:
    entries: dict[str, Entry]  # each post's facts and per-post findings, by path (see skipped)
    checked: int  # posts checked this run; the rest came from the cache
    cross: list[
        Finding
    ]  # budgets, duplicates, frequency (time/past depends on the clock: not here)
    selection: Selection  # the rules reported (the repository's settings unless a caller's)
    ignores: dict[str, PostFacts]  # the posts that ignore rules for themselves, by path
    skipped: int = 0  # posts not read: no rule reported on compares them (``full``)
    facts: list[PostFacts] = field(default_factory=list)  # of every entry, in order
    details: Made = field(default_factory=dict)  # the plan's details of posts checked (``details``)


@_thawing
def collect(
    repo: Repo,
    use_cache: bool = True,
    jobs: int | None = None,
    extra: Iterable[str] | None = None,
    cross_post: bool = False,
    brand: str | None = None,
    selection: Selection | None = None,
    full: set[str] | None = None,
    walked: dict[str, tuple[int, int] | None] | None = None,
    clean: bool = False,
    opened: Cache | None = None,
    behind: bool = False,
    ahead: Preinspection | None = None,
    details: bool = False,
) -> Collected:
    """Every post's cache entry, checking only what changed, and (``cross_post``) the cross-post
    findings, cached by brand until a post of the brand changes. ``extra`` names .md files outside
    posts/ that are checked as posts as well. ``brand`` limits it to posts/<brand>/: a brand's
    run never opens another brand's posts. The entries' findings are tuned (``selection``,
    default the repository's settings, and each post's ignores), the cache keeps them as checked.
    ``full`` names the posts to check in full when the cache misses them; of the others, only
    the facts cross-post rules read are loaded (not cached, their findings never looked for).
    ``walked``: the stamps of posts/ when the caller has just walked it. ``clean``: the caller
    has just seen ``git status`` report no change to a tracked file (publish checks it before it
    selects), so git's index vouches for every tracked post: no stat call per post, no
    ``git diff-files`` (lint/gitblobs.py). ``opened``: the cache, opened by the caller, whose
    key still holds. ``behind``: a whole cache file may still be being written by a fork when
    this returns (lint/cachebehind.py); the caller waits with ``wait_for_writes``. ``ahead``:
    images being inspected meanwhile (lint/preinspect.py), taken (and stopped) once the cache is
    open. ``details``: the plan's details of each post checked in full come with the entries
    (``Collected.details``), for a caller that makes the plan next.
    """
    root = repo.root
    if selection is None:
        selection = load_selection(root)
    blobs = clean_blobs(root, clean=True) if clean else None
    if blobs is not None:  # the index vouches for these: a stamp only for the others
        every = post_paths(root, brand, stamps=False)
        for path in [path for path in every if path not in blobs]:
            every[path] = stamp(root / path)
    else:
        every = dict(walked) if walked is not None else post_paths(root, brand)
    for path in sorted(extra or ()):
        if path.endswith(".md") and path not in every and path not in repo.config_files:
            every[path] = stamp(root / path)
    # ~100,000 containers that live as long as the run and hold no cycles: kept out of the
    # collector's later passes, which would walk them all each time (10-20 ms a run); given back
    # when collect returns (_thawing)
    with no_gc(freeze=True):
        cache = opened or Cache.open(root, repo.config_files, enabled=use_cache)
    # a fresh checkout: every stamp new, git's index knows the bytes (lint/gitblobs.py)
    if blobs is None:
        blobs = clean_blobs(root) if cache.stale(every) >= GIT_AFTER else {}
    inspected_ahead = ahead.take() if ahead else {}
    entries: dict[str, Entry] = {}
    plan_details: Made = {}
    todo = []
    for path, current in every.items():
        hit = cache.lookup(path, current, blobs.get(path))
        if hit is None:
            todo.append(path)
        else:
            entries[path] = hit
    light = [path for path in todo if full is not None and path not in full]
    if full is not None:
        # every cross-post rule compares the posts of one brand (budgets, duplicates, frequency,
        # monthly caps): the posts of a brand nothing is reported on need not be read at all
        wanted = {_brand_of(path) for path in full}
        light = [path for path in light if _brand_of(path) in wanted]
        todo = [path for path in todo if path in full or path in light]
    if todo:
        from smm.lint.checker import Checker  # Markdown, Pillow & co. load only when a post changed

        cache.keep_infos({s: r for s, r in inspected_ahead.items() if s not in cache.infos})
        checker, cpus = Checker(repo, cache.infos, every, details), jobs or os.cpu_count() or 1
        for path, entry, inspected, made in _check_all(
            checker, [p for p in todo if p not in light], cpus
        ):
            entries[path] = entry
            cache.store(path, entry)
            cache.keep_infos(inspected)
            if made is not None:
                plan_details[path] = (entry.digest, made)
        entries.update(_facts_all(checker, light, cpus))
        checker.reader.close()
        # the entries of every post (a cold run's came back from the workers) live as long as the
        # run: kept out of the collector's passes while the cross-post rules and the cache's
        # encoder allocate (30-40 ms of a cold run's serial end)
        gc.freeze()
    cache.forget(keep=set(every))
    skipped = len(every) - len(entries)
    cross_found: list[Finding] = []
    facts = [f for e in entries.values() if (f := e.post_facts) is not None]
    if behind:
        cache.write_behind()
    if cross_post:
        cross_found = _cross_post(repo, cache, facts, kept=not light and not skipped)
    cache.save()
    ignores = ignoring(f for f in facts if f.ignores)
    if ignores or not selection.everything:
        entries = {path: _tuned(e, selection, ignores) for path, e in entries.items()}
        cross_found = tune(cross_found, selection, ignores)
    keep(cache, every, todo)
    return Collected(
        entries,
        len(todo) - len(light),
        cross_found,
        selection,
        ignores,
        skipped,
        facts,
        plan_details,
    )


def _cross_post(repo: Repo, cache: Cache, facts: list[PostFacts], kept: bool) -> list[Finding]:
    """The cross-post findings over ``facts``. Every cross-post rule compares the posts of one
    brand, so a brand none of whose posts changed keeps the findings the cache has for it; the
    others' are worked out over their posts alone and (``kept``: ``facts`` are all the cache's
    entries) kept for the next run."""
    by_brand: dict[str, list[PostFacts]] = {}
    for f in facts:
        by_brand.setdefault(f.brand, []).append(f)
    known = cache.cross if kept else {}
    found = {brand: known[brand] for brand in by_brand if brand in known}
    if len(found) < len(by_brand):
        from smm.lint import cross  # the rules that compare posts: not for publish's selection

        worked = {
            brand: tuple(
                f.astuple()
                for name in checks("cross")
                for f in cross.CROSS[name](repo, by_brand[brand])
            )
            for brand in by_brand
            if brand not in found
        }
        if kept:
            cache.keep_cross(worked)
        found.update(worked)
    return [Finding.of(row) for rows in found.values() for row in rows]


def _brand_of(path: str) -> str:
    """The brand of posts/<brand>/…, brands/<brand>.yaml and campaigns/<brand>/… ('' for others)."""
    parts = path.split("/")
    if parts[0] in ("posts", "campaigns") and len(parts) > 2:
        return parts[1]
    return parts[1].removesuffix(".yaml") if parts[0] == "brands" and len(parts) == 2 else ""


def _tuned(entry: Entry, selection: Selection, ignores: dict[str, PostFacts]) -> Entry:
    if not entry.findings:
        return entry
    found = tune((Finding.of(f) for f in entry.findings), selection, ignores)
    return entry._replace(findings=tuple(f.astuple() for f in found))


def findings_of(repo: Repo, collected: Collected, now: datetime | None) -> list[Finding]:
    """What a full ``smm lint`` reports from what ``collect(..., cross_post=True)`` gathered, for
    a caller that needs the collected posts too (smm site): one collection instead of two."""
    return _report(repo, collected, None, now)


def _report(
    repo: Repo,
    collected: Collected,
    selected: set[str] | None,
    now: datetime | None,
) -> list[Finding]:
    """Per-post findings of the selected posts, plus the cross-post findings that touch them, plus
    a warning for each of their ignore entries that matched nothing."""
    entries, ignores, selection = collected.entries, collected.ignores, collected.selection
    facts = collected.facts
    found = [
        Finding.of(f)
        for path, e in entries.items()
        if selected is None or path in selected
        for f in e.findings
    ]
    others = [f for f in repo.findings if selected is None or f.path in selected]
    if selected is None or CODEOWNERS in selected or any(p.startswith("brands/") for p in selected):
        others += check_codeowners(
            repo
        )  # not cached: it reads .github/CODEOWNERS, which no cache key covers
    found += tune(others, selection, ignores)
    cross_found = list(collected.cross)
    if now is not None:
        from smm.lint import cross

        clock = [f for name in checks("clock") for f in cross.CLOCK[name](repo, facts, now)]
        cross_found += tune(clock, selection, ignores)
    if selected is not None:
        campaign_files = {
            c.path
            for f in facts
            if f.path in selected
            for c in [repo.campaign(f.brand, f.campaign)]
            if c
        }
        cross_found = [f for f in cross_found if f.path in selected or f.path in campaign_files]
        ignores = {path: f for path, f in ignores.items() if path in selected}
    found += cross_found
    return sorted(set(found + stale(found, selection, ignores)), key=Finding.astuple)


def _select(root: Path, paths: Iterable[str], repo: Repo) -> set[str] | None:
    """Repository-relative paths named on the command line (files or folders); None means all."""
    chosen: set[str] = set()
    given = list(paths)
    if not given:
        return None
    known = set(post_paths(root)) | set(repo.config_files) | {CODEOWNERS}
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
