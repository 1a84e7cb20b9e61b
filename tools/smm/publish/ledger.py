"""Git as the durable store of publishing: every state change is a commit, pushed to origin.

A claim is pushed before any network is called; when a push is refused because another run
pushed first, we fetch, reset to what origin has and let the caller re-apply its changes there
(re-checking what is still ours to do), so two runs never both own one post.

A clone that a killed run left dirty or half-way through a git operation is put right first
(recover.py); a claim commit that never reached origin is dropped, since nothing was sent for it.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from smm import gitrun
from smm.errors import GitError
from smm.publish import recover
from smm.publish.early import NO_HOUSEKEEPING, STATUS, EarlyStatus
from smm.publish.rebase import rebase_managed
from smm.redaction import redact

#: Pushes refused in a row before giving up (each retry re-applies on top of origin).
PUSH_ATTEMPTS = 8
_BOT = ("smm", "smm@users.noreply.github.com")
#: The last line of a claim commit made by a run that sends only once the claim is on origin: such
#: a commit that origin lacks was never sent for, and the next run drops it.
SENDS_AFTER_PUSH = "Smm-Sends-After-Push: yes"


class Ledger:
    """The repository as seen by the publisher: one branch, one remote, commits and pushes."""

    def __init__(
        self, root: Path, branch: str = "main", remote: str = "origin", push: bool = True
    ) -> None:
        self.root, self.branch, self.remote, self.pushing = root, branch, remote, push
        self._remote: bool | None = None
        #: check_ready has passed: no tracked file differs from the index (or from HEAD) now,
        #: and what this run writes it commits before it selects again
        self.clean = False

    def git(
        self,
        *args: str,
        check: bool = True,
        env: Mapping[str, str] | None = None,
        input: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        options = [*NO_HOUSEKEEPING, *self._identity()]
        return gitrun.git(self.root, *args, check=check, input=input, env=env, options=options)

    def blobs(self, specs: Iterable[str]) -> dict[str, str | None]:
        """The text of each ``<rev>:<path>`` (None where there is no such file), in one git process."""
        specs = list(specs)
        if not specs:
            return {}
        done = gitrun.git_bytes(
            self.root,
            "cat-file",
            "--batch",
            check=False,
            input="".join(f"{s}\n" for s in specs).encode(),
        )
        out, pos = done.stdout, 0
        found: dict[str, str | None] = {}
        for spec in specs:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            found[spec] = None  # "<spec> missing"
            if len(header) == 3:
                size = int(header[2])
                if header[1] == b"blob":
                    found[spec] = out[pos : pos + size].decode("utf-8", errors="replace")
                pos += size + 1
        return found

    def _identity(self) -> list[str]:
        """Commit as the configured user, or as smm where none is set (a bare CI runner)."""
        if not hasattr(self, "_id"):
            probe = gitrun.git(self.root, "config", "user.email", check=False)
            self._id = (
                []
                if probe.stdout.strip()
                else ["-c", f"user.name={_BOT[0]}", "-c", f"user.email={_BOT[1]}"]
            )
        return self._id

    def check_ready(self, status: EarlyStatus | None = None) -> None:
        """Only a clean checkout of the approved branch publishes (docs/publishing.md).
        ``status``: ``git status``, started when the command started (publish/early.py)."""
        inside = self.git("rev-parse", "--is-inside-work-tree", check=False)
        if inside.returncode != 0:
            raise GitError(
                f"{self.root}: not a git repository; smm publishes from a clone of the content repository"
            )
        # the early status has ended before locks are judged: a git still running in the clone
        # would make a killed run's lock files look live
        seen = status.output() if status is not None else None
        # before the fetch starts: it removes the lock files a killed git left
        if recover.clear_interrupted_git(self):
            seen = None  # a rebase was aborted: what the status saw is gone
        early = _EarlyFetch(self) if self.pushing and self.has_remote() else None
        try:  # origin is fetched while the checkout is checked
            branch = self.git("rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
            if branch != self.branch:
                raise GitError(
                    f"on branch '{branch}': only '{self.branch}' is approved content; publish refuses to run"
                )
            changed, untracked = self.status(seen)
        finally:
            fetched = early is not None and early.done()  # before anything else writes
        recover.remove_stale_temp_files(self, untracked)
        if changed:
            recover.recover(self, changed)
        if self.pushing and self.has_remote():
            self.sync(fetched=fetched and not changed)  # recovery may have pushed: fetch again
        self.clean = True

    def status(self, seen: str | None = None) -> tuple[list[tuple[str, str]], list[str]]:
        """(status, path) of every changed tracked file, and the untracked files (from ``seen``,
        what ``git status`` printed just now, if given)."""
        fields = (seen if seen is not None else self.git(*STATUS).stdout).split("\0")
        changed, untracked = [], []
        i = 0
        while i < len(fields):
            entry = fields[i]
            i += 1
            if len(entry) < 4:
                continue
            code, path = entry[:2], entry[3:]
            if code == "??":
                untracked.append(path)
            elif code != "!!":
                changed.append((code, path))
                i += 1 if "R" in code or "C" in code else 0  # the name it had
        return changed, untracked

    def verified_ref(self) -> str:
        """What a leftover result is checked against: origin's branch, fetched now (or HEAD)."""
        if self.pushing and self.has_remote():
            self.git("fetch", "--quiet", self.remote, self.branch)
            return f"{self.remote}/{self.branch}"
        return "HEAD"

    def has_remote(self) -> bool:
        """Whether the remote exists (asked once: a run does not add or remove remotes)."""
        if self._remote is None:
            self._remote = self.git("remote", "get-url", self.remote, check=False).returncode == 0
        return self._remote

    def sync(self, fetched: bool = False) -> None:
        """Bring HEAD level with origin; local commits origin lacks are rebased and pushed, never
        dropped, except claim commits of a run that was killed before it could push them.
        ``fetched``: origin's branch was fetched just now, the first fetch is not needed."""
        upstream = f"{self.remote}/{self.branch}"
        for attempt in range(PUSH_ATTEMPTS):
            if attempt or not fetched:
                self.git("fetch", "--quiet", self.remote, self.branch)
            ahead = self.git("log", "--format=%B%x1e", f"{upstream}..HEAD").stdout.split("\x1e")[
                :-1
            ]
            if ahead and all(
                m.strip().startswith("smm: claim ") and m.strip().endswith(SENDS_AFTER_PUSH)
                for m in ahead
            ):
                self.git(
                    "reset", "--quiet", "--hard", upstream
                )  # claims never pushed: nothing was sent
                ahead = []
            if not ahead:
                if not self._level(upstream):  # a merge reads the whole index even when level
                    self.git("merge", "--ff-only", "--quiet", upstream)
                return
            if self.git("rebase", "--quiet", upstream, check=False).returncode != 0:
                self.git("rebase", "--abort", check=False)
                if not rebase_managed(self, upstream):  # smm's own commits: entry by entry instead
                    raise GitError(
                        f"local commits on {self.branch} conflict with {upstream}; resolve them by hand"
                    )
            if (
                self.git(
                    "push", "--quiet", self.remote, f"HEAD:refs/heads/{self.branch}", check=False
                ).returncode
                == 0
            ):
                return
        raise GitError(f"push to {upstream} refused {PUSH_ATTEMPTS} times; try again later")

    def _level(self, upstream: str) -> bool:
        """Whether HEAD is ``upstream``'s commit already."""
        both = self.git("rev-parse", "HEAD", upstream, check=False)
        heads = both.stdout.split()
        return both.returncode == 0 and len(heads) == 2 and heads[0] == heads[1]

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
        why = ""
        for _ in range(PUSH_ATTEMPTS):
            pushed = self.git(
                "push", "--quiet", self.remote, f"HEAD:refs/heads/{self.branch}", check=False
            )
            if pushed.returncode == 0:
                return True
            why = refusal_reason(pushed.stderr)
            self.git("fetch", "--quiet", self.remote, self.branch)
            self.git("reset", "--quiet", "--hard", f"{self.remote}/{self.branch}")
            if not reapply():
                return True
        raise GitError(
            f"push to {self.remote}/{self.branch} refused {PUSH_ATTEMPTS} times"
            + (f" ({why})" if why else "")
            + "; try again later"
        )


