"""smm.networks.xlength: X's weighted length as twitter-text's own implementations count it.

The expected numbers are what twitter-text's JS implementation (npm twitter-text 3.1.0, parseTweet)
answers for the same text; each case is one where the PyPI port's own parse_tweet answers otherwise.
The whole official suite runs in test_x_conformance.py.
"""

from __future__ import annotations

import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from twitter_text import parse_tweet
from twitter_text.config import config

from smm.networks.xlength import LIGHT_RANGES, URL_WEIGHT, parse, weighted_length

LIGHT = [
    chr(point)
    for start, end in LIGHT_RANGES
    for point in range(start, end + 1)
    if not 0xD800 <= point <= 0xDFFF
]

# text -> twitter-text's weighted length, where the port says otherwise
DIVERGENCES = {
    "a\r\nb": 4,  # the port folds CRLF into one character
    "\r\n" * 140: 280,
    "Zerno®": 6,
    "© 2026": 6,  # bare © and ® are no emoji to twitter-text: they weigh 1
    "ab.ıo": 5,
    "ab.ſhop": 7,
    "zerno.İo": 8,  # ı, ſ, İ do not match i, s, i: these are no links
    "\x1b\x96a.ch": 25,  # a link after a control character, which Python's IDNA codec refuses
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007fzerno.ru": 25,  # a subdivision flag's tags
    "שלוםzerno.ru": 27,  # right-to-left letters glued to a domain (IDNA 2003's bidi rule)
    "éжé.gt/жé.gt": 25,  # only the first copy of the domain is rewritten in the link
    "b.be🐻.be/": 29,  # a link skips UTF-16 units: the emoji's second half then weighs on its own
    "a ☕️ b": 6,  # an emoji presentation pair twitter-text's pattern matches as one emoji: 2
    "⭐️⚡️": 4,
    "♾️": 4,  # a pair the port lists and twitter-text's pattern does not: ♾ and a stray VS16
}
# text -> twitter-text's weighted length, where the port agrees: what the rewrites must not break
AGREEMENTS = {
    "©\ufe0f": 2,
    "®\ufe0f": 2,
    "#\ufe0f\u20e3": 2,
    "👨‍👩‍👧": 2,
    "\ufe0f": 2,
    "İstanbul": 8,
    "ſ": 1,
    "ı": 1,
    "a\nb": 3,
    "\r": 1,
    "http://☃.net/": 23,
    "http://пример.рф": 23,
    "zerno.ru/меню": 23,
    "пример.рф": 9,
    "http://127.0.0.1/": 17,  # no link: without a scheme a domain must be ASCII; no IPs
    "Aשּׁ": 4,
    "e\u0301": 1,
}
LONE_SURROGATES = {
    "\ud800": 2,
    "a\udfdf.ru": 6,
    "\udfdfzerno.ru": 25,
}  # JS counts such a unit as a character


@pytest.mark.parametrize("text", list(DIVERGENCES), ids=[repr(t[:20]) for t in DIVERGENCES])
def test_where_the_port_differs_smm_counts_as_twitter_text(text):
    assert parse_tweet(text).weightedLength != DIVERGENCES[text]  # so this case tests something
    assert weighted_length(text) == DIVERGENCES[text]


@pytest.mark.parametrize("text", list(AGREEMENTS), ids=[repr(t[:20]) for t in AGREEMENTS])
def test_where_the_port_agrees_smm_does_too(text):
    assert weighted_length(text) == parse_tweet(text).weightedLength == AGREEMENTS[text]


@pytest.mark.parametrize("text", list(LONE_SURROGATES), ids=[repr(t) for t in LONE_SURROGATES])
def test_a_lone_surrogate_is_counted_not_a_crash(text):
    with pytest.raises(UnicodeEncodeError):
        parse_tweet(text)  # the port's own count
    assert weighted_length(text) == LONE_SURROGATES[text]


def test_every_light_code_point_alone_weighs_one():
    """twitter-text's emoji pattern holds no light code point alone (© and ® need VS16)."""
    heavy = {char for char in LIGHT if weighted_length(char) != 1}
    decomposed = {char for char in heavy if unicodedata.normalize("NFC", char) != char}
    assert heavy == decomposed  # only those NFC rewrites into several code points
    assert all(
        weighted_length(char) == len(unicodedata.normalize("NFC", char)) for char in decomposed
    )


def test_the_weights_are_those_of_twitter_texts_v3_config():
    v3 = config["version3"]
    assert (v3["scale"], v3["default_weight"], v3["transformed_url_length"]) == (
        100,
        200,
        URL_WEIGHT,
    )
    assert [(r["start"], r["end"], r["weight"]) for r in v3["ranges"]] == [
        (s, e, 100) for s, e in LIGHT_RANGES
    ]
    assert v3["max_weighted_tweet_length"] == 280 and v3["emoji_parsing_enabled"]


@pytest.mark.parametrize("text", ["e\u0301" * 3, "\ufb2c" * 2 + "a", "\u212b", "a\r\nb"])
def test_ranges_are_utf16_offsets_into_the_text_as_written(text):
    result = parse(text)
    length = len(text.encode("utf-16-le")) // 2
    assert result.displayRangeEnd == result.validRangeEnd == length - 1


def test_a_text_past_the_limit_is_valid_up_to_the_last_character_that_fits():
    result = parse("a" * 279 + "©" + "b" * 5)
    assert (result.weightedLength, result.valid, result.validRangeEnd) == (285, False, 279)
    assert not parse("a\ufffe").valid and parse("").valid is False


def test_the_tests_keep_the_pkg_resources_that_the_ports_oracle_imports():
    """twitter-text-parser 3.0.0 loads its emoji list with pkg_resources, which setuptools 81 removed
    (and which Python 3.12's venvs no longer bring). smm never imports that module
    (networks/x_emoji.py reads the list itself), but the tests compare with the port's own
    parse_tweet and emoji pattern: the test extra keeps a setuptools that has it."""
    if "pkg_resources" in Path(sys.modules["twitter_text.regexp.emoji"].__file__).read_text(
        encoding="utf-8"
    ):
        requirements = [Requirement(line) for line in metadata.requires("smm") or []]
        (setuptools,) = [r for r in requirements if r.name == "setuptools"]
        assert setuptools.marker is not None and setuptools.marker.evaluate({"extra": "test"})
        assert not setuptools.marker.evaluate({"extra": ""})
        assert "81" not in setuptools.specifier and "65" in setuptools.specifier
