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

Events are replayed in topological order (a rename counts only after the claim it follows).
Renames are looked for only in commits that are not smm's own (smm rewrites blocks, it never
moves a file), so a long publishing history costs little. The index is cached in .smm-cache/
keyed by the commit it describes; a later run replays only the commits since (the cache is
plain JSON, checked on load; one that does not parse, or that git tracks, is ignored).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from smm.errors import GitError

CACHE_DIR = ".smm-cache"
CACHE_FILE = "claims-v1.json"
CLAIM_SUBJECT = "smm: claim "
_CLAIM_LINE = re.compile(r"^publish: (.+) -> ([a-z]+)$")
_SHA = re.compile(r"^[0-9a-f]{40,64}$")


class Git(Protocol):
    root: Path

    def git(
        self, *args: str, check: bool = True, input: str | None = None
    ) -> subprocess.CompletedProcess[str]: ...


class Claim(NamedTuple):
    path: str  # where the post was when it was claimed
    network: str
    commit: str  # the claim commit
    date: str  # its commit date, YYYY-MM-DD

    def conflict(self) -> str:
        return (
            f"claimed on {self.date} in {self.commit[:7]}, but its published: entry is gone — check"
            " by hand (restore the entry from `git log -p`; one that failed, with state: retry, to"
            " send it again)"
        )


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
    def load(cls, repo: Git, rev: str = "HEAD") -> ClaimIndex:
        """The index at ``rev`` (empty outside git or before the first commit)."""
        done = repo.git(
            "rev-parse",
            "--is-shallow-repository",
            "--verify",
            "--quiet",
            f"{rev}^{{commit}}",
            check=False,
        )
        shallow, head = ([*done.stdout.split(), "", ""])[:2]
        if done.returncode != 0 or not head:
            return cls()
        if shallow == "true":
            raise GitError(
                "this clone is shallow; publishing needs the whole history of main (fetch-depth: 0)"
            )
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
        history = _history(repo, span)
        claims = {
            commit: _claimed(commit, date, message)
            for commit, date, message in history
            if message.startswith(CLAIM_SUBJECT)
        }
        # smm's own commits (claims, results, figures) only ever change blocks: no renames to look for
        people = [commit for commit, _, message in history if not message.startswith("smm: ")]
        renames = _renames(repo, people) if people and (claims or self._at) else {}
        # without a rename, order does not matter; with one, parents come before children (a
        # topological walk of all history costs ~50 ms without a commit-graph, so only then)
        order = (
            repo.git("rev-list", "--topo-order", "--reverse", span).stdout.split()
            if renames
            else [commit for commit, _, _ in history]
        )
        for commit in order:
            for claim in claims.get(commit, ()):
                self.add(claim.path, claim)
            # every rename of one commit starts from the names before it
            moved = [
                (new, [c for held in self._at[old].values() for c in held])
                for old, new in renames.get(commit, ())
                if old in self._at
            ]
            for new, carried in moved:
                for claim in carried:
                    self.add(new, claim)
        self.head = head

    def dump(self) -> dict[str, Any]:
        """Plain data for the cache: per claim commit, its claims and the later paths of each."""
        later: dict[Claim, list[str]] = {}
        for path, networks in self._at.items():
            for held in networks.values():
                for claim in held:
                    paths = later.setdefault(claim, [])
                    if path != claim.path:
                        paths.append(path)
        commits: dict[str, list[Any]] = {}
        for claim, paths in later.items():
            commits.setdefault(claim.commit, [claim.date, []])[1].append(
                [claim.path, claim.network, paths]
            )
        return {
            "head": self.head,
            "commits": [[commit, date, items] for commit, (date, items) in commits.items()],
        }

    @classmethod
    def undump(cls, data: Any) -> ClaimIndex:
        """The index ``dump`` wrote; ValueError when ``data`` is not exactly that shape."""
        head, commits = data["head"], data["commits"]
        if not (type(head) is str and _SHA.match(head)) or type(commits) is not list:
            raise ValueError("not a claim index")
        index = cls(head)
        for commit, date, items in commits:
            if type(commit) is not str or type(date) is not str or type(items) is not list:
                raise ValueError("not a claim index")
            for path, network, paths in items:
                if type(path) is not str or type(network) is not str or type(paths) is not list:
                    raise ValueError("not a claim index")
                claim = Claim(path, network, commit, date)
                for at in (path, *paths):
                    if type(at) is not str:
                        raise ValueError("not a claim index")
                    index._at.setdefault(at, {}).setdefault(network, []).append(claim)
        return index


def _history(repo: Git, span: str) -> list[tuple[str, str, str]]:
    """(commit, date, message) of every commit in ``span``."""
    out = repo.git("log", "--format=%x1e%H%x1f%cs%x1f%B", span).stdout
    padded = ([*record.split("\x1f", 2), "", ""][:3] for record in out.split("\x1e")[1:])
    return [(commit, date, message) for commit, date, message in padded]


def _claimed(commit: str, date: str, message: str) -> list[Claim]:
    """What a claim commit's message lists: ``publish: <path> -> <network>``, one line each."""
    found = (_CLAIM_LINE.match(line.strip()) for line in message.splitlines()[1:])
    return [Claim(match[1], match[2], commit, date) for match in found if match is not None]


def _renames(repo: Git, commits: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Renames in ``commits``, by commit; a merge's against each of its parents (``-m``)."""
    out = repo.git(
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "-z",
        "-m",
        "-M",
        "--diff-filter=R",
        "--name-status",
        "--format=%x1e%H",
        input="\n".join(commits) + "\n",
    ).stdout
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
        index = ClaimIndex.undump(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, or not what dump() writes: built again from git
    cached = index.head
    if repo.git("ls-files", "--", f"{CACHE_DIR}/{CACHE_FILE}").stdout.strip():
        return None  # a committed cache is anyone's edit: it must not hide a claim
    if (
        cached != head
        and repo.git("merge-base", "--is-ancestor", cached, head, check=False).returncode != 0
    ):
        return None  # history was rewritten since: start again
    return index


def _write_cache(root: Path, index: ClaimIndex) -> None:
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        tmp = folder / f"{CACHE_FILE}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(index.dump(), separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        pass  # a read-only checkout just has no cache
