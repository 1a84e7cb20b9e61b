"""What the plan shows of a post beyond the lint facts: its heading (title, or first words), kind,
the URLs of its published copies and, for the ICS feed only, the first lines of its text.

The lint cache's facts do not carry these, so they are read here from the post file and kept in
``.smm-cache/plan-v3.json``, keyed by the lint cache entry's digest of the file's bytes: a post
is read again only when its bytes changed (and only when it lies in the plan's window). The texts
(the first lines of the body and of each network's override) live apart, in
``plan-texts-v3.json``, read only by a plan made with ``texts``: they are most of the bytes, and
only the ICS feed shows them (the site and the other formats show the heading). Like the lint
cache, the files are untrusted JSON: one entry of another shape discards the file.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from smm import __version__
from smm.content import yamlpos
from smm.content.loader import MAX_POST_BYTES, split_front_matter
from smm.content.managed import entries_of
from smm.content.userfile import read_user_file
from smm.lint.cachecheck import Unfit, column, pairs, sparse
from smm.lint.cachefile import no_gc, read_json, remove, write_json
from smm.sharedwork import chunked, forks_pay, shared

_FILE, _TEXTS = "plan-v3.json", "plan-texts-v3.json"
_OLD = "plan-v2.json"  # one file with the texts, before they went apart: removed on a save
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
    heading: str  # the title: key, or the first words of the text
    kind: str
    urls: tuple[tuple[str, str], ...]  # (network, URL of the published post)
    # the texts: read from the cache only by a plan made with them (DetailsCache)
    excerpt: str = ""  # the first lines of the body, Markdown marks taken out
    overrides: tuple[tuple[str, str], ...] = ()  # (network, excerpt of overrides.<network>.text)

    def text_for(self, network: str) -> str:
        if not self.overrides:  # almost every post: no mapping made for each of its networks
            return self.excerpt
        return dict(self.overrides).get(network, self.excerpt)

    def url(self, network: str) -> str | None:
        return dict(self.urls).get(network)


NO_TEXT = "(no text)"
UNREADABLE = Details(NO_TEXT, "organic", ())


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
    return details_of(data, body)


def details_of(data: object, body: str) -> Details:
    """The details of a post from its front matter's values and its body: read_details's, and a
    lint's that has just loaded the post (lint/checker.py), so that a cold plan reads no post
    the lint read a moment before."""
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
    excerpt = plain_lines(body)
    return Details(
        (title.strip() if isinstance(title, str) and title else None)
        or first_words(excerpt)
        or NO_TEXT,
        kind if isinstance(kind, str) else "organic",
        tuple(urls),
        excerpt,
        tuple(overrides),
    )


def _version() -> str:
    """smm's version and this module's code: what was read under other code is read again."""
    return (
        f"{__version__}|{hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()}"
    )


# each file in columns as the lint cache (lint/cachecodec.py): paths, digests, then one list per
# field; urls and overrides, which most posts lack, as [index, [network, text, network, text, ...]]
Pairs = tuple[tuple[str, str], ...]
_Entries = dict[str, tuple[str, Details]]  # path -> digest, details
Made = _Entries  # the details a lint made of the posts it checked (Collected.details)
_Texts = dict[str, tuple[str, str, Pairs]]  # path -> digest, excerpt, overrides
_new_details = partial(tuple.__new__, Details)  # Details(*row) without a Python call per post


def _columns(doc: object, *names: str) -> tuple[list[str], list[list[Any]]]:
    """The paths of a cache file written by this code, then its digests and ``names`` columns
    (text each); Unfit for anything else."""
    if type(doc) is not dict or doc.get("version") != _version():
        raise Unfit
    paths = column(doc, "paths", {str})
    if len(set(paths)) != len(paths):
        raise Unfit  # a path twice
    return paths, [column(doc, name, {str}, len(paths)) for name in ("digest", *names)]


def _pairs(doc: object, name: str, n: int) -> list[Pairs]:
    rows: list[Pairs] = [()] * n
    for i, flat in sparse(doc, name, n):
        rows[i] = pairs(flat)
    return rows


def _load(doc: object) -> _Entries:
    """The entries of a details file written by this code, without their texts."""
    paths, (digests, headings, kinds) = _columns(doc, "heading", "kind")
    details = map(
        _new_details,
        zip(headings, kinds, _pairs(doc, "urls", len(paths)), repeat(""), repeat(())),
    )
    return dict(zip(paths, zip(digests, details)))


def _load_texts(doc: object) -> _Texts:
    """The entries of a texts file written by this code."""
    paths, (digests, excerpts) = _columns(doc, "excerpt")
    return dict(zip(paths, zip(digests, excerpts, _pairs(doc, "overrides", len(paths)))))


def _doc(paths: list[str], digests: list[str], **columns: list[Any]) -> dict[str, object]:
    """A file's JSON: the paired columns (urls, overrides) only for the posts that have some."""
    doc: dict[str, object] = {"version": _version(), "paths": paths, "digest": digests}
    for name, values in columns.items():
        if name in ("urls", "overrides"):
            values = [[i, [x for pair in v for x in pair]] for i, v in enumerate(values) if v]
        doc[name] = values
    return doc


