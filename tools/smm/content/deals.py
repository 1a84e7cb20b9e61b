"""Exchange and influencer deals (a post's ``deal:``) and a campaign's ``results:``, as the model holds them.

A deal is what was agreed with a partner for one of our posts: who (``partner``), what
(``agreed``), for what (``cost``: money like a budget, or the word ``barter``), the partner's post
about us once it is out (``counter_post``), the local date it is due (``due``), and the reach the
partner reports for it (``reach``). A campaign's results are what a person records after it:
``leads`` (a count) and ``revenue`` (money). docs/files.md has the keys; the report
(report/deals.py) does the sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from smm.content.model import MAX_GOAL, Money, parse_money

#: The post kinds a deal belongs to (content/schema_values.py POST_KINDS).
DEAL_KINDS = ("exchange", "influencer")
BARTER = "barter"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


@dataclass(frozen=True)
class Deal:
    partner: str
    agreed: str | None = None
    cost: Money | None = None  # None: barter, or no cost written
    barter: bool = False
    counter_post: str | None = None  # the partner's post about us, once it is out
    due: date | None = None  # the local date the counter-post is due
    reach: int | None = None  # the reach the partner reports for their post


@dataclass(frozen=True)
class Results:
    leads: int | None = None
    revenue: Money | None = None


def date_problem(text: str) -> str | None:
    """Why a YYYY-MM-DD text is not a calendar date (2026-02-30), or None."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return f"{text} is not a date of the calendar"
    return None


def _count(value: Any) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_GOAL
    return value if ok else None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_deal(value: Any, default_currency: str | None) -> Deal | None:
    """The post's ``deal:`` mapping; None without a usable partner (the schema reports why)."""
    if not isinstance(value, dict):
        return None
    partner = _text(value.get("partner"))
    if partner is None:
        return None
    cost = value.get("cost")
    barter = isinstance(cost, str) and cost.strip() == BARTER
    due_text = _text(value.get("due"))
    try:
        due = date.fromisoformat(due_text) if due_text and len(due_text) == 10 else None
    except ValueError:
        due = None
    return Deal(
        partner=partner,
        agreed=_text(value.get("agreed")),
        cost=None if barter else parse_money(cost, default_currency),
        barter=barter,
        counter_post=_text(value.get("counter_post")),
        due=due,
        reach=_count(value.get("reach")),
    )


def parse_results(value: Any, default_currency: str | None) -> Results | None:
    """The campaign's ``results:`` mapping; None when it has no usable figure."""
    if not isinstance(value, dict):
        return None
    results = Results(
        _count(value.get("leads")), parse_money(value.get("revenue"), default_currency)
    )
    return results if results.leads is not None or results.revenue is not None else None


def overdue(due: date | None, counter_out: bool, now: datetime, tz: ZoneInfo) -> bool:
    """A counter-post is overdue from the local day after ``due`` while it is not out."""
    return due is not None and not counter_out and local_day(now, tz) > due


def local_day(now: datetime, tz: ZoneInfo) -> date:
    """``now``'s date in ``tz``; at the very ends of the calendar (--now 9999-12-31T23:59-12:00)
    the first or last date there is, where the zone's date would be out of range."""
    try:
        return now.astimezone(tz).date()
    except OverflowError:
        return date.max if now.year > 1 else date.min
