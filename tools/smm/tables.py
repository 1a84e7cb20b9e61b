r"""Tables, the one way smm draws them: aligned text for a terminal, Markdown for GitHub.

Every cell is one line: control characters, newlines among them, are written as escapes
(textsafe.one_line). In Markdown, text smm did not write goes through ``md_text``: backslashes,
backticks and pipes are escaped, so ``a\|b``, a stray backtick or a ``|`` shows as typed, in a
table or out of one. A table cell marked ``Markdown`` (a code span from ``code``, a link,
emphasis: written by smm around escaped parts) gets GitHub-flavoured Markdown's table rule: a
``|`` ends the cell unless escaped as ``\|``, and the table removes that one backslash before it
reads the cell's inline Markdown (even inside a code span), so every ``|`` gets one more.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from smm.textsafe import one_line, web_address

__all__ = ["Markdown", "code", "markdown_table", "md_link", "md_text", "text_table"]


class Markdown(str):
    """A cell (or a piece of one) that is already inline Markdown."""

    __slots__ = ()


def md_text(text: str) -> Markdown:
    """Plain ``text`` as inline Markdown on one line: backslashes, backticks and pipes escaped
    (a pipe means nothing outside a table, but escaped no line can pass for a table row)."""
    escaped = one_line(str(text)).replace("\\", "\\\\")
    return Markdown(escaped.replace("`", "\\`").replace("|", "\\|"))


def code(text: str) -> Markdown:
    """An inline code span that holds ``text`` whatever backticks it contains, on one line."""
    text = one_line(" ".join(str(text).split()))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def md_link(text: str, url: str | None) -> Markdown:
    """``text`` as a link to ``url`` when that is a web address (textsafe.web_address: a
    ``javascript:`` URL read from a post is no link); the text alone otherwise. The address goes
    between angle brackets, so a ``)`` in it does not end the link."""
    if not web_address(url):
        return md_text(text)
    assert url is not None
    target = url.replace("<", "%3C").replace(">", "%3E")
    return Markdown(f"[{md_text(text)}](<{target}>)")


def _cell(value: str) -> str:
    if isinstance(value, Markdown):
        return one_line(value).replace("|", "\\|")
    return md_text(value)


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()
) -> list[str]:
    """A GitHub-flavoured Markdown table; columns whose index is in ``right`` align right."""
    delimiter = "|" + "|".join("--:" if i in right else "---" for i in range(len(header))) + "|"
    return [
        "| " + " | ".join(map(_cell, header)) + " |",
        delimiter,
        *("| " + " | ".join(map(_cell, row)) + " |" for row in rows),
    ]


def text_table(
    rows: Sequence[Sequence[str]], right: Collection[int] = (), indent: str = ""
) -> list[str]:
    """Rows (the first is usually the header) in columns two spaces apart, each cell on one line;
    columns whose index is in ``right`` align right. No line ends in spaces."""
    cells = [[one_line(str(cell)) for cell in row] for row in rows]
    if not cells:
        return []
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return [
        (
            indent
            + "  ".join(
                cell.rjust(width) if i in right else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        ).rstrip()
        for row in cells
    ]
