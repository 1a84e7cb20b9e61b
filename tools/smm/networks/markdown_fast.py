"""The Markdown most posts are written in, read without Python-Markdown.

Nearly every post is paragraphs of text with ``**strong**``, ``*em*``, ``[text](url)`` links and
bare URLs. Python-Markdown spends about 0.3 ms on such a body (its block parser, then one regex
pass per inline pattern over every text, then the placeholders put back); this module reads it in
a few microseconds. It answers only when it is sure: anything outside that subset — a character
or a line start that means markup in any of Python-Markdown's block or inline processors —
returns None, and markdown_text.py parses the body with Python-Markdown as before.

What it reads is the tree Python-Markdown builds, in order, as the pieces ``walk`` needs (never
built as a tree): the paragraphs, their text, links and emphasis. ``walk`` turns them into the
text markdown_text.py's walk makes of Python-Markdown's tree: tests/networks/test_markdown_fast.py
renders thousands of generated and real bodies both ways and requires every output to be equal.
A post is rendered once per network (each adds its own UTM parameters to the links), so what
reads the same on every network is escaped once, when the body is read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

# Anywhere in the body: escapes, code spans, raw HTML and autolinks, entities, images,
# Python-Markdown's placeholder characters, carriage returns and tabs (its whitespace
# normaliser rewrites them), and runs of three asterisks (strong inside em).
_REFUSED = re.compile(r"[\\`<\x02\x03\r\t\f\v]|!\[|&[#\w]*;|\*\*\*")
# A line no block processor may take, looked at anywhere in a paragraph: a heading ('#' not
# followed by a word character: '#кофе' is a hashtag), a quote, a setext underline or a rule,
# a code fence of tildes (one of backticks is refused with every '`').
_BLOCK_LINE = re.compile(r"^(?:#(?!\w)|>|~~~|[-=*_ ]+$)", re.MULTILINE)
# What opens a list when it starts a paragraph (sane_lists: '1.' or a bullet and a space).
_LIST_START = re.compile(r"[-*+] |\d+\. ")
# [text](url): text without brackets or a newline, a url without spaces, parentheses, quotes,
# angle brackets or backslashes (so no title, no <url>, no nested parentheses).
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^\s()<>\[\]\"'\\]+)\)")
# **strong** and *em*: no asterisk inside, no space just inside the markers.
_EMPHASIS = re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*")
# Left over outside links and emphasis (a link's URL may hold them), these would mean markup the
# subset does not cover: emphasis with underscores, unpaired markers, brackets of references.
_STRAY = re.compile(r"[*_\[\]]")
# A bare URL's run of characters, before the punctuation that ends a sentence is cut off its end
_URL_RUN = re.compile(r"https?://[^\s<>\"]+")
# cut off the end of a bare URL: a sentence's punctuation always; a closing bracket unless it closes
# one the URL opened (GFM's autolinks and twitter-text keep 'wiki/Annapurna_(mountain)' whole)
_TRAILING = frozenset(".,;:!?»)]")
_OPENS = {")": "(", "]": "["}

#: A paragraph compiled for ``walk``: (kind, value) in order: ``"="`` what reads the same on every
#: network, as (Telegram HTML, visible text); ``""`` text, ``"b"`` or ``"i"`` strong or em holding
#: a bare URL (value: the text's pieces, odd ones the URLs); ``"a"`` a link (its raw href and its
#: own pieces). Only links and bare URLs differ from one network to the next (their UTM).
Inline = list[tuple[str, Any]]


def paragraphs(source: str) -> list[Inline] | None:
    """The paragraphs of ``source`` for ``walk``: the tree Python-Markdown would build,
    piece by piece in order, never built as a tree; or None when the body holds anything outside
    the subset (then only Python-Markdown knows the answer)."""
    if _REFUSED.search(source) or _BLOCK_LINE.search(source):
        return None
    found = []
    for block in _PARAGRAPH_BREAK.split(source.strip("\n")):
        if not block or _LIST_START.match(block) or _badly_spaced(block):
            return None
        pieces: Inline = []
        if not _links(pieces, block):
            return None
        found.append(_merged(pieces))
    return found


_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def _badly_spaced(block: str) -> bool:
    """Whether a line starts with white space or ends with any but one space after a character
    that is none: an indented code block, a list item's continuation, a hard line break ('  ' at
    the end) or a line of spaces between paragraphs. One space at the end is text to
    Python-Markdown, kept as it is (an editor leaves one often, a sentence pasted in one)."""
    return any(
        line[:1].isspace() or (line[-1:].isspace() and (line[-1] != " " or line[-2:-1].isspace()))
        for line in block.split("\n")
    )


def _links(pieces: Inline, text: str) -> bool:
    """Add ``text``'s links and emphasis to ``pieces``; False when something is left over."""
    start = 0
    for match in _LINK.finditer(text):
        inner: Inline = []
        if not _emphasis(pieces, text[start : match.start()]) or not _emphasis(
            inner, match.group(1)
        ):
            return False
        pieces.append(("a", (match.group(2), _merged(inner))))  # <a href=...>inner</a>
        start = match.end()
    return _emphasis(pieces, text[start:])


