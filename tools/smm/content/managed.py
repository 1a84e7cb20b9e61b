"""Rewriting the blocks smm manages (``published:``, ``metrics:``) and nothing else.

A post file is a person's work: key order, comments, quoting and the body must survive every
publish and metrics run byte for byte. So the front matter is never re-dumped; only the lines of
the one top-level block are replaced (or appended before the closing ``---``), each network on
one line as a flow mapping of JSON-quoted values, which YAML reads back as the same strings (a
thread's ``parts`` list goes on below it, one part a line, so a diff shows each part's change;
a first comment's ``comment`` entry is a flow mapping inside it; a list of plain values, such as
an album's ``message_ids``, a flow sequence on the line).

This module is the one owner of those blocks: every other module reads, strips, compares and
writes them through the functions here (tests/content/test_managed_owner.py keeps it so).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smm.content import yamlpos
from smm.content.loader import split_front_matter

MANAGED_KEYS = ("published", "metrics")
#: How far a thread's part is indented on its own line inside its network's flow mapping (YAML
#: lets a flow collection go on over lines indented deeper than its key).
PART_INDENT = " " * 6


def _flow(entry: Mapping[str, Any]) -> str:
    parts = []
    for key, value in entry.items():
        if value is None:
            continue
        if isinstance(value, list) and value and not any(isinstance(v, Mapping) for v in value):
            # plain numbers (a Telegram album's message ids): one flow sequence on the line
            parts.append(f"{key}: [{', '.join(json.dumps(v, ensure_ascii=False) for v in value)}]")
            continue
        if isinstance(value, list):  # a thread's parts: one flow mapping a line, under the entry
            items = ",\n".join(
                f"{PART_INDENT}{_flow(item)}" for item in value if isinstance(item, Mapping)
            )
            parts.append(f"{key}: [\n{items}]" if items else f"{key}: []")
            continue
        if isinstance(value, Mapping):  # a first comment's entry: a flow mapping inside
            parts.append(f"{key}: {_flow(value)}")
            continue
        if isinstance(value, bool):
            value = (
                "true" if value else "false"
            )  # YAML's booleans (str(True) would read back as a string)
        elif not isinstance(value, (int, float)):
            value = json.dumps(value if isinstance(value, str) else str(value), ensure_ascii=False)
        parts.append(f"{key}: {value}")
    return "{" + ", ".join(parts) + "}"


def dump_block(key: str, block: Mapping[str, Mapping[str, Any]]) -> str:
    """``key:`` and one line per network, in a stable order (the order of ``block``)."""
    if not block:
        return ""
    lines = [f"{key}:"] + [f"  {network}: {_flow(entry)}" for network, entry in block.items()]
    return "\n".join(lines) + "\n"


def _block_span(front: str, key: str) -> tuple[int, int] | None:
    """Character span of the top-level ``key:`` block inside the front matter text."""
    match = re.search(rf"^{re.escape(key)}[ \t]*:", front, re.M)
    if not match:
        return None
    end = front.find("\n", match.end())
    end = len(front) if end == -1 else end + 1
    while end < len(front):
        line_end = front.find("\n", end)
        line_end = len(front) if line_end == -1 else line_end + 1
        line = front[end:line_end]
        if line.strip() and not line[0].isspace():
            break  # the next top-level key (or a comment that belongs to it)
        end = line_end
    return match.start(), end


def replace_block(text: str, key: str, block: Mapping[str, Mapping[str, Any]]) -> str:
    """The post ``text`` with its top-level ``key`` block set to ``block``; every other byte kept."""
    if key not in MANAGED_KEYS:
        raise ValueError(f"{key} is not a block smm manages")
    parts = split_front_matter(text)
    if parts is None:
        raise ValueError("the post has no front matter")
    front, _body, _line = parts
    start_of_front = text.index("\n") + 1
    rendered = dump_block(key, block)
    span = _block_span(front, key)
    if span is None:
        if not rendered:
            return text
        insert_at = start_of_front + len(front)
        prefix = "" if front.endswith("\n") or not front else "\n"
        return text[:insert_at] + prefix + rendered + text[insert_at:]
    start, end = (start_of_front + span[0], start_of_front + span[1])
    return text[:start] + rendered + text[end:]


def entries_of(front: Any, key: str) -> dict[str, dict[str, Any]]:
    """The entries of the managed block ``key`` by network, from front matter already parsed
    (the mapping yamlpos reads); {} when the block is absent, and entries that are not mappings
    left out."""
    block = front.get(key) if isinstance(front, dict) else None
    if not isinstance(block, dict):
        return {}
    return {str(k): v for k, v in block.items() if isinstance(v, dict)}


def read_blocks(text: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Every managed block of a post (``published``, ``metrics``) by key, then by network, as
    YAML reads them, from one parse ({} for a block that is absent).

    Raises ValueError when the front matter does not parse."""
    parts = split_front_matter(text)
    data: Any = {}
    if parts is not None:
        try:
            data = yamlpos.load(parts[0]).data or {}
        except yamlpos.YamlProblem as exc:
            raise ValueError(exc.message) from None
    return {key: entries_of(data, key) for key in MANAGED_KEYS}


