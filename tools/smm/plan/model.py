"""What the content plan is made of: per brand, days of slots (one post on one network), gaps
against the cadence, pairs too close, days over the limit, months over an access tier's posting
cap, and the budget per week.

calendar.py builds these; formats.py and ics.py lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo


@dataclass
class Slot:
    """One post on one network."""

    path: str
    network: str
    when: datetime  # aware, UTC
    local: datetime  # in the brand's zone
    title: str
    kind: str
    campaign: str | None
    state: str
    url: str | None
    share: Decimal | None  # this network's share of the post's budget
    currency: str | None
    text: str  # the first lines of the text this network gets ('' unless the plan has texts)


@dataclass
class Gap:
    network: str
    posts: int
    target: int


@dataclass
class TooClose:
    network: str
    first: str  # path
    first_local: datetime
    second: str
    second_local: datetime
    min_gap: str

    @property
    def apart(self) -> timedelta:
        return self.second_local - self.first_local


@dataclass
class Over:
    network: str
    posts: int
    limit: int


@dataclass
class OverCap:
    """A local month with more posts on a network than its access tier allows, listed on the day
    of its first post past the cap (``first``)."""

    network: str
    month: str  # "2026-12"
    posts: int  # in the whole month, inside the window or not
    cap: int
    first: str  # path of the first post past the cap
    status: str  # how sure the cap is (rules/<network>.yaml statuses) and where it comes from
    source: str


@dataclass
class Day:
    date: date
    slots: list[Slot] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    too_close: list[TooClose] = field(default_factory=list)
    over: list[Over] = field(default_factory=list)
    over_cap: list[OverCap] = field(default_factory=list)


@dataclass
class WeekBudget:
    week: str  # "2026-W49"
    start: date  # its Monday
    currency: str | None
    networks: dict[str, Decimal]  # planned, per network
    published: Decimal
    posts: int  # posts with a budget in this currency

    @property
    def total(self) -> Decimal:
        return sum(self.networks.values(), Decimal(0))


@dataclass
class BrandPlan:
    slug: str
    name: str
    tz: ZoneInfo
    start: date | None  # the window, inclusive
    end: date | None
    cadence: dict[str, tuple[int, tuple[str, ...]]]  # network -> (per_day, weekdays)
    days: list[Day] = field(default_factory=list)
    weeks: list[WeekBudget] = field(default_factory=list)
    posts: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def slots(self) -> list[Slot]:
        return [s for d in self.days for s in d.slots]

    @property
    def gaps(self) -> list[tuple[date, Gap]]:
        return [(d.date, g) for d in self.days for g in d.gaps]

    @property
    def too_close(self) -> list[TooClose]:
        return [c for d in self.days for c in d.too_close]

    @property
    def over(self) -> list[tuple[date, Over]]:
        return [(d.date, o) for d in self.days for o in d.over]

    @property
    def over_cap(self) -> list[tuple[date, OverCap]]:
        return [(d.date, o) for d in self.days for o in d.over_cap]


@dataclass
class Plan:
    now: datetime
    start: date | None
    end: date | None
    brands: list[BrandPlan]
    notes: list[str] = field(default_factory=list)
