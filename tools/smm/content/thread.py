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

from smm.networks.markdown_blocks import fences

#: A line that is only ``---`` (spaces or tabs around it); CR of a CRLF line ending allowed.
SEPARATOR = re.compile(r"[ \t]*---[ \t]*\r?")


class Part(NamedTuple):
    """One part: its text (stripped) and the offset of that text's first character in the source
    (of the segment's start where the part is empty), for findings at the part's line."""

    text: str
    offset: int


def split_thread(source: str) -> list[Part]:
    """The parts of ``source`` in order; one part (the whole text, stripped) for a single post."""
    if "---" not in source:  # no line can be a separator: most posts, read once per network
        return [_part(source, 0, len(source))]
    lines = source.splitlines(keepends=True)
    # a code fence as the renderer reads it (networks/markdown_blocks.py): '---' in it is code
    code = {
        number
        for fence in fences([line.rstrip("\r\n") for line in lines])
        for number in range(fence.start, fence.end + 1)
    }
    parts: list[Part] = []
    start = pos = 0
    for number, line in enumerate(lines):
        if number not in code and SEPARATOR.fullmatch(line.rstrip("\n")):
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
