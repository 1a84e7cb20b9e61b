"""A campaign whose window ends before it starts (lint's campaign/window) has no valid window:
`smm report` (each format) and the site (home, the brand's page and calendar, the campaign's
page) say so, where its status was "upcoming" (or "ended", or "running", as the clock stood)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from site_pages.conftest import SITE_NOW
from smm.report import render, report
from smm.report.campaigns import INVALID_WINDOW
from smm.site import site

NOW = datetime.fromisoformat(SITE_NOW)  # 2026-12-02 09:00 in Moscow
#: (start, end) as a person writes them reversed: by months, by one day (an end day's
#: exclusive end is the start), by hours of one day.
REVERSED = [
    ("2027-02-28", "2026-12-01"),
    ("2026-12-05", "2026-12-04"),
    ("2026-12-02T10:00", "2026-12-02T08:00"),
]
#: Before both bounds, between them, after both.
CLOCKS = ["2026-11-01T09:00:00+03:00", SITE_NOW, "2027-03-15T09:00:00+03:00"]
WINDOW_WORDS = ("upcoming", "running", "ended")


@pytest.mark.parametrize(("start", "end"), REVERSED)
def test_a_reversed_window_is_no_status_of_a_window_in_the_report(workspace, start, end):
    workspace.campaign("zerno", "winter", start=start, end=end)
    for clock in CLOCKS:
        result = report(workspace.root, brand="zerno", now=datetime.fromisoformat(clock))
        (winter,) = [r for r in result.campaigns if r.slug == "winter"]
        assert winter.status == INVALID_WINDOW, clock
        (shown,) = [c for c in json.loads(render(result, "json"))["campaigns"] if c["campaign"]]
        assert shown["status"] == INVALID_WINDOW
        for fmt in ("text", "markdown"):
            (summary,) = [s for s in render(result, fmt).splitlines() if "budget 10" in s]
            assert INVALID_WINDOW in summary
            assert not any(word in summary for word in WINDOW_WORDS), (fmt, summary)


@pytest.mark.parametrize(("start", "end"), REVERSED)
def test_a_reversed_window_is_no_status_of_a_window_on_the_site(workspace, tmp_path, start, end):
    workspace.campaign("zerno", "winter", start=start, end=end)
    workspace.post(
        "zerno/2026/12/03-a.md", "network: telegram\ntime: 2026-12-03 10:00\ncampaign: winter"
    )
    out = tmp_path / "site"
    site(workspace.root, out, now=NOW, jobs=1)
    for page in ("calendar/zerno/index.html", "calendar/zerno/2026-12.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert f"Зима</a> ({INVALID_WINDOW})" in text, page
    campaign = (out / "campaigns/zerno/winter.html").read_text(encoding="utf-8")
    assert f"({INVALID_WINDOW})</dd>" in campaign
    assert not any(f"({word})" in campaign for word in WINDOW_WORDS)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Зима" not in home  # home lists the running campaigns
    assert "Winter</a>" in home  # Nordlicht's, 2026-12-01 to 2027-04-30, is running
