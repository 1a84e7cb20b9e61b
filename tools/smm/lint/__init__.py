"""Stage 2 of the pipeline: every rule of every target network, per post and across posts.

``lint`` first asks for the answer of the last full run (lint/answer.py), which holds while
nothing it read has changed; only when it does not is the engine (lint/engine.py) loaded."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from smm.lint.result import LintResult

__all__ = ["LintResult", "lint"]


def __getattr__(name: str) -> Any:
    # imported on first use: the program's start imports this package (lint/prewalk.py) before
    # anything else, and a fork it starts should not wait for the findings' modules
    if name == "LintResult":
        from smm.lint.result import LintResult

        return LintResult
    raise AttributeError(f"module 'smm.lint' has no attribute {name!r}")


def lint(
    root: Path | None = None,
    paths: Iterable[str] = (),
    now: datetime | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    changed_from: str | None = None,
) -> LintResult:
    """Lint the repository at ``root`` (lint/engine.py says how); a full run whose inputs are
    unchanged since the last one returns that run's findings."""
    from smm.content.paths import find_root

    root = find_root(root)
    paths, ignore = tuple(paths), tuple(ignore)
    select = None if select is None else tuple(select)
    caching = use_cache and os.environ.get("SMM_CACHE", "1") != "0"
    ahead, every_post = None, False
    if not paths and changed_from is None:
        from smm.lint.cachefile import cold

        every_post = not caching or cold(root)
        if every_post and (jobs or os.cpu_count() or 1) > 1:  # images inspected meanwhile
            from smm.lint.preinspect import Preinspection

            ahead = Preinspection.start(root)
    try:
        if caching and not paths and changed_from is None:
            from smm.lint.answer import replay, snapshot
            from smm.lint.prewalk import Prewalk

            # before anything is read; with no cache, each post is stamped as it is opened
            # (unless the program's start walked posts/ meanwhile: lint/prewalk.py)
            snap = snapshot(
                root, select, ignore, now is not None, stamps=not every_post, earlier=Prewalk.take()
            )
            replayed = replay(root, snap, now)
            if replayed is not None:
                return replayed
        else:
            snap = None
        from smm.lint.engine import lint as full

        return full(root, paths, now, use_cache, jobs, select, ignore, changed_from, snap, ahead)
    finally:
        if ahead is not None:
            ahead.take()  # stopped, if the run did not take it (an answer, an error)
