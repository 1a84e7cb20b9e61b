"""Reading and writing the spreadsheet files themselves: CSV and XLSX.

CSV: the separator is the one the header line uses (',' from English locales, ';' from Russian
Excel, a tab), the text UTF-8 (with or without Excel's BOM) or else Windows-1251, which Russian
Excel writes for "CSV (разделители-запятые)". XLSX: the first sheet, read with openpyxl (cells keep
their dates and times). Written cells that a spreadsheet would run as a formula (starting with
=, +, -, @) are stored as text: in CSV with a leading apostrophe, which reading removes again.
A written text keeps its line ends and tabs; any other control character (ESC from a file name,
NUL) is written as its escape (textsafe.block): XLSX cannot hold them (openpyxl raises
IllegalCharacterError) and a CSV printed to a terminal would obey them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from smm.errors import UsageError
from smm.textsafe import block

#: what a cell holds: text from CSV; from XLSX also numbers, dates and times
Cell = str | int | float | Decimal | date | datetime | time | None
#: what a spreadsheet may take for a formula (OWASP: CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: a spreadsheet larger than this is not a content plan (and would be read into memory)
MAX_BYTES = 20 << 20


def read_rows(path: Path) -> list[list[Cell]]:
    """Every row of the file (the header first); UsageError when it cannot be read as a sheet."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise UsageError(f"{path}: {size:,} bytes; a content plan is at most {MAX_BYTES:,}")
    if path.suffix.casefold() == ".xlsx":
        return _xlsx_rows(path)
    if path.suffix.casefold() not in (".csv", ".tsv", ".txt"):
        raise UsageError(f"{path}: a .csv or .xlsx file, please")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first.strip() else ","
    rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return [[_unquote(cell) for cell in row] for row in rows]


def _unquote(cell: str) -> str:
    """A cell written as text with a leading apostrophe (see the module doc), as typed."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_START and cell[1:] else cell


def _xlsx_rows(path: Path) -> list[list[Cell]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise UsageError(f"{path}: not an XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, (str, int, float, Decimal, date, time)):
        return value  # bool is an int: TRUE reads as 1, which no column takes
    return str(value)


def write_csv(rows: Sequence[Sequence[Cell]], delimiter: str = ",") -> str:
    """The rows as CSV text, every formula-like cell kept as text."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_as_text(cell) for cell in row])
    return out.getvalue()


def _as_text(cell: Cell) -> str:
    text = "" if cell is None else block(str(cell))
    return "'" + text if text.startswith(FORMULA_START) else text


def write_xlsx(path: Path, rows: Sequence[Sequence[Cell]], date_format: str) -> None:
    """The rows as the first sheet of an XLSX workbook: dates and times as such, text as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = "plan"
    for row in rows:
        sheet.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.value = block(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, time):
                cell.number_format = "HH:MM"
            elif isinstance(value, date):
                cell.number_format = date_format
    try:
        book.save(path)
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot write it ({exc.strerror or exc})") from None
