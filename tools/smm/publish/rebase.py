"""Local smm commits put on top of origin entry by entry, where git's line-based rebase conflicts.

A run killed before it pushed leaves smm commits on its clone (results, figures); meanwhile
another run, on a fresh clone, may have written other entries into the same ``published:`` block
(an ``unknown`` for a claim it found open, a result on the line next to ours). Git sees two
changes to neighbouring lines and stops. Those commits change nothing but managed blocks, so
they are re-applied as entries instead: each (post, network) entry the local commits changed is
set on origin's file unless origin changed it too and holds the better answer — a result beats a
claim, and ``published`` (with its id) beats ``unknown`` or ``failed`` (run.py's rule, the other
way round too). The new commit is built in a temporary index and HEAD moves to it in one step,
so a run killed meanwhile leaves the local commits as they were.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from smm.content.managed import MANAGED_KEYS, read_block, replace_block, without_blocks

if TYPE_CHECKING:
    from smm.publish.ledger import Ledger

#: How much an entry says: a later run's weaker answer never replaces a stronger one.
#: A ``retry`` is a result (the claim was answered), weaker than any that needs a person.
RANK = {None: 0, "missed": 1, "claimed": 2, "retry": 3, "unknown": 4, "failed": 5, "published": 6}


def rebase_managed(ledger: Ledger, upstream: str) -> bool:
    """Move HEAD to one commit on ``upstream`` that carries the local smm commits' entries.

    False (nothing changed) when a local commit is not smm's or changes more than managed blocks.
    """
    messages = ledger.git("log", "--format=%B%x1e", f"{upstream}..HEAD").stdout.split("\x1e")[:-1]
    if not messages or not all(m.strip().startswith("smm: ") for m in messages):
        return False
    base = ledger.git("merge-base", "HEAD", upstream).stdout.strip()
    paths = [
        p for p in ledger.git("diff", "--name-only", "-z", base, "HEAD").stdout.split("\0") if p
    ]
    texts = ledger.blobs([f"{rev}:{p}" for p in paths for rev in (base, "HEAD", upstream)])
    merged: dict[str, str] = {}
    for path in paths:
        before, ours, theirs = (texts[f"{rev}:{path}"] for rev in (base, "HEAD", upstream))
        if before is None or ours is None or not path.startswith("posts/"):
            return False
        try:
            if without_blocks(before) != without_blocks(ours):
                return False
            if theirs is not None:  # a post deleted on origin meanwhile takes no entries
                merged[path] = _merge(before, ours, theirs)
        except ValueError:
            return False
    _commit_on(ledger, upstream, merged, messages)
    return True


def _merge(before: str, ours: str, theirs: str) -> str:
    """``theirs`` with the entries ``ours`` changed since ``before``, where ours say more."""
    text = theirs
    for key in MANAGED_KEYS:
        old, new, current = read_block(before, key), read_block(ours, key), read_block(theirs, key)
        result = dict(current)
        for network in sorted(set(old) | set(new)):
            mine, others = new.get(network), current.get(network)
            if mine == old.get(network) or mine == others:
                continue
            if others == old.get(network) or (key == "published" and _rank(mine) > _rank(others)):
                if mine is None:
                    result.pop(network, None)
                else:
                    result[network] = mine
        if result != current:
            text = replace_block(text, key, result)
    return text


def _rank(entry: dict[str, Any] | None) -> int:
    if entry is None:
        return 0
    state = entry.get("state") or (
        "published" if entry.get("id") or entry.get("url") else "claimed"
    )
    return RANK.get(state, 0)


def _commit_on(ledger: Ledger, upstream: str, texts: dict[str, str], messages: list[str]) -> None:
    """One commit on ``upstream`` with ``texts``, then HEAD, index and files moved to it."""
    name = ledger.git("rev-parse", "--git-path", f"smm-rebase-{os.getpid()}.index").stdout.strip()
    index = {"GIT_INDEX_FILE": str(ledger.root / name)}
    try:
        ledger.git("read-tree", upstream, env=index)
        for path, text in texts.items():
            blob = ledger.git("hash-object", "-w", "--stdin", input=text).stdout.strip()
            ledger.git("update-index", "--cacheinfo", f"100644,{blob},{path}", env=index)
        tree = ledger.git("write-tree", env=index).stdout.strip()
    finally:
        if os.path.exists(index["GIT_INDEX_FILE"]):
            os.unlink(index["GIT_INDEX_FILE"])
    lines = [
        line
        for m in reversed(messages)
        for line in m.strip().splitlines()[1:]
        if ": " in line and not line.startswith("Smm-")
    ]
    claims = sum(1 for line in lines if line.startswith("publish: "))
    # claim lines stay under a claim subject: the claim index (claims.py) reads only those
    subject = (
        f"smm: claim {claims} post(s) for publishing, re-applied"
        if claims
        else f"smm: {len(lines)} result(s) re-applied"
    )
    message = f"{subject} on top of {upstream} [skip ci]\n\n" + "\n".join(lines)
    commit = ledger.git("commit-tree", tree, "-p", upstream, "-m", message).stdout.strip()
    ledger.git("reset", "--quiet", "--hard", commit)
