"""networks/x_emoji.py: the emoji sequences twitter-text 3.1.0 (JS, the reference) matches as one
emoji weigh 2, every other one piece by piece, as the reference weighs it. The expected values are
the JS library's own answers (tests/networks/data/x_emoji_generate.py recorded them, and wrote
the list smm reads from twemoji-parser's pattern): no node needed here."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text.regexp.emoji import emoji_list
from xreference import miscounted, recorded

from smm.networks import x_emoji, xlength
from smm.networks.xlength import weighted_length

CASES = recorded("x_emoji_reference.json")
PORT = ["".join(chr(int(c, 16)) for c in e.codepoint.split()) for e in emoji_list]
PORT_MULTI = {s for s in PORT if len(s) > 1}
LISTED = x_emoji.listed(x_emoji.LIST.read_text(encoding="ascii"))
MULTI = sorted(LISTED)
# pieces that make and break sequences: their parts, prefixes, joiners and selectors alone, text
PIECES = sorted(
    {s[:k] for s in MULTI[::7] for k in range(1, len(s) + 1)}
    | {"\u200d", "\ufe0f", "\ufe0e", "\u20e3", "🏽", "🇷", "🇺", "#", "1", "©", "a", " ", "Я", "\n"}
)
# the reference's pattern as a plain alternation of its multi-code-point sequences, longest first
_LONGEST_FIRST = re.compile("|".join(map(re.escape, sorted(MULTI, key=len, reverse=True))))


def test_the_list_is_sorted_unique_and_of_the_size_written():
    assert sorted(set(LISTED), key=lambda s: [ord(c) for c in s]) == LISTED
    assert len(LISTED) == 1915 and all(len(s) > 1 for s in LISTED)
    by_first, firsts = x_emoji.sequences()
    assert sorted(s for group in by_first.values() for s in group) == MULTI
    assert all(firsts.fullmatch(s[0]) for s in MULTI)


def test_how_the_reference_differs_from_the_ports_list():
    """769 of the port's 2,563 sequences are no emoji to the reference (weighed piece by piece,
    more than 2); 121 of the reference's are not in the port's list ("☕️", "☝️🏻")."""
    assert len(PORT_MULTI) == 2563
    assert len(PORT_MULTI - set(MULTI)) == 769 and len(set(MULTI) - PORT_MULTI) == 121
    for sequence in sorted(PORT_MULTI - set(MULTI)):
        assert weighted_length(sequence) > 2, sequence


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("👁‍🗨", 2),  # the reference's only form of it: without VS16
        ("👁️‍🗨️", 5),  # 👁️, a joiner (1), 🗨️: the port's fully-qualified form, 2 there
        ("🤏🏻", 4),  # Emoji 12: the pinch and the skin tone apart
        ("👩‍💻", 2),
        ("☕️", 2),
        ("♾️", 4),
        ("1⃣", 2),  # a keycap without VS16 is one emoji too
        ("a" * 276 + "🤏🏻", 280),
    ],
)
def test_examples(text, weight):
    assert weighted_length(text) == weight


def test_every_recorded_case_is_counted_as_twitter_text_counts_it():
    assert len(CASES) > 7000
    assert {text for text, *_ in CASES} >= PORT_MULTI | set(MULTI)
    assert miscounted(CASES) == []


def test_every_sequence_of_the_reference_holds_a_character_the_fast_path_looks_for():
    assert all(xlength._SEQUENCE.search(s) for s in MULTI)


def _longest_first_blocks(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _LONGEST_FIRST.finditer(text)]


def test_every_sequence_alone_and_after_another_is_found_longest_first():
    for k, sequence in enumerate(MULTI):
        before = MULTI[k - 1]
        for text in (sequence, f"a{sequence}b", before + sequence, sequence + sequence[:-1]):
            assert list(x_emoji.blocks(text)) == _longest_first_blocks(text), text


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES + MULTI[:50] + MULTI[-50:]), max_size=30).map("".join))
def test_generated_texts_hold_the_same_blocks(text):
    assert list(x_emoji.blocks(text)) == _longest_first_blocks(text)
