"""What git says about a post: its commits (following renames) and main's first-parent chain,
which tells how and when each commit arrived."""

from __future__ import annotations

import bisect
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from smm.errors import GitError, UsageError
from smm.gitrun import git


def run(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """git in ``root``, paths as they are (not octal-quoted), to match them against the post's."""
    return git(root, *args, check=check, options=("-c", "core.quotePath=false"))


def show(root: Path, sha: str, top_path: str) -> str | None:
    """The file at ``top_path`` in commit ``sha`` (None when it has none)."""
    found = run(root, "show", f"{sha}:{top_path}", check=False)
    return found.stdout if found.returncode == 0 else None


def git_prefix(root: Path) -> str:
    """Where ``root`` is inside its git repository (``""`` at the top)."""
    inside = run(root, "rev-parse", "--show-prefix", check=False)
    if inside.returncode != 0:
        raise GitError(f"{root}: not a git repository; smm history reads a post's story from git")
    return inside.stdout.strip()


def relative(path: str, root: Path) -> str:
    """``path`` relative to the repository root; UsageError unless it is a post."""
    full = Path(os.path.abspath(path))
    try:
        rel = full.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{path}: outside the repository {root}") from None
    if not (rel.startswith("posts/") and rel.endswith(".md")) or full.is_dir():
        raise UsageError(f"{path}: not a post (a .md file under posts/)")
    return rel


def resolve(root: Path, branch: str) -> str:
    """``branch``, or ``origin/<branch>`` where there is no local one."""
    for ref in (branch, f"origin/{branch}"):
        verified = run(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        if verified.returncode == 0:
            return ref
    raise GitError(f"no branch '{branch}' (nor origin/{branch}): smm history reads what reached it")


class LogEntry(NamedTuple):
    """One commit that touched the post; paths relative to the top of the git repository."""

    sha: str
    parents: list[str]
    author: str
    email: str
    date: str
    subject: str
    status: str  # A, M, R, C, D (a merge that changed the post reads M)
    old: str | None  # the path before (None when added)
    new: str  # the path after


def post_log(root: Path, ref: str, rel: str, top_path: str) -> list[LogEntry]:
    """The commits of ``ref`` that touched the post at ``rel``, following renames, newest first."""
    log = run(
        root,
        "log",
        "--follow",
        "--topo-order",
        "-M",
        "--name-status",
        "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s",
        ref,
        "--",
        rel,
    )
    return parse_log(log.stdout, top_path)


def parse_log(out: str, top_path: str) -> list[LogEntry]:
    """``git log --name-status`` output as entries, newest first (``top_path`` is the post's path now)."""
    entries: list[LogEntry] = []
    for chunk in out.split("\x01")[1:]:
        head, _, rest = chunk.partition("\n")
        sha, parents, author, email, date, subject = head.split("\0")
        status, old, new = "", None, ""
        for line in rest.splitlines():
            fields = line.split("\t")
            if len(fields) >= 2 and fields[0]:
                status = fields[0][0]
                old, new = (
                    (fields[1], fields[2])
                    if status in "RC" and len(fields) > 2
                    else (fields[1], fields[1])
                )
                break
        if not status:  # a merge commit that changed the post (a resolved conflict)
            new = old = entries[-1].old or entries[-1].new if entries else top_path
        entries.append(
            LogEntry(
                sha,
                parents.split(),
                author,
                email,
                date,
                subject,
                status or "M",
                None if status == "A" else old,
                new,
            )
        )
    return entries


@dataclass
class Chain:
    """``ref``'s first-parent chain, oldest first: the commits as they reached the branch."""

    root: Path
    shas: list[str]
    _arrivals: dict[str, int] = field(default_factory=dict)
    _messages: dict[str, str] = field(default_factory=dict)
    _committers: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path, ref: str) -> Chain:
        shas = run(root, "rev-list", "--first-parent", ref).stdout.split()[::-1]
        return cls(root, shas, {sha: i for i, sha in enumerate(shas)})

    def arrival(self, sha: str) -> int:
        """The position of the chain's first commit that contains ``sha`` (itself, or a merge)."""
        if sha not in self._arrivals:
            # containment only grows along the chain, so the first one is found by bisection
            self._arrivals[sha] = bisect.bisect_left(
                range(len(self.shas)),
                True,
                key=lambda i: (
                    run(
                        self.root, "merge-base", "--is-ancestor", sha, self.shas[i], check=False
                    ).returncode
                    == 0
                ),
            )
        return self._arrivals[sha]

    def message(self, sha: str) -> str:
        """The full commit message of ``sha``."""
        if sha not in self._messages:
            self._messages[sha] = run(self.root, "log", "-1", "--format=%B", sha).stdout
        return self._messages[sha]

    def committer(self, sha: str) -> tuple[str, str]:
        """(name, ISO date) of whoever committed ``sha`` (for a merge: who merged)."""
        if sha not in self._committers:
            name, date = (
                run(self.root, "log", "-1", "--format=%cn%x00%cI", sha).stdout.strip().split("\0")
            )
            self._committers[sha] = (name, date)
        return self._committers[sha]
