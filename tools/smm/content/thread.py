"""A thread of posts in one body: the parts between lines that hold only ``---``.

docs/files.md#threads. A post's body (or an ``overrides.<network>.text``) is a thread when it has
a line that is only three hyphens (spaces around allowed) outside a fenced code block; the parts
are the texts between those lines, stripped. Such a body reads as a list of separate messages in
an editor and in a pull request's diff. Only the front matter's own ``---`` pair is consumed by
the loader (content/loader.py split_front_matter), so every later such line is a separator.

Pure functions: compose.render and lint split the same text the same way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: A line that is only ``---`` (spaces or tabs around it); CR of a CRLF line ending allowed.
SEPARATOR = re.compile(r"[ \t]*---[ \t]*\r?")
# a CommonMark code fence: up to 3 spaces, then 3+ backticks or tildes
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


class Part(NamedTuple):
    """One part: its text (stripped) and the offset of that text's first character in the source
    (of the segment's start where the part is empty), for findings at the part's line."""

    text: str
    offset: int


def split_thread(source: str) -> list[Part]:
    """The parts of ``source`` in order; one part (the whole text, stripped) for a single post."""
    if "---" not in source:  # no line can be a separator: most posts, read once per network
        return [_part(source, 0, len(source))]
    parts: list[Part] = []
    start = pos = 0
    fence: str | None = None  # the open fence's characters, while inside a code block
    for line in source.splitlines(keepends=True):
        bare = line.rstrip("\n")
        opening = _FENCE.match(bare)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None:
            closing = _FENCE.match(bare)
            # a closing fence: the same character, at least as long, nothing after it
            if (
                closing
                and closing.group(1)[0] == fence[0]
                and len(closing.group(1)) >= len(fence)
                and not bare[closing.end() :].strip()
            ):
                fence = None
        elif SEPARATOR.fullmatch(bare):
            parts.append(_part(source, start, pos))
            start = pos + len(line)
        pos += len(line)
    parts.append(_part(source, start, len(source)))
    return parts


def is_thread(source: str) -> bool:
    """Whether ``source`` holds a separator line, so it goes out as a chain of posts."""
    return len(split_thread(source)) > 1


def _part(source: str, start: int, end: int) -> Part:
    segment = source[start:end]
    text = segment.strip()
    lead = len(segment) - len(segment.lstrip())
    return Part(text, start + lead if text else start)
