"""The lint cache: nothing about a post is checked twice unless its bytes (or its images) changed.

An entry is keyed by the post's path and validated by (size, mtime) first, then by a hash of
its bytes, so a fresh checkout (new mtimes, same bytes) still hits. The whole cache is dropped
when smm, a rule file, or any brand or campaign file changes. ``SMM_CACHE=0`` turns it off.
Entries are tuples of plain values, so unpickling 10,000 takes ~40 ms (dataclasses: ~10x that).
"""

from __future__ import annotations

import hashlib
import pickle
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from smm import __version__
from smm.content.loader import MAX_POST_BYTES
from smm.content.userfile import MAX_IMAGE_BYTES, open_user_file, read_user_file
from smm.rules import rules_fingerprint

CACHE_DIR = ".smm-cache"
_FILE = "lint-v4.pickle"
Stamp = tuple[int, int]  # (size, mtime_ns)


class Entry(NamedTuple):
    stamp: Stamp | None
    digest: bytes
    images: tuple[tuple[str, bytes | None], ...]  # digests of the images the findings depend on
    facts: tuple | None  # a PostFacts as a plain tuple
    findings: tuple[tuple, ...]  # Findings as plain tuples


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def stamp(path: str | Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def write_cache_file(root: Path, name: str, value: Any) -> None:
    """Pickle ``value`` into .smm-cache/``name`` atomically; a read-only checkout just has no cache."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n")
        tmp = folder / f"{name}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=5)
        os.replace(tmp, folder / name)
    except OSError:
        pass


def image_digest(root: Path, src: str) -> bytes | None:
    """The digest of an image a post names (None when it is missing, leaves the repository or is
    not a regular file). Past MAX_IMAGE_BYTES only the start and the size are hashed: lint does
    not look further into such a file either, and a sparse 1 TB file must not take hours."""
    if ".." in src or os.path.isabs(src):
        return None
    try:
        with open_user_file(root, src) as (fh, size):
            h = hashlib.blake2b(digest_size=16)
            h.update(f"{size}\0".encode())
            remaining = min(size, MAX_IMAGE_BYTES)
            while remaining > 0 and (chunk := fh.read(min(remaining, 1 << 20))):
                h.update(chunk)
                remaining -= len(chunk)
            return h.digest()
    except OSError:
        return None


@dataclass
class Cache:
    root: Path
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    enabled: bool = True
    dirty: bool = False
    derived: dict[str, Any] = field(default_factory=dict)  # results over all entries (cross-post)
    # image src -> (stamp, digest): an image is hashed again only when its stamp changed, and a
    # fresh checkout (new mtimes, same bytes) does not re-check the posts that use it
    images: dict[str, tuple[Stamp | None, bytes | None]] = field(default_factory=dict)
    _this_run: dict[str, bytes | None] = field(default_factory=dict, repr=False)  # each image once a run

    @classmethod
    def open(cls, root: Path, config_files: list[str], enabled: bool = True) -> "Cache":
        enabled = enabled and os.environ.get("SMM_CACHE", "1") != "0"
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{__version__}|{rules_fingerprint()}".encode())
        for path in config_files:
            try:
                data = read_user_file(root, path, MAX_POST_BYTES)
            except OSError as exc:  # lint reports it; the key still changes when the file does
                data = f"unreadable: {exc}".encode()
            h.update(path.encode() + b"\0" + data)
        cache = cls(root, h.hexdigest(), enabled=enabled)
        if enabled:
            try:
                with open(root / CACHE_DIR / _FILE, "rb") as fh:
                    key, entries, derived, images = pickle.load(fh)
                if key == cache.key:
                    cache.entries = {path: Entry(*entry) for path, entry in entries.items()}
                    cache.derived, cache.images = derived, images
            except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
                pass  # a missing or unreadable cache is an empty one
        return cache

    def image_id(self, src: str) -> bytes | None:
        """The digest of image ``src``, hashing it only if its stamp changed since last time."""
        if src in self._this_run:
            return self._this_run[src]
        self._this_run[src] = value = self._image_id(src)
        return value

    def _image_id(self, src: str) -> bytes | None:
        current = stamp(self.root / src) if ".." not in src and not os.path.isabs(src) else None
        known = self.images.get(src)
        if known is not None and known[0] == current:
            return known[1]
        value = image_digest(self.root, src) if current is not None else None
        self.images[src] = (current, value)
        self.dirty = True
        return value

    def lookup(self, path: str, current: Stamp | None) -> Entry | None:
        """The entry for ``path`` if the file (now at ``current``) and its images are unchanged."""
        entry = self.entries.get(path)
        if entry is None:
            return None
        if current != entry.stamp:
            try:
                if digest(read_user_file(self.root, path, MAX_POST_BYTES)) != entry.digest:
                    return None
            except OSError:
                return None
            entry = self.entries[path] = entry._replace(stamp=current)
            self.dirty = True
        if any(self.image_id(src) != old for src, old in entry.images):
            return None
        return entry

    def store(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        self.derived.clear()  # any change to one post can change a cross-post result
        self.dirty = True

    def forget(self, keep: set[str]) -> None:
        """Drop the entries of posts that are gone."""
        for path in self.entries.keys() - keep:
            del self.entries[path]
            self.derived.clear()
            self.dirty = True

    def derive(self, name: str, value: Any) -> None:
        """Keep a result computed over every entry until an entry changes."""
        self.derived[name] = value
        self.dirty = True

    def save(self) -> None:
        """Write the cache if anything changed."""
        if not self.enabled or not self.dirty:
            return
        entries = {path: tuple(entry) for path, entry in self.entries.items()}
        write_cache_file(self.root, _FILE, (self.key, entries, self.derived, self.images))
