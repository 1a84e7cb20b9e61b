"""Deals per partner: the maths (report/dealformats.py lays them out, with the campaigns' results).

Per brand and partner (the name as written in ``deal.partner``, case and spacing aside), over
the exchange and influencer posts whose ``deal:`` names them:

* *ours published* counts our posts for the partner that are published to at least one network,
  *ours planned* the rest; *theirs out* the deals with a ``counter_post``; *balance* = theirs out
  - ours published (below 0: the partner owes us counter-posts; above 0: we owe them posts).
* *overdue*: deals whose ``due`` date (the brand's local date) has passed with no counter-post,
  as ``smm lint`` reports them (deal/overdue).
* *cost* sums the money deals per currency; barter deals are counted, not priced.
* For influencer deals, *reach* is the reach the partner reports (``deal.reach``), else the
  measured reach (or views) of our post, summed over its networks; *CPM* = cost / reach x 1000
  per currency, over the influencer deals that have both a money cost and a reach.

A campaign's results (cost per lead, ROMI) are figures of the campaign: report/figures.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from smm.content.deals import Deal, overdue
from smm.content.loader import load_post
from smm.content.repo import Repo
from smm.lint.facts import PostFacts
from smm.report.campaigns import read_metrics

#: The CSV columns of a campaign's results (its total row) and of a partner's row (scope "partner").
RESULT_KEYS = ("leads", "revenue", "cost_per_lead", "romi")
DEAL_KEYS = (
    "deals",
    "ours_published",
    "ours_planned",
    "theirs_out",
    "balance",
    "overdue_due",
    "deal_cost",
    "barter",
    "deal_reach",
    "deal_cpm",
)


@dataclass
class Overdue:
    path: str
    due: date


@dataclass
class PartnerDeals:
    """Every deal of one brand with one partner."""

    partner: str
    deals: int = 0
    kinds: set[str] = field(default_factory=set)
    ours_published: int = 0
    ours_planned: int = 0
    theirs_out: int = 0
    overdue: list[Overdue] = field(default_factory=list)
    cost: dict[str, Decimal] = field(default_factory=dict)  # currency -> sum of money deals
    barter: int = 0
    reach: int | None = None  # influencer deals: reported reach, else our post's measured reach
    reach_measured: int = 0  # influencer deals whose reach is our post's measured reach
    # CPM's bases: per currency, the cost and reach of influencer deals that have both
    _cpm_cost: dict[str, Decimal] = field(default_factory=dict)
    _cpm_reach: dict[str, int] = field(default_factory=dict)

    @property
    def balance(self) -> int:
        """theirs out - ours published: below 0, the partner owes us counter-posts."""
        return self.theirs_out - self.ours_published

    @property
    def cpm(self) -> dict[str, Decimal]:
        """Per currency: influencer cost / reach x 1000, over the deals that have both."""
        return {
            c: cost / self._cpm_reach[c] * 1000
            for c, cost in sorted(self._cpm_cost.items())
            if self._cpm_reach[c]
        }

    def add(
        self, path: str, deal: Deal, kind: str, published: bool, reach: int | None, late: bool
    ) -> None:
        """One deal: ``path`` its post, ``reach`` the influencer's, ``late`` its counter-post overdue."""
        self.deals += 1
        self.kinds.add(kind)
        self.ours_published += published
        self.ours_planned += not published
        self.theirs_out += deal.counter_post is not None
        if late and deal.due is not None:
            self.overdue.append(Overdue(path, deal.due))
        if deal.barter:
            self.barter += 1
        elif deal.cost is not None and deal.cost.currency:
            currency = deal.cost.currency
            self.cost[currency] = self.cost.get(currency, Decimal(0)) + deal.cost.amount
        if kind != "influencer" or reach is None:
            return
        self.reach = (self.reach or 0) + reach
        self.reach_measured += deal.reach is None
        if deal.cost is not None and deal.cost.currency:
            currency = deal.cost.currency
            self._cpm_cost[currency] = self._cpm_cost.get(currency, Decimal(0)) + deal.cost.amount
            self._cpm_reach[currency] = self._cpm_reach.get(currency, 0) + reach


@dataclass
class BrandDeals:
    brand: str
    partners: list[PartnerDeals] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def brand_deals(root: Path, repo: Repo, facts: list[PostFacts], now: datetime) -> list[BrandDeals]:
    """Per brand with deals, its partners in name order. ``facts``: the posts the report covers."""
    by_brand: dict[str, dict[str, PartnerDeals]] = defaultdict(dict)
    notes: dict[str, list[str]] = defaultdict(list)
    # posts without a deal (or with one on another kind of post: deal/kind) left out first
    with_deals = [f for f in facts if f.deal is not None]
    for f in sorted(with_deals, key=lambda f: (f.when is None, f.when or 0.0, f.path)):
        post, _ = load_post(root, f.path, repo.brands)
        if post is None or post.deal is None:
            continue  # changed since it was checked: lint reports it
        deal = post.deal
        brand = repo.brands.get(f.brand)
        tz = brand.tz if brand else ZoneInfo("UTC")
        published = any(state == "published" for _, state in f.states)
        reach = deal.reach
        if reach is None and post.kind == "influencer" and published:
            metrics, problem = read_metrics(root, f.path)
            if problem:
                notes[f.brand].append(f"{f.path}: {problem}")
            measured = [m.get("reach", m.get("views")) for m in metrics.values()]
            known = [m for m in measured if m is not None]
            reach = sum(known) if known else None
        late = overdue(deal.due, deal.counter_post is not None, now, tz)
        key = " ".join(deal.partner.casefold().split())
        row = by_brand[f.brand].setdefault(key, PartnerDeals(deal.partner))
        row.add(f.path, deal, post.kind, published, reach, late)
        if deal.cost is not None and deal.cost.currency is None:
            notes[f.brand].append(
                f"{f.path}: the deal's cost has no currency (the brand sets none): left out"
            )
    return [
        BrandDeals(b, sorted(partners.values(), key=lambda p: p.partner.casefold()), notes[b])
        for b, partners in sorted(by_brand.items())
    ]
