"""The files in .smm-cache/: plain JSON, read as untrusted data, written atomically.

A cache file may be planted, force-committed or left half-written, so reading one never runs
code (JSON, not pickle) and never trusts it: anything that is not a regular file under a size
cap, not UTF-8 JSON, or (checked by the caller) not of the expected shape reads as no cache at
all, and the next save replaces it. Writing never follows a symlink planted in the folder.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CACHE_DIR = ".smm-cache"
#: The lint cache's whole file (lint/cache.py); a run without it is cold.
LINT_FILE = "lint-v5.json"


def cold(root: Path) -> bool:
    """Whether a lint of the repository at ``root`` finds no cache file to start from."""
    return not (root / CACHE_DIR / LINT_FILE).is_file()


#: Far above the cache of 100,000 posts (about 35 MB); a larger file is not one smm wrote.
MAX_BYTES = 256 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def read_json(root: Path, name: str) -> Any:
    """The JSON value in .smm-cache/``name``, or None when it is missing, not a regular file,
    too large, or not JSON."""
    try:
        fd = os.open(root / CACHE_DIR / name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except OSError:
        return None  # missing, or a symlink (O_NOFOLLOW), or unreadable
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None  # a FIFO or a device would hang or never end
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_BYTES + 1)
        # bytes: json decodes UTF-8 with 'surrogatepass', the counterpart of write_json
        return json.loads(data)
    except (OSError, ValueError, RecursionError):
        return None  # ValueError covers bad UTF-8, bad JSON and over-long integers
    finally:
        os.close(fd)


@contextlib.contextmanager
def no_gc(freeze: bool = False) -> Iterator[None]:
    """For reading and checking a cache: it allocates ~100,000 containers and no cycles, and the
    collector's passes over them would cost a warm run a third of the time it spends on it.
    ``freeze``: they live as long as the run, so they go out of the collector's passes for good
    (``gc.freeze``, which the caller undoes) before it is enabled again, whose first pass would
    otherwise walk them all (8 ms for the lint cache of 10,000 posts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def own_folder(root: Path, *below: str) -> Path | None:
    """.smm-cache/ (and the folders ``below`` in it) as real folders of this repository, each
    created if missing; None if one is a symlink or not a folder, so nothing is read or written
    where a planted link points (mkdir does not follow a link: it finds the name taken)."""
    folders = [root / CACHE_DIR]
    for name in below:
        folders.append(folders[-1] / name)
    try:
        for folder in folders:
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder)
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return None
    except OSError:
        return None
    return folders[-1]


def _replace(folder: Path, name: str, data: bytes) -> None:
    """Write ``data`` to folder/``name`` through a fresh temporary file (O_EXCL: never a planted
    link) and an atomic rename, which replaces a link at ``name`` instead of following it."""
    # what tempfile.mkstemp does, without importing tempfile (shutil, random, bz2: 1.9 ms)
    tmp = str(folder / f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o644)  # not the umask's: a CI step run as another user reads the cache
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def json_bytes(value: Any) -> bytes:
    """``value`` as the cache files hold it: compact JSON in UTF-8."""
    # ensure_ascii=False keeps the file small; surrogatepass keeps file names that are not UTF-8
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8", "surrogatepass"
    )


def write_json(root: Path, name: str, value: Any) -> None:
    """Write ``value`` as .smm-cache/``name``; a read-only checkout just has no cache."""
    write_bytes(root, name, json_bytes(value))


def write_bytes(root: Path, name: str, data: bytes) -> None:
    """Write ``data`` (``json_bytes``'s) as .smm-cache/``name``."""
    folder = own_folder(root)
    if folder is None:
        return
    try:
        ignore = folder / ".gitignore"
        if not (ignore.is_file() and not ignore.is_symlink() and ignore.read_bytes() == b"*\n"):
            _replace(folder, ".gitignore", b"*\n")
        _replace(folder, name, data)
    except OSError:
        pass


def remove(root: Path, name: str) -> None:
    """Delete .smm-cache/``name`` if it is there (never through a planted link: unlink removes
    the link itself)."""
    with contextlib.suppress(OSError):
        os.unlink(root / CACHE_DIR / name)
