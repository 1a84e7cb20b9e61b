"""The draw itself: a seed git fixed, and the winners it picks (docs/contests.md#the-draw).

seed    = sha256("<entrants commit id>:<entrants.json blob id>"), hex. The commit is the one that
          added entrants.json (smm makes it, its dates pinned to the contest's end, and pushes it
          before any winner is known); the blob id is git's hash of the file's bytes. Neither is
          a number anyone picks, and both are public in the repository.
winners = the entrants ordered by sha256("<seed>:<network>:<id>"), hex, ascending: the first
          ``winners`` of them. Anyone can recompute it with git and sha256sum.

``check`` recomputes both from the committed files: an entrant added, removed or changed after
the seed was fixed changes the file's blob id (and the history shows a second commit), so the
seed, and the winners, no longer match what winners.json says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm.contests.spec import ENTRANTS, WINNERS
from smm.gitrun import git

ALGORITHM = (
    "smm-draw-1: seed = sha256('<entrants commit>:<entrants blob>'); winners = the entrants "
    "ordered by sha256('<seed>:<network>:<id>') ascending, the first N"
)


def seed_of(commit: str, blob: str) -> str:
    return hashlib.sha256(f"{commit}:{blob}".encode()).hexdigest()


def pick(seed: str, entrants: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The ``count`` winners among ``entrants`` ({network, id, handle}), in draw order."""

    def lot(e: dict[str, Any]) -> str:
        return hashlib.sha256(f"{seed}:{e['network']}:{e['id']}".encode()).hexdigest()

    return sorted(entrants, key=lot)[:count]


def canonical(data: Any) -> str:
    """The one way a draw file is written: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def fixed_by(root: Path, folder: str) -> tuple[str, str] | None:
    """(the commit that added entrants.json, the file's blob id in it), or None if not committed."""
    path = f"{folder}/{ENTRANTS}"
    added = git(root, "log", "--format=%H", "--diff-filter=A", "--", path).stdout.split()
    if not added:
        return None
    commit = added[-1]  # the first time it was added
    return commit, git(root, "rev-parse", f"{commit}:{path}").stdout.strip()


@dataclass
class Check:
    """What --verify found: ``problems`` empty when the winners follow from the committed files."""

    folder: str
    seed: str = ""
    winners: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(root: Path, folder: str) -> Check:
    """Recompute the seed and winners from the committed files and compare with winners.json."""
    out = Check(folder)
    fixed = fixed_by(root, folder)
    winners_file = root / folder / WINNERS
    if fixed is None or not winners_file.is_file():
        out.problems.append(
            f"{folder}: no committed {ENTRANTS} and {WINNERS}; run `smm draw` first"
        )
        return out
    commit, blob = fixed
    path = f"{folder}/{ENTRANTS}"
    now_blob = git(root, "hash-object", "--", path).stdout.strip()
    if now_blob != blob:
        later = git(root, "log", "--format=%h %s", f"{commit}..HEAD", "--", path).stdout.split("\n")
        by = f" (changed by {later[0]})" if later and later[0] else " (changed, not committed)"
        out.problems.append(
            f"{path} is not the list the seed was fixed with in {commit[:12]}{by}: "
            f"blob {now_blob[:12]}, was {blob[:12]}"
        )
    recorded = json.loads(winners_file.read_text(encoding="utf-8"))
    entrants = json.loads(git(root, "show", f"{commit}:{path}").stdout)["entrants"]
    out.seed = seed_of(commit, blob)
    out.winners = pick(out.seed, entrants, int(recorded.get("count", 0)))
    if recorded.get("entrants_commit") != commit or recorded.get("entrants_blob") != blob:
        out.problems.append(
            f"{WINNERS} names entrants {str(recorded.get('entrants_commit'))[:12]}:"
            f"{str(recorded.get('entrants_blob'))[:12]}, but {ENTRANTS} was fixed in "
            f"{commit[:12]}:{blob[:12]}"
        )
    if recorded.get("seed") != out.seed:
        out.problems.append(f"{WINNERS} says seed {recorded.get('seed')}, git gives {out.seed}")
    if _people(recorded.get("winners", [])) != _people(out.winners):
        out.problems.append(
            f"{WINNERS} names {', '.join(_people(recorded.get('winners', []))) or 'nobody'}; "
            f"the draw gives {', '.join(_people(out.winners)) or 'nobody'}"
        )
    return out


def _people(winners: list[dict[str, Any]]) -> list[str]:
    return [f"{w.get('network')}:{w.get('handle')}" for w in winners]
