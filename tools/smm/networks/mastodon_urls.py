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
from functools import cache

from smm.networks import url_scan, xlength

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
_MAX_URL, _MAX_TCO_SLUG = 4096, 40


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
    for match in url_scan.matches(pattern(), text, url_scan.WORD_WITH_SCHEME):
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


def _punycode_growth(domain: str) -> int:
    """How many characters longer ``domain`` is in punycode (IDN::Idna.toASCII)."""
    if domain.isascii():
        return 0
    encoded = ".".join(
        part if part.isascii() else "xn--" + part.encode("punycode").decode()
        for part in domain.split(".")
    )
    return max(len(encoded) - len(domain), 0)
