"""networks/x_emoji.py: the emoji list read as the port reads it, and the sequences found where the
port's emoji pattern finds them, without building that pattern; except the VS16 pairs where
twitter-text's own pattern differs from the port's (x_emoji.REFERENCE_PAIRS and
NOT_REFERENCE_PAIRS; tests/networks/test_x_vs16.py holds them to twitter-text's answers)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text.regexp.emoji import emoji, emoji_list

from smm.networks import x_emoji

SEQUENCES = ["".join(chr(int(c, 16)) for c in e.codepoint.split()) for e in emoji_list]
PORT_MULTI = {s for s in SEQUENCES if len(s) > 1}
MULTI = sorted(
    PORT_MULTI - x_emoji.NOT_REFERENCE_PAIRS | {c + "\ufe0f" for c in x_emoji.REFERENCE_PAIRS}
)
# pieces that make and break sequences: their parts, prefixes, joiners and selectors alone, text
PIECES = sorted(
    {s[:k] for s in MULTI[::7] for k in range(1, len(s) + 1)}
    | {"\u200d", "\ufe0f", "\ufe0e", "\u20e3", "🏽", "🇷", "🇺", "#", "1", "©", "a", " ", "Я", "\n"}
)


# the port's pattern built as the port builds it (every listed emoji, longest first) from its
# list with twitter-text's pairs
_REFERENCE = re.compile(
    "|".join(map(re.escape, sorted(MULTI + [s for s in SEQUENCES if len(s) == 1], key=len)[::-1]))
)


def test_the_ports_pattern_is_its_list_longest_first():
    assert {s for s in SEQUENCES if emoji.fullmatch(s)} == set(SEQUENCES)


def _port_blocks(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _REFERENCE.finditer(text) if len(m.group()) > 1]


def test_the_reference_pairs_are_the_only_change_to_the_ports_list():
    pairs = {c + "\ufe0f" for c in x_emoji.REFERENCE_PAIRS}
    assert not pairs & PORT_MULTI and x_emoji.NOT_REFERENCE_PAIRS <= PORT_MULTI
    assert set(MULTI) ^ PORT_MULTI == pairs | x_emoji.NOT_REFERENCE_PAIRS


def test_the_list_is_the_ports_list():
    listed = x_emoji.listed(x_emoji._test_file().read_text(encoding="utf-8"))
    assert ["".join(chr(int(c, 16)) for c in codes.split()) for codes in listed] == SEQUENCES
    by_first, _ = x_emoji.sequences()
    assert sorted(s for group in by_first.values() for s in group) == MULTI
    assert len(MULTI) > 2000


def test_every_sequence_alone_and_after_another_is_found_as_the_port_finds_it():
    for k, sequence in enumerate(MULTI):
        before = MULTI[k - 1]
        for text in (sequence, f"a{sequence}b", before + sequence, sequence + sequence[:-1]):
            assert list(x_emoji.blocks(text)) == _port_blocks(text), text


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES + MULTI[:50] + MULTI[-50:]), max_size=30).map("".join))
def test_generated_texts_hold_the_same_blocks(text):
    assert list(x_emoji.blocks(text)) == _port_blocks(text)