def _emphasis(pieces: Inline, text: str) -> bool:
    """Add ``text`` to ``pieces``: its plain parts as text, its emphasis as <strong> or <em>."""
    start = 0
    for match in _EMPHASIS.finditer(text):
        if (
            text[match.start() - 1 : match.start()] == "*"
            or text[match.end() : match.end() + 1] == "*"
        ):
            return False  # markers touching markers: Python-Markdown pairs them its own way
        if not _plain(pieces, text[start : match.start()]):
            return False
        strong = match.group(1)
        pieces.append(_text("b", strong) if strong is not None else _text("i", match.group(2)))
        start = match.end()
    return _plain(pieces, text[start:])


def _plain(pieces: Inline, text: str) -> bool:
    """Add plain ``text`` (an element's text or the tail after its last child)."""
    if _STRAY.search(text):
        return False
    if text:
        pieces.append(_text("", text))
    return True


def _merged(pieces: Inline) -> Inline:
    """``pieces`` with what reads the same everywhere joined: walk appends it in one step."""
    merged: Inline = []
    for kind, value in pieces:
        if kind == "=" and merged and merged[-1][0] == "=":
            tg, plain = merged[-1][1]
            merged[-1] = ("=", (tg + value[0], plain + value[1]))
        else:
            merged.append((kind, value))
    return merged


def split_urls(text: str) -> tuple[str, ...]:
    """``text`` split at its bare URLs: text, URL, text, ..., text (one piece when it has none).
    Each URL gets the network's rewrite (UTM parameters), as a link's URL does."""
    if "://" not in text:
        return (text,)
    parts: list[str] = []
    start = 0
    for run in _URL_RUN.finditer(text):
        url = _url_end(run.group(0))
        if len(url) < run.group(0).index("://") + 5:  # fewer than 2 characters after '://'
            continue
        parts += [text[start : run.start()], url]
        start = run.start() + len(url)
    parts.append(text[start:])
    return tuple(parts)


def _url_end(url: str) -> str:
    """``url`` without the punctuation after it: ``.,;:!?»`` and any ``)`` or ``]`` that closes
    no bracket of its own (counted as GFM counts them, over the whole URL)."""
    end = len(url)
    unclosed = {close: url.count(close) - url.count(_OPENS[close]) for close in _OPENS}
    while end and url[end - 1] in _TRAILING:
        last = url[end - 1]
        if last in _OPENS:
            if unclosed[last] <= 0:
                break  # it closes the URL's own '(' ('['): part of the URL
            unclosed[last] -= 1
        end -= 1
    return url[:end]


def _text(kind: str, text: str) -> tuple[str, Any]:
    """A piece of text (``kind``: "" plain, "b" or "i"), as walk makes it once when it holds no
    bare URL."""
    parts = split_urls(text)
    if len(parts) > 1:
        return kind, parts
    tg = html.escape(text, quote=False)
    return ("=", (f"<{kind}>{tg.strip()}</{kind}>", text.strip()) if kind else (tg, text))


def has_links(paragraphs: list[Inline]) -> bool:
    """Whether ``walk`` would call its rewrite for any of ``paragraphs``: a link or a bare URL."""
    return any(kind != "=" for pieces in paragraphs for kind, _ in pieces)


def link(href: str, raw_href: str, inner_tg: str, inner_plain: str) -> tuple[str, str]:
    """(Telegram HTML, visible text) of a link to ``href`` (``raw_href`` as written) around its
    text, here and in markdown_text's walk alike. An e-mail address linked to itself is its text
    alone: Telegram links an address by itself (its link check would turn ``mailto:`` into a web
    address), and the plain-text networks would show it twice."""
    if href[:7].lower() == "mailto:" and inner_plain == href[7:]:
        return inner_tg, inner_plain
    tg = f'<a href="{html.escape(href, quote=True)}">{inner_tg}</a>'
    shown = (
        inner_plain if inner_plain in (href, raw_href) or not href else f"{inner_plain} ({href})"
    )
    return tg, shown


def walk(pieces: Inline, rewrite: Callable[[str], str]) -> tuple[str, str]:
    """(Telegram HTML, visible text) of a compiled paragraph: what markdown_text's walk makes of
    its tree, step for step (the links' and bare URLs' rewrites called in the same order)."""
    tg_parts, plain_parts = [], []
    for kind, value in pieces:
        if kind == "=":
            tg_parts.append(value[0])
            plain_parts.append(value[1])
            continue
        if kind == "a":
            raw_href, inner = value
            inner_tg, inner_plain = walk(inner, rewrite)  # holds no <code> to drop: text is escaped
            tg, plain = link(rewrite(raw_href), raw_href, inner_tg, inner_plain)
            tg_parts.append(tg)
            plain_parts.append(plain)
            continue
        plain = "".join(rewrite(part) if index % 2 else part for index, part in enumerate(value))
        tg = html.escape(plain, quote=False)
        if kind:
            tg, plain = f"<{kind}>{tg.strip()}</{kind}>", plain.strip()
        tg_parts.append(tg)
        plain_parts.append(plain)
    return "".join(tg_parts).strip(), "".join(plain_parts).strip()
