"""posts/ walked on the idle core while `smm lint` or `smm site` starts.

A lint of the whole repository begins with what it must know before it reads anything: every
post's name and stamp (size, mtime), to tell whether the last run's answer still holds and which
posts changed (lint/answer.py). That walk is one ``stat`` a post, 30-50 ms at 10,000 posts, and
the program spends as long again importing click and the lint's modules before it gets there. So
the program (smm/program.py) forks a process at its very start, before those imports, that walks
posts/ and sends the stamps back; the lint takes them instead of walking again. So does a site
build, whose first step is the lint's collection of every post (site/gather.py).

The stamps are those of a walk begun before anything was read, which is all the answer asks of
them (its clock starts before the fork's walk: ``started``). A fork that failed, was killed or
sent something else is ignored: the lint walks posts/ itself, as without it.
"""

from __future__ import annotations

import os
import struct
import time
from array import array
from itertools import chain
from typing import TYPE_CHECKING

from smm.sharedwork import fork_piped

if TYPE_CHECKING:
    from pathlib import Path

#: The options of `smm lint` that take a value; any other argument (PATHS, --changed-from,
#: --no-cache, --help) makes a run that does not start with the whole repository's stamps.
_WITH_VALUE = ("--now", "--format", "--jobs", "--select", "--ignore")
_HEAD = struct.Struct("<qqq")
_INT = array("q").itemsize
_MISSING = (-1, -1)


class Prewalk:
    """The forked walk of the repository's posts/, until ``stamps`` reads it."""

    _current: Prewalk | None = None  # the program's, once started

    def __init__(self, started: int, pid: int, pipe: int) -> None:
        self.started, self.pid, self.pipe = started, pid, pipe

    @classmethod
    def start(cls, args: list[str]) -> None:
        """Fork the walk when ``args`` (the program's, after its name) are a lint of the whole
        repository or a site build, with the cache on. Only the fork imports what the walk
        needs (pathlib and smm's, 5-10 ms): this process goes on to import the rest meanwhile."""
        whole = _whole_lint(args) or (args[:1] == ["site"] and "--help" not in args)
        if not whole or os.environ.get("SMM_CACHE", "1") == "0":
            return
        started = time.time_ns()
        forked = fork_piped(_walk, child_writes=True)
        if forked is not None:
            cls._current = cls(started, *forked)

    @classmethod
    def take(cls) -> Prewalk | None:
        """The walk this program started, if any; once."""
        walk, cls._current = cls._current, None
        return walk

    def stamps(self, root: Path) -> dict[str, tuple[int, int] | None] | None:
        """Each post's stamp by path, as the fork found them in ``root``; None when it walked
        another repository or did not send its walk whole (failed, killed)."""
        with open(self.pipe, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        return _decoded(data, os.fsencode(root))


def _whole_lint(args: list[str]) -> bool:
    if args[:1] != ["lint"]:
        return False
    rest = iter(args[1:])
    for arg in rest:
        if arg.partition("=")[0] not in _WITH_VALUE:
            return False
        if "=" not in arg and next(rest, None) is None:
            return False
    return True


def _walk(writer: int) -> None:
    """In the fork: the lengths of the root's name, of the paths' and the number of posts; the
    root (nothing outside a repository), the paths separated by NUL, and each post's size and
    mtime as 8-byte integers (-1, -1: no stamp). Binary, so that reading it back is C's work."""
    from smm.content.paths import find_root, post_paths

    try:
        root = find_root()
    except Exception:  # not in a repository: the command says so itself
        return
    found = post_paths(root)
    names = "\0".join(found).encode("utf-8", "surrogatepass")
    numbers = array("q", chain.from_iterable(s or _MISSING for s in found.values()))
    where = os.fsencode(root)
    with open(writer, "wb") as pipe:
        pipe.write(_HEAD.pack(len(where), len(names), len(found)))
        pipe.write(where + names + numbers.tobytes())


def _decoded(data: bytes, root: bytes) -> dict[str, tuple[int, int] | None] | None:
    """The fork's stamps of ``root``'s posts, or None when it did not send them whole (or walked
    another repository)."""
    if len(data) < _HEAD.size:
        return None
    size, length, count = _HEAD.unpack_from(data)
    start = _HEAD.size + size + length
    if start + count * 2 * _INT != len(data) or data[_HEAD.size : _HEAD.size + size] != root:
        return None
    try:
        names = data[_HEAD.size + size : start].decode("utf-8", "surrogatepass").split("\0")
    except UnicodeDecodeError:
        return None
    if len(names) != count and not (count == 0 and names == [""]):
        return None
    numbers = array("q")
    numbers.frombytes(data[start:])
    stamps: dict[str, tuple[int, int] | None] = dict(zip(names, zip(numbers[::2], numbers[1::2])))
    if -1 in numbers:  # a post that could not be stat-ed (rare): listed without a stamp
        stamps = {path: None if stamp == _MISSING else stamp for path, stamp in stamps.items()}
    return stamps
