"""Deals on exchange and influencer posts: deal/missing, deal/kind and deal/overdue (against the
clock, in the brand's zone), and the deal's facts through the lint cache."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smm.lint import lint

Z = "zerno/2026/12/08-swap.md"  # Moscow, UTC+3
N = "nordlicht/2026/12/08-swap.md"  # Berlin, UTC+1 in winter
BEFORE = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # before every post: no time/past
MARKING = 'advertiser: {name: "ИП Смирнова", inn: "771234567859", erid: "2VtzqwE8kPq"}'


def swap(kind: str = "exchange", deal: str = "", brand: str = "zerno") -> str:
    marking = MARKING if brand == "zerno" else 'advertiser: {name: "Trailrunners"}'
    return f"network: telegram\ntime: 2026-12-08 09:00\nkind: {kind}\n{marking}\n{deal}"


def deal_rules(findings):
    return [
        (f.path.split("/")[-1], f.line, f.col, f.level, f.rule)
        for f in findings
        if f.rule.startswith("deal/")
    ]


@pytest.mark.parametrize("kind", ["exchange", "influencer"])
def test_an_exchange_or_influencer_post_without_a_deal_is_a_warning_at_its_kind(workspace, kind):
    workspace.post(Z, swap(kind), body="Anzeige · Реклама. Наши друзья из пекарни печут круассаны.")
    findings = workspace.findings(now=BEFORE)
    assert deal_rules(findings) == [("08-swap.md", 4, 1, "warning", "deal/missing")]
    (missing,) = [f for f in findings if f.rule == "deal/missing"]
    assert f"an {kind} post has no deal" in missing.message


def test_a_deal_on_another_kind_is_a_warning_and_a_deal_where_it_belongs_is_none(workspace):
    workspace.post(Z, swap("organic", "deal: {partner: Колобок, cost: barter}"))
    assert deal_rules(workspace.findings(now=BEFORE)) == [
        ("08-swap.md", 6, 1, "warning", "deal/kind")
    ]
    workspace.post(Z, swap("exchange", "deal: {partner: Колобок, cost: barter}"))
    assert deal_rules(workspace.findings(now=BEFORE)) == []


OVERDUE = "deal:\n  partner: Колобок\n  cost: barter\n  due: 2026-12-09"


@pytest.mark.parametrize(
    ("brand", "path", "last_quiet", "first_late"),
    [
        # the due day ends at midnight in the brand's zone, not in UTC
        (
            "zerno",
            Z,
            datetime(2026, 12, 9, 20, 59, 59, tzinfo=UTC),
            datetime(2026, 12, 9, 21, 0, tzinfo=UTC),
        ),
        (
            "nordlicht",
            N,
            datetime(2026, 12, 9, 22, 59, 59, tzinfo=UTC),
            datetime(2026, 12, 9, 23, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_counter_post_is_overdue_from_the_local_day_after_its_due_date(
    workspace, brand, path, last_quiet, first_late
):
    workspace.post(
        path,
        swap(deal=OVERDUE, brand=brand) + "\npublished:\n  telegram: {state: published, id: '1'}",
    )
    assert deal_rules(workspace.findings(now=last_quiet)) == []
    findings = workspace.findings(now=first_late)
    assert deal_rules(findings) == [("08-swap.md", 9, 3, "warning", "deal/overdue")]
    (late,) = [f for f in findings if f.rule == "deal/overdue"]
    assert late.message.startswith(
        "the partner's counter-post was due on 2026-12-09 (1 day(s) ago)"
    )


@pytest.mark.parametrize(
    "deal",
    [
        OVERDUE + "\n  counter_post: https://t.me/kolobok_bakery/412",  # it is out
        "deal:\n  partner: Колобок\n  cost: barter",  # no due date: nothing can be late
    ],
)
def test_no_overdue_once_the_counter_post_is_out_or_without_a_due_date(workspace, deal):
    workspace.post(Z, swap(deal=deal) + "\npublished:\n  telegram: {state: published, id: '1'}")
    assert deal_rules(workspace.findings(now=datetime(2027, 1, 30, tzinfo=UTC))) == []


def test_a_deal_on_another_kind_is_never_overdue(workspace):
    workspace.post(
        Z, swap("organic", OVERDUE) + "\npublished:\n  telegram: {state: published, id: '1'}"
    )
    assert [
        r for *_, r in deal_rules(workspace.findings(now=datetime(2027, 1, 30, tzinfo=UTC)))
    ] == ["deal/kind"]


def test_the_deals_facts_come_back_from_the_cache_and_the_clock_is_read_on_every_run(workspace):
    """deal/overdue reads the cached facts: a warm run (nothing checked) finds what a cold one
    does, at any --now, and an edit (the counter-post recorded) is seen."""
    path = workspace.post(
        Z, swap(deal=OVERDUE) + "\npublished:\n  telegram: {state: published, id: '1'}"
    )
    early, late = datetime(2026, 12, 9, 12, tzinfo=UTC), datetime(2026, 12, 20, tzinfo=UTC)

    def run(now):
        result = lint(workspace.root, now=now, jobs=1)
        return result.checked, deal_rules(result.findings)

    assert run(late) == (1, [("08-swap.md", 9, 3, "warning", "deal/overdue")])
    assert run(early) == (0, [])
    assert run(late) == (0, [("08-swap.md", 9, 3, "warning", "deal/overdue")])
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "due: 2026-12-09", "due: 2026-12-09\n  counter_post: https://t.me/kolobok_bakery/412"
        ),
        encoding="utf-8",
    )
    assert run(late) == (1, [])
