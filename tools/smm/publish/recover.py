"""A clone that a killed run left behind: the next run puts it right, or refuses in one line.

A publisher (or metrics run) killed with SIGKILL on a persistent clone leaves, by moment:

* claims written into post files and not committed: nothing was sent for them (sending waits
  for the claim's push), so they are dropped;
* results or figures written and not committed, for claims that origin holds: committed now
  ("smm: recover ..."), so a Telegram message id that only the file knew is kept;
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

from smm.content.managed import read_block, replace_block, without_blocks, write_post
from smm.errors import GitError
from smm.publish.claims import ClaimIndex
from smm.publish.plan import marker

if TYPE_CHECKING:
    from smm.publish.ledger import Ledger

RESULTS = ("published", "failed", "unknown")
CLAIM_KEYS = {"state", "at", "run", "marker"}
MISSED_KEYS = {"state", "at", "error"}
_TMP = re.compile(r"^\..+\.(\d+)\.tmp$")
#: Without /proc to ask, a git lock file this old is taken to be a killed git's.
LOCK_AGE = 600.0


def clear_interrupted_git(ledger: "Ledger") -> None:
    """Abort a rebase and remove lock files that a git killed mid-way left."""
    git_dir = Path(ledger.git("rev-parse", "--absolute-git-dir").stdout.strip())
    common = Path(ledger.git("rev-parse", "--git-common-dir").stdout.strip())
    common = common if common.is_absolute() else (ledger.root / common).resolve()
    locks = [p for d in {git_dir, common} for p in d.glob("*.lock")] + list((common / "refs").rglob("*.lock"))
    if locks and not _git_running_in(ledger.root, locks):
        for lock in locks:
            lock.unlink(missing_ok=True)
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists():
        if ledger.git("rebase", "--abort", check=False).returncode != 0:
            raise GitError("a rebase left by an earlier run cannot be aborted; run `git rebase --abort` by hand")


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


def remove_stale_temp_files(ledger: "Ledger", untracked: list[str]) -> None:
    """Delete ``.<name>.<pid>.tmp`` files (content/managed.py) whose writer is no longer running."""
    for path in untracked:
        match = _TMP.match(Path(path).name)
        if match and not _alive(int(match[1])):
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
    """What a killed run left uncommitted in one post: kept results, dropped claims."""

    path: str
    text: str  # the file as it should be committed
    kept: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (network, result entry)
    figures: list[str] = field(default_factory=list)  # networks whose metrics: entry is kept


def recover(ledger: "Ledger", changed: list[tuple[str, str]]) -> None:
    """Commit what smm wrote for claims that origin holds; drop uncommitted claims; else refuse."""
    origin = ledger.verified_ref()
    claims = ClaimIndex.load(ledger, origin)
    leftovers = [_leftover(ledger, status, path, origin, claims) for status, path in changed]
    kept = [left for left in leftovers if left.kept or left.figures]
    for left in kept:
        write_post(ledger.root / left.path, left.text)
    dropped = [left.path for left in leftovers if not (left.kept or left.figures)]
    if dropped:  # only uncommitted claims in these: back to the committed file, byte for byte
        ledger.git("checkout", "--quiet", "HEAD", "--", *dropped)
    if not kept:
        return
    lines = [f"{entry['state']}: {left.path} -> {network}" + (f" {entry['url']}" if entry.get("url") else "")
             for left in kept for network, entry in left.kept]
    lines += [f"metrics: {left.path} -> {network}" for left in kept for network in left.figures]
    message = f"smm: recover {len(lines)} result(s) a killed run left uncommitted [skip ci]\n\n" + "\n".join(lines)
    ledger.commit([left.path for left in kept], message)


def _leftover(ledger: "Ledger", status: str, path: str, origin: str, claims: ClaimIndex) -> Leftover:
    refuse = GitError(f"the working tree has uncommitted changes ({path}); commit or discard them first")
    if set(status.strip()) != {"M"} or not path.startswith("posts/") or not path.endswith(".md"):
        raise refuse
    try:
        text = (ledger.root / path).read_text(encoding="utf-8")
        head_text = ledger.git("show", f"HEAD:{path}").stdout
        if without_blocks(text) != without_blocks(head_text):
            raise refuse
        head, now = read_block(head_text, "published"), read_block(text, "published")
        head_figures, figures = read_block(head_text, "metrics"), read_block(text, "metrics")
    except (OSError, ValueError):
        raise refuse from None
    time_text = _time_text(head_text)
    left = Leftover(path, text)
    resolved = dict(now)
    for network in sorted(set(head) | set(now)):
        before, after = head.get(network), now.get(network)
        if before == after:
            continue
        if before is None and after is not None and _uncommitted_claim(after, marker(path, network, time_text)):
            del resolved[network]  # its claim never reached a commit, so nothing was sent for it
        elif _result_of(before, after) and _claim_on_origin(ledger, claims, path, network, before):
            left.kept.append((network, after))  # type: ignore[arg-type]
        else:
            raise GitError(f"{path}: an uncommitted change to published.{network} that smm cannot vouch for; "
                           "commit or discard it first")
    on_origin = read_block(ledger.git("show", f"{origin}:{path}", check=False).stdout, "published") if figures != head_figures else {}
    for network in sorted(set(head_figures) | set(figures)):
        if head_figures.get(network) == figures.get(network):
            continue
        recorded = on_origin.get(network) or {}
        if "at" not in (figures.get(network) or {}) or recorded.get("state", "published") != "published" or \
                not recorded.get("id") or recorded.get("id") != (head.get(network) or {}).get("id"):
            raise GitError(f"{path}: an uncommitted change to metrics.{network} that smm cannot vouch for; "
                           "commit or discard it first")
        left.figures.append(network)
    if resolved != now:
        left.text = replace_block(text, "published", resolved)
    return left


def _time_text(text: str) -> str | None:
    """The post's ``time:`` as the loader keeps it, for the claim's marker."""
    from smm.content.loader import split_front_matter  # noqa: PLC0415
    from smm.content import yamlpos  # noqa: PLC0415

    parts = split_front_matter(text)
    data = yamlpos.load(parts[0]).data if parts else None
    value = data.get("time") if isinstance(data, dict) else None
    return str(value) if isinstance(value, (str, int)) else None


def _uncommitted_claim(entry: dict[str, Any], expected_marker: str) -> bool:
    """A claim (or missed mark) exactly as run.py writes it, for this post, network and time."""
    if entry.get("state") == "claimed":
        return set(entry) <= CLAIM_KEYS and entry.get("marker") == expected_marker
    return entry.get("state") == "missed" and set(entry) <= MISSED_KEYS


def _result_of(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """``after`` is a result for the claim ``before`` (same marker where the result keeps one)."""
    if not before or not after or before.get("state") != "claimed" or after.get("state") not in RESULTS:
        return False
    return after.get("marker") in (None, before.get("marker"))


def _claim_on_origin(ledger: "Ledger", claims: ClaimIndex, path: str, network: str, entry: dict[str, Any]) -> bool:
    """The claim ``entry`` was committed in a claim commit that origin's history holds."""
    claim = claims.get(path, network)
    if claim is None:
        return False
    then = ledger.git("show", f"{claim.commit}:{claim.path}", check=False).stdout
    try:
        claimed = read_block(then, "published").get(network) or {}
    except ValueError:
        return False
    return claimed.get("marker") == entry.get("marker") and claimed.get("run") == entry.get("run")
