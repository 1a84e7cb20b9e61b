"""smm.tables: one escaping rule for every Markdown table, one layout for every text table.

The Markdown is read back the way GitHub reads a table row (cmark-gfm: a ``|`` preceded by a
backslash does not end the cell, and that one backslash goes before the cell's inline Markdown is
read), then the cell's inline escapes; what a person sees must be what was typed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import smm
from smm.tables import Markdown, code, markdown_table, md_link, md_text, text_table

HOSTILE = ["a|b", "a\\|b", "two\nlines", "`tick` and ``two``", "", "\\", "trailing \\", "|"]


def _cells(row: str) -> list[str]:
    """Split a table row as GitHub does: a pipe ends a cell unless a backslash precedes it; then
    that one backslash goes (the table's own escape)."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row[1:-1])]


def _shown(inline: str) -> str:
    """What inline Markdown without emphasis or links shows: backslash escapes of ASCII
    punctuation resolved; a code span shows its content as it is."""
    match = re.fullmatch(r"(`+) ?(.*?) ?\1", inline)
    if match:
        return match.group(2)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", inline)


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_plain_cell_shows_as_typed_on_its_one_line(cell):
    header, delimiter, row = markdown_table(["left", "cell", "right"], [["x", cell, "y"]])
    assert header == "| left | cell | right |"
    assert delimiter == "|---|---|---|"
    assert "\n" not in row
    left, shown, right = _cells(row)
    assert (left, right) == ("x", "y")
    assert _shown(shown) == cell.replace("\n", "\\n")


@pytest.mark.parametrize("cell", [c for c in HOSTILE if c.strip()])
def test_a_code_span_cell_holds_its_text_and_its_pipes(cell):
    *_, row = markdown_table(["path"], [[code(cell)]])
    (shown,) = _cells(row)
    assert _shown(shown) == " ".join(cell.split()).replace("\n", "\\n")


def test_markdown_cells_keep_their_markup_and_only_get_the_tables_escape():
    link = Markdown(f"[{md_text('id|1')}](https://example.com/a|b)")
    *_, row = markdown_table(["where"], [[link]])
    assert row == "| [id\\\\|1](https://example.com/a\\|b) |"
    (shown,) = _cells(row)
    assert shown == "[id\\|1](https://example.com/a|b)"  # a link; its text shows "id|1"


def test_right_aligned_columns_and_an_empty_table():
    assert markdown_table(["name", "n"], [], right={1}) == ["| name | n |", "|---|--:|"]
    assert text_table([]) == []


def test_md_text_escapes_outside_tables_too():
    assert md_text("A | B") == "A \\| B"
    assert md_text("a\\b `c`") == "a\\\\b \\`c\\`"
    assert md_text("x\ny") == "x\\\\ny"  # the newline shown as \n, its backslash escaped


def test_text_table_aligns_columns_and_keeps_each_row_on_one_line():
    rows = [["network", "posts", "note"], ["vk", "12", ""], ["telegram", "3", "two\nlines|x"]]
    assert text_table(rows, right={1}, indent="  ") == [
        "  network   posts  note",
        "  vk           12",
        "  telegram      3  two\\nlines|x",
    ]


def test_no_module_draws_a_markdown_table_or_escapes_a_pipe_of_its_own():
    package = Path(smm.__file__).parent
    own = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "tables.py"
        and re.search(r"\|---|replace\(\"\|\"|replace\('\|'", path.read_text(encoding="utf-8"))
    }
    assert own == set()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://t.me/zerno/7", "[пост](<https://t.me/zerno/7>)"),
        ("https://example.com/a_(b)", "[пост](<https://example.com/a_(b)>)"),  # ) ends no link
        ("https://example.com/<b>", "[пост](<https://example.com/%3Cb%3E>)"),
        ("javascript:alert(1)", "пост"),  # read from a post: a link only to the web
        ("t.me/zerno/7", "пост"),
        (None, "пост"),
    ],
)
def test_md_link_links_only_web_addresses(url, shown):
    assert md_link("пост", url) == shown
