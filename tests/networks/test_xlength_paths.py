"""X's count skips the emoji pattern when a text holds no emoji sequence (networks/xlength.py): the
same result as with it, for every text without a joiner, variation selector, keycap, regional
indicator, skin tone or tag."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from smm.networks import xlength

FRAGMENTS = [
    "a",
    "Я",
    " ",
    "\n",
    "\r\n",
    ".",
    "a.co",
    "zerno.ru/x",
    "https://t.co/abc",
    "http://b1.example/p?q=1",
    "#tag",
    "@who",
    "1",
    "#",
    "*",
    "©",
    "®",
    "™",
    "‼",
    "↔",
    "☕",
    "🍋",
    "😀",
    "🐻",
    "中",
    "한",
    "\u2000",
    "\u2010",
    "\u2032",
    "\ufffe",
    "\U0001f600\U0001f601",
    "ſ",
    "İ",
    "e\u0301",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_without_emoji_sequences_the_emoji_pattern_changes_nothing(text):
    assert not xlength._SEQUENCE.search(text)
    quick = xlength.parse(text)
    saved = xlength._SEQUENCE
    xlength._SEQUENCE = re.compile(".", re.DOTALL)  # every text runs the emoji pattern
    try:
        assert xlength.parse(text) == quick
    finally:
        xlength._SEQUENCE = saved


# ("☕️" is a sequence too, where smm and the port differ: tests/networks/test_x_vs16.py)
@pytest.mark.parametrize("sequence", ["👍🏽", "🇷🇺", "#️⃣", "👩‍💻", "❤️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"])
def test_every_emoji_sequence_is_seen(sequence):
    assert xlength._SEQUENCE.search(sequence)
    text = f"a {sequence} b"
    assert xlength.weighted_length(text) == parse_tweet(text).weightedLength


def test_every_multi_code_point_emoji_of_the_port_holds_a_sequence_character():
    from twitter_text.regexp.emoji import emoji_list

    multi = ["".join(chr(int(c, 16)) for c in e.codepoint.split()) for e in emoji_list]
    multi = [m for m in multi if len(m) > 1]
    assert len(multi) > 2000
    assert all(xlength._SEQUENCE.search(m) for m in multi)
