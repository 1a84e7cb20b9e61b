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

import contextlib
import errno
import os
import stat
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

#: The most smm reads of one image: above every network's max_bytes (VK takes 50 MB), so a larger
#: file is refused by each network's size rule alone.
MAX_IMAGE_BYTES = 64 << 20

MISSING, OUTSIDE, NOT_REGULAR, TOO_LARGE, UNREADABLE = (
    "missing",
    "outside",
    "not-regular",
    "too-large",
    "unreadable",
)
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_KINDS = [
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]


class FileRefused(OSError):
    """Why a file in the repository is not read: ``kind`` (MISSING, OUTSIDE, ...) and a sentence."""

    strerror: str  # always the sentence (OSError's may be None)

    def __init__(self, kind: str, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.kind, self.strerror, self.size = kind, message, size

    def __str__(self) -> str:
        return self.strerror


@lru_cache(maxsize=16)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def _path(root: Path, rel: str) -> str:
    """``root/rel`` as text (pathlib would drop a trailing '/' and read the file anyway)."""
    if rel.endswith(("/", "/.", os.sep)) or rel in ("", "."):
        raise FileRefused(NOT_REGULAR, "ends with '/': it names a folder, not a file")
    if "\0" in rel:
        raise FileRefused(UNREADABLE, "is not a file name: it holds a NUL character")
    return os.path.join(root, rel)


def _check_inside(root: Path, real: str, how: str = "is a symlink to") -> None:
    base = _real_root(str(root))
    if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
        raise FileRefused(OUTSIDE, f"{how} {real}, outside the repository")


def _real_path(fd: int, path: str) -> str:
    """Where the open file really is: one readlink where /proc is (Linux), else ``path`` resolved."""
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(path)
    return real if real.startswith("/") else os.path.realpath(path)


def _what(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _stat(path: str, follow: bool = True) -> os.stat_result:
    try:
        return os.stat(path, follow_symlinks=follow)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(path):
                raise FileRefused(
                    MISSING, f"is a symlink to {os.readlink(path)}, which does not exist"
                ) from None
            raise FileRefused(MISSING, "does not exist") from None
        if exc.errno == errno.ELOOP:
            raise FileRefused(UNREADABLE, "is a symlink loop") from None
        raise FileRefused(UNREADABLE, f"cannot be read: {exc.strerror}") from None


def _open(root: Path, rel: str) -> tuple[int, int]:
    """A descriptor open for reading on the regular file ``rel`` inside ``root``, and its size."""
    path = _path(root, rel)
    st = _stat(path, follow=False)
    if stat.S_ISLNK(
        st.st_mode
    ):  # the usual way out: judged by where it leads, before anything is opened
        _check_inside(root, os.path.realpath(path))
        st = _stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(NOT_REGULAR, f"is {_what(st.st_mode)}, not a regular file")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise FileRefused(UNREADABLE, f"cannot be read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped for something else since the stat above
            raise FileRefused(NOT_REGULAR, f"is {_what(st.st_mode)}, not a regular file")
        _check_inside(root, _real_path(fd, path), "is, through a symlinked folder,")
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


@contextmanager
def open_user_file(root: Path, rel: str) -> Iterator[tuple[BinaryIO, int]]:
    """The regular file ``rel`` of the repository at ``root``, open for reading, and its size."""
    fd, size = _open(root, rel)
    with os.fdopen(fd, "rb") as fh:  # owns fd from here on, closes it on every way out
        yield fh, size


def read_user_file(root: Path, rel: str, limit: int) -> bytes:
    """The bytes of the regular file ``rel`` inside ``root``; FileRefused if it is not one or has
    more than ``limit`` bytes (measured by reading, not only by ``stat``; the message says the
    size, the caller says the limit)."""
    return _read_open(*_open(root, rel), limit)


def _read_open(fd: int, size: int, limit: int) -> bytes:
    """The bytes of the open regular file ``fd`` (``stat`` said ``size``), at most ``limit``;
    closes ``fd``."""
    if size > limit:
        os.close(fd)
        raise FileRefused(TOO_LARGE, f"is {size:,} bytes", size)
    try:
        parts, got = [], 0
        while got <= limit:
            # what stat says and a byte more, then on in 64 KiB steps when stat said less than there
            # is (/proc, a file being written); never a buffer of the whole cap for a small file
            want = min(size + 1 - got if got <= size else 1 << 16, limit + 1 - got)
            chunk = os.read(fd, want)
            parts.append(chunk)
            got += len(chunk)
            if len(chunk) < want:
                break
    except OSError as exc:
        raise FileRefused(UNREADABLE, f"cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)
    if got > limit:
        raise FileRefused(TOO_LARGE, f"is over {limit:,} bytes", got)
    return b"".join(parts)


class FolderReader:
    """``read_user_file`` for a run that reads many files of a few folders (a lint's posts).

    Each folder is opened once, and its real path checked once to lie inside the repository;
    a file is then opened by its name in the folder, never through a symlink (O_NOFOLLOW).
    Reached so, its real path is the folder's and its name: inside. That saves, for each file,
    the kernel's resolving of the whole path twice and the readlink of /proc/self/fd (10,000
    posts: 140 -> 55 ms). A file that is not simply a regular file there (a symlink, a FIFO,
    missing) goes the long way, ``read_user_file``, which says what it is.

    The folders stay open until ``close`` (or until the reader is collected), for one run only:
    a folder swapped for another later must be opened again by path.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: dict[str, int | None] = {}  # repository-relative folder -> descriptor
        self._closer = weakref.finalize(self, _close_all, self.folders)
        self.stamp: tuple[int, int] | None = None  # of the file last read
        self.usable = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW")

    def read(self, rel: str, limit: int) -> bytes:
        """The bytes of the regular file ``rel``, as ``read_user_file`` reads them; ``stamp`` is
        then its (size, mtime_ns), taken before it was read (None: it could not be stat-ed)."""
        self.stamp = None
        folder, _, name = rel.rpartition("/")
        where = self._folder(folder) if self.usable and name not in ("", ".", "..") else None
        fd = None
        if where is not None and "\0" not in name:
            with contextlib.suppress(OSError):  # a symlink (ELOOP), missing, unreadable
                fd = os.open(name, _OPEN_FLAGS | os.O_NOFOLLOW, dir_fd=where)
        if fd is not None:
            st = os.fstat(fd)
            if stat.S_ISREG(st.st_mode):
                self.stamp = st.st_size, st.st_mtime_ns
                return _read_open(fd, st.st_size, limit)
            os.close(fd)
        with contextlib.suppress(OSError, ValueError):  # the long way, which says what is wrong
            st = os.stat(os.path.join(self.root, rel))
            self.stamp = st.st_size, st.st_mtime_ns
        return read_user_file(self.root, rel, limit)

    def _folder(self, folder: str) -> int | None:
        """The open folder, inside the repository (None: it is not one, or not inside)."""
        if folder in self.folders:
            return self.folders[folder]
        if len(self.folders) >= _MOST_FOLDERS:
            _close_all(self.folders)
        fd: int | None = None
        with contextlib.suppress(OSError, ValueError):
            fd = os.open(os.path.join(self.root, folder), _FOLDER_FLAGS)
            try:
                _check_inside(self.root, _real_path(fd, os.path.join(self.root, folder)))
            except FileRefused:
                os.close(fd)
                fd = None
        self.folders[folder] = fd
        return fd

    def close(self) -> None:
        """Close every folder this reader opened."""
        _close_all(self.folders)


#: Folders a FolderReader keeps open at once (posts/<brand>/<year>/...: a few dozen in practice).
_MOST_FOLDERS = 256
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _close_all(folders: dict[str, int | None]) -> None:
    for fd in folders.values():
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
    folders.clear()
