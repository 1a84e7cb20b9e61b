"""x/monthly-cap: a brand's X posts in one local month beyond its access tier's posting cap."""

from __future__ import annotations

from typing import Any

from tests.conftest import RU_BRAND


def _x_posts(workspace: Any, days: list[str]) -> None:
    for day in days:
        workspace.post(
            f"zerno/{day[:7].replace('-', '/')}/{day[8:]}-x.md",
            f"network: x\ntime: {day} 10:00",
            f"Отдельный текст для X, {day}.",
        )


def test_the_accounts_cap_warns_at_each_post_past_it_in_a_local_month(workspace: Any) -> None:
    workspace.brand(
        "zerno", accounts={**RU_BRAND["accounts"], "x": {"handle": "zerno", "posts_per_month": 2}}
    )
    _x_posts(workspace, ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2027-01-01"])
    found = [(f.path, f.level, f.rule) for f in workspace.findings() if f.rule == "x/monthly-cap"]
    assert found == [
        ("posts/zerno/2026/12/03-x.md", "warning", "x/monthly-cap"),
        ("posts/zerno/2026/12/04-x.md", "warning", "x/monthly-cap"),
    ]
    message = next(f.message for f in workspace.findings() if f.rule == "x/monthly-cap")
    assert message.startswith(
        "x post 3 of 2026-12 for brand 'zerno': over the access tier's cap of 2"
    )
    assert "accounts.x.posts_per_month" in message


def test_months_are_the_brands_local_months(workspace: Any) -> None:
    workspace.brand(
        "zerno", accounts={**RU_BRAND["accounts"], "x": {"handle": "zerno", "posts_per_month": 1}}
    )
    # 22:30 UTC on 30 November is 01:30 on 1 December in Moscow: December's second post
    workspace.post(
        "zerno/2026/11/30-x.md", "network: x\ntime: 2026-11-30T22:30:00Z", "Ночной пост для X."
    )
    _x_posts(workspace, ["2026-12-01"])
    assert [f.path for f in workspace.findings() if f.rule == "x/monthly-cap"] == [
        "posts/zerno/2026/12/01-x.md"
    ]


def test_without_an_account_number_the_rules_file_default_holds(workspace: Any) -> None:
    workspace.brand("zerno")
    _x_posts(workspace, ["2026-12-01", "2026-12-02"])
    assert "x/monthly-cap" not in workspace.rules()  # 2 of the default 500
