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
list against the port's and the blocks against its pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from smm.networks.x_tlds import regexp_folder

_GROUP = re.compile(r"^# group:(.*)$", re.M)
_CODE_POINTS = re.compile(r"^([0-9A-F]{3,}[^;\n]*);", re.M)  # a listed line's first field


@cache
def sequences() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """First code point -> the port's emoji sequences that begin with it, longest first; and a
    pattern that finds those first code points."""
    by_first: dict[str, list[str]] = {}
    for codes in listed(_test_file().read_text(encoding="utf-8")):
        if " " in codes:
            emoji = "".join(chr(int(code, 16)) for code in codes.split())
            by_first.setdefault(emoji[0], []).append(emoji)
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
