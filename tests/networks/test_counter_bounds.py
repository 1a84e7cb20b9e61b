"""The cheap bounds lint uses to skip exact counting must never be below the exact count."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text.regexp.emoji import emoji
from twitter_text.regexp.valid_cctld import valid_cctld
from twitter_text.regexp.valid_gtld import valid_gtld

from smm.networks.counters import COUNTERS, UPPER_BOUNDS
from smm.networks.xlength import LIGHT_RANGES, upper_bound, weighted_length

#: every TLD twitter-text links, from the port's patterns (which pass the conformance suite)
TLDS = sorted(
    {
        tld
        for pattern in (valid_gtld, valid_cctld)
        for tld in re.split(r"[|()?:]+", pattern.pattern)
        if tld and not tld.startswith(("=", "[", "$"))
    }
)
#: code points that NFC writes as several (U+FB2C, U+0958, U+1D160...): each weighs more after it
EXPANDING = [
    chr(point) for point in range(0x110000) if len(unicodedata.normalize("NFC", chr(point))) > 1
]
_LETTER = re.compile(r"[^\W\d_]")

_PIECES = st.sampled_from(
    [
        "a",
        "я",
        " ",
        ".",
        "a.ru",
        "t.co",
        "https://x.com/a",
        "http://пример.рф",
        "👍🏽",
        "👨‍👩‍👧",
        "#️⃣",
        "©",
        "®",
        "日本",
        "é",
        "e\u0301",
        "\n",
        "@u@m.social",
        "x.xn--p1ai",
        "end. Start",
    ]
)
texts = st.lists(_PIECES, max_size=40).map("".join) | st.text(max_size=200)

# links as twitter-text finds them, and the strings around them that make it find them or not
_HOST_CHARS = st.sampled_from(
    [*"abz09-_éжß日☃ς", "ſ", "ı", "İ", "\u0301", "ש", "\x96", "©", "。", "\U000e0067", "🐻"]
)
_SCHEMES = st.sampled_from(["", "", "http://", "https://", "HTTPS://", "www."])
_TAILS = st.sampled_from(
    ["", "/", "/a", "/путь", "?q=1&utm_source=x", "/a.", "/(x)", ":8080/x", "#f", "/" + "a" * 45]
)
urls = st.builds(
    lambda scheme, labels, tld, tail: scheme + ".".join(labels) + "." + tld + tail,
    _SCHEMES,
    st.lists(st.text(_HOST_CHARS, min_size=1, max_size=6), min_size=1, max_size=3),
    st.sampled_from(TLDS) | st.sampled_from(["xn--p1ai", "COM", "РФ", "ſhop", "ıo", "İnfo"]),
    _TAILS,
)
_TRICKY = st.sampled_from(
    [
        "👍🏽",
        "👨‍👩‍👧",
        "🏳️‍🌈",
        "🐻‍❄️",
        "🫱🏻‍🫲🏿",
        "🇷🇺",
        "#️⃣",
        "©",
        "®",
        "©\ufe0f",
        "\ufe0f",
        "\ufe0e",
        "\u200d",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "e\u0301",
        "\u0301",
        "\u0308\u0301",
        "\r\n",
        "\r",
        "\n",
        " ",
        ". ",
        ".",
        "т.е.",
        "e.g.",
        "\ufeff",
        "\ufffe",
        "\u202e",
        "日本",
        "한국어",
        "ſ",
        "ı",
        "İ",
        "\ud800",
        "\udfdf",  # lone surrogates (a YAML escape can make one)
    ]
)
x_texts = st.lists(
    st.one_of(urls, _TRICKY, st.sampled_from(EXPANDING), st.text(max_size=4)), max_size=14
).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts | x_texts)
def test_every_upper_bound_is_at_least_the_exact_count(text):
    for counter, bound in UPPER_BOUNDS.items():
        assert bound(text) >= COUNTERS[counter](text), counter


@settings(max_examples=500, deadline=None)
@given(x_texts | st.text(max_size=300))
def test_the_x_bound_is_never_below_the_weighted_length(text):
    assert upper_bound(text) >= weighted_length(text)


def test_the_x_bound_counts_a_link_with_a_unicode_host_as_23():
    assert weighted_length("http://☃.net/") == 23 <= upper_bound("http://☃.net/")


def test_the_x_bound_is_taken_after_nfc():
    """U+FB2C is one code point, weighing 2 unnormalised; NFC writes it as three Hebrew ones of 1."""
    assert weighted_length("Aשּׁ") == 4 <= upper_bound("Aשּׁ")
    assert all(upper_bound(char) >= weighted_length(char) for char in EXPANDING)


def test_the_x_bound_of_plain_prose_is_its_weighted_length():
    """Sentence ends cost nothing, so most posts never need exact counting."""
    text = "Новое зимнее меню. Раф с лавандой и имбирный латте! Ждём вас, друзья. 日本 😀"
    assert upper_bound(text) == weighted_length(text) == len(text) + 3  # 日, 本 and 😀 weigh 2


def test_the_ports_emoji_pattern_takes_no_light_code_point_alone_but_the_two_smm_drops():
    """What upper_bound's proof rests on: an emoji block of one code point is never a light one."""
    light = [chr(point) for start, end in LIGHT_RANGES for point in range(start, end + 1)]
    assert {char for char in light if emoji.fullmatch(char)} == {"©", "®"}
    assert emoji.match("©\ufe0f").group() == "©\ufe0f" and "(?=" not in emoji.pattern


def test_every_tld_begins_with_a_letter_and_only_letters_match_one_ignoring_case():
    """What upper_bound's proof rests on: each link holds a dot followed by a letter."""
    assert len(TLDS) > 1500 and all(_LETTER.match(tld) for tld in [*TLDS, "xn--"])
    first = re.compile("[" + re.escape("".join({tld[0] for tld in TLDS})) + "x]", re.IGNORECASE)
    assert all(_LETTER.match(chr(point)) for point in range(0x110000) if first.match(chr(point)))
