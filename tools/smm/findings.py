"""A finding: one problem at one place, the unit every check produces and every format prints."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast

from smm.textsafe import one_line

#: A note is a finding a post set aside with a reason (lint/suppress.py): shown, never failing.
Level = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    level: Level
    rule: str
    message: str

    @classmethod
    def of(cls, row: tuple[str, int, int, str, str, str]) -> Finding:
        """The finding ``astuple`` gave (from the cache, which checks the level on reading)."""
        path, line, col, level, rule, message = row
        return cls(path, line, col, cast(Level, level), rule, message)

    def astuple(self) -> tuple[str, int, int, str, str, str]:
        """Plain values, for the cache (``Finding(*t)`` makes it again)."""
        return self.path, self.line, self.col, self.level, self.rule, self.message

    def text(self) -> str:
        """One line, whatever the path or message holds (a newline or ESC in a file name or key is
        shown escaped, so it cannot forge a finding or drive the terminal)."""
        return f"{one_line(self.path)}:{self.line}:{self.col}: {self.level} {one_line(self.rule)} {one_line(self.message)}"

    def github(self) -> str:
        # workflow commands: properties escape % \r \n : , and the message escapes % \r \n; every
        # other control character is shown escaped first, as in text()
        def prop(value: str) -> str:
            return one_line(value).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")

        message = one_line(self.message).replace("%", "%25")
        command = "notice" if self.level == "note" else self.level  # GitHub's name for a note
        return (
            f"::{command} file={prop(self.path)},line={self.line},col={self.col},"
            f"title={prop(self.rule)}::{message}"
        )


def count(findings: Iterable[Finding], level: Level) -> int:
    """How many of ``findings`` have ``level``."""
    return sum(1 for f in findings if f.level == level)


def render(findings: Iterable[Finding], fmt: str) -> str:
    """Findings as ``text`` lines, a ``json`` array, or ``github`` workflow annotations."""
    items = sorted(findings, key=Finding.astuple)  # the fields in order, as Finding compares, in C
    if fmt == "json":
        return _json(items)
    if fmt == "github":
        return "\n".join(f.github() for f in items)
    return "\n".join(f.text() for f in items)


def _json(items: list[Finding]) -> str:
    """``json.dumps([asdict(f) ...], ensure_ascii=False, indent=1)``, byte for byte, written out:
    json's own encoder is pure Python once it indents, and takes most of a warm run's output time
    for a thousand findings. Strings go through json's C string encoder."""
    if not items:
        return "[]"
    enc = json.encoder.encode_basestring  # what ensure_ascii=False uses
    rows = [
        f' {{\n  "path": {enc(f.path)},\n  "line": {f.line},\n  "col": {f.col},\n'
        f'  "level": {enc(f.level)},\n  "rule": {enc(f.rule)},\n  "message": {enc(f.message)}\n }}'
        for f in items
    ]
    return "[\n" + ",\n".join(rows) + "\n]"
