"""A character followed by VS16 (U+FE0F) weighs as twitter-text 3.1.0, the reference, weighs it:
the pairs its emoji pattern matches as one emoji weigh 2 ("☕️"), where the port (and smm before)
weighed the character and a stray VS16, 4; "♾️", which the port's list holds and twitter-text's
pattern does not, weighs 4. The expected values are the JS library's own answers, recorded once
(tests/networks/data/x_vs16_generate.py): no node needed here."""

from __future__ import annotations

import pytest
from xreference import miscounted, recorded

from smm.networks.xlength import parse, weighted_length

CASES = recorded("x_vs16_reference.json")
# the emoji-by-default characters whose VS16 pair twitter-text matches as one emoji
REFERENCE_PAIRS = (
    "🀄🈚🈯⌚⌛◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛔⛪⛲⛳⛵⛺⛽❗⬛⬜⭐⭕"
)


@pytest.mark.parametrize("emoji", ["☕️", "⚡️", "⛄️", "⌚️", "⭐️", "©️", "❤️"])
def test_the_auditors_pairs_weigh_two(emoji):
    assert weighted_length(emoji) == 2
    # VS15 asks for text: the character's own weight and VS15's 2, as in twitter-text
    assert weighted_length(emoji[0] + "\ufe0e") == weighted_length(emoji[0]) + 2


def test_the_auditors_post_and_the_limit():
    assert weighted_length("a" * 235 + " ☕️") == 238
    assert parse("a" * 278 + "☕️").valid  # 280
    assert not parse("a" * 279 + "☕️").valid  # 281


def test_a_pair_the_reference_does_not_match_weighs_its_parts():
    assert weighted_length("♾️") == 4
    assert weighted_length("♾") == 2


def test_the_recorded_reference_is_the_generator_s_output_and_large_enough():
    assert len(CASES) > 2000
    assert {text for text, *_ in CASES} >= {c + "\ufe0f" for c in REFERENCE_PAIRS}


def test_every_recorded_case_is_counted_as_twitter_text_counts_it():
    assert miscounted(CASES) == []
