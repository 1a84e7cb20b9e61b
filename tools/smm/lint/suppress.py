"""Tuning findings after the checks: the repository's selection, and a post's own ignores.

A post may set aside a rule for itself, with a reason::

    lint:
      ignore: [telegram/length]
      reason: "the client wants the long version; Telegram cuts it after 4096"

Nothing is silent: each finding a post ignores is still shown, as a ``note`` that gives the
reason (``posts/x.md:3:1: note telegram/length ignored: the client wants ...``), a note never
fails lint nor blocks publishing, and an entry that matches nothing is a ``lint/unused-ignore``
warning (stale, like ruff's RUF100). An entry that names no rule, or only fixed rules
(lint/registry.py), is a ``lint/ignore`` error and ignores nothing; without a reason the schema
reports it (``schema/required``) and the block ignores nothing.

The checks' findings are cached as they are; all of this applies after the cache (to every
consumer of lint/engine.py's ``collect``: lint, publish, review), so changing a setting never
needs the cache rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from smm.content.model import Post
from smm.findings import Finding
from smm.lint.facts import PostFacts
from smm.lint.registry import matches, matching, registry
from smm.lint.settings import Selection, pattern_problem

if TYPE_CHECKING:
    from smm.lint.context import PostContext  # renders and images: loaded only to check posts

Ignores = tuple[tuple[str, int, int], ...]  # (rule id or prefix, line, col) of each entry


def _entries(post: Post) -> list[tuple[int, str]]:
    """(index, text) of each text entry of the post's ``lint.ignore``."""
    block: Any = post.meta.data.get("lint")
    ignore = block.get("ignore") if isinstance(block, dict) else None
    if not isinstance(ignore, list):
        return []
    return [(i, entry) for i, entry in enumerate(ignore) if isinstance(entry, str)]


def check_lint_settings(ctx: PostContext) -> None:
    """Each ``lint.ignore`` entry names a rule that may be ignored."""
    for index, pattern in _entries(ctx.post):
        problem = pattern_problem(pattern, ignoring=True)
        if problem:
            ctx.add(("lint", "ignore", index), "lint/ignore", f"lint.ignore: {problem}")


def post_ignores(post: Post) -> tuple[Ignores, str | None]:
    """The entries of the post's ``lint.ignore`` that apply, and its reason (none without one)."""
    block: Any = post.meta.data.get("lint")
    reason = block.get("reason") if isinstance(block, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        return (), None
    usable = tuple(
        (pattern, *post.at("lint", "ignore", index))
        for index, pattern in _entries(post)
        if pattern_problem(pattern, ignoring=True) is None
    )
    return usable, (" ".join(reason.split()) if usable else None)


def tune(
    findings: Iterable[Finding], selection: Selection, facts: Mapping[str, PostFacts]
) -> list[Finding]:
    """``findings`` without the rules the selection leaves out, and those a post ignores made
    notes; ``facts`` holds the posts that ignore something, by path."""
    if selection.everything and not facts:
        return list(findings)  # nothing to tune: the registry (every rules file) is not read
    rules = registry()
    out = []
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None or rule.fixed:
            out.append(finding)
            continue
        if not selection.enabled(rule):
            continue
        post = facts.get(finding.path)
        if post is not None and any(matches(p, finding.rule) for p, _, _ in post.ignores):
            message = f"ignored: {post.ignore_reason} ({finding.level}: {finding.message})"
            finding = replace(finding, level="note", message=message)
        out.append(finding)
    return out


def stale(
    findings: Iterable[Finding], selection: Selection, facts: Mapping[str, PostFacts]
) -> list[Finding]:
    """A ``lint/unused-ignore`` warning for each ignore entry that matched no finding of its post
    (an entry whose rules the selection leaves out cannot match, and is not reported)."""
    noted: dict[str, set[str]] = {}
    for f in findings:
        if f.level == "note":
            noted.setdefault(f.path, set()).add(f.rule)
    out = []
    for path, post in facts.items():
        for pattern, line, col in post.ignores:
            if not any(selection.enabled(r) for r in matching(pattern) if not r.fixed):
                continue
            if not any(matches(pattern, rule) for rule in noted.get(path, ())):
                out.append(
                    Finding(
                        path,
                        line,
                        col,
                        "warning",
                        "lint/unused-ignore",
                        f"lint.ignore: {pattern} reports nothing in this post; remove it",
                    )
                )
    return tune(out, selection, facts)


def ignoring(facts: Iterable[PostFacts]) -> dict[str, PostFacts]:
    """The posts that ignore something, by path."""
    return {f.path: f for f in facts if f.ignores}
