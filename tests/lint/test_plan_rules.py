"""Where and when a post goes: its time in the brand's zone, the campaign, the budget, the accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

Z = "zerno/2026/12/01-a.md"
N = "nordlicht/2027/03/28-a.md"


def _at(findings, rule):
    return [(f.path, f.line, f.col, f.level) for f in findings if f.rule == rule]


# --- time ---------------------------------------------------------------------------------------


def test_a_time_without_offset_is_the_brands_local_time(workspace):
    # 10:00 in Moscow is 07:00 UTC: passed one second after 07:00 UTC, not at 07:00 itself
    workspace.post(Z, "network: telegram\ntime: 2026-12-01 10:00")
    at_seven = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert workspace.rules(now=at_seven) == set()
    (finding,) = workspace.findings(now=at_seven + timedelta(seconds=1))
    assert (finding.line, finding.col, finding.rule) == (3, 1, "time/past")
    assert finding.message.startswith("2026-12-01T10:00+03:00 has passed")


def test_the_same_wall_time_is_another_instant_for_another_brand(workspace):
    workspace.post("nordlicht/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    # 10:00 in Berlin (winter) is 09:00 UTC
    assert workspace.rules(now=datetime(2026, 12, 1, 9, 0, tzinfo=UTC)) == set()
    assert workspace.rules(now=datetime(2026, 12, 1, 9, 1, tzinfo=UTC)) == {"time/past"}


def test_spring_forward_gap_is_nonexistent(workspace):
    workspace.post(N, "network: telegram\ntime: 2027-03-28 02:30")
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.level, finding.rule) == (
        3,
        1,
        "error",
        "time/nonexistent",
    )
    assert "Europe/Berlin" in finding.message


@pytest.mark.parametrize("when", ["2026-10-25 02:30", "2027-10-31 02:00", "2027-10-31 02:59"])
def test_autumn_overlap_is_ambiguous(workspace, when):
    workspace.post(N, f"network: telegram\ntime: {when}")
    findings = workspace.findings(now=datetime(2026, 10, 1, tzinfo=UTC))
    assert [(f.line, f.rule) for f in findings] == [(3, "time/ambiguous")]
    assert "add its offset, +02:00 for the first or +01:00 for the second" in findings[0].message


def test_an_ambiguous_time_is_told_the_zones_own_offsets(workspace):
    """Chatham's clocks go back from 03:45 +13:45 to 02:45 +12:45: its offsets, not Berlin's."""
    workspace.brand("nordlicht", timezone="Pacific/Chatham")
    workspace.post(N, "network: telegram\ntime: 2027-04-04 03:00")
    findings = workspace.findings(now=datetime(2026, 10, 1, tzinfo=UTC))
    assert [f.rule for f in findings] == ["time/ambiguous"]
    assert "+13:45 for the first or +12:45 for the second" in findings[0].message


@pytest.mark.parametrize(
    "when",
    [
        "2027-03-28 01:59",
        "2027-03-28 03:00",
        "2027-10-31 03:00",
        "2027-10-31 01:59",
        "2027-10-31T02:30:00+01:00",
        "2027-10-31T02:30:00+02:00",
        "2027-03-28T02:30:00+01:00",
    ],
)
def test_times_around_the_changes_that_are_fine(workspace, when):
    workspace.post(N, f"network: telegram\ntime: {when}")
    assert workspace.findings() == []


def test_the_same_dates_are_fine_in_moscow(workspace):
    workspace.post("zerno/2027/03/28-a.md", "network: telegram\ntime: 2027-03-28 02:30")
    workspace.post(
        "zerno/2027/10/31-a.md",
        "network: telegram\ntime: 2027-10-31 02:30",
        "Другой текст поста про осень.",
    )
    assert workspace.findings() == []


def test_a_past_post_that_is_not_published(workspace):
    workspace.post(Z, "network: [telegram, vk]\ntime: 2026-11-20 10:00")
    (finding,) = workspace.findings()
    assert (finding.path, finding.line, finding.col, finding.level, finding.rule) == (
        f"posts/{Z}",
        3,
        1,
        "error",
        "time/past",
    )
    assert "not published to telegram, vk" in finding.message


def test_a_past_post_that_is_published_is_fine(workspace):
    workspace.post(
        Z,
        """
        network: telegram
        time: 2026-11-20 10:00
        published:
          telegram: {id: "1", url: https://t.me/zerno/1, at: "2026-11-20T10:00:04+03:00"}
    """,
    )
    assert workspace.findings() == []


def test_a_past_post_published_to_some_networks_names_the_rest(workspace):
    workspace.post(
        Z,
        """
        network: [telegram, vk]
        time: 2026-11-20 10:00
        published:
          telegram: {id: "1", url: https://t.me/zerno/1}
    """,
    )
    (finding,) = workspace.findings()
    assert finding.rule == "time/past"
    assert "not published to vk;" in finding.message


def test_a_past_claim_is_the_publishers_to_resolve_not_a_lint_error(workspace):
    # a claim without a result is reconciled or reported `unknown` by `smm publish`;
    # "move it or remove it" would be the wrong advice for a post that may be live
    workspace.post(
        Z,
        """
        network: telegram
        time: 2026-11-20 10:00
        published:
          telegram: {state: claimed, run: "7"}
    """,
    )
    assert workspace.rules() == set()


def test_past_is_relative_to_now_not_the_clock(workspace):
    workspace.post(Z, "network: telegram\ntime: 2030-01-01 10:00")
    assert workspace.rules() == set()
    assert workspace.rules(now=datetime(2031, 1, 1, tzinfo=UTC)) == {"time/past"}


def test_without_now_nothing_is_past(workspace):
    from smm.lint import lint

    workspace.post(Z, "network: telegram\ntime: 2000-01-01 10:00")
    assert lint(workspace.root, now=None, use_cache=False, jobs=1).findings == []


@pytest.mark.parametrize(
    "local, quiet",
    [
        ("23:00", True),
        ("23:59", True),
        ("00:00", True),
        ("07:59", True),
        ("08:00", False),
        ("12:00", False),
        ("22:59", False),
    ],
)
def test_quiet_hours_across_midnight(workspace, local, quiet):
    workspace.brand("zerno", quiet_hours={"start": "23:00", "end": "8:00"})
    workspace.post(Z, f"network: telegram\ntime: 2026-12-01 {local}")
    findings = workspace.findings()
    assert [(f.line, f.level, f.rule) for f in findings] == (
        [(3, "warning", "time/quiet-hours")] if quiet else []
    )
    if quiet:
        assert f"{local} is inside the brand's quiet hours 23:00-8:00" in findings[0].message


def test_quiet_hours_are_the_brands_local_hours(workspace):
    workspace.brand("zerno", quiet_hours={"start": "13:00", "end": "14:00"})
    # 10:30 UTC is 13:30 in Moscow
    workspace.post(Z, "network: telegram\ntime: 2026-12-01T10:30:00Z")
    assert workspace.rules() == {"time/quiet-hours"}


def test_quiet_hours_within_a_day(workspace):
    workspace.brand("zerno", quiet_hours={"start": "13:00", "end": "14:00"})
    workspace.post(Z, "network: telegram\ntime: 2026-12-01 14:00")
    workspace.post(
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 13:00",
        "Второй пост, в тихий час.",
    )
    assert [f.path for f in workspace.findings() if f.rule == "time/quiet-hours"] == [
        "posts/zerno/2026/12/02-a.md"
    ]


def test_warnings_do_not_hide_errors_and_errors_are_counted(workspace):
    workspace.brand("zerno", quiet_hours={"start": "23:00", "end": "08:00"})
    workspace.post(Z, "network: telegram\ntime: 2026-11-27 23:30")
    result = workspace.lint()
    assert sorted(f.rule for f in result.findings) == ["time/past", "time/quiet-hours"]
    assert (result.errors, result.warnings) == (1, 1)


# --- campaign -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when, inside",
    [
        ("2026-12-01 00:00", True),  # the first local day from its midnight
        ("2026-11-30 23:59", False),
        ("2027-02-28 23:59", True),  # the end day is included
        ("2027-03-01 00:00", False),
        ("2026-11-30T21:30:00Z", True),  # 00:30 on Dec 1 in Moscow, though Nov 30 in UTC
        ("2027-02-28T21:30:00Z", False),  # 00:30 on Mar 1 in Moscow
    ],
)
def test_campaign_window_is_in_local_days(workspace, when, inside):
    workspace.post(Z, f"network: telegram\ntime: {when}\ncampaign: winter")
    findings = workspace.findings(now=datetime(2026, 11, 1, tzinfo=UTC))
    assert _at(findings, "campaign/window") == ([] if inside else [(f"posts/{Z}", 3, 1, "error")])
    assert [f.rule for f in findings if f.rule != "campaign/window"] == []


def test_campaign_window_message_shows_local_times(workspace):
    workspace.post(Z, "network: telegram\ntime: 2027-03-01 09:00\ncampaign: winter")
    (finding,) = workspace.findings()
    assert finding.message == (
        "2027-03-01 09:00 is outside campaign 'winter' (2026-12-01 00:00 to 2027-03-01 00:00)"
    )


def test_campaign_window_with_instants(workspace):
    workspace.campaign("zerno", "winter", start="2026-12-01 18:00", end="2026-12-01T20:00:00+03:00")
    workspace.post(Z, "network: telegram\ntime: 2026-12-01 17:59\ncampaign: winter")
    workspace.post(
        "zerno/2026/12/01-b.md",
        "network: telegram\ntime: 2026-12-01 18:00\ncampaign: winter",
        "Пост внутри окна.",
    )
    workspace.post(
        "zerno/2026/12/01-c.md",
        "network: telegram\ntime: 2026-12-01 20:00\ncampaign: winter",
        "Пост на границе.",
    )
    assert sorted(f.path for f in workspace.findings() if f.rule == "campaign/window") == [
        "posts/zerno/2026/12/01-a.md",
        "posts/zerno/2026/12/01-c.md",
    ]


def test_campaign_networks(workspace):
    workspace.campaign("nordlicht", "winter-sale", networks=["telegram"])
    workspace.post(
        "nordlicht/2026/12/01-a.md",
        "network: [telegram, instagram]\ntime: 2026-12-01 10:00\n"
        "campaign: winter-sale\nimages:\n  - {src: assets/zerno/square.jpg, alt: Eine Tasse}",
    )
    findings = workspace.findings()
    assert _at(findings, "campaign/network") == [
        ("posts/nordlicht/2026/12/01-a.md", 2, 21, "error")
    ]
    (finding,) = [f for f in findings if f.rule == "campaign/network"]
    assert finding.message == "campaign 'winter-sale' runs on telegram, not instagram"


def test_a_campaign_without_networks_allows_any(workspace):
    workspace.campaign("zerno", "winter", networks=None)
    workspace.post(Z, "network: [telegram, vk]\ntime: 2026-12-01 10:00\ncampaign: winter")
    assert workspace.findings() == []


# --- budget -------------------------------------------------------------------------------------


def test_a_budget_in_another_currency_than_the_campaign(workspace):
    workspace.post(Z, "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 50 EUR")
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.rule) == (5, 1, "budget/currency")
    assert finding.message == "budget is in EUR but campaign 'winter' is budgeted in RUB"


def test_a_budget_as_a_mapping_in_another_currency(workspace):
    workspace.post(
        Z,
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\n"
        "budget: {amount: 50, currency: USD, kind: boost}",
    )
    assert workspace.rules() == {"budget/currency"}


def test_a_bare_number_budget_is_in_the_brands_currency(workspace):
    workspace.post(Z, "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 1500")
    assert workspace.findings() == []


def test_a_bare_number_budget_without_any_currency(workspace):
    workspace.brand("zerno", currency=None)
    workspace.post(Z, "network: telegram\ntime: 2026-12-01 10:00\nbudget: 1500")
    (finding,) = workspace.findings()
    assert (finding.line, finding.rule) == (4, "budget/currency")


# --- networks and accounts ------------------------------------------------------------------------


def test_a_network_the_brand_has_no_account_on(workspace):
    workspace.post("nordlicht/2026/12/01-a.md", "network: [telegram, vk]\ntime: 2026-12-01 10:00")
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.rule) == (2, 21, "brand/account")
    assert finding.message == "brand 'nordlicht' has no vk account in brands/nordlicht.yaml"


def test_a_network_listed_twice(workspace):
    workspace.post(Z, "network: [telegram, vk, telegram]\ntime: 2026-12-01 10:00")
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.rule) == (2, 25, "schema/network")
    assert finding.message == "telegram is listed twice"
