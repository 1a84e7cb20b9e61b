"""networks/url_scan.py: twitter-text's URL pattern run word by word, within a budget."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from smm.networks import counters, mastodon_urls, url_scan, xlength

PIECES = [
    "https://",
    "http://",
    "gemini://",
    "://",
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
# (the pattern, the words it runs over, the matches that count): X links without a scheme too,
# Mastodon only those with one
SCANS: dict[str, tuple[Callable[[], re.Pattern[str]], re.Pattern[str], int | None]] = {
    "x": (lambda: xlength.port_pattern("extract_url"), url_scan.WORD_WITH_DOT, None),
    "mastodon": (mastodon_urls.pattern, url_scan.WORD_WITH_SCHEME, 4),
}


@pytest.mark.parametrize("network", SCANS)
@settings(max_examples=300, deadline=None)  # the first example builds the patterns
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@example(text="https://zerno.ru/?a\xa0b c")  # Mastodon's query takes a no-break space
def test_the_words_give_the_matches_the_whole_text_gives(network, text):
    pattern, words, needed = SCANS[network]

    def kept(found):
        return [(*m.groups(), m.span()) for m in found if needed is None or m.group(needed)]

    assert kept(url_scan.matches(pattern(), text, words)) == kept(pattern().finditer(text))


@pytest.mark.parametrize(
    ("count", "link"),
    [(xlength.weighted_length, "x.com"), (counters.mastodon, "https://zerno.ru")],
)
def test_a_word_past_the_budget_counts_in_full_and_at_once(count, link):
    # before the budget this took minutes: every "." tried a domain through all the labels after
    # it; now the word has no link, so it counts in full, never less than the network counts
    hostile = "https://" + "a." * 5000 + "x"
    started = time.monotonic()
    assert count(f"{link} {hostile}") == 23 + 1 + len(hostile)
    assert time.monotonic() - started < 5  # a hang guard, not a benchmark: it takes milliseconds