class DetailsCache:
    """path -> (digest of the file's bytes, Details); off with SMM_CACHE=0 or use_cache=False.
    With ``texts``, the details carry the first lines of the texts too (the texts file is read,
    and a post it lacks is read again).

    A run that read only a few posts again (at most ``REREAD_MOST``, or a ``REREAD_SHARE``-th of
    the posts) does not write the files: the next run reads those few again (a millisecond or
    two), where writing them would take 0.05 s at 10,000 posts. An entry is used only when its
    digest is the post's, so one left behind is never wrong, only read again."""

    def __init__(self, root: Path, enabled: bool = True, texts: bool = False) -> None:
        self.root = root
        self.enabled = enabled and os.environ.get("SMM_CACHE", "1") != "0"
        self.texts = texts
        self.entries: _Entries = {}
        self.reads = 0  # entries read from the posts this run (new or changed)
        self.loaded = False  # the file (and the texts file, with texts) was there and fit
        if self.enabled:
            try:
                with no_gc():
                    self.entries = _load(read_json(root, _FILE))
                    if texts:
                        self.entries = _with_texts(
                            self.entries, _load_texts(read_json(root, _TEXTS))
                        )
                self.loaded = True
            except Unfit:
                self.entries = {}  # missing, stale, or not what smm writes: read the posts again

    def take(self, made: Made) -> None:
        """The details the lint made of the posts it checked this run (path -> digest of the
        bytes, details with their texts), in place of reading those posts again."""
        for path, (digest, details) in made.items():
            if digest and not self._holds(path, digest):
                self.entries[path] = (digest, details if self.texts else _headed(details))
                self.reads += 1

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
        return [(path, self._read(path)) for path in paths]

    def _read(self, path: str) -> Details:
        """The post's details, read from its file; without ``texts``, without them (as the
        cache gives them: the same slots whichever way they came)."""
        details = read_details(self.root, path)
        return details if self.texts else _headed(details)

    def _holds(self, path: str, digest: str) -> bool:
        hit = self.entries.get(path)
        return hit is not None and hit[0] == digest and bool(digest)

    def get(self, path: str, digest: str) -> Details:
        if self._holds(path, digest):
            return self.entries[path][1]
        details = self._read(path)
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
        paths = list(self.entries)
        digests = [digest for digest, _ in self.entries.values()]
        rows = [d for _, d in self.entries.values()]
        write_json(
            self.root,
            _FILE,
            _doc(
                paths,
                digests,
                heading=[d.heading for d in rows],
                kind=[d.kind for d in rows],
                urls=[d.urls for d in rows],
            ),
        )
        if self.texts:  # without them, the texts file keeps its entries: each is checked by digest
            texts = _doc(
                paths,
                digests,
                excerpt=[d.excerpt for d in rows],
                overrides=[d.overrides for d in rows],
            )
            write_json(self.root, _TEXTS, texts)
        remove(self.root, _OLD)


def _headed(details: Details) -> Details:
    """The details without their texts, as the cache gives them to a plan made without them."""
    return details._replace(excerpt="", overrides=())


def _with_texts(entries: _Entries, texts: _Texts) -> _Entries:
    """The entries whose texts the texts file has (for the same bytes), with them."""
    out: _Entries = {}
    for path, (digest, details) in entries.items():
        hit = texts.get(path)
        if hit is not None and hit[0] == digest:
            out[path] = (digest, details._replace(excerpt=hit[1], overrides=hit[2]))
    return out
