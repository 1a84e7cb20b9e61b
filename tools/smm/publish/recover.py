"""A clone that a killed run left behind: the next run puts it right, or refuses in one line.

A publisher (or metrics run) killed with SIGKILL on a persistent clone leaves, by moment:

* claims written into post files and not committed: nothing was sent for them (sending waits
  for the claim's push), so they are dropped;
* an edit's or a retraction's claim or result written and not committed: dropped (a claim
  never pushed was never acted on; a result's claim is on origin, and the next run checks the
  live post: publish/changes.py);
* results or figures written and not committed, for claims that origin holds: committed now
  ("smm: recover ..."), so a Telegram message id that only the file knew is kept; a thread's
  parts' results likewise, without the next part's claim written beside them (never pushed, so
  that part was never sent);
* ``.<post>.<pid>.tmp`` files of an atomic write whose process is gone: removed;
* git's lock files, or a rebase in progress, from a git killed along with it: removed (only
  when no git process works in this clone), or aborted.

(A claim commit that never reached origin is dropped by ``Ledger.sync``: nothing was sent.)
Anything else is a person's: a change outside the managed blocks, an entry smm did not write,
a result for a claim origin does not hold. Then the run refuses with one line, as before.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm.content import yamlpos
from smm.content.loader import split_front_matter
from smm.content.managed import read_block, replace_block, without_blocks, write_post
from smm.errors import GitError
from smm.publish.claims import ClaimIndex
from smm.publish.due import marker

if TYPE_CHECKING:
    from smm.publish.ledger import Ledger

RESULTS = ("published", "failed", "unknown", "retry")
# parts: a thread's first part's claim; attempts: the refusals of earlier runs (a retry's claim)
CLAIM_KEYS = {"state", "at", "run", "marker", "parts", "attempts"}
MISSED_KEYS = {"state", "at", "error"}
#: What an edit or a retraction writes into a published entry (publish/changes.py).
CHANGE_KEYS = {
    "editing",
    "edits",
    "edit_failed",
    "sent",
    "source",
    "retracting",
    "retracted",
    "retract_failed",
}
_TMP = re.compile(
    r"^\..+\.md\.(\d+)\.tmp$"
)  # what content/managed.py's write_post names its temp file
#: Without /proc to ask, a git lock file this old is taken to be a killed git's.
LOCK_AGE = 600.0


def clear_interrupted_git(ledger: Ledger) -> bool:
    """Abort a rebase and remove lock files that a git killed mid-way left; True when a rebase
    was aborted (files in the working tree changed)."""
    own, shared = ledger.git("rev-parse", "--absolute-git-dir", "--git-common-dir").stdout.split(
        "\n"
    )[:2]
    git_dir, common = Path(own), (ledger.root / shared).resolve()  # the common dir may be relative
    locks = [p for d in {git_dir, common} for p in d.glob("*.lock")] + list(
        (common / "refs").rglob("*.lock")
    )
    if locks and not _git_running_in(ledger.root, locks):
        for lock in locks:
            lock.unlink(missing_ok=True)
    rebasing = (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()
    if rebasing and ledger.git("rebase", "--abort", check=False).returncode != 0:
        raise GitError(
            "a rebase left by an earlier run cannot be aborted; run `git rebase --abort` by hand"
        )
    return rebasing


def _git_running_in(root: Path, locks: list[Path]) -> bool:
    """Whether a live git process works in this clone (then its locks are its own)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return any(time.time() - lock.stat().st_mtime < LOCK_AGE for lock in locks if lock.exists())
    here = str(root.resolve())
    for pid in (p for p in proc.iterdir() if p.name.isdigit() and int(p.name) != os.getpid()):
        try:
            if (pid / "comm").read_text().strip() != "git":
                continue
            cwd = os.readlink(pid / "cwd")
        except OSError:
            continue  # gone meanwhile, or not ours to look at
        if cwd == here or cwd.startswith(here + os.sep):
            return True
    return False


def remove_stale_temp_files(ledger: Ledger, untracked: list[str]) -> None:
    """Delete ``.<name>.<pid>.tmp`` files (content/managed.py) whose writer is no longer running."""
    for path in untracked:
        match = _TMP.match(Path(path).name)
        if match and path.startswith("posts/") and not _alive(int(match[1])):
            (ledger.root / path).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Leftover:
    """What a killed run left uncommitted in one post: results to keep, claims to drop."""

    path: str
    text: str  # the file as it should be committed
    kept: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (network, result entry)
    figures: list[str] = field(default_factory=list)  # networks whose metrics: entry is kept
    vouch: list[tuple[str, dict[str, Any]]] = field(
        default_factory=list
    )  # (network, claim) origin must hold


