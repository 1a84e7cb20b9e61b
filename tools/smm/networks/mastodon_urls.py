"""The links Mastodon counts as ``characters_reserved_per_url`` (23) in a status, found as it finds them.

Mastodon's StatusLengthValidator gives the 23-character concession only to a URL its formatter
will link: ``Extractor.extract_urls_with_indices(text, extract_url_without_protocol: false)``,
twitter-text's extractor (the Ruby gem) over twitter-text's ``valid_url`` pattern as Mastodon's
``config/initializers/twitter_regex.rb`` changes it. So a link:

* has a scheme: http, https, dat, dweb, ipfs, ipns, ssb, gopher or gemini (``zerno.ru`` alone is
  text), and stands after a character that is not a letter, a digit, ``@``, ``$`` or ``#``
  (``Preishttps://zerno.ru`` is text);
* has a domain ending in a top-level domain of twitter-text's lists (``.ru``, ``.com``, ``.рф``,
  ``xn--...``): ``https://zerno.example``, ``http://localhost:8000`` and an IP address are text,
  counted character by character;
* has a path of any characters but white space, ``<``, ``>``, ``(``, ``)`` and ``?`` (balanced
  parentheses are kept), ending in one that is none of ``!*"'「」;:=,.$%[]~&|@``: a full stop,
  comma or closing parenthesis after a link is text, as are the characters Mastodon leaves out;
* of at most 4,096 characters with its domain in punycode; a ``t.co`` link ends after its slug.

The patterns twitter-text has unchanged (preceding character, domain, port, ``t.co``) are the
PyPI port's (``twitter-text-parser``, which networks/xlength.py loads); the path and query patterns
are Mastodon's. The gem's top-level domain lists are the port's, which may be a release apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from smm.networks import xlength

# \p{White_Space}: the characters Unicode gives that property (Python's re has no \p{...})
_SPACE = "\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Mastodon's UCHARS: the characters outside ASCII a query may hold (RFC 3987 ucschar, private use)
_UCHARS = (
    "\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
_SCHEMES = "https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini"
# a run of characters the URL pattern may take, holding a scheme's "://"
_WORD_WITH_SCHEME = re.compile(r"[^\t-\r \x85]*://[^\t-\r \x85]*")
_MAX_URL, _MAX_TCO_SLUG = 4096, 40
# what a domain may be read through (letters, digits, "_", "-", "."), and where a try may start
# in it (any but an ASCII letter or digit). A try costs about its run's length, and 72 times
# that for each dot (where the top-level domains are tried); the budget is about 0.3 s
_DOMAIN_RUN = re.compile(r"[\w.-]+")
_START = re.compile(r"[^0-9A-Za-z]")
_PER_DOT, _BUDGET = 72, 5_000_000


def _balanced(chars: str) -> str:
    """A parenthesised run of ``chars``, one nested pair allowed (twitter-text's shape)."""
    return rf"\((?:{chars}+|(?:{chars}*\({chars}+\){chars}*))\)"


@cache
def pattern() -> re.Pattern[str]:
    """twitter-text's ``valid_url`` with Mastodon's path, query and schemes; groups as the gem's:
    1 all, 2 the preceding character, 3 the URL, 4 the scheme, 5 the domain, 6 the port, 7 the
    path, 8 the query."""
    preceding, domain, port_number, gem_parens = (
        xlength.port_pattern(name).pattern
        for name in (
            "valid_url_preceding_chars",
            "valid_domain",
            "valid_port_number",
            "valid_url_balanced_parens",
        )
    )
    path_chars = rf"[^{_SPACE}<>()?]"
    # Mastodon sets the ending characters before its own balanced parentheses: they take the
    # gem's, whose characters are twitter-text's narrower path set
    ending = (
        rf"""(?:[^{_SPACE}()?!*"'「」<>;:=,.$%\[\]~&|@]"""
        rf"|(?:{gem_parens}))"
    )
    path = rf"(?:(?:{path_chars}*(?:{_balanced(path_chars)}{path_chars}*)*{ending})|(?:{path_chars}+/))"
    query = rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^{_UCHARS}]"
    query_end = rf"[a-z0-9_&=#/\-{_UCHARS}]"
    return re.compile(
        rf"(({preceding})(((?:{_SCHEMES})://)?({domain})"
        rf"(?::({port_number}))?(/{path}*)?(\?{query}*{query_end})?))",
        re.IGNORECASE,
    )


def spans(text: str) -> list[tuple[int, int]]:
    """Where each link Mastodon counts as ``characters_reserved_per_url`` starts and ends in
    ``text`` (code points, in order)."""
    if "://" not in text:  # a link needs its scheme
        return []
    tco = xlength.port_pattern("valid_tco_url")
    found = []
    for match in _matches(text):
        url, scheme, domain = match.group(3), match.group(4), match.group(5)
        if scheme is None:  # extract_url_without_protocol: false
            continue
        start = match.start(3)
        short = tco.match(url)
        if short:
            if short.group(1) and len(short.group(1)) > _MAX_TCO_SLUG:
                continue
            url = short.group()
        if not xlength.valid_domain(domain) or len(url) + _punycode_growth(domain) > _MAX_URL:
            continue
        found.append((start, start + len(url)))
    return found


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``pattern().finditer(text)``'s matches that have a scheme, or more: the pattern runs only
    over the words that hold ``://``. No part of it takes ASCII white space or U+0085, so no
    match crosses them and a word is scanned as the whole text would be: from the space before
    it (the preceding character a match may take) to its end: a 489-character post with three
    links is counted in 0.12 ms instead of 0.5.

    The pattern (Mastodon's and twitter-text's alike) tries a domain after every character that
    may precede one, each try reading on through the labels: a long run such as ``a.a.a.a...``
    takes time in the square of its length (1,600 characters: 3 s). A word whose runs would
    cost more than what is left of ``_BUDGET`` is not scanned: it counts in full, as text, which
    is never less than Mastodon counts. No link a person writes comes near it."""
    budget = _BUDGET
    for word in _WORD_WITH_SCHEME.finditer(text):
        cost = sum(
            len(run) * (len(_START.findall(run)) + _PER_DOT * run.count("."))
            for run in _DOMAIN_RUN.findall(word.group())
        )
        if cost > budget:
            continue
        budget -= cost
        yield from pattern().finditer(text, max(word.start() - 1, 0), word.end())


def _punycode_growth(domain: str) -> int:
    """How many characters longer ``domain`` is in punycode (IDN::Idna.toASCII)."""
    if domain.isascii():
        return 0
    encoded = ".".join(
        part if part.isascii() else "xn--" + part.encode("punycode").decode()
        for part in domain.split(".")
    )
    return max(len(encoded) - len(domain), 0)
