"""The lint cache: nothing about a post is checked twice unless its bytes (or its images) changed.

An entry is keyed by the post's path and validated by (size, mtime) first, then by a hash of
its bytes, so a fresh checkout (new mtimes, same bytes) still hits. The whole cache is dropped
when smm, a rule file, or any brand or campaign file changes. ``SMM_CACHE=0`` turns it off.

The file is JSON (lint/cachefile.py), read as untrusted data: its key is compared first, then
every column is checked (lint/cachecodec.py); a file that does not fit is thrown away whole,
and the run checks every post again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smm import __version__
from smm.content.loader import MAX_POST_BYTES
from smm.content.userfile import MAX_IMAGE_BYTES, open_user_file, read_user_file
from smm.lint.cachebehind import BEHIND_MIN, Behind, wait_for_writes
from smm.lint.cachecheck import Cross, Unfit
from smm.lint.cachecodec import (
    Entry,
    Images,
    Infos,
    Stamp,
    cross_json,
    decode,
    encode,
    whole_head,
)
from smm.lint.cachefile import (
    CACHE_DIR,
    LINT_FILE,
    json_bytes,
    no_gc,
    read_json,
    remove,
    write_bytes,
    write_json,
)
from smm.lint.fingerprint import rules_fingerprint
from smm.lint.gitblobs import blob_id

__all__ = [
    "CACHE_DIR",
    "Cache",
    "Entry",
    "digest",
    "image_digest",
    "stamp",
    "wait_for_writes",
]

_FILE = LINT_FILE
#: The entries changed since the whole file was written, while they are few: a run that checked
#: 5 posts writes those 5, not 10,000 (the whole file is written again past ``_CHANGES_MOST``)
_CHANGES = "lint-v5-changes.json"
_CHANGES_MIN, _CHANGES_SHARE = 100, 20  # at most max(100, a twentieth of the entries)


def digest(data: bytes) -> str:
    """A post's identity: git's blob id of its bytes, which git's index also knows
    (lint/gitblobs.py), so a fresh checkout is recognised without reading its posts."""
    return blob_id(data)


def stamp(path: str | Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def image_digest(root: Path, src: str) -> str | None:
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
            return h.hexdigest()
    except OSError:
        return None


@dataclass
class Cache:
    root: Path
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    enabled: bool = True
    dirty: bool = False
    # brand -> the cross-post findings over its posts, until one of them changes
    cross: Cross = field(default_factory=dict)
    # image src -> (stamp, digest): an image is hashed again only when its stamp changed, and a
    # fresh checkout (new mtimes, same bytes) does not re-check the posts that use it
    images: Images = field(default_factory=dict)
    # image src -> what inspecting it found, with the digest of those bytes (lint/images.py)
    infos: Infos = field(default_factory=dict)
    _this_run: dict[str, str | None] = field(
        default_factory=dict, repr=False
    )  # each image once a run
    _valid: set[tuple[str, str | None]] = field(default_factory=set, repr=False)  # and so found
    base: str | None = None  # the id of the whole file read, which the changes file names
    changed: set[str] = field(default_factory=set)  # paths changed since the whole file
    whole: bool = False  # a post is gone: only a whole file can say so
    _behind: Behind | None = field(default=None, repr=False)  # the whole file, being written

    @classmethod
    def open(cls, root: Path, config_files: list[str], enabled: bool = True) -> Cache:
        enabled = enabled and os.environ.get("SMM_CACHE", "1") != "0"
        cache = cls(root, cls.key_of(root, config_files, enabled), enabled=enabled)
        if enabled:
            with no_gc():
                cache._read()
        return cache

    @staticmethod
    def key_of(root: Path, config_files: list[str], enabled: bool = True) -> str:
        """What every entry depends on beside its post: smm's code and rule files, and the bytes
        of the brand and campaign files (``config_files``)."""
        h = hashlib.blake2b(digest_size=16)
        code = rules_fingerprint(root if enabled else None)  # no .smm-cache/ when off
        h.update(f"{__version__}|{code}".encode())
        for path in config_files:
            try:
                data = read_user_file(root, path, MAX_POST_BYTES)
            except OSError as exc:  # lint reports it; the key still changes when the file does
                data = f"unreadable: {exc}".encode()
            h.update(path.encode("utf-8", "surrogatepass") + b"\0" + data)
        return h.hexdigest()

    def _read(self) -> None:
        """The whole file, then the changes since it was written (each read as untrusted)."""
        doc = read_json(self.root, _FILE)
        try:
            self.entries, self.images, self.cross, self.infos = decode(doc, self.key)
        except Unfit:
            return  # missing, stale, or not what smm writes: an empty cache, rebuilt by this run
        base = doc.get("id")
        if not isinstance(base, str):
            return
        self.base = base
        changes = read_json(self.root, _CHANGES)
        if not isinstance(changes, dict) or changes.get("base") != base:
            return  # none, or left from an older whole file: the whole file alone holds
        try:
            entries, self.images, self.cross, self.infos = decode(changes, self.key)
        except Unfit:
            return
        self.entries.update(entries)
        self.changed = set(entries)

    def image_id(self, src: str) -> str | None:
        """The digest of image ``src``, hashing it only if its stamp changed since last time."""
        if src in self._this_run:
            return self._this_run[src]
        self._this_run[src] = value = self._image_id(src)
        return value

    def _image_id(self, src: str) -> str | None:
        current = stamp(self.root / src) if ".." not in src and not os.path.isabs(src) else None
        known = self.images.get(src)
        if known is not None and known[0] == current:
            return known[1]
        value = image_digest(self.root, src) if current is not None else None
        self.images[src] = (current, value)
        # the same bytes under a new stamp (a fresh checkout) are no reason to rewrite the cache
        self.dirty = self.dirty or known is None or known[1] != value
        return value

    def lookup(self, path: str, current: Stamp | None, blob: str | None = None) -> Entry | None:
        """The entry for ``path`` if the file (now at ``current``) and its images are unchanged.
        ``blob``: the file's blob id as git's index vouches for it, if it does; then the file is
        not read, and its stamp is left as it was (a fresh checkout rewrites no cache)."""
        entry = self.entries.get(path)
        if entry is None:
            return None
        if blob is not None and current != entry.stamp:
            if blob != entry.digest:
                return None
        elif current != entry.stamp:
            try:
                if digest(read_user_file(self.root, path, MAX_POST_BYTES)) != entry.digest:
                    return None
            except OSError:
                return None
            entry = self.entries[path] = entry._replace(stamp=current)
            self.changed.add(path)
            self.dirty = True
        images = entry.images
        if images and not all(map(self._valid.__contains__, images)):
            if any(self.image_id(src) != old for src, old in images):
                return None
            self._valid.update(images)  # each (image, digest) looked at once a run, not per post
        return entry

    def stale(self, stamps: dict[str, Stamp | None]) -> int:
        """How many of the cached posts now have another stamp than the cache knows."""
        entries = self.entries
        return sum(1 for path, now in stamps.items() if (e := entries.get(path)) and e.stamp != now)

    def store(self, path: str, entry: Entry) -> None:
        self._unsettle(self.entries.get(path), entry)
        self.entries[path] = entry
        self.changed.add(path)
        self.dirty = True

    def _unsettle(self, *entries: Entry | None) -> None:
        """Forget the cross-post findings of the brands of ``entries``: a change to one post can
        change those of its brand (and of the brand it had before)."""
        for entry in entries:
            if entry is not None and entry.facts is not None:
                self.cross.pop(entry.facts[1], None)  # PostFacts.brand

    def forget(self, keep: set[str]) -> None:
        """Drop the entries of posts that are gone."""
        for path in self.entries.keys() - keep:
            self._unsettle(self.entries.pop(path))
            self.dirty = self.whole = True

    def keep_infos(self, infos: Infos) -> None:
        """Keep what inspecting images found, for the next post that names one of them."""
        if infos:
            self.infos.update(infos)
            self.dirty = True

    def keep_cross(self, found: Cross) -> None:
        """Keep these brands' cross-post findings until one of their posts changes."""
        self.cross.update(found)
        self.dirty = True

    def save(self) -> None:
        """Write the cache if anything changed: the entries changed since the whole file while
        they are few, else the whole file (begun by ``write_behind``, if it was)."""
        behind, self._behind = self._behind, None
        if behind is not None and behind.finish(self):
            self.changed, self.whole = set(), False
            return
        if not self.enabled or not self.dirty:
            return
        if not self._whole_file_due():
            changed = {path: self.entries[path] for path in sorted(self.changed)}
            doc = encode(self.key, changed, self.images, self.cross, self.infos)
            write_json(self.root, _CHANGES, {**doc, "base": self.base})
            return
        self._new_whole_file()
        head = whole_head(encode(self.key, self.entries, self.images, {}, self.infos))
        self.write_whole(head, cross_json(self.cross))
        self.changed, self.whole = set(), False

    def write_behind(self) -> None:
        """Begin writing the whole file in a forked process, when one is due and large (a cold
        lint's): its encoding and writing then overlap this process's cross-post rules, report
        and answer. ``save`` hands it the cross-post findings, the one thing that may change
        meanwhile (lint/cachebehind.py); ``wait_for_writes`` waits for it."""
        if (
            self.enabled
            and self.dirty
            and len(self.entries) >= BEHIND_MIN
            and self._behind is None
            and self._whole_file_due()
        ):
            self._new_whole_file()
            self._behind = Behind.start(self)

    def _whole_file_due(self) -> bool:
        few = max(_CHANGES_MIN, len(self.entries) // _CHANGES_SHARE)
        return self.base is None or self.whole or len(self.changed) > few

    def _new_whole_file(self) -> None:
        """A new id for the whole file, and only the image inspections its entries name."""
        self.base = os.urandom(8).hex()
        named = {src for entry in self.entries.values() for src, _ in entry.images}
        self.infos = {src: row for src, row in self.infos.items() if src in named}

    def write_whole(self, head: bytes, cross: dict[str, list[list[Any]]]) -> None:
        """Write the whole file: ``head`` (``whole_head``'s), then the cross-post findings
        (``cross_json``'s) and this cache's id."""
        tail = b',"cross":' + json_bytes(cross) + b',"id":' + json_bytes(self.base) + b"}"
        write_bytes(self.root, _FILE, head + tail)  # first: the old changes file
        remove(self.root, _CHANGES)  # names the old id, so it no longer applies
