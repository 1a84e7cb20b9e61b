"""The content model: brands, campaigns and posts as loaded from the repository."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from smm.content.yamlpos import Located, short

if TYPE_CHECKING:
    from smm.content.deals import Deal, Results

#: Money is an amount of at most 12 digits and 2 decimals (up to 999,999,999,999.99): the report
#: and the plan split budgets in cents, and a larger number in a budget is a typo, not a plan.
AMOUNT_DIGITS, AMOUNT_DECIMALS = 12, 2
MAX_AMOUNT = Decimal(10) ** AMOUNT_DIGITS - Decimal(1).scaleb(-AMOUNT_DECIMALS)
MONEY_PATTERN = rf"^\s*(\d{{1,{AMOUNT_DIGITS}}}(?:\.\d{{1,{AMOUNT_DECIMALS}}})?)\s*([A-Z]{{3}})\s*$"
_MONEY = re.compile(MONEY_PATTERN)
#: Durations (late_after, min_gap) are at most a year; more is a typo (and overflows timedelta).
MAX_DURATION = timedelta(days=366)
DURATION_PATTERN = r"^(\d+)\s*([mhd])$"
_DURATION = re.compile(DURATION_PATTERN)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
#: Campaign goals are counts (reach, clicks, leads) or a rate; none is larger than this.
MAX_GOAL = 10**12
GOAL_KEYS = ("reach", "engagement_rate", "clicks", "leads")
#: The body `smm new` writes (scaffold.py); lint reports a post that still holds it (body/placeholder).
PLACEHOLDER_BODY = "TODO: replace this line with the post's text."


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None
    kind: str | None = None

    def __str__(self) -> str:
        return (
            f"{self.amount:,.2f} {self.currency or ''}".replace(",", " ")
            .replace(".00 ", " ")
            .strip()
        )


def _number(value: Any) -> Decimal | None:
    """A YAML number as a Decimal (never a bool, never NaN or infinite)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = Decimal(str(value))
    return number if number.is_finite() else None


def _amount(value: Any) -> Decimal | None:
    """An amount of money (a YAML number, or the Decimal of '1500 RUB'), or None when it is
    not one smm can use: negative, NaN, infinite, over MAX_AMOUNT or finer than cents."""
    number = value if isinstance(value, Decimal) else _number(value)
    if number is None or not number.is_finite() or not 0 <= number <= MAX_AMOUNT:
        return None
    exponent = number.as_tuple().exponent
    return number if isinstance(exponent, int) and -exponent <= AMOUNT_DECIMALS else None


def parse_money(value: Any, default_currency: str | None) -> Money | None:
    """'1500 RUB', 1500 (brand's currency) or {amount, currency, kind}; None if unusable."""
    if isinstance(value, str):
        match = _MONEY.match(value)
        number = _amount(Decimal(match.group(1))) if match else None
        return Money(number, match.group(2)) if match and number is not None else None
    if isinstance(value, dict):
        currency = (
            value.get("currency") if isinstance(value.get("currency"), str) else default_currency
        )
        kind = value.get("kind") if isinstance(value.get("kind"), str) else None
        number = _amount(value.get("amount"))
        return Money(number, currency, kind) if number is not None else None
    number = _amount(value)
    return Money(number, default_currency) if number is not None else None


def duration_problem(text: str) -> str | None:
    """Why a duration like '2h' is unusable (longer than MAX_DURATION), or None."""
    match = _DURATION.match(text.strip())
    if match and (
        len(match.group(1)) > 6
        or timedelta(**{_UNITS[match.group(2)]: int(match.group(1))}) > MAX_DURATION
    ):
        return f"{short(text)} is longer than {MAX_DURATION.days} days"
    return None


def parse_duration(value: Any, default: timedelta) -> timedelta:
    """'30m', '2h' or '1d'; ``default`` when it is not one, or longer than MAX_DURATION."""
    match = _DURATION.match(value.strip()) if isinstance(value, str) else None
    if not match or duration_problem(value):
        return default
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def parse_goals(value: Any) -> dict[str, Decimal]:
    """The campaign's goals that are usable numbers from 0 to MAX_GOAL, by name."""
    goals = {}
    for name in GOAL_KEYS:
        number = _number(value.get(name)) if isinstance(value, dict) else None
        if number is not None and 0 <= number <= MAX_GOAL:
            goals[name] = number
    return goals


