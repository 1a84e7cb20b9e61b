"""X's count skips twitter-text's URL pattern when no dot in a text is followed by a top-level
domain of the port's lists (networks/xlength.py ``_may_hold_url``): the pattern then finds nothing,
so the count is the same without it. Proved on generated texts, twitter-text's conformance suite,
the repository's example posts, and the lists read from the port's source against its patterns."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from smm.networks import x_tlds, xlength

SUITE = Path(__file__).parent / "data" / "karloscarweber-twitter-text_validate.yml"
REPO = Path(__file__).resolve().parents[2]

# fragments around dots: real TLDs in every case, words that are not TLDs, prefixes and
# extensions of TLDs, the characters that stop or continue a TLD, letters outside ASCII, the
# letters case-insensitive matching takes for ASCII ones, punycode, protocols, paths
FRAGMENTS = [
    ".",
    ". ",
    "..",
    "com",
    "CoM",
    "COM",
    "ru",
    "RU",
    "co",
    "example",
    "exampl",
    "comx",
    "rus",
    "r",
    "u",
    "k",
    "s",
    "i",
    "ski",
    "SKI",
    "verm",
    "vermögensberater",
    "VERMÖGENSBERATUNG",
    "ö",
    "xn--",
    "xn--p1ai",
    "XN--P1AI",
    "xn-",
    "рф",
    "РФ",
    "中国",
    "삼성",
    "onion",
    "a",
    "b1",
    "zerno",
    "https://",
    "http://",
    "/",
    "/path?q=1",
    "-",
    "_",
    "@",
    "+",
    "#",
    "0",
    "9",
    " ",
    "\n",
    "(",
    ")",
    ",",
    "Я",
    "🍋",
    "\u200e",
    "\u212a",  # the Kelvin sign, k to a case-insensitive match
    "\u017f",  # long s
    "\u0131",  # dotless i
    "\u0130",  # dotted capital I
    "K",
    "e\u0301",
]


def _full_urls(text: str) -> list[tuple[int, str]]:
    """``_urls`` with the pattern always run."""
    saved = xlength._may_hold_url
    xlength._may_hold_url = lambda _text: True
    try:
        return xlength._urls(text)
    finally:
        xlength._may_hold_url = saved


def _same_without_the_pattern(text: str) -> None:
    for form in {text, xlength._normalise(text)}:
        if not xlength._may_hold_url(form):
            assert _full_urls(form) == [], form


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_a_text_said_to_hold_no_url_holds_none(text):
    _same_without_the_pattern(text)


@settings(max_examples=1500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("aceikmorsuxKS.-@+/:0 \u212a\u017f\u0131\u0130öЯ"), max_size=25
    )
)
def test_a_text_said_to_hold_no_url_holds_none_letter_by_letter(text):
    _same_without_the_pattern(text)


def test_the_pattern_is_still_run_where_a_tld_follows_a_dot():
    for text in ("zerno.ru", "a.CoM/x", "a.рф", "x.xn--p1ai", "a.vermögensberater", "a.s\u212ai"):
        assert xlength._may_hold_url(text), text
        assert _full_urls(xlength._normalise(text)) or "\u212a" in text, text
    for text in ("b1.example/sale?utm_source=x", "Привет. Мир", "v2.0", "a.comx", "no dot"):
        assert not xlength._may_hold_url(text), text


def test_the_conformance_suite_and_the_example_posts_count_the_same():
    suite = yaml.safe_load(SUITE.read_text(encoding="utf-8"))["tests"]
    texts = [case["text"] for cases in suite.values() for case in cases if "text" in case]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "posts").rglob("*.md"))]
    skipped = 0
    for text in texts:
        _same_without_the_pattern(text)
        skipped += not xlength._may_hold_url(xlength._normalise(text))
    assert skipped > 10  # the shortcut is taken on some of them, not on none


def test_the_lists_read_from_the_source_are_the_port_s_patterns():
    tlds = x_tlds.ascii_tlds()
    assert tlds is not None and {"com", "ru", "onion", "verm"} <= tlds and len(tlds) > 1400
    for name in x_tlds.TLD_LISTS:
        module = xlength._port(f"regexp.{name}")
        compiled = getattr(module, name)
        assert compiled.flags == re.UNICODE
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert x_tlds.compiled_literal(source) == compiled.pattern
        alternatives = compiled.pattern[len(x_tlds.TLD_HEAD) : -len(x_tlds.TLD_TAIL)]
        # every TLD begins with a letter: the dots _may_hold_url looks at are _TLD_DOT's
        assert all(re.match(r"[^\W\d_]", tld) for tld in alternatives.split("|"))
    assert xlength._port("regexp.valid_punycode").valid_punycode.pattern == r"(?:xn--[\-0-9a-z]+)"
    extract = xlength._port("regexp.extract_url").extract_url.pattern
    domain = xlength._port("regexp.valid_domain").valid_domain.pattern
    assert domain in extract and domain.endswith(
        "(?:"
        + "|".join(
            getattr(xlength._port(f"regexp.{n}"), n).pattern
            for n in ("valid_gtld", "valid_cctld", "valid_punycode")
        )
        + "))"
    )


def test_the_characters_matching_ascii_case_insensitively_are_the_four_known():
    partners = {
        chr(c)
        for c in range(0x80, 0x110000)
        if not 0xD800 <= c <= 0xDFFF and re.fullmatch("[0-9a-z@+-]", chr(c), re.IGNORECASE)
    }
    assert partners == x_tlds.ASCII_PARTNERS
    assert not any(xlength._normalise(c) in partners for c in partners)


@pytest.mark.parametrize(
    "broken", ["valid_gtld = compile(x)\n", "import re\nre.compile('a' + b)\n"]
)
def test_a_list_of_another_shape_is_not_read(broken):
    assert x_tlds.compiled_literal(broken) is None


def test_an_x_post_whose_link_has_no_real_tld_builds_no_pattern():
    text = "Подробнее (https://b1.example/sale?utm_source=x). Ещё. " * 9
    probe = (
        "import sys; from smm.networks.xlength import weighted_length; "
        f"n = weighted_length({text!r}); "
        "print(n, 'twitter_text.regexp.extract_url' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(parse_tweet(text).weightedLength), "False"]
