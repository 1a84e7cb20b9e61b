"""What the plan shows of a post beyond the lint facts: title, kind, the first lines of its text
and the URLs of its published copies.

The lint cache's facts do not carry these, so they are read here from the post file and kept in
``.smm-cache/plan-v2.json``, keyed by the lint cache entry's digest of the file's bytes: a post
is read again only when its bytes changed (and only when it lies in the plan's window). Like the
lint cache, the file is untrusted JSON: one entry of another shape discards it all.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Set as AbstractSet
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from smm import __version__
from smm.content import yamlpos
from smm.content.loader import MAX_POST_BYTES, split_front_matter
from smm.content.managed import entries_of
from smm.content.userfile import read_user_file
from smm.lint.cachecodec import Unfit, column, pairs, sparse
from smm.lint.cachefile import no_gc, read_json, write_json
from smm.sharedwork import chunked, forks_pay, shared

_FILE = "plan-v2.json"
REREAD_MOST, REREAD_SHARE = 100, 20  # see DetailsCache
#: From this many posts to read, forked processes read them too (a fork costs ~10 ms), each
#: taking chunks of at least CHUNK_MIN posts.
PARALLEL_MIN, CHUNK_MIN = 400, 16

EXCERPT_LINES = 5
EXCERPT_CHARS = 400
TITLE_WORDS = 8
TITLE_CHARS = 60

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~|`)")
_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_HTML = re.compile(r"</?[a-zA-Z][^>]*>")


class Details(NamedTuple):
    title: str | None  # the title: key
    kind: str
    excerpt: str  # the first lines of the body, Markdown marks taken out
    overrides: tuple[tuple[str, str], ...]  # (network, excerpt of overrides.<network>.text)
    urls: tuple[tuple[str, str], ...]  # (network, URL of the published post)

    def heading(self) -> str:
        """The title, or the first words of the text."""
        return self.title or first_words(self.excerpt) or "(no text)"

    def text_for(self, network: str) -> str:
        if not self.overrides:  # almost every post: no mapping made for each of its networks
            return self.excerpt
        return dict(self.overrides).get(network, self.excerpt)

    def url(self, network: str) -> str | None:
        return dict(self.urls).get(network)


UNREADABLE = Details(None, "organic", "", (), ())


def plain_lines(text: str, lines: int = EXCERPT_LINES, chars: int = EXCERPT_CHARS) -> str:
    """The first non-empty lines of Markdown ``text`` as plain text, at most ``chars`` long."""
    out: list[str] = []
    size = 0
    for raw in text.splitlines():
        line = _LEAD.sub("", raw)
        line = _LINK.sub(r"\1", line)
        line = _HTML.sub("", _EMPHASIS.sub("", line)).strip()
        if not line:
            continue
        if size + len(line) > chars:
            out.append(line[: max(chars - size, 0)].rstrip() + "…")
            break
        out.append(line)
        size += len(line) + 1
        if len(out) == lines:
            break
    return "\n".join(out)


def first_words(text: str) -> str:
    line = text.split("\n", 1)[0].rstrip("…")
    words = line.split()
    short = " ".join(words[:TITLE_WORDS])
    if len(short) > TITLE_CHARS:
        short = short[:TITLE_CHARS].rstrip()
    return short + ("…" if short != line.strip() else "")


def read_details(root: Path, path: str) -> Details:
    try:
        text = (
            read_user_file(root, path, MAX_POST_BYTES)
            .decode("utf-8", "replace")
            .removeprefix("\ufeff")
        )
    except OSError:
        return UNREADABLE
    parts = split_front_matter(text)
    if parts is None:
        return UNREADABLE
    front, body, _ = parts
    try:
        data = yamlpos.load(front).data  # refuses aliases and numbers int() cannot take
    except yamlpos.YamlProblem:
        return UNREADABLE
    if not isinstance(data, dict):
        return UNREADABLE
    title = data.get("title")
    kind = data.get("kind")
    overrides = []
    for network, override in (
        (data.get("overrides") or {}).items() if isinstance(data.get("overrides"), dict) else ()
    ):
        if isinstance(override, dict) and isinstance(override.get("text"), str):
            overrides.append((str(network), plain_lines(override["text"])))
    urls = [
        (network, entry["url"])
        for network, entry in entries_of(data, "published").items()
        if isinstance(entry.get("url"), str)
    ]
    return Details(
        title.strip() if isinstance(title, str) and title else None,
        kind if isinstance(kind, str) else "organic",
        plain_lines(body),
        tuple(overrides),
        tuple(urls),
    )


def _version() -> str:
    """smm's version and this module's code: what was read under other code is read again."""
    return (
        f"{__version__}|{hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()}"
    )


# the file, in columns as the lint cache (lint/cachecodec.py): paths, then one list per field;
# overrides and urls, which most posts lack, as [index, [network, text, network, text, ...]]
# (item types differ by column, so the values are the common AbstractSet[type[Any]])
_COLUMNS: dict[str, AbstractSet[type[Any]]] = {
    "digest": {str},
    "title": {str, type(None)},
    "kind": {str},
    "excerpt": {str},
}
_new_details = partial(tuple.__new__, Details)  # Details(*row) without a Python call per post


def _load(doc: object) -> dict[str, tuple[str, Details]]:
    """The entries of a cache file written by this code; Unfit for anything else."""
    if type(doc) is not dict or doc.get("version") != _version():
        raise Unfit
    paths = column(doc, "paths", {str})
    n = len(paths)
    found = {name: column(doc, name, types, n) for name, types in _COLUMNS.items()}
    lists: dict[str, list[tuple[tuple[str, str], ...]]] = {"overrides": [()] * n, "urls": [()] * n}
    for name, rows in lists.items():
        for i, flat in sparse(doc, name, n):
            rows[i] = pairs(flat)
    details = map(
        _new_details,
        zip(found["title"], found["kind"], found["excerpt"], lists["overrides"], lists["urls"]),
    )
    entries = dict(zip(paths, zip(found["digest"], details)))
    if len(entries) != n:
        raise Unfit  # a path twice
    return entries


class DetailsCache:
    """path -> (digest of the file's bytes, Details); off with SMM_CACHE=0 or use_cache=False.

    A run that read only a few posts again (at most ``REREAD_MOST``, or a ``REREAD_SHARE``-th of
    the posts) does not write the file: the next run reads those few again (a millisecond or
    two), where writing it would take 0.05 s at 10,000 posts (2.7 MB). An entry is used only
    when its digest is the post's, so one left behind is never wrong, only read again."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled and os.environ.get("SMM_CACHE", "1") != "0"
        self.entries: dict[str, tuple[str, Details]] = {}
        self.reads = 0  # entries read from the posts this run (new or changed)
        self.loaded = False  # the file was there and fit
        if self.enabled:
            try:
                with no_gc():
                    self.entries = _load(read_json(root, _FILE))
                self.loaded = True
            except Unfit:
                pass  # missing, stale, or not what smm writes: read the posts again

    def read_all(self, wanted: dict[str, str], jobs: int | None = None) -> None:
        """Read the details of the posts in ``wanted`` (path -> digest of its bytes) that the
        cache lacks, in this process and forked ones (smm/sharedwork.py) when they are many (a
        cold plan or site of 10,000 posts: 0.65 s of one process); ``get`` reads the others."""
        missing = [path for path, digest in wanted.items() if not self._holds(path, digest)]
        jobs = jobs or os.cpu_count() or 1
        if not forks_pay(len(missing), jobs, PARALLEL_MIN):
            return
        chunks = chunked(missing, jobs, CHUNK_MIN)
        for path, details in shared(chunks, self._read_chunk, jobs, "reading posts"):
            if wanted[path]:
                self.entries[path] = (wanted[path], details)
                self.reads += 1

    def _read_chunk(self, paths: list[str]) -> list[tuple[str, Details]]:
        return [(path, read_details(self.root, path)) for path in paths]

    def _holds(self, path: str, digest: str) -> bool:
        hit = self.entries.get(path)
        return hit is not None and hit[0] == digest and bool(digest)

    def get(self, path: str, digest: str) -> Details:
        if self._holds(path, digest):
            return self.entries[path][1]
        details = read_details(self.root, path)
        if digest:
            self.entries[path] = (digest, details)
            self.reads += 1
        return details

    def save(self, keep: set[str] | None = None) -> None:
        if not self.enabled:
            return
        gone: set[str] = set()
        if keep is not None:
            gone = self.entries.keys() - keep
            for path in gone:
                del self.entries[path]
        few = self.reads <= max(REREAD_MOST, len(self.entries) // REREAD_SHARE)
        if not gone and (not self.reads or (self.loaded and few)):
            return
        items = [(path, digest, d) for path, (digest, d) in self.entries.items()]
        doc: dict[str, object] = {
            "version": _version(),
            "paths": [path for path, _, _ in items],
            "digest": [digest for _, digest, _ in items],
        }
        doc |= {
            name: [getattr(d, name) for _, _, d in items] for name in ("title", "kind", "excerpt")
        }
        doc |= {
            name: [
                [i, [x for pair in getattr(d, name) for x in pair]]
                for i, (_, _, d) in enumerate(items)
                if getattr(d, name)
            ]
            for name in ("overrides", "urls")
        }
        write_json(self.root, _FILE, doc)
