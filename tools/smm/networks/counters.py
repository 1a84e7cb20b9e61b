"""Length as each network counts it (PLATFORMS.md §0 "Quick lint-rule table").

Every counter takes the *visible* text: markup that the network parses away does not count.
"""

from __future__ import annotations

import re
from typing import Callable

import regex

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


def mastodon(text: str, url_length: int = 23) -> int:
    """Graphemes, with each URL as ``url_length`` (the instance's characters_reserved_per_url, 23
    by default) and ``@user@domain`` as ``@user`` (StatusLengthValidator)."""
    text = _MASTODON_MENTION.sub(r"\1", _URL.sub("x" * url_length, text))
    return graphemes(text)


def bluesky(text: str) -> int:
    """Graphemes; the 3000-byte cap is checked beside it (bluesky_bytes)."""
    return graphemes(text)


def utf8_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def twitter(text: str) -> int:
    """X's weighted length (twitter-text v3: URLs 23, CJK and emoji 2)."""
    from twitter_text import parse_tweet  # imported when an X post is counted, not at start-up

    return parse_tweet(text).weightedLength


# twitter-text v3 config: these ranges weigh 1, every other code point 2 (PLATFORMS.md §6)
_HEAVY = re.compile("[^\u0000-\u10FF\u2000-\u200D\u2010-\u201F\u2032-\u2037]")


# twitter-text finds URLs without a scheme too ("a.ru"): any URL has a dot before 2+ letters
_URL_LIKE = re.compile(r"[\w-]\.[^\W\d_]{2}")


def twitter_upper_bound(text: str) -> int:
    """Never below X's weighted length: code points by their v3 weight (an emoji sequence weighs
    at most the sum of its parts, except for © and ®), plus 23 per possible URL on top."""
    heavy = len(_HEAVY.findall(text)) + text.count("©") + text.count("®")
    return len(text) + heavy + 23 * len(_URL_LIKE.findall(text))


#: A cheap bound that is never below the exact count; lint counts exactly only above the limit.
UPPER_BOUNDS: dict[str, Callable[..., int]] = {
    "twitter": twitter_upper_bound,
    "graphemes": len, "bluesky": len,  # a grapheme holds at least one code point
    "mastodon": lambda text, url_length=23: len(text) + url_length * text.count("://"),  # Mastodon needs the scheme
}

COUNTERS: dict[str, Callable[..., int]] = {
    "utf16": utf16, "codepoints": codepoints, "graphemes": graphemes,
    "mastodon": mastodon, "bluesky": bluesky, "twitter": twitter,
}
UNITS = {"utf16": "UTF-16 units", "codepoints": "characters", "graphemes": "characters",
         "mastodon": "characters", "bluesky": "graphemes", "twitter": "weighted characters"}
