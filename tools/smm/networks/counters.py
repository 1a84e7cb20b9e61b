"""Length as each network counts it (PLATFORMS.md §0 "Quick lint-rule table").

Every counter takes the *visible* text: markup that the network parses away does not count.
"""

from __future__ import annotations

import re
from typing import Callable

import regex

from smm.networks import xlength

_GRAPHEME = regex.compile(r"\X")
_URL = re.compile(r"https?://\S+")
_MASTODON_MENTION = re.compile(r"(@[\w.]+)@[\w.-]+\w")


def utf16(text: str) -> int:
    """Telegram: entity offsets and lengths are UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def codepoints(text: str) -> int:
    return len(text)


def graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters, UAX #29)."""
    if text.isascii() and "\r\n" not in text:
        return len(text)
    return len(_GRAPHEME.findall(text))


def mastodon(text: str) -> int:
    """Graphemes, with each URL as 23 and ``@user@domain`` as ``@user`` (StatusLengthValidator)."""
    text = _MASTODON_MENTION.sub(r"\1", _URL.sub("x" * 23, text))
    return graphemes(text)


def bluesky(text: str) -> int:
    """Graphemes; the 3000-byte cap is checked beside it (bluesky_bytes)."""
    return graphemes(text)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def twitter(text: str) -> int:
    """X's weighted length, as twitter-text counts it (URLs 23, CJK and emoji 2): networks/xlength.py."""
    return xlength.weighted_length(text)


#: A cheap bound that is never below the exact count; lint counts exactly only above the limit.
UPPER_BOUNDS: dict[str, Callable[[str], int]] = {
    "twitter": xlength.upper_bound,
    "graphemes": len, "bluesky": len,  # a grapheme holds at least one code point
    "mastodon": lambda text: len(text) + 23 * text.count("://"),  # Mastodon needs the scheme
}

COUNTERS: dict[str, Callable[[str], int]] = {
    "utf16": utf16, "codepoints": codepoints, "graphemes": graphemes,
    "mastodon": mastodon, "bluesky": bluesky, "twitter": twitter,
}
UNITS = {"utf16": "UTF-16 units", "codepoints": "characters", "graphemes": "characters",
         "mastodon": "characters", "bluesky": "graphemes", "twitter": "weighted characters"}
