"""Named crash points, for the tests that kill the publisher between each two steps.

``SMM_FAILPOINT=after-claim-push`` makes the process SIGKILL itself when it reaches that point —
no cleanup, no flushing, exactly like a runner that is cancelled or loses its machine. The names
are the steps of docs/publishing.md, in order: claims written into the files, committed, pushed; a request
about to leave; answers in; results written into the files, committed (not yet pushed).
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "before-claim",
    "after-claim-write",
    "after-claim-commit",
    "after-claim-push",
    "before-request",
    "after-answer",
    "after-result-write",
    "before-result-push",
)


def failpoint(name: str) -> None:
    assert name in POINTS, name
    if os.environ.get("SMM_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
