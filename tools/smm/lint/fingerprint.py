"""One digest of smm's own code and rule files: cached lint results are only as good as the code
that made them, so any change to either makes every post be checked again.

Hashing the ~250 files takes a warm run 10 ms, so the digest is remembered in the repository's
.smm-cache/ beside the (size, mtime, inode) of every file it covers, and read back while those
are the same: a reinstall or an edit changes them. Kept apart from smm.rules (which loads the
rule files' YAML) so that a warm run can ask it without loading anything."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from smm import __version__
from smm.lint.cachefile import read_json, write_json

_PACKAGE = Path(__file__).resolve().parent.parent
_FILE = "code-v1.json"
#: A file changed this recently may change again within one tick of the file system's clock
_RACY_NS = 1_000_000_000


def _files() -> list[tuple[str, str]]:
    """(path relative to the package, full path) of every .py file and rule file, sorted."""
    found = []
    base = str(_PACKAGE)
    cut = len(base) + 1
    stack = [base]
    while stack:
        for entry in os.scandir(stack.pop()):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(entry.path)
            elif entry.name.endswith(".py") or (
                entry.name.endswith(".yaml") and os.path.dirname(entry.path) == f"{base}/rules"
            ):
                found.append((entry.path[cut:].replace(os.sep, "/"), entry.path))
    return sorted(found)


def rules_fingerprint(memo: Path | None = None) -> str:
    """Changes whenever a rule file or smm's own code changes, so cached lint results go with it
    (a new check must see every post, not only the ones edited since). ``memo``: a repository
    whose .smm-cache/ may remember it."""
    files = _files()
    stamps = hashlib.blake2b(__version__.encode(), digest_size=16)
    newest = 0
    for rel, full in files:
        st = os.stat(full)
        newest = max(newest, st.st_mtime_ns)
        stamps.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
    known = read_json(memo, _FILE) if memo is not None else None
    if isinstance(known, list) and len(known) == 2 and known[0] == stamps.hexdigest():
        remembered = known[1]
        return remembered if isinstance(remembered, str) else _digest(files)
    value = _digest(files)
    if memo is not None and newest < time.time_ns() - _RACY_NS:
        write_json(memo, _FILE, [stamps.hexdigest(), value])
    return value


def _digest(files: list[tuple[str, str]]) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for rel, full in files:
        digest.update(rel.encode() + b"\0" + Path(full).read_bytes())
    return digest.hexdigest()
