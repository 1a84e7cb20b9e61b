"""The content model's bounds: money, durations and goals are sane numbers or not used at all.

The loader refuses what Python cannot hold (a 5,000-digit number, .nan, .inf); these bounds are
the next line: values Python holds but a plan cannot mean. The schema reports them (with the
same constants) and the model leaves them out, so no consumer ever sees one.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from smm.content.model import (
    MAX_AMOUNT,
    Money,
    duration_problem,
    parse_duration,
    parse_goals,
    parse_money,
)


@pytest.mark.parametrize(
    "budget, expected",
    [
        ("999999999999.99 RUB", Money(MAX_AMOUNT, "RUB")),
        (999999999999.99, Money(MAX_AMOUNT, "RUB")),
        ({"amount": 0, "currency": "EUR"}, Money(Decimal(0), "EUR")),
        (1500.5, Money(Decimal("1500.5"), "RUB")),
        (" 12.05 USD ", Money(Decimal("12.05"), "USD")),
    ],
)
def test_money_up_to_twelve_digits_and_cents_is_read(budget, expected):
    assert parse_money(budget, "RUB") == expected


@pytest.mark.parametrize(
    "budget",
    [
        "1000000000000 RUB",
        10**12,
        1e12,
        {"amount": 10**13, "currency": "RUB"},
        "9" * 400 + " RUB",
        "1500.125 RUB",
        1500.125,
        1e-7,
        {"amount": 0.001, "currency": "RUB"},
        -1,
        {"amount": -5, "currency": "RUB"},
        float("nan"),
        float("inf"),
        {"amount": float("nan")},
        Decimal("NaN"),
    ],
)
def test_money_beyond_the_bound_is_not_money(budget):
    assert parse_money(budget, "RUB") is None


def test_durations_are_bounded_to_a_year_and_a_day():
    assert parse_duration("366d", timedelta(hours=2)) == timedelta(days=366)
    assert parse_duration("8784h", timedelta(hours=2)) == timedelta(days=366)
    for text in ("367d", "8785h", "99999999999d", "9" * 5000 + "m"):
        assert parse_duration(text, timedelta(hours=2)) == timedelta(hours=2)
        assert "is longer than 366 days" in duration_problem(text)
    assert (
        duration_problem("2h") is None and duration_problem("soon") is None
    )  # the pattern speaks for that


def test_goals_are_the_usable_numbers_only():
    goals = parse_goals(
        {
            "reach": 200000,
            "engagement_rate": 0.04,
            "clicks": float("nan"),
            "leads": 10**13,
            "sales": 5,
        }
    )
    assert goals == {"reach": Decimal(200000), "engagement_rate": Decimal("0.04")}
    assert parse_goals({"reach": True, "clicks": "3000"}) == {} and parse_goals(None) == {}
