"""Git as the durable store of publishing: every state change is a commit, pushed to origin.

A claim is pushed before any network is called; when a push is refused because another run
pushed first, we fetch, reset to what origin has and let the caller re-apply its changes there
(re-checking what is still ours to do), so two runs never both own one post.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable, Iterable

from smm.errors import GitError

#: Pushes refused in a row before giving up (each retry re-applies on top of origin).
PUSH_ATTEMPTS = 8
_BOT = ("smm", "smm@users.noreply.github.com")


class Ledger:
    """The repository as seen by the publisher: one branch, one remote, commits and pushes."""

    def __init__(self, root: Path, branch: str = "main", remote: str = "origin", push: bool = True) -> None:
        self.root, self.branch, self.remote, self.pushing = root, branch, remote, push

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        result = subprocess.run(["git", *self._identity(), *args], cwd=self.root, env=env,
                                capture_output=True, text=True)
        if check and result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise GitError(f"git {args[0]}: {detail[-1] if detail else 'failed'}")
        return result

    def _identity(self) -> list[str]:
        """Commit as the configured user, or as smm where none is set (a bare CI runner)."""
        if not hasattr(self, "_id"):
            probe = subprocess.run(["git", "config", "user.email"], cwd=self.root, capture_output=True, text=True)
            self._id = [] if probe.stdout.strip() else ["-c", f"user.name={_BOT[0]}", "-c", f"user.email={_BOT[1]}"]
        return self._id

    def check_ready(self) -> None:
        """Only a clean checkout of the approved branch publishes (DESIGN §6)."""
        inside = self.git("rev-parse", "--is-inside-work-tree", check=False)
        if inside.returncode != 0:
            raise GitError(f"{self.root}: not a git repository; smm publishes from a clone of the content repository")
        branch = self.git("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
        if branch != self.branch:
            raise GitError(f"on branch '{branch}': only '{self.branch}' is approved content; publish refuses to run")
        dirty = self.git("status", "--porcelain", "--untracked-files=no").stdout.strip()
        if dirty:
            first = dirty.splitlines()[0][3:]
            raise GitError(f"the working tree has uncommitted changes ({first}); commit or discard them first")
        if self.pushing and self.has_remote():
            self.sync()

    def has_remote(self) -> bool:
        return self.git("remote", "get-url", self.remote, check=False).returncode == 0

    def sync(self) -> None:
        """Bring HEAD level with origin; local commits origin lacks are rebased and pushed, never dropped."""
        upstream = f"{self.remote}/{self.branch}"
        for _ in range(PUSH_ATTEMPTS):
            self.git("fetch", "--quiet", self.remote, self.branch)
            ahead = int(self.git("rev-list", "--count", f"{upstream}..HEAD").stdout)
            if not ahead:
                self.git("merge", "--ff-only", "--quiet", upstream)
                return
            if self.git("rebase", "--quiet", upstream, check=False).returncode != 0:
                self.git("rebase", "--abort", check=False)
                raise GitError(f"local commits on {self.branch} conflict with {upstream}; resolve them by hand")
            if self.git("push", "--quiet", self.remote, f"HEAD:refs/heads/{self.branch}", check=False).returncode == 0:
                return
        raise GitError(f"push to {upstream} refused {PUSH_ATTEMPTS} times; try again later")

    def commit(self, paths: Iterable[str], message: str) -> bool:
        """Commit ``paths`` with ``message``; False when nothing changed."""
        paths = list(paths)
        if not paths:
            return False
        self.git("add", "--", *paths)
        if self.git("diff", "--cached", "--quiet", check=False).returncode == 0:
            return False
        self.git("commit", "--quiet", "--no-verify", "-m", message)
        return True

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").stdout.strip()

    def push_or_refresh(self, reapply: Callable[[], bool]) -> bool:
        """Push; when refused, fetch, reset to origin and ``reapply`` (which commits again).

        ``reapply`` returns False when, on top of origin, there is nothing left to push.
        Returns True once pushed (or when pushing is off or there is no remote).
        """
        if not self.pushing or not self.has_remote():
            return True
        for _ in range(PUSH_ATTEMPTS):
            pushed = self.git("push", "--quiet", self.remote, f"HEAD:refs/heads/{self.branch}", check=False)
            if pushed.returncode == 0:
                return True
            self.git("fetch", "--quiet", self.remote, self.branch)
            self.git("reset", "--quiet", "--hard", f"{self.remote}/{self.branch}")
            if not reapply():
                return True
        raise GitError(f"push to {self.remote}/{self.branch} refused {PUSH_ATTEMPTS} times; try again later")
