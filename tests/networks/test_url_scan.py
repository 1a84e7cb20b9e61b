"""networks/url_scan.py: twitter-text's URL pattern run word by word, within a budget."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.networks import url_scan, xlength

PIECES = [
    "https://",
    "http://",
    "x.com",
    "zerno.ru",
    "t.co/abc",
    "зерно.рф",
    "a.example",
    "www.",
    "/",
    ".",
    ",",
    "?",
    "=",
    "&",
    "(",
    ")",
    "@",
    "#",
    "$",
    "-",
    "_",
    "a",
    "ж",
    "é",
    " ",
    "\n",
    "\t",
    "\xa0",
    "\x85",
    "\u3000",
    "\x1c",
    "\u2013",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_words_with_a_dot_give_what_the_whole_text_gives_to_x(text):
    extract_url = xlength.port_pattern("extract_url")
    whole = [(*m.groups(), m.span()) for m in extract_url.finditer(text)]
    words = [
        (*m.groups(), m.span()) for m in url_scan.matches(extract_url, text, url_scan.WORD_WITH_DOT)
    ]
    assert words == whole


def test_an_x_post_with_a_word_past_the_budget_counts_it_in_full_and_at_once():
    # before the budget this took minutes: every "." tried a domain through all the labels after it
    hostile = "a." * 5000 + "x"
    started = time.monotonic()
    assert xlength.weighted_length(f"x.com {hostile}") == 23 + 1 + len(hostile)
    assert time.monotonic() - started < 5  # a hang guard, not a benchmark: it takes milliseconds
