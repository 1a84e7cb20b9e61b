"""Rewriting the blocks smm manages (``published:``, ``metrics:``) and nothing else.

A post file is a person's work: key order, comments, quoting and the body must survive every
publish and metrics run byte for byte. So the front matter is never re-dumped; only the lines of
the one top-level block are replaced (or appended before the closing ``---``), each network on
one line as a flow mapping of JSON-quoted values, which YAML reads back as the same strings.
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


def _flow(entry: Mapping[str, Any]) -> str:
    parts = []
    for key, value in entry.items():
        if value is None:
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
    blocks = {}
    for key in MANAGED_KEYS:
        block = data.get(key) if isinstance(data, dict) else None
        blocks[key] = (
            {str(k): v for k, v in block.items() if isinstance(v, dict)}
            if isinstance(block, dict)
            else {}
        )
    return blocks


def read_block(text: str, key: str) -> dict[str, dict[str, Any]]:
    """The entries of the top-level ``key`` block, by network ({} if none); see read_blocks."""
    return read_blocks(text)[key]


def without_blocks(text: str) -> str:
    """The text with every managed block taken out: what a person wrote."""
    for key in MANAGED_KEYS:
        text = replace_block(text, key, {})
    return text


def write_post(path: Path, text: str) -> None:
    """Replace a post file atomically: a process killed mid-write leaves the old file or the new
    one, never half of it (which a person might then commit)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
