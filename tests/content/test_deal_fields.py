"""A post's ``deal:`` and a campaign's ``results:``: read from real files into the model, and every
bad value one schema finding at its line (never an exception)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from smm.content.deals import Deal, Results, overdue
from smm.content.loader import load_campaign, load_post
from smm.content.model import Money
from smm.content.repo import open_repo

P = "posts/zerno/2026/12/08-swap.md"
HEAD = "network: telegram\ntime: 2026-12-08 09:00\nkind: exchange\n"


def load(workspace, deal: str):
    workspace.write(P, f"---\n{HEAD}{deal}\n---\nТекст поста про обмен с пекарней.")
    repo = open_repo(workspace.root)
    post, problems = load_post(workspace.root, P, repo.brands)
    assert post is not None
    return post.deal, [(f.line, f.col, f.rule, f.message) for f in problems]


def test_a_full_deal_is_read_with_money_exact_and_the_date_a_date(workspace):
    deal, problems = load(
        workspace,
        "deal:\n  partner: Пекарня «Колобок»\n  agreed: пост за пост\n  cost: 15000.50 RUB\n"
        "  counter_post: https://t.me/kolobok/412\n  due: 2026-12-09\n  reach: 4100",
    )
    assert problems == []
    assert deal == Deal(
        partner="Пекарня «Колобок»",
        agreed="пост за пост",
        cost=Money(Decimal("15000.50"), "RUB"),
        counter_post="https://t.me/kolobok/412",
        due=date(2026, 12, 9),
        reach=4100,
    )


@pytest.mark.parametrize(
    ("cost", "expected"),
    [
        ("barter", Deal("@anna", barter=True)),
        ("' barter '", Deal("@anna", barter=True)),
        ("20000", Deal("@anna", cost=Money(Decimal(20000), "RUB"))),  # the brand's currency
        ("{amount: 1800, currency: EUR}", Deal("@anna", cost=Money(Decimal(1800), "EUR"))),
    ],
)
def test_cost_is_money_like_a_budget_or_barter(workspace, cost, expected):
    assert load(workspace, f'deal: {{partner: "@anna", cost: {cost}}}') == (expected, [])


@pytest.mark.parametrize(
    ("deal", "where", "rule", "says"),
    [
        ("deal: {cost: barter}", (5, 1), "schema/required", "missing required key 'partner'"),
        ("deal: {partner: '  '}", (5, 8), "schema/value", "'deal.partner'"),
        ("deal: {partner: A, cost: twenty}", (5, 20), "schema/value", "'barter' or an amount"),
        ("deal: {partner: A, cost: -5}", (5, 20), "schema/value", "at least 0"),
        ("deal: {partner: A, cost: [1]}", (5, 20), "schema/type", "'deal.cost' must be"),
        (
            "deal: {partner: A, due: 2026-02-30}",
            (5, 20),
            "schema/value",
            "not a date of the calendar",
        ),
        ("deal: {partner: A, due: 20.12.2026}", (5, 20), "schema/value", "a date like 2026-12-20"),
        ("deal: {partner: A, counter_post: t.me/x}", (5, 20), "schema/value", "a URL"),
        ("deal: {partner: A, reach: -1}", (5, 20), "schema/value", "at least 0"),
        ("deal: {partner: A, reach: 1.5}", (5, 20), "schema/type", "a whole number"),
        ("deal: {partner: A, cots: 5}", (5, 20), "schema/unknown-key", "did you mean 'cost'?"),
        ("deal: Колобок", (5, 1), "schema/type", "'deal' must be a mapping"),
    ],
)
def test_every_bad_value_is_one_finding_at_its_place(workspace, deal, where, rule, says):
    parsed, problems = load(workspace, deal)
    assert [(line, col, r) for line, col, r, _ in problems] == [(*where, rule)]
    assert says in problems[0][3]
    if rule != "schema/unknown-key" and "partner: A" in deal:
        assert parsed is not None and parsed.partner == "A"  # the rest of the deal still counts


def campaign(workspace, results: str):
    path = workspace.write(
        "campaigns/zerno/spring.yaml",
        f"name: Весна\nstart: 2027-03-01\nend: 2027-03-31\nbudget: 5000 RUB\n{results}\n",
    )
    repo = open_repo(workspace.root)
    c, problems = load_campaign(workspace.root, "campaigns/zerno/spring.yaml", repo.brands)
    assert c is not None and path.exists()
    return c.results, [(f.line, f.col, f.rule) for f in problems]


@pytest.mark.parametrize(
    ("results", "expected", "problems"),
    [
        ("results: {leads: 40, revenue: 12000 RUB}", Results(40, Money(Decimal(12000), "RUB")), []),
        ("results: {leads: 40}", Results(40, None), []),
        ("results: {revenue: 99.99}", Results(None, Money(Decimal("99.99"), "RUB")), []),
        ("results: {leads: 0, revenue: 0 RUB}", Results(0, Money(Decimal(0), "RUB")), []),
        ("results: {leads: 4.5}", None, [(5, 11, "schema/type")]),
        ("results: {leads: -1}", None, [(5, 11, "schema/value")]),
        ("results: {revenue: lots}", None, [(5, 11, "schema/value")]),
        ("results: {sales: 3}", None, [(5, 11, "schema/unknown-key")]),
    ],
)
def test_campaign_results(workspace, results, expected, problems):
    assert campaign(workspace, results) == (expected, problems)


def test_overdue_is_from_the_local_day_after_due_and_never_once_the_counter_post_is_out():
    moscow = ZoneInfo("Europe/Moscow")
    due = date(2026, 12, 9)
    last = datetime(2026, 12, 9, 20, 59, tzinfo=UTC)  # 23:59 in Moscow
    assert not overdue(due, False, last, moscow)
    assert overdue(due, False, datetime(2026, 12, 9, 21, 0, tzinfo=UTC), moscow)
    assert not overdue(due, True, datetime(2027, 6, 1, tzinfo=UTC), moscow)
    assert not overdue(None, False, datetime(2027, 6, 1, tzinfo=UTC), moscow)
