"""networks/mastodon_urls.py: the links Mastodon counts as 23, found as its extractor finds them."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.networks import counters, mastodon_urls, url_scan

PIECES = [
    "https://",
    "http://",
    "gemini://",
    "://",
    "zerno.ru",
    "t.co/abc",
    "зерно.рф",
    "a.example",
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
    "a",
    "ж",
    " ",
    "\n",
    "\t",
    "\xa0",
    "\x85",
    "\u3000",
    "\x1c",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_scanning_only_the_words_with_a_scheme_finds_what_scanning_the_whole_text_finds(text):
    whole = [m.span(3) for m in mastodon_urls.pattern().finditer(text) if m.group(4)]
    found = url_scan.matches(mastodon_urls.pattern(), text, url_scan.WORD_WITH_SCHEME)
    words = [m.span(3) for m in found if m.group(4)]
    assert words == whole


def test_a_link_with_no_scheme_can_swallow_one_with_a_scheme_as_mastodon_s_scan_does():
    # zerno.ru/https://x.ru is one match without a scheme: Mastodon links neither part of it
    assert mastodon_urls.spans("zerno.ru/https://x.ru") == []
    assert mastodon_urls.spans("zerno.ru https://x.ru") == [(9, 21)]


def test_a_word_whose_scan_would_take_seconds_counts_in_full_and_at_once():
    # the pattern's tries along "a.a.a..." take time in the square of its length (800 dots: 3 s);
    # past the budget the word is text, never fewer characters than Mastodon counts
    hostile = "https://" + "a." * 5000 + "x"
    started = time.monotonic()
    assert counters.mastodon(f"Меню {hostile} https://zerno.ru") == 5 + len(hostile) + 1 + 23
    assert time.monotonic() - started < 5  # a hang guard, not a benchmark: it takes milliseconds


def test_a_long_link_a_person_writes_is_still_one_link():
    params = "&".join(f"utm_{n}=value-{n}_x" for n in range(60))
    link = f"https://www.google.com/maps/place/Zerno/@55.75,37.61,17z/data=!3m1!4b1?{params}"
    assert len(link) > 1000 and mastodon_urls.spans(f"Hier: {link}") == [(6, 6 + len(link))]