def refusal_reason(stderr: str) -> str:
    """What the remote said when it refused a push (its ``remote:`` lines, else git's
    ``! [rejected]`` line), in one line and redacted; other lines may name the remote's URL."""
    lines = stderr.splitlines()
    said = [line[7:].strip() for line in lines if line.startswith("remote:") and line[7:].strip()]
    said = said or [line.strip() for line in lines if line.lstrip().startswith("! [")]
    return redact(" ".join("; ".join(said).split()))[:300]


class _EarlyFetch:
    """``git fetch`` of origin's branch on a thread of its own while the checkout is checked
    (rev-parse, status): on a CI runner the fetch waits on the network, the checks on the disk,
    and the first request waits for both. Joined before recovery writes anything; used only when
    recovery touched nothing (recovered results are pushed, and sync fetches after that)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ok = False
        self.thread = threading.Thread(target=self._run, args=(ledger,), daemon=True)
        self.thread.start()

    def _run(self, ledger: Ledger) -> None:
        fetch = ledger.git("fetch", "--quiet", ledger.remote, ledger.branch, check=False)
        self.ok = fetch.returncode == 0

    def done(self) -> bool:
        """Whether the fetch succeeded (if not, sync fetches again and reports git's error)."""
        self.thread.join()
        return self.ok
