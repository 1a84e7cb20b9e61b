"""Writing the whole lint cache in a forked process, while this one goes on.

A cold lint of 10,000 posts ends with work only one process does: the cross-post rules (30-40
ms), the cache's encoding and writing (12 ms to encode, 15 to dump as JSON, then the write), the
report and the answer (25 ms). The cache file depends on the cross-post findings only through
their own small column, so a fork made just before the rules encodes the 10,000 entries and dumps
them meanwhile (the file's head: everything but the findings and its id), takes the findings
through a pipe, closes the head with them and writes the file while this process reports. The
two files a run writes are each replaced whole (lint/cachefile.py): whichever lands first, a
later run reads a consistent one of each.

The fork writes only when told to, with a complete message: if this process fails or is killed
first, the pipe closes without one and the old file stays (a cache is only ever a shortcut).
``wait_for_writes`` (lint() calls it before it returns, and at exit) waits for every such fork.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
from functools import partial
from typing import TYPE_CHECKING

from smm.lint.cachecodec import cross_json, encode, whole_head
from smm.lint.cachefile import json_bytes
from smm.sharedwork import fork_piped

if TYPE_CHECKING:
    from smm.lint.cache import Cache

#: From this many entries a whole file is written by a fork (below it, the fork costs more).
BEHIND_MIN = 2000
_PENDING: list[Behind] = []  # the forks writing


class Behind:
    """A fork writing a cache's whole file, waiting for its cross-post findings."""

    def __init__(self, pid: int, pipe: int, sizes: tuple[int, int, int]) -> None:
        self.pid, self.pipe, self.sizes = pid, pipe, sizes
        self.told = False  # the pipe is closed: the fork has its message, or none will come

    @classmethod
    def start(cls, cache: Cache) -> Behind | None:
        """Fork a process that encodes ``cache`` as it is now (None where processes do not fork)."""
        forked = fork_piped(partial(_write_when_told, cache), child_writes=False)
        if forked is None:
            return None
        behind = cls(*forked, _sizes(cache))
        _PENDING.append(behind)
        return behind

    def finish(self, cache: Cache) -> bool:
        """Hand the fork the cross-post findings, so that it writes the file; False (and the
        fork writes nothing) if anything else of ``cache`` changed since it was forked."""
        if _sizes(cache) != self.sizes:
            self.close()
            return False
        message = json_bytes({"write": True, "cross": cross_json(cache.cross)})
        self.told = True
        try:
            with open(self.pipe, "wb") as pipe:
                pipe.write(message)
        except OSError:  # the fork is gone (killed): no file, as if nothing had been written
            return False
        return True

    def close(self) -> None:
        """End the pipe without a message: the fork writes nothing."""
        if not self.told:
            self.told = True
            with contextlib.suppress(OSError):
                os.close(self.pipe)


def _sizes(cache: Cache) -> tuple[int, int, int]:
    return len(cache.entries), len(cache.infos), len(cache.images)


def _write_when_told(cache: Cache, reader: int) -> None:
    head = whole_head(encode(cache.key, cache.entries, cache.images, {}, cache.infos))
    with open(reader, "rb") as pipe:
        data = pipe.read()
    try:
        message = json.loads(data.decode("utf-8", "surrogatepass"))
    except ValueError:
        return  # no message (this process failed or was stopped before): write nothing
    if isinstance(message, dict) and message.get("write") is True:
        cache.write_whole(head, message["cross"])


def wait_for_writes() -> None:
    """Wait until every fork writing a cache file has ended; one never handed its message (the
    run failed between) is told there is none, so it ends without writing."""
    while _PENDING:
        behind = _PENDING.pop()
        behind.close()
        with contextlib.suppress(ChildProcessError):  # already waited for
            os.waitpid(behind.pid, 0)


atexit.register(wait_for_writes)