def read_block(text: str, key: str) -> dict[str, dict[str, Any]]:
    """The entries of the top-level ``key`` block, by network ({} if none); see read_blocks."""
    return read_blocks(text)[key]


def read_block_alone(text: str, key: str) -> dict[str, dict[str, Any]]:
    """The entries of the top-level ``key`` block by network, parsing that block only, not the
    whole front matter: the report reads thousands of posts. Values are as YAML reads them ({}
    when the block is absent or empty; an entry that is not a mapping is left out).

    A block in the form dump_block writes is read without YAML (~0.3 ms a post saved); any other
    form (a hand edit) is read as YAML. Raises ValueError("not valid YAML") or
    ValueError("not a mapping of networks") when the block is neither.
    """
    if key not in text:
        return {}  # most posts: no need to find the front matter at all
    text = text.removeprefix("\ufeff")
    first = text.find("\n")
    close = _FRONT_END.search(text, first + 1) if text.startswith("---") and first != -1 else None
    if close is None or text[:first].rstrip() != "---":
        return {}  # no front matter (what split_front_matter says, without walking every line)
    front = text[first + 1 : close.start()]
    span = _block_span(front, key)
    if span is None:
        return {}
    lines = front[span[0] : span[1]].splitlines(keepends=True)
    value: Any = read_dumped(lines, key)
    if value is None:  # written or edited by hand: read it as YAML
        try:
            value = yamlpos.load("".join(lines)).data
        except yamlpos.YamlProblem:
            raise ValueError("not valid YAML") from None
        value = value.get(key) if isinstance(value, dict) else None
    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValueError("not a mapping of networks")
    return entries_of({key: value}, key)


_FRONT_END = re.compile(r"^(?:---|\.\.\.)\s*?$", re.M)
_FLOW_LINE = re.compile(r"  ([A-Za-z0-9_-]+): \{(.*)\}[ \t]*")
# numbers of at most 18 digits: anything longer is read by yamlpos, which refuses what int() cannot take
_FLOW_ITEM = re.compile(
    r'([A-Za-z_][A-Za-z0-9_]*): (?:(-?\d{1,18}(?:\.\d{1,18})?)|("(?:[^"\\]|\\.)*"))(?:, |$)'
)


def read_dumped(lines: list[str], key: str) -> dict[str, dict[str, Any]] | None:
    """The block whose ``lines`` are exactly as dump_block writes them (``key:``, then one flow
    mapping per network of plain numbers and JSON-quoted strings), read without YAML; None when
    the lines are in any other form, for YAML to read."""
    if not lines or lines[0].rstrip() != f"{key}:":
        return None
    out: dict[str, dict[str, Any]] = {}
    for line in lines[1:]:
        if not line.strip():
            continue
        match = _FLOW_LINE.fullmatch(line.rstrip("\r\n"))
        if match is None:
            return None
        items, pos, entry = match.group(2), 0, {}
        for item in _FLOW_ITEM.finditer(items):
            if item.start() != pos:
                return None
            pos = item.end()
            number, quoted = item.group(2), item.group(3)
            if number is not None:
                entry[item.group(1)] = float(number) if "." in number else int(number)
            else:
                try:
                    entry[item.group(1)] = json.loads(quoted)
                except ValueError:  # an escape JSON does not know (YAML's \x41): YAML reads it
                    return None
        if pos != len(items):
            return None
        out[match.group(1)] = entry
    return out


def without_blocks(text: str, *, require_front_matter: bool = True) -> str:
    """The text with every managed block taken out: what a person wrote.

    A text without front matter raises ValueError, or with ``require_front_matter=False`` is
    returned as it is (it has no blocks)."""
    if not require_front_matter and split_front_matter(text) is None:
        return text
    for key in MANAGED_KEYS:
        text = replace_block(text, key, {})
    return text


def written_blocks(text: str) -> tuple[str, ...]:
    """Each managed block (in MANAGED_KEYS order) as its lines are written, '' for one that is
    absent or empty: two versions of a post with equal tuples record the same, byte for byte.
    A text without front matter has no blocks."""
    parts = split_front_matter(text)
    if parts is None:
        return ("",) * len(MANAGED_KEYS)
    front = parts[0]
    out = []
    for key in MANAGED_KEYS:
        span = _block_span(front, key)
        block = front[span[0] : span[1]] if span else ""
        out.append("" if block.split(":", 1)[-1].strip() in ("", "{}") else block.rstrip())
    return tuple(out)


def write_post(path: Path, text: str) -> None:
    """Replace a post file atomically: a process killed mid-write leaves the old file or the new
    one, never half of it (which a person might then commit)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
