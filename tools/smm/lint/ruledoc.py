"""`smm rules`: the rule registry as text, JSON, or the Markdown table of docs/rules.md.

docs/rules.md holds the table between two markers; ``write_table`` puts the current one there
(`smm rules --format markdown --out docs/rules.md`, also a pre-commit hook), and a test keeps
the two equal.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from smm.errors import UsageError
from smm.lint.registry import Rule, registry
from smm.tables import Markdown, code, markdown_table

FORMATS = ("text", "json", "markdown")
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules(fmt: str = "text") -> str:
    """Every rule of the registry as ``text`` (one line each), ``json`` or ``markdown``."""
    table = list(registry().values())
    if fmt == "json":
        return json.dumps([_record(r) for r in table], ensure_ascii=False, indent=1)
    if fmt == "markdown":
        return _markdown(table)
    width = max(len(r.id) for r in table)
    return "\n".join(
        f"{r.id:<{width}}  {_level(r):<16}  {r.network:<9}  {r.summary}" for r in table
    )


def _record(rule: Rule) -> dict[str, object]:
    record = asdict(rule)
    record["levels"] = list(rule.levels)
    return {"id": rule.id, "level": rule.level, **record}


def _level(rule: Rule) -> str:
    return " or ".join(rule.levels) + (", fixed" if rule.fixed else "")


def _markdown(table: list[Rule]) -> str:
    rows = [
        (
            code(r.id),
            _level(r),
            r.network,
            Markdown(r.summary),  # summaries are written in Markdown (`key`, *emphasis*)
            code(r.data) if r.data else Markdown(r.source),
        )
        for r in table
    ]
    header = ("rule id", "level", "network", "what it checks", "source")
    return "\n".join(markdown_table(header, rows))


def write_table(path: Path) -> bool:
    """Put the current table between the markers of ``path``; whether the file changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot read it ({exc.strerror or exc})") from None
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise UsageError(f"--out {path}: no {START} ... {END} markers to put the table between")
    new = (
        text[: start + len(START)] + "\n" + _markdown(list(registry().values())) + "\n" + text[end:]
    )
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def table_in(path: Path) -> str:
    """The table between the markers of ``path`` (what ``write_table`` put there)."""
    text = path.read_text(encoding="utf-8")
    return text[text.index(START) + len(START) : text.index(END)].strip("\n")
