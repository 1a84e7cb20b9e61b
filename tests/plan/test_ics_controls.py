"""A control character from a file name, a title, a text or a published: entry (ESC, NUL, DEL, a
lone CR) reaches no export raw: RFC 5545 TEXT holds none but HTAB, openpyxl refuses them in an
XLSX cell, and a terminal would obey them in CSV on stdout. Each is written as its escape."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import icalendar
from openpyxl import load_workbook

from smm.plan import plan, render
from smm.sheets.export import rows, to_csv

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
NAME = "zerno/2026/12/04-a\x1b[31mred.md"
#: every control character but the line ends and tab RFC 5545 TEXT and a sheet cell may carry
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _seed(ws) -> None:
    ws.post(
        NAME,
        'network: [telegram, vk]\ntime: 2026-12-04 10:00\ntitle: "Red\\x07 \\x00bell\\rlate\\x7f"\n'
        "published:\n  telegram:\n    state: published\n    at: 2026-12-04T07:00:00+00:00\n"
        '    id: "7"\n    url: "https://t.me/zerno/7\\r\\nX-INJECTED:yes"\n',
        body="Текст\x1b]0;title\x07 с ESC и\ttab.\n",
    )


def test_ics_holds_no_control_character_but_line_ends_and_tab(workspace) -> None:
    _seed(workspace)
    ics = render(plan(workspace.root, now=NOW, texts=True), "ics")
    unfolded = ics.replace("\r\n ", "")
    assert not CONTROL.search(ics.replace("\r\n", "")), repr(ics)
    assert "\r" not in ics.replace("\r\n", "")
    assert "\r\nX-INJECTED" not in unfolded and "\r\nURL:https://t.me/zerno/7" not in unfolded
    events = list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))
    assert len(events) == 2
    summary = str(events[0]["SUMMARY"])
    assert "\\x07" in summary and "\\x00" in summary and "\\x7f" in summary
    assert "04-a\\x1b[31mred.md" in str(events[0]["DESCRIPTION"])
    assert all(re.fullmatch(r"[0-9a-f]+@smm", str(e["UID"])) for e in events)


def test_a_csv_export_writes_the_escape_not_the_character(workspace) -> None:
    _seed(workspace)
    csv_text = to_csv(rows(plan(workspace.root, now=NOW), root=workspace.root))
    assert not CONTROL.search(csv_text.replace("\r\n", "")) and "04-a\\x1b[31mred.md" in csv_text


def test_an_xlsx_export_is_written_not_a_traceback(workspace, tmp_path) -> None:
    _seed(workspace)
    out = tmp_path / "plan.xlsx"
    run = workspace.smm("plan", "--format", "xlsx", "--out", str(out), "--now", NOW.isoformat())
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and "04-a\\x1b[31mred.md" in c for c in cells), cells
