"""The lint cache: nothing about a post is checked twice unless its bytes (or its images) changed.

An entry is keyed by the post's path and validated by (size, mtime) first, then by a hash of
its bytes, so a fresh checkout (new mtimes, same bytes) still hits. The whole cache is dropped
when smm, a rule file, or any brand or campaign file changes. ``SMM_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm import __version__
from smm.rules import rules_fingerprint

CACHE_DIR = ".smm-cache"
_FILE = "lint-v1.pickle"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass
class Entry:
    stamp: tuple[int, int] | None
    digest: bytes
    images: tuple[tuple[str, tuple[int, int] | None], ...]  # image stamps the findings depend on
    facts: Any
    findings: list[Any]


@dataclass
class Cache:
    root: Path
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    enabled: bool = True

    @classmethod
    def open(cls, root: Path, config_files: list[str], enabled: bool = True) -> "Cache":
        enabled = enabled and os.environ.get("SMM_CACHE", "1") != "0"
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{__version__}|{rules_fingerprint()}".encode())
        for path in config_files:
            h.update(path.encode() + b"\0" + (root / path).read_bytes())
        cache = cls(root, h.hexdigest(), enabled=enabled)
        if enabled:
            try:
                with open(root / CACHE_DIR / _FILE, "rb") as fh:
                    key, entries = pickle.load(fh)
                if key == cache.key:
                    cache.entries = entries
            except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
                pass  # a missing or unreadable cache is an empty one
        return cache

    def lookup(self, path: str, image_stamp: Any) -> Entry | None:
        """The entry for ``path`` if the file and its images are unchanged."""
        entry = self.entries.get(path)
        if entry is None:
            return None
        current = stamp(self.root / path)
        if current != entry.stamp:
            try:
                if digest((self.root / path).read_bytes()) != entry.digest:
                    return None
            except OSError:
                return None
            entry.stamp = current
        if any(image_stamp(src) != old for src, old in entry.images):
            return None
        return entry

    def save(self) -> None:
        if not self.enabled:
            return
        folder = self.root / CACHE_DIR
        try:
            folder.mkdir(exist_ok=True)
            (folder / ".gitignore").write_text("*\n")
            tmp = folder / f"{_FILE}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump((self.key, self.entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / _FILE)
        except OSError:
            pass  # a read-only checkout lints without a cache
