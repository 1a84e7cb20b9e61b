"""Text as a reader sees it, for matching words: invisible format characters dropped, NFKC, casefolded.

A zero-width joiner, a zero-width space or a soft hyphen inside a word (Unicode category Cf)
changes nothing on screen but splits the word for a plain search, and fullwidth or ligature forms
(NFKC) do the same. Voice rules match on the folded text and map each match back to the
characters it came from, so the reported column is the one in the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Unicode category Cf ("format"), as code point ranges: 163 characters in Unicode 14-15.
#: tests/lint/test_voice.py checks this against the running Python's unicodedata.
FORMAT_RANGES = [
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
]


@lru_cache(maxsize=1)
def _format_chars() -> re.Pattern[str]:
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in FORMAT_RANGES) + "]")


@dataclass(frozen=True)
class Folded:
    text: str  # the folded text that words are matched in
    starts: (
        tuple[int, ...] | None
    )  # per folded character: where its source starts (None: same index)
    ends: tuple[int, ...] | None  # per folded character: where its source ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the folded span [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold_word(word: str) -> str:
    return unicodedata.normalize("NFKC", _format_chars().sub("", word)).casefold()


def fold(text: str) -> Folded:
    """``text`` folded, with the map back to it (none needed for text that folding only lowercases)."""
    if not _format_chars().search(text) and unicodedata.is_normalized("NFKC", text):
        lowered = text.casefold()
        if len(lowered) == len(text):  # casefold never shortens a character: each maps to one
            return Folded(lowered, None, None)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        if _format_chars().match(text, i):
            i += 1
            continue
        j = i + 1  # a character with its combining marks (and format characters among them)
        while j < n and (unicodedata.combining(text[j]) or _format_chars().match(text, j)):
            j += 1
        cluster = _format_chars().sub("", text[i:j])
        piece = unicodedata.normalize("NFKC", cluster).casefold()
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return Folded("".join(out), tuple(starts), tuple(ends))


def shown(source: str) -> str:
    """``source`` for a message, each invisible format character written as <U+XXXX>."""
    return _format_chars().sub(lambda m: f"<U+{ord(m.group(0)):04X}>", source)
