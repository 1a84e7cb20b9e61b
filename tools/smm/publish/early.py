"""``git status`` started as ``smm publish`` starts, before it imports what selects and sends.

The checkout is checked first thing (publish/ledger.py ``check_ready``), and ``git status``
(30-60 ms in a 10,000-post clone, in a process of its own) is most of that check. Started by the
command before it imports the publisher (50-60 ms of this process), its answer is ready when the
check asks for it. This module imports nothing but the standard library and gitrun, so that
starting it costs nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from smm.gitrun import start

#: The status every check reads: tracked changes and untracked files, NUL-separated.
STATUS = ("status", "--porcelain=v1", "-z", "--untracked-files=normal")
#: git packs and prunes after a fetch or a commit when it sees fit ("gc --auto", "maintenance
#: run --auto"): a publish run must not wait for that before its first request. A CI clone is
#: thrown away anyway; on a person's clone their next git command does it.
NO_HOUSEKEEPING = ("-c", "gc.auto=0", "-c", "maintenance.auto=false")


class EarlyStatus:
    """``git status`` of the checkout at ``root``, running until ``output`` is asked for."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            self._proc: subprocess.Popen[bytes] | None = start(
                root, *STATUS, options=NO_HOUSEKEEPING
            )
        except OSError:  # no git: the check runs it again and says so
            self._proc = None

    def output(self) -> str | None:
        """What git printed, or None when it failed (the check then runs it itself)."""
        if self._proc is None:
            return None
        proc, self._proc = self._proc, None
        out, _ = proc.communicate()
        return out.decode("utf-8", "replace") if proc.returncode == 0 else None
