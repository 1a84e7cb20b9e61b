"""Which pages a rebuild must write: each page's key is a hash of everything it is made from,
kept in the output folder's manifest (``.smm-site.json``) beside the pages.

A post page's inputs: the post's bytes, its blob at HEAD and the commits its history is told
from, its brand and campaign files, the images it showed last time (their bytes' digests), its
state per network, its lint findings, the site's navigation and smm itself (every file of the
package: code, rules, templates, CSS). The other pages (home, calendars, campaigns) are keyed by
the data they show. A page whose key is in the manifest and whose file is there (with the
thumbnails it shows) is not rendered again; thumbnails no page shows any more are deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

import smm
from smm.site.layout import is_thumb

MANIFEST = ".smm-site.json"
VERSION = 2  # 2: the images' thumbnails, and each post page's history's identity


def key_of(*parts: Any) -> str:
    """A stable hash of plain ``parts``: text, numbers, None and tuples or lists of them."""
    return _hash(repr(parts))


def context_key(*parts: Any) -> str:
    """A stable hash of a page's context: plain values, dataclasses (every field), dates and
    Decimals, written by json's C encoder (a dataclass's repr runs Python code per field)."""
    try:
        text = json.dumps(parts, default=_plain, ensure_ascii=False)
    except (TypeError, ValueError):  # a mapping keyed by something other than text
        text = repr(parts)
    return _hash(text)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "replace"), digest_size=16).hexdigest()


def _plain(value: Any) -> Any:
    """What json cannot write itself, as values it can (all of the value, with its type)."""
    kind = type(value)
    if kind is datetime:  # two in every slot: asked first
        return f"{value.isoformat()} {value.tzinfo}"
    if kind in _FIELDS or (is_dataclass(value) and not isinstance(value, type)):
        name, values = _FIELDS.get(kind) or _fields_of(kind)
        return [name, *values(value)]
    if isinstance(value, datetime):
        return f"{value.isoformat()} {value.tzinfo}"
    if isinstance(value, (set, frozenset)):
        return sorted(repr(v) for v in value)
    return f"{type(value).__name__}:{value}"  # dates, Decimals, zones: their str is all of them


#: a dataclass's name and a getter of all its fields' values at once (in C), by its type: the
#: listing pages' contexts hold thousands of slots, written here one callback each
_FIELDS: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]]]] = {}


def _fields_of(kind: type) -> tuple[str, Callable[[Any], tuple[Any, ...]]]:
    names = [f.name for f in fields(kind)]
    getter: Callable[[Any], tuple[Any, ...]]
    if len(names) > 1:
        getter = attrgetter(*names)  # a tuple of the values
    else:

        def getter(value: Any) -> tuple[Any, ...]:
            return tuple(getattr(value, name) for name in names)

    _FIELDS[kind] = found = kind.__name__, getter
    return found


@cache
def fingerprint() -> str:
    """A hash of smm's own files: a new smm (code, rules, templates or CSS) rebuilds every page."""
    package = Path(smm.__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Manifest:
    """The pages of the last build: path -> {"key": ..., "images": [...], "history": ...} (a
    post page's images, by their paths in the repository, and its history's identity); the
    thumbnail of each image the pages show (``thumbs``: image -> its file in the site) and the
    commit HEAD was (``head``)."""

    pages: dict[str, dict[str, Any]] = field(default_factory=dict)
    head: str | None = None
    thumbs: dict[str, str] = field(default_factory=dict)
    _present: set[str] | None = field(default=None, repr=False, compare=False)
    _links: set[str] = field(default_factory=set, repr=False, compare=False)  # (present())
    _unthumbed: set[str] = field(default_factory=set, repr=False, compare=False)  # (load, present)

    @classmethod
    def load(cls, out: Path) -> Manifest:
        try:
            data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return cls()
        pages, head, thumbs = data.get("pages"), data.get("head"), data.get("thumbs")
        named: dict[str, str] = {}
        unnamed: set[str] = set()
        for src, thumb in thumbs.items() if isinstance(thumbs, dict) else ():
            # a thumbnail named as a file smm does not make (CNAME, a page) is not there: the
            # pages showing the image are made again (``fresh``), and the entry is not kept
            if is_thumb(str(thumb)):
                named[str(src)] = str(thumb)
            else:
                unnamed.add(str(src))
        return cls(
            pages if isinstance(pages, dict) else {},
            head if isinstance(head, str) else None,
            named,
            _unthumbed=unnamed,
        )

    def fresh(self, out: Path, path: str, key: str) -> bool:
        """Whether the page at ``path`` has ``key`` and its file and thumbnails are in ``out``
        (as they were when first asked: the files are listed once, not stat-ed one by one)."""
        entry = self.pages.get(path)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        if path not in self.present(out):
            return False
        # a page showing an image whose thumbnail is gone is made again (almost never: checked
        # only when one is gone, not for each of 10,000 pages)
        return not self._unthumbed or self._unthumbed.isdisjoint(_texts(entry.get("images")))

    def present(self, out: Path) -> set[str]:
        """The files in ``out`` when first asked, by their paths relative to it."""
        if self._present is None:
            self._present, self._links = _files_under(str(out))
            self._unthumbed |= {
                src for src, thumb in self.thumbs.items() if thumb not in self._present
            }
        return self._present

    def links(self, out: Path) -> set[str]:
        """The symbolic links in ``out`` (as ``present`` found them), by their paths in it."""
        self.present(out)
        return self._links

    def images(self, path: str) -> list[str]:
        entry = self.pages.get(path)
        return _texts(entry.get("images") if isinstance(entry, dict) else None)

    def history(self, path: str) -> str | None:
        """The identity of the history the post page at ``path`` showed (Histories.identity)."""
        entry = self.pages.get(path)
        found = entry.get("history") if isinstance(entry, dict) else None
        return found if isinstance(found, str) else None

    def save(self, out: Path) -> None:
        target = out / MANIFEST
        partial = target.with_name(MANIFEST + ".part")
        partial.write_text(
            json.dumps(
                {"version": VERSION, "head": self.head, "thumbs": self.thumbs, "pages": self.pages}
            ),
            encoding="utf-8",
        )
        partial.replace(target)


def _texts(value: object) -> list[str]:
    """A manifest's list of paths (it is read from the output folder: anything else, none)."""
    return [str(i) for i in value] if isinstance(value, list) else []


def _files_under(top: str) -> tuple[set[str], set[str]]:
    """The files under ``top`` and the symbolic links, as paths relative to it (folders by their
    listing alone: one call a folder instead of one a file, 10,000 pages in 10 ms instead of
    40). A link is not a file of the site, whatever it points to."""
    found: set[str] = set()
    links: set[str] = set()
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(os.path.join(top, folder)) as entries:
                for entry in entries:
                    name = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_symlink():
                        links.add(name)
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(name)
                    elif entry.is_file():
                        found.add(name)
        except OSError:
            continue
    return found, links
