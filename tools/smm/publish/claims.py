"""Every (post, network) ever claimed on main, read from git's history: the ledger behind the files.

A post file can lose its ``published:`` entry (a second ``published: {}`` line, where YAML keeps
the last key; a merge resolved the wrong way; a rename that dropped the block), but the claim
commits smm pushed before calling any network stay in git. Their messages list what they claim,
``publish: <path> -> <network>``, one line each (run.py). A post that was ever claimed and has
no entry now is a ``conflict`` for a person, never a second post.

Identity is the path's lineage: the path a claim names, then every path git sees that file
renamed to in a later commit (rename detection, in merges too). So a post that is moved or
re-scheduled is still the same post, and a new file at the path of a claimed post is treated as
that post (a conflict for a person: the safe side).

Events are replayed in topological order (a rename counts only after the claim it follows). The
index is cached in .smm-cache/ keyed by the commit it describes; a later run replays only the
commits since (the cache is plain JSON, checked on load; one that does not parse, or that git
tracks, is ignored).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from smm.errors import GitError

CACHE_DIR = ".smm-cache"
CACHE_FILE = "claims-v1.json"
CLAIM_SUBJECT = "smm: claim "
_CLAIM_LINE = re.compile(r"^publish: (.+) -> ([a-z]+)$")
_SHA = re.compile(r"^[0-9a-f]{40,64}$")


class Git(Protocol):
    root: Path

    def git(self, *args: str, check: bool = True) -> Any: ...


@dataclass(frozen=True)
class Claim:
    path: str  # where the post was when it was claimed
    network: str
    commit: str  # the claim commit
    date: str  # its commit date, YYYY-MM-DD

    def conflict(self) -> str:
        return f"claimed on {self.date} in {self.commit[:7]}, but its published: entry is gone — check by hand"


class ClaimIndex:
    """path -> network -> the claims it descends from, for every path a claimed post has had."""

    def __init__(self, head: str = "") -> None:
        self.head = head
        self._at: dict[str, dict[str, list[Claim]]] = {}

    def get(self, path: str, network: str) -> Claim | None:
        found = self._at.get(path, {}).get(network)
        return found[0] if found else None

    def __len__(self) -> int:
        return sum(len(networks) for networks in self._at.values())

    def add(self, path: str, claim: Claim) -> None:
        held = self._at.setdefault(path, {}).setdefault(claim.network, [])
        if claim not in held:
            held.append(claim)

    @classmethod
    def load(cls, repo: Git, rev: str = "HEAD") -> "ClaimIndex":
        """The index at ``rev`` (empty outside git or before the first commit)."""
        done = repo.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        head = done.stdout.strip()
        if done.returncode != 0 or not head:
            return cls()
        if repo.git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
            raise GitError("this clone is shallow; publishing needs the whole history of main (fetch-depth: 0)")
        index = _read_cache(repo, head) or cls()
        if index.head != head:
            index.advance(repo, head)
            _write_cache(repo.root, index)
        return index

    def advance(self, repo: Git, head: str) -> None:
        """Replay the claims and renames of the commits after ``self.head`` up to ``head``.

        Commits after the cached head can all come after it in one topological order, so
        replaying only them gives the same index as replaying everything.
        """
        span = f"{self.head}..{head}" if self.head else head
        claims = _claims(repo, span)
        renames = _renames(repo, span) if claims or self._at else {}
        if renames:
            order = repo.git("rev-list", "--topo-order", "--reverse", span).stdout.split()
        else:
            order = list(reversed(claims))
        for commit in order:
            for claim in claims.get(commit, ()):
                self.add(claim.path, claim)
            # every rename of one commit starts from the names before it
            moved = [(new, [c for held in self._at[old].values() for c in held])
                     for old, new in renames.get(commit, ()) if old in self._at]
            for new, carried in moved:
                for claim in carried:
                    self.add(new, claim)
        self.head = head

    def rows(self) -> list[list[str]]:
        return [[path, claim.path, claim.network, claim.commit, claim.date]
                for path, networks in self._at.items() for held in networks.values() for claim in held]


def _claims(repo: Git, span: str) -> dict[str, list[Claim]]:
    """Claim commits in ``span``, newest first, with what each claimed."""
    out = repo.git("log", "--format=%x1e%H%x1f%cs%x1f%B", "--grep=^smm: claim", span).stdout
    found: dict[str, list[Claim]] = {}
    for record in out.split("\x1e")[1:]:
        commit, date, message = (record.split("\x1f", 2) + ["", ""])[:3]
        if not message.startswith(CLAIM_SUBJECT):
            continue  # the pattern matched a line further down someone else's message
        for line in message.splitlines()[1:]:
            if (match := _CLAIM_LINE.match(line.strip())) is not None:
                found.setdefault(commit, []).append(Claim(match[1], match[2], commit, date))
    return found


def _renames(repo: Git, span: str) -> dict[str, list[tuple[str, str]]]:
    """Renames under posts/ in ``span``, by commit; a merge's against each parent (``-m``)."""
    out = repo.git("log", "-z", "-m", "-M", "--full-history", "--diff-filter=R", "--name-status",
                   "--format=%x1e%H", span, "--", "posts/").stdout
    found: dict[str, list[tuple[str, str]]] = {}
    for record in out.split("\x1e")[1:]:
        fields = record.split("\0")
        commit, rest = fields[0].strip(), [f.strip("\n") for f in fields[1:]]
        i = 0
        while i + 2 < len(rest):
            if rest[i].startswith("R"):
                found.setdefault(commit, []).append((rest[i + 1], rest[i + 2]))
                i += 3
            else:
                i += 1
    return found


def _read_cache(repo: Git, head: str) -> ClaimIndex | None:
    """The cached index if it is well formed, untracked, and describes ``head`` or an ancestor."""
    path = repo.root / CACHE_DIR / CACHE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        cached, rows = data["head"], data["rows"]
        if not (isinstance(cached, str) and _SHA.match(cached) and isinstance(rows, list)):
            return None
        index = ClaimIndex(cached)
        for row in rows:
            if not (isinstance(row, list) and len(row) == 5 and all(isinstance(v, str) for v in row)):
                return None
            index.add(row[0], Claim(*row[1:]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if repo.git("ls-files", "--", f"{CACHE_DIR}/{CACHE_FILE}").stdout.strip():
        return None  # a committed cache is anyone's edit: it must not hide a claim
    if cached != head and repo.git("merge-base", "--is-ancestor", cached, head, check=False).returncode != 0:
        return None  # history was rewritten since: start again
    return index


def _write_cache(root: Path, index: ClaimIndex) -> None:
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        tmp = folder / f"{CACHE_FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"head": index.head, "rows": index.rows()}), encoding="utf-8")
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        pass  # a read-only checkout just has no cache
