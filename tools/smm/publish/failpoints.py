"""Named crash points, for the tests that kill the publisher between each two steps.

``SMM_FAILPOINT=after-claim-push`` makes the process SIGKILL itself when it reaches that point —
no cleanup, no flushing, exactly like a runner that is cancelled or loses its machine. The names
are the steps of docs/publishing.md, in order: claims written into the files, committed, pushed; a request
about to leave; answers in; results written into the files, committed (not yet pushed).

A thread's parts (publish/thread.py) have points of their own, in PART_POINTS: a part about to
be sent, its answer in, the next part's claim written, committed, pushed. ``name@N`` kills at the
N-th time the point is reached (``before-part-send@2``: before the second part goes out).
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
PART_POINTS = (
    "before-part-send",
    "after-part-send",
    "after-part-claim-write",
    "after-part-claim-commit",
    "after-part-claim-push",
)
#: A post's first comment (publish/thread.py): about to be sent, its answer in. Its claim is
#: written, committed and pushed at the part-claim points (``after-part-claim-push`` of the step
#: after the last part).
COMMENT_POINTS = ("before-comment-send", "after-comment-send")
#: Edits and retractions of live posts (publish/changes.py): claims written, committed, pushed; the
#: call about to leave, its answer in; the result written, committed (not yet pushed).
CHANGE_POINTS = (
    "after-change-claim-write",
    "after-change-claim-commit",
    "after-change-claim-push",
    "before-change-call",
    "after-change-call",
    "after-change-result-write",
    "before-change-result-push",
)
_reached: dict[str, int] = {}


def failpoint(name: str) -> None:
    assert name in (*POINTS, *PART_POINTS, *COMMENT_POINTS, *CHANGE_POINTS), name
    wanted = os.environ.get("SMM_FAILPOINT")
    if not wanted or not wanted.startswith(name):
        return
    _reached[name] = _reached.get(name, 0) + 1
    point, _, times = wanted.partition("@")
    if point == name and (not times or times == str(_reached[name])):
        os.kill(os.getpid(), signal.SIGKILL)
