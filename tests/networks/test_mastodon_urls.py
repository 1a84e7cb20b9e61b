"""networks/mastodon_urls.py: the links Mastodon counts as 23, found as its extractor finds them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.networks import mastodon_urls

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
    words = [m.span(3) for m in mastodon_urls._matches(text) if m.group(4)]
    assert words == whole


def test_a_link_with_no_scheme_can_swallow_one_with_a_scheme_as_mastodon_s_scan_does():
    # zerno.ru/https://x.ru is one match without a scheme: Mastodon links neither part of it
    assert mastodon_urls.spans("zerno.ru/https://x.ru") == []
    assert mastodon_urls.spans("zerno.ru https://x.ru") == [(9, 21)]
