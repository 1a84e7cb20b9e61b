"""smm.findings: the JSON format is json.dumps of the findings as dicts, byte for byte."""

from __future__ import annotations

import json
from dataclasses import asdict

from hypothesis import given, settings
from hypothesis import strategies as st

from smm.findings import Finding, render

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=30) | st.sampled_from(
    ['"quoted"', "back\\slash", "line\nbreak", "\x1b[31m", "тест", "🍋", "\u2028", "\ud800"]
)
FINDINGS = st.builds(
    Finding,
    path=TEXT,
    line=st.integers(0, 10**9),
    col=st.integers(0, 10**6),
    level=st.sampled_from(["error", "warning", "note"]),
    rule=TEXT,
    message=TEXT,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(FINDINGS, max_size=6))
def test_json_is_what_json_dumps_writes(findings):
    expected = json.dumps([asdict(f) for f in sorted(findings)], ensure_ascii=False, indent=1)
    assert render(findings, "json") == expected


def test_no_findings_is_an_empty_array():
    assert render([], "json") == "[]" == json.dumps([], indent=1)
