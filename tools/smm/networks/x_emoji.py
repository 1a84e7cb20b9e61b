"""The emoji of more than one code point that twitter-text 3.1.0 matches as one emoji, and where
they are in a text, found without any emoji pattern.

twitter-text (JS 3.1.0, the reference) finds emoji with twemoji-parser 11.0.2's pattern. Its
language is finite: x_emoji_sequences.txt beside this module lists every string of more than one
code point it matches (1,915, written out by tests/networks/data/x_emoji_generate.py from the
pattern itself). The PyPI port's list (Unicode's emoji-test.txt, 2,563 such sequences) is not the
reference's: 769 of them (a ZWJ sequence in a form the pattern lacks, "👱‍♂" without its VS16 or
"👁️‍🗨️" with them; Emoji 12's "🤏🏻") twitter-text weighs piece by piece, more than 2, and 121 of
the reference's ("☕️", "☝️🏻") the port lacks.
Counting by the port's list under-counted, so a post X refuses passed: docs/networks.md#x.

Only sequences change a count. An emoji block weighs 2 (twitter-text's default weight), and so
does any single code point the pattern finds, as a character: none is in the light ranges (©
and ® it takes only with VS16). The pattern tries its alternatives in order, but at every place
in a text the match it finds is the longest listed sequence that starts there (or one code
point): tests/networks/test_x_emoji.py holds this to twitter-text's recorded answers. The scan
goes on after each match."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

LIST = Path(__file__).with_name("x_emoji_sequences.txt")


@cache
def sequences() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """First code point -> the reference's emoji sequences that begin with it, longest first; and
    a pattern that finds those first code points."""
    by_first: dict[str, list[str]] = {}
    for emoji in listed(LIST.read_text(encoding="ascii")):
        by_first.setdefault(emoji[0], []).append(emoji)
    longest_first = {c: tuple(sorted(s, key=len, reverse=True)) for c, s in by_first.items()}
    return longest_first, re.compile("[" + "".join(map(re.escape, sorted(by_first))) + "]")


def listed(text: str) -> list[str]:
    """The sequences of a list in x_emoji_sequences.txt's form: one a line, its code points in
    hexadecimal one space apart; lines beginning with ``#`` are comments."""
    return [
        "".join(chr(int(code, 16)) for code in line.split())
        for line in text.splitlines()
        if line and not line.startswith("#")
    ]


def blocks(text: str) -> Iterator[tuple[int, str]]:
    """Where each emoji sequence that twitter-text's emoji pattern matches begins in ``text`` (in
    code points), and its text."""
    by_first, firsts = sequences()
    at = 0
    while (found := firsts.search(text, at)) is not None:
        start = found.start()
        at = start + 1
        for emoji in by_first[text[start]]:
            if text.startswith(emoji, start):
                yield start, emoji
                at = start + len(emoji)
                break
