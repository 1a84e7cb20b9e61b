"""A finding: one problem at one place, the unit every check produces and every format prints."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    level: Level
    rule: str
    message: str

    def astuple(self) -> tuple[str, int, int, str, str, str]:
        """Plain values, for the cache (``Finding(*t)`` makes it again)."""
        return self.path, self.line, self.col, self.level, self.rule, self.message

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level} {self.rule} {self.message}"

    def github(self) -> str:
        # workflow commands: properties escape % \r \n : , and the message escapes % \r \n
        def prop(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")

        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{self.level} file={prop(self.path)},line={self.line},col={self.col},"
                f"title={prop(self.rule)}::{message}")


def count(findings: Iterable[Finding], level: Level) -> int:
    """How many of ``findings`` have ``level``."""
    return sum(1 for f in findings if f.level == level)


def render(findings: Iterable[Finding], fmt: str) -> str:
    """Findings as ``text`` lines, a ``json`` array, or ``github`` workflow annotations."""
    items = sorted(findings)
    if fmt == "json":
        return json.dumps([asdict(f) for f in items], ensure_ascii=False, indent=1)
    if fmt == "github":
        return "\n".join(f.github() for f in items)
    return "\n".join(f.text() for f in items)
