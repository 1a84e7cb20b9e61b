"""smm.networks.counters: length as each network counts it (properties and the cases that matter)."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.networks.counters import bluesky, codepoints, graphemes, mastodon, twitter, utf8_bytes

# one user-perceived character each, of very different sizes in code units
CLUSTERS = {
    "a": (1, 1, 1),  # (code points, UTF-16 units, UTF-8 bytes)
    "ж": (1, 1, 2),
    "咖": (1, 1, 3),
    "😀": (1, 2, 4),
    "👍🏽": (2, 4, 8),  # thumbs up + skin tone modifier
    "👨‍👩‍👧‍👦": (7, 11, 25),  # family: four people joined by ZWJ
    "🏳️‍🌈": (4, 6, 14),  # flag + VS16 + ZWJ + rainbow
    "🇷🇺": (2, 4, 8),  # a pair of regional indicators
    "e\u0301": (2, 2, 3),  # e + combining acute accent
    "\u1100\u1161\u11a8": (3, 3, 9),  # Hangul syllable spelled as jamo
    "\r\n": (2, 2, 2),
}


def utf16(text: str) -> int:
    """UTF-16 code units: what Telegram's entity offsets count (not its limits)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@settings(max_examples=300)
@given(st.text())
def test_code_points_and_bytes_of_any_text(text):
    assert codepoints(text) == len(text)
    assert utf8_bytes(text) == len(text.encode("utf-8"))
    assert graphemes(text) <= codepoints(text) <= utf16(text)
    assert bluesky(text) == graphemes(text)


@settings(max_examples=300)
@given(st.text(alphabet=string.printable.replace("\r", "")))
def test_ascii_without_crlf_is_one_grapheme_per_character(text):
    assert graphemes(text) == len(text)


@pytest.mark.parametrize("cluster", list(CLUSTERS), ids=[repr(c) for c in CLUSTERS])
def test_cluster_is_one_grapheme_but_its_size_in_units(cluster):
    points, units, size = CLUSTERS[cluster]
    assert graphemes(cluster) == 1
    assert (codepoints(cluster), utf16(cluster), utf8_bytes(cluster)) == (points, units, size)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(list(CLUSTERS)), max_size=40))
def test_sequence_of_clusters_counts_one_grapheme_each(clusters):
    text = "".join(clusters)
    assert graphemes(text) == len(clusters)
    assert utf16(text) == sum(CLUSTERS[c][1] for c in clusters)
    assert utf8_bytes(text) == sum(CLUSTERS[c][2] for c in clusters)


def test_skin_tone_and_zwj_emoji_are_several_code_points_and_more_utf16_units():
    assert (graphemes("👍🏽"), codepoints("👍🏽"), utf16("👍🏽")) == (1, 2, 4)
    assert (graphemes("👨‍👩‍👧‍👦"), codepoints("👨‍👩‍👧‍👦"), utf16("👨‍👩‍👧‍👦")) == (1, 7, 11)


@pytest.mark.parametrize("combining", ["\u0301", "\u0308", "\u0323\u0302"])
def test_combining_marks_join_the_letter_before_them(combining):
    word = "кофе" + combining
    assert graphemes(word) == 4
    assert codepoints(word) == 4 + len(combining)


def test_combining_marks_alone_at_the_start_are_a_grapheme():
    assert graphemes("\u0301a") == 2


# --- Mastodon: a link it finds counts 23, @user@domain counts as @user ---


@settings(max_examples=200, deadline=None)  # the first example builds the URL pattern
@given(st.text(alphabet=string.ascii_letters + string.digits + "/-_.~", min_size=0, max_size=300))
def test_mastodon_counts_a_link_as_23_and_the_full_stops_and_tildes_after_it_as_text(path):
    # a path may not end in "." or "~" (valid_url_path_ending_chars): they stay text after the link
    after = len(path) - len(path.rstrip(".~"))
    assert mastodon(f"Меню: https://zerno.ru/{path}") == len("Меню: ") + 23 + after


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Read https://zerno.ru/menu.", "Read " + "x" * 23 + "."),
        ("(https://zerno.ru/menu), then", "(" + "x" * 23 + "), then"),
        ("https://en.wikipedia.org/wiki/Rye_(grain)!", "x" * 23 + "!"),  # balanced parentheses
        ("Меню https://зерно.рф/меню?день=пн", "Меню " + "x" * 23),  # IDN domain, Unicode query
        ("gemini://zerno.ru/x and HTTPS://ZERNO.RU/A", "x" * 23 + " and " + "x" * 23),
        ("https://t.co/abc123/more", "x" * 23 + "/more"),  # a t.co link ends after its slug
        # no top-level domain of twitter-text's lists, no scheme, or glued to a word: text
        ("https://zerno.example/menu", "https://zerno.example/menu"),
        (
            "http://localhost:8000/x and https://192.168.0.1/",
            "http://localhost:8000/x and https://192.168.0.1/",
        ),
        ("zerno.ru/menu", "zerno.ru/menu"),
        ("Preis:https://zerno.ru", "Preis:" + "x" * 23),
        ("Preishttps://zerno.ru", "Preishttps://zerno.ru"),
    ],
)
def test_mastodon_gives_23_only_to_the_links_it_makes(text, counted):
    assert mastodon(text) == len(counted)


def test_mastodon_s_own_spec_cases():
    # spec/validators/status_length_validator_spec.rb: a link after a space counts 23 (500 in all)
    assert mastodon("a" * 476 + f" http://{'b' * 30}.com/example") == 500
    # ... glued to the text before it, Mastodon does not link it, so it counts in full
    assert mastodon("a" * 476 + f"http://{'b' * 30}.com/example") == 476 + 49
    assert mastodon("a" * 475 + f" @alice@{'b' * 30}.com") == 482


def test_mastodon_counts_a_remote_mention_as_the_local_part():
    assert mastodon("Привет, @anna@mastodon.social!") == len("Привет, @anna!")
    assert mastodon("Привет, @anna!") == len("Привет, @anna!")


@settings(max_examples=200, deadline=None)
@given(st.text().filter(lambda t: "@" not in t and "http" not in t))
def test_mastodon_is_graphemes_for_text_without_urls_or_mentions(text):
    assert mastodon(text) == graphemes(text)


# --- X: twitter-text weighted length ---


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=string.ascii_letters + " ", max_size=300))
def test_x_latin_letters_weigh_one(text):
    assert twitter(text) == len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="咖啡店日本語한국어", max_size=150))
def test_x_cjk_weighs_two(text):
    assert twitter(text) == 2 * len(text)


@pytest.mark.parametrize("emoji", ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇷🇺"])
def test_x_every_emoji_sequence_weighs_two(emoji):
    assert twitter(emoji) == 2
    assert twitter(emoji * 3) == 6


@pytest.mark.parametrize(
    "url", ["https://zerno.ru/", "https://zerno.ru/" + "x" * 200, "zerno.ru", "http://t.co"]
)
def test_x_every_url_weighs_23(url):
    assert twitter(f"Меню {url}") == 5 + 23


def test_x_counts_text_after_unicode_normalisation():
    decomposed = unicodedata.normalize("NFD", "é" * 10)
    assert twitter(decomposed) == 10