def recover(ledger: Ledger, changed: list[tuple[str, str]]) -> None:
    """Commit what smm wrote for claims that origin holds; drop uncommitted claims; else refuse."""
    for status, path in changed:
        if (
            set(status.strip()) != {"M"}
            or not path.startswith("posts/")
            or not path.endswith(".md")
        ):
            raise _refusal(path)
    origin = ledger.verified_ref()
    paths = [path for _, path in changed]
    texts = ledger.blobs([f"{rev}:{p}" for p in paths for rev in ("HEAD", origin)])
    leftovers = [
        _leftover(ledger.root, p, texts[f"HEAD:{p}"], texts[f"{origin}:{p}"]) for p in paths
    ]
    _vouch(ledger, origin, leftovers)
    kept = [left for left in leftovers if left.kept or left.figures]
    for left in kept:
        write_post(ledger.root / left.path, left.text)
    dropped = [left.path for left in leftovers if not (left.kept or left.figures)]
    if dropped:  # only uncommitted claims in these: back to the committed file, byte for byte
        ledger.git("checkout", "--quiet", "HEAD", "--", *dropped)
    if not kept:
        return
    lines = [
        f"{entry['state']}: {left.path} -> {network}"
        + (f" {entry['url']}" if entry.get("url") else "")
        for left in kept
        for network, entry in left.kept
    ]
    lines += [f"metrics: {left.path} -> {network}" for left in kept for network in left.figures]
    message = (
        f"smm: recover {len(lines)} result(s) a killed run left uncommitted [skip ci]\n\n"
        + "\n".join(lines)
    )
    ledger.commit([left.path for left in kept], message)


def _refusal(path: str, block: str = "") -> GitError:
    if not block:
        return GitError(
            f"the working tree has uncommitted changes ({path}); commit or discard them first"
        )
    return GitError(
        f"{path}: an uncommitted change to {block} that smm cannot vouch for; commit or discard it first"
    )


def _leftover(root: Path, path: str, head_text: str | None, origin_text: str | None) -> Leftover:
    """Sort one changed post's managed entries into kept, dropped and refused (GitError)."""
    try:
        text = (root / path).read_text(encoding="utf-8")
        if head_text is None or without_blocks(text) != without_blocks(head_text):
            raise _refusal(path)
        head, now = read_block(head_text, "published"), read_block(text, "published")
        head_figures, figures = read_block(head_text, "metrics"), read_block(text, "metrics")
        time_text = _time_text(head_text)
    except (OSError, ValueError, yamlpos.YamlProblem):
        raise _refusal(path) from None
    left = Leftover(path, text)
    resolved = dict(now)
    for network in sorted(set(head) | set(now)):
        before, after = head.get(network), now.get(network)
        if before == after:
            continue
        if (
            before is None
            and after is not None
            and _uncommitted_claim(after, marker(path, network, time_text))
        ):
            del resolved[network]  # its claim never reached a commit, so nothing was sent for it
        elif before is not None and after is not None and _change_only(before, after):
            # an edit's or retraction's claim (never pushed, nothing sent) or its result (the
            # claim is on origin, so the next run finds it and checks the live post): dropped
            resolved[network] = before
        elif before is not None and after is not None and _result_of(before, after):
            left.kept.append((network, after))
            left.vouch.append((network, before))
        elif (
            before is not None
            and after is not None
            and (progress := _thread_progress(before, after))
        ):
            resolved[network] = progress  # the parts' results kept, the unsent part's claim not
            if progress != before:
                left.kept.append((network, progress))
                left.vouch.append((network, before))
        else:
            raise _refusal(path, f"published.{network}")
    recorded = read_block(origin_text or "", "published") if figures != head_figures else {}
    for network in sorted(set(head_figures) | set(figures)):
        if head_figures.get(network) == figures.get(network):
            continue
        live = recorded.get(network) or {}
        if (
            "at" not in (figures.get(network) or {})
            or live.get("state", "published") != "published"
            or not live.get("id")
            or live.get("id") != (head.get(network) or {}).get("id")
        ):
            raise _refusal(
                path, f"metrics.{network}"
            )  # figures only for a post origin has as published
        left.figures.append(network)
    if resolved != now:
        left.text = replace_block(text, "published", resolved)
    return left


