"""The hashtag and mention patterns of networks/compose.py start with their '#' or '@' so that
re skips to it (3 x faster than trying every position); they must find exactly what the
patterns as written first (a look-behind before the '#' or '@') find, on any text."""

from __future__ import annotations

import random
import re

import pytest

from smm.networks.compose import HASHTAG_IN_TEXT, MENTION_IN_TEXT, hashtags_in, mentions_in

#: The same rules written the plain way: the look-behind first
PLAIN_HASHTAG = re.compile(r"(?<![\w#/])[#＃](\w+)")
PLAIN_MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9._]{1,30})(?![\w@])")
#: Characters around which the rules decide: word characters of several scripts, the marks
#: themselves, the characters the look-behinds exclude, spaces and line breaks
ALPHABET = "#＃@/._ aZ9жЖ١\n\t-é"


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_patterns_find_what_the_plain_ones_find(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
        assert HASHTAG_IN_TEXT.findall(text) == PLAIN_HASHTAG.findall(text), text
        assert MENTION_IN_TEXT.findall(text) == PLAIN_MENTION.findall(text), text


def test_hashtags_and_mentions_at_the_edges_of_words_and_lines() -> None:
    found = hashtags_in("#старт a#no #ok/#no ##no ＃全角 x/#no\n#end")
    assert found == ["старт", "ok", "全角", "end"]
    assert mentions_in("@first a@no mail@x.com .@no (@Ann) @ann @bob.") == ["first", "Ann", "bob"]