#: States of a (post, network) in its published: block (docs/publishing.md). Absent means scheduled.
#: ``retry``: the network certainly refused it (a 429, a 5xx that stored nothing): the next run
#: claims and sends it again.
PUBLISH_STATES = ("claimed", "published", "failed", "unknown", "missed", "retry")


def publish_state(entry: dict[str, Any]) -> str:
    """The state of one published: entry; an entry with an id or url and no state is published;
    a published entry with ``retracted:`` is ``retracted`` (deleted from the network, kept here)."""
    state = entry.get("state")
    if state not in PUBLISH_STATES:
        state = "published" if entry.get("id") or entry.get("url") else "claimed"
    return (
        "retracted"
        if state == "published" and isinstance(entry.get("retracted"), dict)
        else str(state)
    )


#: What a post may ask of its live posts (front matter ``edit:`` / ``retract:``: network -> reason).
CHANGE_REQUESTS = ("edit", "retract")
#: The claims of an edit or a retraction a run made in a published entry (publish/changes.py).
CHANGE_CLAIMS = ("editing", "retracting")


def change_facts(post: Post) -> tuple[tuple[str, str], ...]:
    """(network, kind) of each edit or retraction the post asks for, and each claim of one in its
    published: block: the due selection loads only posts that have one."""
    found: list[tuple[str, str]] = []
    for kind in CHANGE_REQUESTS:
        asked = post.meta.data.get(kind)
        if isinstance(asked, dict):
            found += [(str(network), kind) for network in asked]
    for network, entry in post.published.items():
        found += [(str(network), kind) for kind in CHANGE_CLAIMS if kind in entry]
    return tuple(found)


#: A BCP 47 language tag as brand files write it ("ru", "de", "pt-BR", "zh-Hant").
LANGUAGE_TAG = r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*"


@dataclass
class Brand:
    slug: str
    path: str
    meta: Located
    name: str
    tz: ZoneInfo
    currency: str | None
    jurisdiction: str | None
    late_after: timedelta
    publish_late: bool
    accounts: dict[str, dict[str, Any]]
    reviewers: list[str]
    required_hashtags: list[str]
    banned_hashtags: list[str]
    banned_words: list[tuple[str, str]]  # (word, message)
    preferred: dict[str, str]  # wrong -> preferred
    signature: str
    quiet_hours: tuple[str, str] | None
    frequency: dict[str, dict[str, Any]]
    advertiser: dict[str, Any] | None
    language: str | None = None  # a BCP 47 tag (LANGUAGE_TAG): the language its posts are in


def ends_before_start(start: datetime | None, end: datetime | None) -> bool:
    """Whether a campaign's window (``end`` exclusive) ends before it starts, or as it starts:
    no moment is in it (lint's campaign/window; the report's status says so)."""
    return start is not None and end is not None and end <= start


@dataclass
class Campaign:
    slug: str
    brand: str
    path: str
    meta: Located
    name: str
    start: datetime | None  # aware, inclusive
    end: datetime | None  # aware, exclusive
    budget: Money | None
    networks: list[str]
    hashtags: list[str]
    utm: dict[str, str]
    goals: dict[str, Decimal] = field(default_factory=dict)  # of GOAL_KEYS, usable numbers only
    results: Results | None = None  # leads and revenue, recorded by a person (content/deals.py)


@dataclass(frozen=True)
class Image:
    src: str
    alt: str | None
    key: tuple[Any, ...]  # where in the front matter, for positions


@dataclass
class Post:
    path: str
    brand: str
    meta: Located
    body: str
    body_line: int
    networks: list[str]
    time_text: str | None
    hashtags: list[str] = field(default_factory=list)
    campaign: str | None = None
    kind: str = "organic"
    images: list[Image] = field(default_factory=list)
    link: str | None = None
    budget: Money | None = None
    advertiser: dict[str, Any] | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: dict[str, dict[str, Any]] = field(default_factory=dict)
    title: str | None = None
    deal: Deal | None = None  # exchange and influencer posts (content/deals.py)

    def at(self, *key: Any) -> tuple[int, int]:
        return self.meta.at(*key)

    def images_for(self, network: str) -> list[Image]:
        override = self.overrides.get(network, {})
        images: list[Image] = override.get("images", self.images)  # the loader keeps only Images
        return images