def _vouch(ledger: Ledger, origin: str, leftovers: list[Leftover]) -> None:
    """Each kept result's claim is in a claim commit of origin's history, marker and run alike."""
    wanted = [(left, network, claim) for left in leftovers for network, claim in left.vouch]
    if not wanted:
        return
    index = ClaimIndex.load(ledger, origin)
    found = {(left.path, network): index.get(left.path, network) for left, network, _ in wanted}
    then = ledger.blobs({f"{c.commit}:{c.path}" for c in found.values() if c is not None})
    for left, network, claim in wanted:
        on_origin = found[(left.path, network)]
        try:
            committed = (
                read_block(then.get(f"{on_origin.commit}:{on_origin.path}") or "", "published")
                if on_origin
                else {}
            )
        except ValueError:
            committed = {}
        entry = committed.get(network) or {}
        if entry.get("marker") != claim.get("marker") or entry.get("run") != claim.get("run"):
            raise _refusal(left.path, f"published.{network}")


def _time_text(text: str) -> str | None:
    """The post's ``time:`` as the loader keeps it, for the claim's marker."""
    parts = split_front_matter(text)
    data = yamlpos.load(parts[0]).data if parts else None
    value = data.get("time") if isinstance(data, dict) else None
    return str(value) if isinstance(value, (str, int)) else None


def _uncommitted_claim(entry: dict[str, Any], expected_marker: str) -> bool:
    """A claim (or missed mark) exactly as run.py writes it, for this post, network and time."""
    if entry.get("state") == "claimed":
        return set(entry) <= CLAIM_KEYS and entry.get("marker") == expected_marker
    return entry.get("state") == "missed" and set(entry) <= MISSED_KEYS


def _thread_progress(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any] | None:
    """What to keep of a thread's uncommitted progress (publish/thread.py): ``after`` with the
    results it adds to ``before``'s claimed parts, without the claim of a next part (written with
    them, never pushed, so never sent). None when ``after`` is not such progress of ``before``."""
    if before.get("state") != "claimed" or after.get("state") != "claimed":
        return None
    if {k: v for k, v in before.items() if k not in ("parts", "comment")} != {
        k: v for k, v in after.items() if k not in ("parts", "comment")
    }:
        return None
    kept = {k: v for k, v in after.items() if k != "comment"}
    if "comment" in before:  # the first comment's claim was pushed: it must be the same one
        if after.get("comment") != before["comment"]:
            return None
        kept["comment"] = before["comment"]
    elif "comment" in after and not (
        isinstance(after["comment"], dict) and after["comment"].get("state") == "claimed"
    ):
        return None  # else: a first comment's claim written, never pushed, so never sent: dropped
    old, new = before.get("parts"), after.get("parts")
    if old is None and isinstance(new, list):
        # a claim that listed no parts (a single post with a first comment): the results written
        # with the next claim are results of that claim
        found = [isinstance(p, dict) and p.get("state") == "published" for p in new]
        old = [{"state": "claimed"}] * (found.index(False) if False in found else len(found))
    if not isinstance(old, list) or not isinstance(new, list) or len(new) < len(old):
        return None
    for was, now in zip(old, new, strict=False):
        if (
            not isinstance(now, dict)
            or not isinstance(was, dict)
            or (now != was and (was.get("state"), now.get("state")) != ("claimed", "published"))
        ):
            return None
    if any(not isinstance(p, dict) or p.get("state") != "claimed" for p in new[len(old) :]):
        return None
    return {**kept, "parts": new[: len(old)]}


def _change_only(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """``after`` differs from ``before`` only in what an edit or a retraction writes
    (publish/changes.py), on an entry that was published."""
    if before.get("state") != "published":
        return False
    return {k: v for k, v in before.items() if k not in CHANGE_KEYS} == {
        k: v for k, v in after.items() if k not in CHANGE_KEYS
    }


def _result_of(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """``after`` is a result for the claim ``before`` (same marker where the result keeps one)."""
    if (
        not before
        or not after
        or before.get("state") != "claimed"
        or after.get("state") not in RESULTS
    ):
        return False
    return after.get("marker") in (None, before.get("marker"))
