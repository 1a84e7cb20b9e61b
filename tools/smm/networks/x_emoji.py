"""The emoji of more than one code point that twitter-text's emoji pattern finds, read from the
list the PyPI port builds that pattern from (its ``regexp/emoji-test.txt``, Unicode's emoji test
file) without building the pattern: an alternation of 2,563 sequences that takes the port 0.1-0.2 s
to compile, in every process that counts an X text holding an emoji sequence.

Only those sequences change a count. An emoji block weighs 2 (twitter-text's default weight); a
single code point the pattern finds weighs 2 as a character too, since none is in the light ranges
but © and ®, which X does not take for emoji alone (networks/xlength.py). So X's count needs where
each sequence the pattern would match begins and ends: the pattern tries the sequences longest
first, then single code points, from left to right, so at each place the longest sequence that
starts there is the match, and the scan goes on after it. tests/networks/test_x_emoji.py checks the
list against the port's and the blocks against its pattern.

Where the port's list and twitter-text's own pattern (JS 3.1.0's twemoji-parser 11.0.2, and the
Java one X's server runs) disagree on a character followed by VS16 (U+FE0F), smm follows
twitter-text (REFERENCE_PAIRS, NOT_REFERENCE_PAIRS): docs/networks.md#x says why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from smm.networks.x_tlds import regexp_folder

_GROUP = re.compile(r"^# group:(.*)$", re.M)
_CODE_POINTS = re.compile(r"^([0-9A-F]{3,}[^;\n]*);", re.M)  # a listed line's first field
_VS16 = "\ufe0f"
# Characters shown as emoji by default have an emoji presentation sequence too (Unicode's
# emoji-variation-sequences.txt): "☕" + VS16. Unicode's test file lists them bare, so the port
# weighs "☕️" as ☕ (2) and a stray VS16 (2): 4; twitter-text's JS and Java patterns match each
# pair as one emoji: 2 (tests/networks/data/x_vs16_reference.json, from twitter-text 3.1.0).
REFERENCE_PAIRS = (
    "🀄🈚🈯⌚⌛◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛔⛪⛲⛳⛵⛺⛽❗⬛⬜⭐⭕"
)
# The other way round: the port's list has "♾️" (Emoji 11), which neither twitter-text pattern
# holds; twitter-text weighs ♾ and then a stray VS16, 4 (the port 2, under X's count).
NOT_REFERENCE_PAIRS = frozenset({"\u267e" + _VS16})


@cache
def sequences() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """First code point -> the emoji sequences that begin with it, longest first (the port's, with
    twitter-text's VS16 pairs where they differ); and a pattern that finds those first code
    points."""
    by_first: dict[str, list[str]] = {}
    for codes in listed(_test_file().read_text(encoding="utf-8")):
        if " " in codes:
            emoji = "".join(chr(int(code, 16)) for code in codes.split())
            if emoji not in NOT_REFERENCE_PAIRS:
                by_first.setdefault(emoji[0], []).append(emoji)
    for char in REFERENCE_PAIRS:
        by_first.setdefault(char, []).append(char + _VS16)
    longest_first = {c: tuple(sorted(s, key=len, reverse=True)) for c, s in by_first.items()}
    return longest_first, re.compile("[" + "".join(map(re.escape, sorted(by_first))) + "]")


def listed(text: str) -> list[str]:
    """The code points (hexadecimal, one space apart) of each emoji of an emoji test file as the
    port reads it: every listed line but the group Component's (skin tones and hair styles
    alone), up to the status counts at the end."""
    text = text.split("\n# Status Counts\n", 1)[0]
    parts = _GROUP.split(text)  # the text before the first group, then each group's name and lines
    return [
        codes.strip()
        for name, lines in zip(parts[1::2], parts[2::2], strict=True)
        if name.strip() != "Component"
        for codes in _CODE_POINTS.findall(lines)
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


def _test_file() -> Path:
    folder = regexp_folder()
    assert folder is not None  # a dependency, installed as a folder
    return folder / "emoji-test.txt"
