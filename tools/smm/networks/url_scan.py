"""twitter-text's URL pattern run word by word, within a budget (X's and Mastodon's counts).

No piece of the pattern (twitter-text's, or Mastodon's changes to it) takes ASCII white space or
U+0085, so no match crosses them: a word scanned from the character before it (which a match may
take as its preceding character) to its end gives the matches the whole text's scan gives there.

The pattern tries a domain after every character that may precede one, each try reading on
through the labels and trying the top-level domains after each dot: a run such as ``a.a.a...``
takes time in the square of its length (1,600 characters: 3 s; 20,000: minutes). A word whose
runs would cost more than what is left of the budget (about 0.3 s a text) is not scanned: it has
no link, so its characters count in full, never fewer than the network counts. No link a person
writes comes near it (tests/networks/test_mastodon_urls.py has a 1,000-character one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_NOT_SPACE = r"[^\t-\r \x85]"
WORD_WITH_DOT = re.compile(rf"{_NOT_SPACE}*\.{_NOT_SPACE}*")  # every URL has a dot
WORD_WITH_SCHEME = re.compile(rf"{_NOT_SPACE}*://{_NOT_SPACE}*")
# what a domain may be read through (letters, digits, "_", "-", "."), and where a try may start
# in it (any but an ASCII letter or digit). A try costs about its run's length, and 72 times
# that for each dot, where the top-level domains are tried (as measured on a.a.a... and a-a-a...
# runs: 5,000,000 is about 0.3 s on a 2-core machine)
_DOMAIN_RUN = re.compile(r"[\w.-]+")
_START = re.compile(r"[^0-9A-Za-z]")
_PER_DOT, _BUDGET = 72, 5_000_000


def matches(pattern: re.Pattern[str], text: str, words: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``'s matches in the ``words`` of ``text`` (WORD_WITH_DOT or
    WORD_WITH_SCHEME), but for a word past the budget."""
    budget = _BUDGET
    for word in words.finditer(text):
        cost = sum(
            len(run) * (len(_START.findall(run)) + _PER_DOT * run.count("."))
            for run in _DOMAIN_RUN.findall(word.group())
        )
        if cost > budget:
            continue
        budget -= cost
        yield from pattern.finditer(text, max(word.start() - 1, 0), word.end())
