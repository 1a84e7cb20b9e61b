"""One row of a campaign report, and the arithmetic behind it: budget shares in whole cents,
spend, reach, engagements and the rates (ER, CPM, CPE, CPC), each over the same published
(post, network) pairs, and a campaign's cost per lead and ROMI. The definitions are in
campaigns.py's docstring."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

CENT = Decimal("0.01")
ENGAGEMENT_KEYS = ("likes", "comments", "shares", "reactions", "saves")


def money(value: Decimal | None) -> Decimal | None:
    """A sum of money or a cost as shown: rounded half up to 0.01."""
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def split(amount: Decimal, parts: int) -> list[Decimal]:
    """``amount`` in ``parts`` equal shares of whole cents; leftover cents go to the first shares."""
    if parts <= 0:
        return []
    base = (amount / parts).quantize(CENT, rounding=ROUND_DOWN)
    shares = [base] * parts
    left = int(((amount - base * parts) / CENT).to_integral_value(rounding=ROUND_DOWN))
    for i in range(min(left, parts)):
        shares[i] += CENT
    shares[0] += amount - sum(shares)  # sub-cent amounts (a budget of 0.005) stay whole
    return shares


@lru_cache(maxsize=1024)
def shares(amount: str, parts: int) -> tuple[Decimal, ...]:
    """``split`` of an amount as a post writes it: the same few budgets recur over thousands of
    posts, each split by the plan and by the report."""
    return tuple(split(Decimal(amount), parts))


@dataclass
class Figures:
    """One row of the report: a network, a week or a campaign's total."""

    posts: int = 0  # posts planned (a post for three networks counts once in each network's row and once in a total)
    published: int = 0  # of them, published (to at least one network in a week or total row)
    planned_spend: Decimal = Decimal(0)
    spend: Decimal = Decimal(0)
    measured: int = 0  # published (post, network) pairs with metrics
    reach: int | None = None
    reach_from_views: int = 0  # pairs whose reach is the network's views
    engagements: int | None = None
    clicks: int | None = None
    # the bases of the rates: the spend and engagements of the pairs that have the divisor
    _spend_reach: Decimal = Decimal(0)
    _eng_reach: int = 0
    _spend_eng: Decimal = Decimal(0)
    _spend_clicks: Decimal = Decimal(0)

    def add_post(self, published: bool) -> None:
        self.posts += 1
        self.published += published

    def add(self, pair: Pair) -> None:
        self.planned_spend += pair.share
        if not pair.published:
            return
        self.spend += pair.share
        m = pair.metrics
        if m is None:
            return
        self.measured += 1
        audience = m.get("reach", m.get("views"))
        eng = (
            sum(m[k] for k in ENGAGEMENT_KEYS if k in m)
            if any(k in m for k in ENGAGEMENT_KEYS)
            else None
        )
        if audience is not None:
            self.reach = (self.reach or 0) + audience
            self.reach_from_views += "reach" not in m
            self._spend_reach += pair.share
            self._eng_reach += eng or 0
        if eng is not None:
            self.engagements = (self.engagements or 0) + eng
            self._spend_eng += pair.share
        if "clicks" in m:
            self.clicks = (self.clicks or 0) + m["clicks"]
            self._spend_clicks += pair.share

    @property
    def engagement_rate(self) -> Decimal | None:
        """engagements / reach, a fraction (0.0312 is 3.12 %), unrounded."""
        return Decimal(self._eng_reach) / Decimal(self.reach) if self.reach else None

    @property
    def cpm(self) -> Decimal | None:
        return self._spend_reach / Decimal(self.reach) * 1000 if self.reach else None

    @property
    def cpe(self) -> Decimal | None:
        return self._spend_eng / Decimal(self.engagements) if self.engagements else None

    @property
    def cpc(self) -> Decimal | None:
        return self._spend_clicks / Decimal(self.clicks) if self.clicks else None


def cost_per_lead(spend: Decimal, leads: int | None) -> Decimal | None:
    """spend / leads: what a lead cost; None without leads."""
    return spend / leads if leads else None


def romi(spend: Decimal, revenue: Decimal | None) -> Decimal | None:
    """Return on marketing spend: (revenue - spend) / spend, a fraction (1.5 is 150 %); None
    without revenue or spend."""
    return (revenue - spend) / spend if revenue is not None and spend else None


@dataclass
class Pair:
    """One post on one network."""

    path: str
    network: str
    share: Decimal  # of the post's budget, in the campaign's currency
    published: bool
    metrics: dict[str, int] | None


@dataclass
class Goal:
    name: str  # reach | engagement_rate | clicks | leads
    target: Decimal
    actual: Decimal | None  # None: not measured (yet)

    @property
    def progress(self) -> Decimal | None:
        """actual / target, a fraction; None when either is unknown or the target is 0."""
        return self.actual / self.target if self.actual is not None and self.target else None

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.target
