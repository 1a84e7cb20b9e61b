"""`smm plan` marks a month over the X access tier's posting cap, with the count lint's
x/monthly-cap uses (lint/monthly_cap.py): on the day of the month's first post past the cap, in
text, Markdown and JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from tests.conftest import RU_BRAND

from smm.plan import plan, render

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
DEC1, DEC31 = date(2026, 12, 1), date(2026, 12, 31)


def _x_posts(ws: Any, days: list[str]) -> None:
    for day in days:
        ws.post(
            f"zerno/{day[:7].replace('-', '/')}/{day[8:]}-x.md",
            f"network: x\ntime: {day} 10:00",
            f"Отдельный текст для X, {day}.",
        )


def _capped(ws: Any, cap: int) -> None:
    ws.brand(
        "zerno", accounts={**RU_BRAND["accounts"], "x": {"handle": "zerno", "posts_per_month": cap}}
    )


def test_a_month_past_the_cap_is_marked_on_the_day_of_its_first_post_past_it(
    workspace: Any,
) -> None:
    _capped(workspace, 2)
    _x_posts(workspace, ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2027-01-01"])
    result = plan(workspace.root, brand="zerno", now=NOW)
    (bp,) = result.brands
    assert [(d, o.network, o.month, o.posts, o.cap, o.first) for d, o in bp.over_cap] == [
        (date(2026, 12, 3), "x", "2026-12", 4, 2, "posts/zerno/2026/12/03-x.md")
    ]  # January's one post is within its cap
    line = (
        "over the cap: x has 4 posts in 2026-12, the access tier's cap is 2 a month "
        "(instance: accounts.x.posts_per_month of the brand); the first past it: "
        "posts/zerno/2026/12/03-x.md"
    )
    text = render(result, "text")
    assert "Thu 2026-12-03\n  10:00  x " in text and f"  ! {line}\n" in text
    assert "0 gaps, 0 pairs too close, 0 days over the limit, 1 month over the cap" in text
    assert f"- Thu 2026-12-03: {line}\n" in render(result, "markdown")
    days = {d["date"]: d for d in json.loads(render(result, "json"))["brands"][0]["days"]}
    assert days["2026-12-03"]["over_cap"] == [
        {
            "network": "x",
            "month": "2026-12",
            "posts": 4,
            "cap": 2,
            "first": "posts/zerno/2026/12/03-x.md",
            "status": "instance",
            "source": "accounts.x.posts_per_month of the brand",
        }
    ]
    assert all(d["over_cap"] == [] for key, d in days.items() if key != "2026-12-03")


def test_the_plan_and_lint_count_the_same_posts(workspace: Any) -> None:
    """Every month the plan marks starts at lint's first x/monthly-cap warning of that month."""
    _capped(workspace, 1)
    # 22:30 UTC on 30 November is 01:30 on 1 December in Moscow: December's first post
    workspace.post(
        "zerno/2026/11/30-x.md", "network: x\ntime: 2026-11-30T22:30:00Z", "Ночной пост для X."
    )
    _x_posts(workspace, ["2026-11-29", "2026-12-01", "2026-12-05", "2027-01-02", "2027-01-09"])
    warned = [f.path for f in workspace.findings() if f.rule == "x/monthly-cap"]
    assert warned == [
        "posts/zerno/2026/12/01-x.md",
        "posts/zerno/2026/12/05-x.md",
        "posts/zerno/2027/01/09-x.md",
    ]
    (bp,) = plan(workspace.root, brand="zerno", now=NOW).brands
    assert [(d, o.month, o.posts, o.first) for d, o in bp.over_cap] == [
        (DEC1, "2026-12", 3, "posts/zerno/2026/12/01-x.md"),
        (date(2027, 1, 9), "2027-01", 2, "posts/zerno/2027/01/09-x.md"),
    ]


def test_a_window_counts_the_whole_month_and_marks_its_first_day_past_the_cap(
    workspace: Any,
) -> None:
    _capped(workspace, 2)
    _x_posts(workspace, ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-10", "2026-12-20"])
    (bp,) = plan(workspace.root, start=date(2026, 12, 5), end=DEC31, brand="zerno", now=NOW).brands
    assert [(d, o.posts, o.first) for d, o in bp.over_cap] == [
        (date(2026, 12, 10), 5, "posts/zerno/2026/12/10-x.md")
    ]
    (bp,) = plan(workspace.root, start=DEC1, end=date(2026, 12, 2), brand="zerno", now=NOW).brands
    assert bp.over_cap == []  # none of the posts past the cap is in the window


def test_within_the_cap_nothing_is_marked(workspace: Any) -> None:
    _capped(workspace, 3)
    _x_posts(workspace, ["2026-12-01", "2026-12-02", "2026-12-03"])
    result = plan(workspace.root, brand="zerno", now=NOW)
    assert result.brands[0].over_cap == []
    assert "0 months over the cap" in render(result, "text")
