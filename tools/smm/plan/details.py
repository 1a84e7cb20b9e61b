"""What the plan shows of a post beyond the lint facts: title, kind, the first lines of its text
and the URLs of its published copies.

The lint cache's facts do not carry these, so they are read here from the post file and kept in
``.smm-cache/plan-v1.pickle``, keyed by the lint cache entry's digest of the file's bytes: a post
is read again only when its bytes changed (and only when it lies in the plan's window).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from pathlib import Path
from typing import NamedTuple

import yaml

from smm import __version__
from smm.content.loader import MAX_POST_BYTES, split_front_matter
from smm.content.userfile import read_user_file
from smm.lint.cache import CACHE_DIR, write_cache_file

_FILE = "plan-v1.pickle"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
        text = read_user_file(root, path, MAX_POST_BYTES).decode("utf-8", "replace").removeprefix("\ufeff")
    except OSError:
        return UNREADABLE
    parts = split_front_matter(text)
    if parts is None:
        return UNREADABLE
    front, body, _ = parts
    try:
        data = yaml.load(front, Loader=_Loader)
    except yaml.YAMLError:
        return UNREADABLE
    if not isinstance(data, dict):
        return UNREADABLE
    title = data.get("title") if isinstance(data.get("title"), str) else None
    kind = data.get("kind") if isinstance(data.get("kind"), str) else "organic"
    overrides = []
    for network, override in (data.get("overrides") or {}).items() if isinstance(data.get("overrides"), dict) else ():
        if isinstance(override, dict) and isinstance(override.get("text"), str):
            overrides.append((str(network), plain_lines(override["text"])))
    urls = []
    for network, entry in (data.get("published") or {}).items() if isinstance(data.get("published"), dict) else ():
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            urls.append((str(network), entry["url"]))
    return Details(title.strip() if title else None, kind, plain_lines(body), tuple(overrides), tuple(urls))


def _version() -> str:
    """smm's version and this module's code: what was read under other code is read again."""
    return f"{__version__}|{hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()}"


class DetailsCache:
    """path -> (digest of the file's bytes, Details); off with SMM_CACHE=0 or use_cache=False."""

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = root
        self.enabled = enabled and os.environ.get("SMM_CACHE", "1") != "0"
        self.entries: dict[str, tuple[bytes, tuple]] = {}
        self.dirty = False
        if self.enabled:
            try:
                with open(root / CACHE_DIR / _FILE, "rb") as fh:
                    version, entries = pickle.load(fh)
                if version == _version():
                    self.entries = entries
            except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
                pass

    def get(self, path: str, digest: bytes) -> Details:
        hit = self.entries.get(path)
        if hit is not None and hit[0] == digest and digest:
            return Details(*hit[1])
        details = read_details(self.root, path)
        if digest:
            self.entries[path] = (digest, tuple(details))
            self.dirty = True
        return details

    def save(self, keep: set[str] | None = None) -> None:
        if not self.enabled:
            return
        if keep is not None:
            gone = self.entries.keys() - keep
            for path in gone:
                del self.entries[path]
            self.dirty = self.dirty or bool(gone)
        if not self.dirty:
            return
        write_cache_file(self.root, _FILE, (_version(), self.entries))

