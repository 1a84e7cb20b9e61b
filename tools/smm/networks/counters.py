"""Length as each network counts it (docs/networks.md#how-length-is-counted).

Every counter takes the *visible* text: markup that the network parses away does not count.
For Telegram that is ``telegram_text``: the text TDLib keeps of the HTML, which it counts in code
points.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from smm.networks import mastodon_urls, xlength

_URL = re.compile(r"https?://\S+")
_MASTODON_MENTION = re.compile(r"(@[\w.]+)@[\w.-]+\w")


# Telegram: what TDLib does to a bot's text before it compares utf8_length (one per code point)
# with the limit (tdlib/td td/telegram/misc.cpp clean_input_string; MessageEntity.cpp
# clean_input_string_with_entities and fix_formatted_text): control characters but '\n' become
# spaces; '\r', U+2028..U+202E and the marks U+030A, U+0333, U+033F go; a run of LRM/RLM marks
# becomes ZWNJs but its last; then trailing spaces and newlines are cut, and leading ones up to
# the first entity (a tag with something in it), which keeps them.
_TG_TAG = re.compile(r"<(/?)[A-Za-z][^>]*>")
_TG_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f]")
_TG_REMOVED = re.compile("[\r\u030a\u0333\u033f\u2028-\u202e]")
_TG_MARKS = re.compile("[\u200e\u200f]{2,}")
_TG_DIRTY = re.compile(f"{_TG_CONTROL.pattern}|{_TG_REMOVED.pattern}")  # what clean() changes
# strip_empty_characters (misc.cpp): a text of only these is "empty", and Telegram refuses it as a message
_TG_EMPTY = re.compile(
    "[ \n\u00a0\u1680\u180e\u2000-\u200f\u202e\u202f\u205f\u2800\u3000\ufeff\ufffc"
    "\U000e0000-\U000e007f]*"
)


def telegram_text(markup: str) -> str:
    """The text Telegram keeps of HTML that smm rendered: tags dropped, &lt; &gt; &amp; decoded,
    then cleaned and trimmed as TDLib does (above). It reads smm's own well-formed markup; the
    sandbox ports TDLib's parser whole, and a property test holds the two to the same text."""

    def clean(raw: str) -> str:
        if "&" not in raw and _TG_DIRTY.search(raw) is None:
            return raw  # most text between tags: nothing to decode, replace or remove
        return _TG_REMOVED.sub("", _TG_CONTROL.sub(" ", html.unescape(raw)))

    pieces: list[str] = []
    size, position, opened, first = 0, 0, [], None
    for tag in _TG_TAG.finditer(markup):
        pieces.append(clean(markup[position : tag.start()]))
        size, position = size + len(pieces[-1]), tag.end()
        if not tag.group(1):
            opened.append(size)
        elif opened and size > (start := opened.pop()):  # an entity with something in it
            first = start if first is None else min(first, start)
    pieces.append(clean(markup[position:]))
    text = "".join(pieces)
    if "\u200e" in text or "\u200f" in text:
        text = _TG_MARKS.sub(lambda run: "\u200c" * (len(run.group()) - 1) + run.group()[-1], text)
    text = text.rstrip(" \n")
    lead = len(text) - len(text.lstrip(" \n"))
    return text[lead if first is None else min(lead, first) :]


def telegram_blank(text: str) -> bool:
    """Whether Telegram takes ``text`` (as telegram_text gives it) for no text at all."""
    return _TG_EMPTY.fullmatch(text) is not None


def codepoints(text: str) -> int:
    return len(text)


def graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters, UAX #29)."""
    if text.isascii() and "\r\n" not in text:
        return len(text)
    return len(_grapheme().findall(text))


@cache
def _grapheme() -> Any:
    """``regex``'s extended grapheme cluster, imported on the first text that needs it: lint
    counts graphemes only above a cheap bound (UPPER_BOUNDS), and the import costs 5 ms."""
    import regex

    return regex.compile(r"\X")


def mastodon(text: str, url_length: int = 23) -> int:
    """Graphemes, with each link Mastodon finds (networks/mastodon_urls.py) as ``url_length`` (the
    instance's characters_reserved_per_url, 23 by default) and ``@user@domain`` as ``@user``
    (StatusLengthValidator)."""
    links = mastodon_urls.spans(text)
    if links:
        kept, end = [], 0
        for start, stop in links:
            kept += [text[end:start], "x" * url_length]
            end = stop
        text = "".join(kept) + text[end:]
    return graphemes(_MASTODON_MENTION.sub(r"\1", text))


def links(text: str) -> dict[str, int]:
    """The distinct web addresses written in ``text``, each with where it first stands, as a
    network that caps them reads them (Threads: at most 5 a post): lint and the sandbox both
    count with this."""
    found: dict[str, int] = {}
    for url in _URL.finditer(text):
        found.setdefault(url.group(), url.start())
    return found


def bluesky(text: str) -> int:
    """Graphemes; the 3000-byte cap is checked beside it (bluesky_bytes)."""
    return graphemes(text)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


# Threads: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8
# bytes." (developers.facebook.com/documentation/threads/posts, official). Which characters Meta
# takes for emoji it does not say (unconfirmed): this reading, which the sandbox refuses by too,
# counts the emoji blocks and the joiner and VS16 that build sequences, each by its own bytes.
_THREADS_EMOJI = re.compile("[\U0001f000-\U0010ffff\u2600-\u27bf\u200d\ufe0f]")


def threads(text: str) -> int:
    """Characters as Threads counts them: one per code point, an emoji (above) as its UTF-8
    bytes (4 for 😀, 3 for ☀ or VS16)."""
    if text.isascii():
        return len(text)
    # each emoji code point adds its bytes less the 1 it already counts as a code point
    return len(text) + sum(len(c.encode("utf-8")) - 1 for c in _THREADS_EMOJI.findall(text))


def twitter(text: str) -> int:
    """X's weighted length, as twitter-text counts it (URLs 23, CJK and emoji 2): networks/xlength.py."""
    return xlength.weighted_length(text)


#: A cheap bound that is never below the exact count; lint counts exactly only above the limit.
UPPER_BOUNDS: dict[str, Callable[..., int]] = {
    "twitter": xlength.upper_bound,
    "graphemes": len,
    # an emoji counts its bytes, any other code point 1 of its 1-4 (a lone surrogate: 3)
    "threads": lambda text: len(text.encode("utf-8", "surrogatepass")),
    "bluesky": len,  # a grapheme holds at least one code point
    "mastodon": lambda text, url_length=23: (
        len(text) + url_length * text.count("://")
    ),  # Mastodon needs the scheme
}

COUNTERS: dict[str, Callable[..., int]] = {
    "codepoints": codepoints,
    "graphemes": graphemes,
    "mastodon": mastodon,
    "bluesky": bluesky,
    "twitter": twitter,
    "threads": threads,
}
UNITS = {
    "codepoints": "characters",
    "graphemes": "characters",
    "mastodon": "characters",
    "bluesky": "graphemes",
    "twitter": "weighted characters",
    "threads": "characters (an emoji as its UTF-8 bytes)",
}
