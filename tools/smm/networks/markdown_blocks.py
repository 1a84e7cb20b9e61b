"""Two block rules of CommonMark that Python-Markdown lacks, as line rewrites before it parses.

Fenced code (```` ``` ```` or ``~~~``, with or without a language): the fence is found here, by
the rule content/thread.py splits threads with, so a ``---`` inside a fence is code for the thread
splitter and for the renderer alike. Python-Markdown's own fenced_code extension takes only a
fence at column 0 that is closed, and reads ``{attrs}``; CommonMark (and GitHub, where posts are
reviewed) allows up to 3 spaces before it and runs an unclosed fence to the end of the text.

Nested lists: CommonMark nests a line inside a list item when it is indented at least to the
item's content (2 spaces under ``- a``, 3 under ``1. a``), as people type lists and GitHub shows
them; Python-Markdown needs 4 spaces per level. ``nest_lists`` re-indents list lines to 4 spaces
per level, so input already written with 4 spaces is unchanged.

Both hold inside a blockquote too (``quoted``): Python-Markdown reads a quote's lines only once
its ``>`` are taken off, after these rewrites, so each quote's lines are rewritten on their own.

Pure functions of lines: no Python-Markdown here (thread.py imports this module).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# an opening or closing fence: up to 3 spaces, then 3+ backticks or tildes, then the info string
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
# a list item's first line (sane_lists: '1.' or a bullet), its marker and the spaces after it
_ITEM = re.compile(r"( *)([-*+]|\d{1,9}\.)( +|$)")
# a thematic break ('- - -', '***'): Python-Markdown takes it before a list item
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
# a blockquote line's marker: up to 3 spaces, '>' and the one space that may follow it
_QUOTE = re.compile(r" {0,3}> ?")
#: Python-Markdown's indentation of one nesting level (its tab_length)
LEVEL = 4
#: quotes nested deeper than this are left as written (the parser's own bound reports them)
MAX_QUOTES = 16


@dataclass(frozen=True)
class Fence:
    """A fenced code block: its lines ``start`` (the opening fence) to ``end`` (the closing fence,
    or the last line when it is never closed), and what is needed to read its code."""

    start: int
    end: int
    indent: int  # the opening fence's spaces: as many are taken off each line of code
    info: str  # the text after the opening fence ('python', 'js title=x', '')
    closed: bool

    @property
    def language(self) -> str:
        """The info string's first word, when it reads as a language name (else '')."""
        word = self.info.split()[0] if self.info.split() else ""
        return word if re.fullmatch(r"[\w#+.-]{1,40}", word) else ""

    def code(self, lines: list[str]) -> str:
        """The code between the fences, the fence's indentation taken off each line."""
        body = lines[self.start + 1 : self.end if self.closed else self.end + 1]
        return "\n".join(_dedent(line, self.indent) for line in body)


def fences(lines: list[str]) -> list[Fence]:
    """The fenced code blocks in ``lines`` (without their line ends), in order."""
    found: list[Fence] = []
    opened: tuple[int, int, str, str] | None = None  # (line, indent, fence, info)
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if opened is None:
            # a backtick fence's info string holds no backtick: ```a``` is inline code
            if match and not (match.group(2)[0] == "`" and "`" in match.group(3)):
                opened = (number, len(match.group(1)), match.group(2), match.group(3).strip())
        elif (
            match
            and match.group(2)[0] == opened[2][0]
            and len(match.group(2)) >= len(opened[2])
            and not match.group(3).strip()
        ):
            found.append(Fence(opened[0], number, opened[1], opened[3], True))
            opened = None
    if opened is not None:  # CommonMark: an unclosed fence runs to the end of the text
        found.append(Fence(opened[0], len(lines) - 1, opened[1], opened[3], False))
    return found


def _dedent(line: str, spaces: int) -> str:
    stripped = line.lstrip(" ")
    return line[min(spaces, len(line) - len(stripped)) :]


@dataclass
class _Item:
    content: int  # the column where the item's text starts: a line indented so far is inside it


def nest_lists(lines: list[str]) -> list[str]:
    """``lines`` with every list nested by CommonMark's rule re-indented to Python-Markdown's 4
    spaces a level. A list starts where a block starts (Python-Markdown reads no list inside a
    paragraph); a line is inside an item when indented to its content, or when it continues the
    item's paragraph (a lazy line, left as it is); after a blank line a line less indented than
    the outermost item's content ends the list."""
    out: list[str] = []
    open_items: list[_Item] = []
    blank_before = True
    for line in lines:
        if not line.strip():
            out.append(line)
            blank_before = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = None if _RULE.fullmatch(line) else _ITEM.match(line)
        in_list = bool(open_items)
        if item and in_list:
            while open_items and indent < open_items[-1].content:
                open_items.pop()
            if open_items and indent >= open_items[-1].content + LEVEL:
                item = None  # 4 past the item's text: code or text in it, no item (CommonMark)
        if item and (in_list or (blank_before and indent < LEVEL)):
            level = len(open_items)
            marker, gap = item.group(2), item.group(3)
            open_items.append(_Item(indent + len(marker) + max(len(gap), 1)))
            out.append(" " * (LEVEL * level) + line[indent:])
        elif open_items:
            while open_items and indent < open_items[-1].content:
                if not blank_before:
                    break  # a lazy continuation of the item's paragraph
                open_items.pop()
            depth = len(open_items)
            if depth and indent >= open_items[-1].content and indent < LEVEL * depth:
                out.append(" " * (LEVEL * depth) + line[indent:])
            else:
                out.append(line)  # already indented as Python-Markdown reads it, or lazy
        else:
            out.append(line)
        blank_before = False
    return out


def quoted(
    lines: list[str], rewrite: Callable[[list[str]], list[str]], depth: int = 0
) -> list[str]:
    """``rewrite`` applied to ``lines``, then, in what it returns, to each blockquote's lines with
    their ``>`` taken off (and put back: the first line's marker for the whole quote), quotes in
    quotes likewise. Run after ``rewrite``, so a ``>`` line inside fenced code is no quote."""
    lines = rewrite(lines)
    if depth >= MAX_QUOTES or not any(">" in line for line in lines):
        return lines
    out: list[str] = []
    run: list[str] = []
    marker = ""
    for line in [*lines, None]:
        match = _QUOTE.match(line) if line is not None else None
        if line is not None and match:
            marker = marker or match.group().rstrip(" ") + " "
            run.append(line[match.end() :])
            continue
        if run:
            out += [(marker + inner).rstrip(" ") for inner in quoted(run, rewrite, depth + 1)]
            run, marker = [], ""
        if line is not None:
            out.append(line)
    return out
