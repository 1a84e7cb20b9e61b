"""Waiting for Meta's media containers (Instagram, Threads) to be FINISHED before publishing.

Both APIs make a container per image (or text), process it, and answer its status when asked:
FINISHED to publish, ERROR or EXPIRED (Threads also PUBLISHED) for a container that will never
publish. Polling starts at ``first`` seconds, doubles up to ``most``, and gives up after
``timeout``: nothing was published then, so the post fails for a person, never half-sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from smm.errors import NetworkError

#: what a status-reading call answers: (status, why) for one container
StatusOf = Callable[[str], tuple[str, str]]


def wait_finished(
    network: str,
    containers: list[str],
    status_of: StatusOf,
    *,
    dead: tuple[str, ...],
    first: float,
    most: float,
    timeout: float,
    sleep: Callable[[float], None],
) -> None:
    """Poll each container with ``status_of`` until all are FINISHED; NetworkError for one whose
    status is in ``dead`` or when ``timeout`` seconds pass."""
    pending, wait = list(containers), first
    deadline = time.monotonic() + timeout
    while True:
        for container in list(pending):
            status, why = status_of(container)
            if status == "FINISHED":
                pending.remove(container)
            elif status in dead:
                detail = f": {why}" if why else ""
                raise NetworkError(
                    network,
                    f"container {container} is {status}{detail}; nothing was published",
                    status,
                )
        if not pending:
            return
        if time.monotonic() + wait > deadline:
            raise NetworkError(
                network,
                f"container {pending[0]} is not FINISHED after {timeout:.0f} s; nothing was published",
            )
        sleep(wait)
        wait = min(wait * 2, most)
