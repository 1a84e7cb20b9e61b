"""Reading a file that a person put in the repository: a regular file inside it, never more than a cap.

Posts, brands, campaigns, images and CODEOWNERS come from people, and in a pull request from
anyone. A FIFO blocks ``open()`` and ``read()`` forever; a symlink to /dev/zero or /dev/urandom
has 0 bytes by ``stat`` and never ends when read; a symlink out of the repository would make
smm lint, schedule and publish someone else's file. So every such file is read here, and here:

- its real path (symlinks followed) must lie inside the repository;
- it must be a regular file by ``stat``, before it is opened (opening a device can do things);
- it is opened with O_NONBLOCK (a FIFO swapped in meanwhile cannot block the open) and checked
  again with ``fstat`` on the open descriptor;
- at most ``limit + 1`` bytes are read, whatever ``stat`` said.

Whatever is wrong is raised as :class:`FileRefused`, an ``OSError``, so code that already treats
an unreadable file as unreadable keeps doing so; lint turns its ``kind`` into a finding.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterator

#: The most smm reads of one image: above every network's max_bytes (VK takes 50 MB), so a larger
#: file is refused by each network's size rule alone.
MAX_IMAGE_BYTES = 64 << 20

MISSING, OUTSIDE, NOT_REGULAR, TOO_LARGE, UNREADABLE = "missing", "outside", "not-regular", "too-large", "unreadable"
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_KINDS = [(stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]


class FileRefused(OSError):
    """Why a file in the repository is not read: ``kind`` (MISSING, OUTSIDE, ...) and a sentence."""

    def __init__(self, kind: str, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.kind, self.strerror, self.size = kind, message, size

    def __str__(self) -> str:
        return self.strerror


@lru_cache(maxsize=16)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def inside(root: Path, rel: str) -> Path:
    """``root / rel`` if it names a file whose real path lies inside ``root``; else FileRefused."""
    if rel.endswith(("/", "/.", os.sep)):  # pathlib would drop the slash and read the file anyway
        raise FileRefused(NOT_REGULAR, "ends with '/': it names a folder, not a file")
    if "\0" in rel:
        raise FileRefused(UNREADABLE, "is not a file name: it holds a NUL character")
    path = root / rel
    real, base = os.path.realpath(path), _real_root(str(root))
    if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
        raise FileRefused(OUTSIDE, f"is a symlink to {real}, outside the repository")
    return path


def _what(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(path):
                raise FileRefused(MISSING, f"is a symlink to {os.readlink(path)}, which does not exist") from None
            raise FileRefused(MISSING, "does not exist") from None
        if exc.errno == errno.ELOOP:
            raise FileRefused(UNREADABLE, "is a symlink loop") from None
        raise FileRefused(UNREADABLE, f"cannot be read: {exc.strerror}") from None


@contextmanager
def open_user_file(root: Path, rel: str) -> Iterator[tuple[BinaryIO, int]]:
    """The regular file ``rel`` of the repository at ``root``, open for reading, and its size."""
    path = inside(root, rel)
    mode = _stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise FileRefused(NOT_REGULAR, f"is {_what(mode)}, not a regular file")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise FileRefused(UNREADABLE, f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:  # owns fd from here on, closes it on every way out
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped for something else since the stat above
            raise FileRefused(NOT_REGULAR, f"is {_what(st.st_mode)}, not a regular file")
        yield fh, st.st_size


def read_user_file(root: Path, rel: str, limit: int) -> bytes:
    """The bytes of the regular file ``rel`` inside ``root``; FileRefused if it is not one or has
    more than ``limit`` bytes (measured by reading, not only by ``stat``; the message says the
    size, the caller says the limit)."""
    with open_user_file(root, rel) as (fh, size):
        if size > limit:
            raise FileRefused(TOO_LARGE, f"is {size:,} bytes", size)
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise FileRefused(UNREADABLE, f"cannot be read: {exc.strerror}") from None
    if len(data) > limit:  # it grew since fstat
        raise FileRefused(TOO_LARGE, f"is over {limit:,} bytes", len(data))
    return data
