"""Putting a post's story together: each commit that touched it, how it reached the branch (a
pull request, a squash, smm's own commit or a direct push), and what was published when."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from smm.content.managed import MANAGED_KEYS, read_blocks, without_blocks
from smm.content.model import publish_state
from smm.content.repo import find_root
from smm.errors import UsageError
from smm.history import gitlog
from smm.history.gitlog import Chain, LogEntry
from smm.history.model import Approval, Change, History, Publication

_PR_MERGE = re.compile(r"^Merge pull request #(\d+) from (\S+)")
_SQUASH = re.compile(r"\(#(\d+)\)\s*$")
_TRAILER = re.compile(r"^(Reviewed-by|Approved-by)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
Show = Callable[[str, str], str | None]  # (commit, path from the top) -> the file's text, or None


@dataclass
class _Story:
    """The changes read so far, each with where on the chain it arrived."""

    changes: list[tuple[int, int, Change]] = field(default_factory=list)  # (arrival, order, change)
    approvals: dict[str, Approval] = field(default_factory=dict)  # by merge (or squash) commit
    first_publish: int | None = None  # the arrival of the first change that published the post


def history(path: str, root: Path | None = None, branch: str = "main") -> History:
    """The history of the post at ``path`` as it reached ``branch`` (or origin/<branch>)."""
    root = find_root(root)
    prefix = gitlog.git_prefix(root)
    rel = gitlog.relative(path, root)
    ref = gitlog.resolve(root, branch)
    entries = gitlog.post_log(root, ref, rel, prefix + rel)
    if not entries:
        raise not_on_branch(root, path, rel, branch)
    return tell(ref, rel, prefix, branch, entries, Chain.of(root, ref), partial(gitlog.show, root))


def tell(
    ref: str,
    rel: str,
    prefix: str,
    branch: str,
    entries: list[LogEntry],
    chain: Chain,
    show: Show,
) -> History:
    """The story of the post at ``rel`` from its commits on ``ref`` (newest first); ``show``
    reads a file in a commit (one git process each, or batch.py's one for all)."""
    story = _Story()
    for order, entry in enumerate(reversed(entries)):
        _read_commit(story, chain, entry, order, prefix, branch, show)
    story.changes.sort(key=lambda t: (t[0], t[1]))
    changes = [c for _, _, c in story.changes]
    return History(
        rel,
        branch,
        changes,
        list(story.approvals.values()),
        _publications_now(ref, entries[0], changes, show),
        _edits_since_publishing(story),
    )


def not_on_branch(root: Path, path: str, rel: str, branch: str) -> UsageError:
    """Why a post has no commits on ``branch``."""
    if not (root / rel).is_file():
        return UsageError(f"{path}: no such post on {branch}")
    return UsageError(
        f"{rel}: not on {branch} yet (not committed, or its pull request is not merged)"
    )


def _read_commit(
    story: _Story, chain: Chain, entry: LogEntry, order: int, prefix: str, branch: str, show: Show
) -> None:
    """Add one commit to the story: what it changed, what it published, how it arrived."""
    where = chain.arrival(entry.sha)
    head = chain.shas[where]
    before = show(entry.parents[0], entry.old) if entry.parents and entry.old else None
    after = show(entry.sha, entry.new) if entry.status != "D" else None
    newly = [
        n
        for n, e in published_block(after).items()
        if _is_published(e) and not _is_published(published_block(before).get(n))
    ]
    item = Change(
        entry.sha,
        entry.author,
        entry.email,
        entry.date,
        entry.subject,
        _strip(entry.new, prefix),
        _kind(entry.status, before, after),
        "direct",
        arrival=head,
        published=newly,
    )
    _how_it_arrived(story, chain, item, head, len(entry.parents), branch)
    if newly and story.first_publish is None:
        story.first_publish = where
    story.changes.append((where, order, item))


def _how_it_arrived(
    story: _Story, chain: Chain, item: Change, head: str, parents: int, branch: str
) -> None:
    """Set ``item.via`` (and its pull request, or its flag); record the pull request's approval."""
    head_message = chain.message(head)
    merged = _PR_MERGE.match(head_message) if head != item.sha or parents > 1 else None
    squashed = (
        _SQUASH.search(head_message.split("\n", 1)[0])
        if head == item.sha and parents <= 1
        else None
    )
    pull = merged or squashed
    if pull is not None:
        item.via = "pr" if merged else "squash"
        item.pr = int(pull.group(1))
        if head not in story.approvals:
            merged_by, merged_at = chain.committer(head)
            story.approvals[head] = Approval(
                item.pr,
                "merge" if merged else "squash",
                head,
                merged_by,
                merged_at,
                merged.group(2) if merged else None,
                [
                    {"role": _role(m.group(1)), "who": m.group(2)}
                    for m in _TRAILER.finditer(head_message)
                ],
            )
    elif item.subject.startswith("smm:") and head == item.sha and item.change == "managed":
        item.via = "smm"
    else:
        item.flag = _flag(item, head, head_message, branch)


def _publications_now(
    ref: str, newest: LogEntry, changes: list[Change], show: Show
) -> list[Publication]:
    """The post's ``published:`` entries on ``ref``, each with the commit that recorded it."""
    text_now = show(ref, newest.new) if newest.status != "D" else None
    recorded: dict[str, str] = {}
    for item in changes:
        for network in item.published:
            recorded.setdefault(network, item.sha)
    return [
        Publication(
            network,
            publish_state(e),
            _str(e.get("at")),
            _str(e.get("url")),
            _str(e.get("id")),
            recorded.get(network),
            len(_edit_log(e)),
            _str((e.get("retracted") or {}).get("at"))
            if isinstance(e.get("retracted"), dict)
            else None,
            _edit_log(e),
            _str((e.get("retracted") or {}).get("reason"))
            if isinstance(e.get("retracted"), dict)
            else None,
        )
        for network, e in published_block(text_now).items()
    ]


def _edit_log(entry: dict[str, Any]) -> list[dict[str, str]]:
    """Each edit smm sent to the live post: when, why, from which commit, the sent digest."""
    listed = entry.get("edits")
    return [
        {k: str(e[k]) for k in ("at", "reason", "commit", "sent") if e.get(k) is not None}
        for e in (listed if isinstance(listed, list) else [])
        if isinstance(e, dict)
    ]


def _edits_since_publishing(story: _Story) -> list[str]:
    """Changes beyond the managed blocks that arrived after the post was first published."""
    if story.first_publish is None:
        return []
    return [
        c.sha
        for where, _, c in story.changes
        if where > story.first_publish and c.change not in ("managed",)
    ]


def published_block(text: str | None) -> dict[str, dict[str, Any]]:
    """The ``published:`` entries of a version of the post ({} when absent or unreadable)."""
    blocks = managed_blocks(text) if text else None
    return blocks["published"] if blocks else {}


@lru_cache(maxsize=16)
def managed_blocks(text: str) -> dict[str, dict[str, dict[str, Any]]] | None:
    """read_blocks of a version of the post, None when unreadable; kept for the next few asks,
    as the same version is read as a commit's result, the branch's now and the file's now
    (callers only read what it returns). A version without the blocks' names (written out: a
    key is, unless escaped) has none and is not parsed: most versions of most posts."""
    if "\\" not in text and not any(key in text for key in MANAGED_KEYS):
        return {key: {} for key in MANAGED_KEYS}
    try:
        return read_blocks(text)
    except ValueError:
        return None


def _is_published(entry: dict[str, Any] | None) -> bool:
    if not entry:
        return False
    state = entry.get("state")
    return state == "published" or (state is None and bool(entry.get("url") or entry.get("id")))


def _kind(status: str, before: str | None, after: str | None) -> str:
    if status == "D" or after is None:
        return "deleted"
    if before is None:
        return "added"
    if before == after:
        return "renamed"
    if without_blocks(before, require_front_matter=False) == without_blocks(
        after, require_front_matter=False
    ):
        return "managed"
    return "edited"


def _flag(item: Change, head: str, head_message: str, branch: str) -> str:
    if head != item.sha:
        first = head_message.split("\n", 1)[0]
        return (
            f"{item.short} reached {branch} by a merge without a pull request ({head[:7]} '{first}'); "
            f"nobody approved it"
        )
    if item.subject.startswith("smm:"):
        return (
            f"{item.short} is an smm commit pushed to {branch} without a pull request, but it changes the post "
            f"beyond its published:/metrics: blocks"
        )
    what = {
        "added": "adds the post",
        "deleted": "deletes the post",
        "renamed": "renames the post",
        "managed": "changes its published:/metrics: blocks by hand",
    }.get(item.change, "changes the post")
    return (
        f"{item.short} was pushed to {branch} without a pull request and {what}; nobody approved it"
    )


def _role(name: str) -> str:
    return "Reviewed-by" if name.lower().startswith("reviewed") else "Approved-by"


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _strip(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path
