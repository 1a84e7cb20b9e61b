"""Campaign maths: spend against budget, reach, engagement, CPM, CPE and CPC per network and week.

Every figure is defined once, here and in figures.py, which does the arithmetic of one row (the
formats only print them):

* Each post's budget is split equally over the networks it targets, in whole cents (hundredths
  of the currency), the leftover cents going to the first networks in the post's order, so the
  shares add up to the budget exactly. A budget in another currency than the campaign's is left
  out, with a note.
* *planned spend* sums the shares of every post of the campaign; *spend* only the shares of
  (post, network) pairs that are published, or were and have been retracted since (changes.py
  says why they still count).
* *reach* is the network's reach where it reports one; where it reports views but not reach
  (Telegram) the views stand in, and the row says how many did. No network gives impressions
  yet, so CPM is per thousand of this reach.
* *engagements* = likes + comments + shares + reactions + saves, the ones the network reports.
* Each rate divides figures of the same published (post, network) pairs: ER = engagements /
  reach over the pairs with a reach; CPM = spend / reach x 1000 and CPE = spend / engagements
  over the pairs whose metrics have them; CPC = spend / clicks over the pairs with clicks. A
  published post without metrics yet counts in spend but in no rate. A rate with nothing to
  divide by is None (printed "—"), never a division by zero.
* Money and costs are computed exactly (Decimal) and rounded half up to 0.01 only when shown;
  ER is shown as a percentage rounded half up to 0.01 %.
* Weeks are ISO weeks of the post's time in the brand's time zone.
* A campaign's ``results: {leads, revenue}`` are written by a person: *cost per lead* = spend /
  leads, *ROMI* (return on marketing spend) = (revenue - spend) / spend. Revenue in another
  currency than the campaign's is left out, with a note. A ``leads`` goal is compared with them.
* Deals with partners, per brand: report/deals.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smm.content.loader import MAX_POST_BYTES
from smm.content.managed import read_block_alone
from smm.content.model import Campaign, ends_before_start
from smm.content.repo import Repo, find_root, open_repo, require_brand
from smm.content.userfile import read_user_file
from smm.errors import UsageError
from smm.lint.facts import PostFacts, unreadable_note
from smm.networks.base import figures
from smm.report.changes import LiveChange, changes_in
from smm.report.changes import note as retracted_note
from smm.report.figures import Figures, Goal, Pair, cost_per_lead, romi, shares

if TYPE_CHECKING:
    from smm.lint.engine import Collected
    from smm.report.deals import BrandDeals


#: The status of a campaign whose window ends before it starts (lint's campaign/window).
INVALID_WINDOW = "invalid window"


@dataclass
class CampaignReport:
    brand: str
    slug: str | None  # None: the brand's posts without a campaign
    name: str
    path: str | None
    currency: str | None
    budget: Decimal | None
    start: datetime | None
    end: datetime | None  # exclusive
    status: str  # upcoming | running | ended | INVALID_WINDOW | — (no window)
    tz: ZoneInfo
    networks: dict[str, Figures] = field(default_factory=dict)
    weeks: dict[str, Figures] = field(default_factory=dict)  # "2026-W49" -> figures
    total: Figures = field(default_factory=Figures)
    goals: list[Goal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    leads: int | None = None  # results: leads, as recorded
    revenue: Decimal | None = None  # results: revenue, in the campaign's currency
    changes: list[LiveChange] = field(default_factory=list)  # edits and retractions (changes.py)

    @property
    def cost_per_lead(self) -> Decimal | None:
        return cost_per_lead(self.total.spend, self.leads)

    @property
    def romi(self) -> Decimal | None:
        return romi(self.total.spend, self.revenue)

    @property
    def budget_used(self) -> Decimal | None:
        """spend / budget, a fraction."""
        return self.total.spend / self.budget if self.budget else None

    @property
    def remaining(self) -> Decimal | None:
        return self.budget - self.total.spend if self.budget is not None else None


def week_start(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


@dataclass
class Report:
    now: datetime
    campaigns: list[CampaignReport]
    notes: list[str] = field(default_factory=list)
    posts: int = 0  # posts read for this report
    deals: list[BrandDeals] = field(default_factory=list)  # per brand with deals (report/deals.py)


def report(
    root: Path | None = None,
    campaign: str | None = None,
    brand: str | None = None,
    now: datetime | None = None,
    collected: Collected | None = None,
    repo: Repo | None = None,
) -> Report:
    """The report of the repository at ``root``: every campaign, or those of ``brand``, or one.
    ``collected`` and ``repo``: the lint engine's collection and the repository opened, when the
    caller has just made them (smm site)."""
    from smm.report.deals import brand_deals  # it reads metrics the way this module does

    root = find_root(root)
    now = now or datetime.now(UTC)
    repo = repo or open_repo(root)
    require_brand(repo, brand)
    heads = campaign_heads(repo, now, brand, campaign)
    if campaign is not None and not heads:
        where = (
            f"campaigns/{brand}/{campaign}.yaml" if brand else f"campaigns/<brand>/{campaign}.yaml"
        )
        raise UsageError(f"--campaign: no campaign '{campaign}' ({where})")
    if collected is None:
        from smm.lint.engine import collect  # cached per-post facts: only changed posts are read

        collected = collect(repo)
    facts = collected.facts
    out = Report(now, [])
    unread = unreadable_note(collected.entries, facts)
    if unread:
        out.notes.append(unread)
    reports = {(r.brand, r.slug): r for r in heads}
    orphans: dict[tuple[str, str], int] = defaultdict(int)
    members: dict[tuple[str, str | None], list[PostFacts]] = defaultdict(list)
    for f in facts:
        if brand is not None and f.brand != brand:
            continue
        if f.campaign is not None and repo.campaign(f.brand, f.campaign) is None:
            if campaign is None:
                orphans[(f.brand, f.campaign)] += 1
            continue
        key = (f.brand, f.campaign)
        if key in reports or (campaign is None and f.campaign is None):
            members[key].append(f)
    for (brand_slug, slug), count in sorted(orphans.items()):
        out.notes.append(
            f"{count} post(s) of {brand_slug} name campaign '{slug}', which has no file "
            f"campaigns/{brand_slug}/{slug}.yaml: left out"
        )
    for brand_slug in sorted({b for b, s in members if s is None}):
        reports[(brand_slug, None)] = _no_campaign_report(repo, brand_slug)
    for key, posts in members.items():
        _fill(root, reports[key], posts)
        out.posts += len(posts)
    for r in reports.values():
        _goals(repo, r)
        if not r.total.posts:
            r.notes.append("no posts yet")
    out.campaigns = list(reports.values())
    out.deals = brand_deals(
        root,
        repo,
        [
            f
            for f in facts
            if (brand is None or f.brand == brand) and (campaign is None or f.campaign == campaign)
        ],
        now,
    )
    return out


def campaign_heads(
    repo: Repo, now: datetime, brand: str | None = None, campaign: str | None = None
) -> list[CampaignReport]:
    """The report's campaigns (``brand``'s, or the one named ``campaign``) in its order, by
    brand, start and slug: each with its window, status and budget, without its posts' figures
    (what a calendar lists of them)."""
    chosen = [
        c
        for c in repo.campaigns.values()
        if (brand is None or c.brand == brand) and (campaign is None or c.slug == campaign)
    ]
    chosen.sort(key=lambda c: (c.brand, c.start or datetime.max.replace(tzinfo=UTC), c.slug))
    return [_campaign_report(repo, c, now) for c in chosen]


def _campaign_report(repo: Repo, c: Campaign, now: datetime) -> CampaignReport:
    b = repo.brands.get(c.brand)
    currency = c.budget.currency if c.budget else (b.currency if b else None)
    if ends_before_start(c.start, c.end):  # lint's campaign/window: not upcoming, nor ever on
        status = INVALID_WINDOW
    elif c.start and now < c.start:
        status = "upcoming"
    elif c.end and now >= c.end:
        status = "ended"
    elif c.start or c.end:
        status = "running"
    else:
        status = "—"
    r = CampaignReport(
        c.brand,
        c.slug,
        c.name,
        c.path,
        currency,
        c.budget.amount if c.budget else None,
        c.start,
        c.end,
        status,
        b.tz if b else ZoneInfo("UTC"),
    )
    for network in c.networks:
        r.networks[network] = Figures()
    if c.results is not None:
        r.leads = c.results.leads
        revenue = c.results.revenue
        if revenue is not None and revenue.currency == currency:
            r.revenue = revenue.amount
        elif revenue is not None:
            r.notes.append(
                f"results: revenue {revenue} is not in the campaign's currency "
                f"{currency or '(none)'}: left out of ROMI"
            )
    return r


def _no_campaign_report(repo: Repo, brand_slug: str) -> CampaignReport:
    b = repo.brands.get(brand_slug)
    return CampaignReport(
        brand_slug,
        None,
        "(posts without a campaign)",
        None,
        b.currency if b else None,
        None,
        None,
        None,
        "—",
        b.tz if b else ZoneInfo("UTC"),
    )


def _fill(root: Path, r: CampaignReport, posts: list[PostFacts]) -> None:
    mismatched: list[str] = []
    untimed = unmeasured = 0
    broken: list[str] = []
    for f in sorted(posts, key=lambda f: (f.when is None, f.when or 0.0, f.path)):
        networks = list(dict.fromkeys(f.networks))
        amount = "0"
        if f.budget is not None:
            if f.budget[1] == r.currency:
                amount = f.budget[0]
            else:
                mismatched.append(f"{f.path} ({f.budget[0]} {f.budget[1] or 'without a currency'})")
        # a retracted post was live: it counts as published (changes.py says why)
        published = {n for n, state in f.states if state in ("published", "retracted")}
        metrics: dict[str, dict[str, int]] = {}
        if published & set(networks):
            text, problem = _read_post(root, f.path)
            if text is not None:
                metrics, problem = metrics_in(text)
                r.changes += [c for c in changes_in(text, f.path) if c.network in networks]
            if problem:
                broken.append(f"{f.path}: {problem}")
        pairs = [
            Pair(f.path, n, share, n in published, metrics.get(n) if n in published else None)
            for n, share in zip(networks, shares(amount, len(networks)))
        ]
        unmeasured += sum(1 for p in pairs if p.published and p.metrics is None)
        week = None
        if f.when is not None:
            year, number, _ = datetime.fromtimestamp(f.when, r.tz).isocalendar()
            week = f"{year}-W{number:02d}"
        else:
            untimed += 1
        any_published = any(p.published for p in pairs)
        r.total.add_post(any_published)
        if week:
            r.weeks.setdefault(week, Figures()).add_post(any_published)
        for p in pairs:
            row = r.networks.setdefault(p.network, Figures())
            row.add_post(p.published)
            row.add(p)
            r.total.add(p)
            if week:
                r.weeks[week].add(p)
    r.weeks = dict(sorted(r.weeks.items()))
    if mismatched:
        r.notes.append(
            f"budgets not in the campaign's currency {r.currency or '(none)'} are left out of spend: "
            + ", ".join(mismatched)
        )
    if untimed:
        r.notes.append(f"{untimed} post(s) without a usable time are in the totals but in no week")
    if unmeasured:
        r.notes.append(
            f"{unmeasured} published post-network pair(s) have no metrics yet: counted in spend, not in the rates"
        )
    views = sum(row.reach_from_views for row in r.networks.values())
    if views:
        which = ", ".join(n for n, row in r.networks.items() if row.reach_from_views)
        r.notes.append(f"reach is views for {which}: the network reports views, not reach")
    gone = retracted_note(r)
    if gone:
        r.notes.append(gone)
    for problem in broken:
        r.notes.append(problem)


def read_metrics(root: Path, path: str) -> tuple[dict[str, dict[str, int]], str | None]:
    """The post's ``metrics:`` block (network -> {key: count}, keys of METRIC_KEYS only), and
    why its figures are left out, if they are.

    Only that block is parsed, not the whole front matter: the report reads thousands of posts.
    """
    text, problem = _read_post(root, path)
    return metrics_in(text) if text is not None else ({}, problem)


def _read_post(root: Path, path: str) -> tuple[str | None, str | None]:
    """The post file's text, or None and why it cannot be read."""
    try:
        data = read_user_file(root, path, MAX_POST_BYTES)
    except OSError as exc:
        return None, f"cannot read: {exc.strerror}"
    return data.decode("utf-8", "replace"), None


def metrics_in(text: str) -> tuple[dict[str, dict[str, int]], str | None]:
    """The ``metrics:`` block of a post's text, as read_metrics gives it."""
    try:
        block = read_block_alone(text, "metrics")
    except ValueError as exc:
        return {}, f"the metrics: block is {exc}: its figures are left out"
    return {network: figures(entry) for network, entry in block.items()}, None


def _goals(repo: Repo, r: CampaignReport) -> None:
    c = repo.campaign(r.brand, r.slug)
    if c is None:
        return
    t = r.total
    actual: dict[str, Decimal | None] = {
        "reach": Decimal(t.reach) if t.reach is not None else None,
        "engagement_rate": t.engagement_rate,
        "clicks": Decimal(t.clicks) if t.clicks is not None else None,
        "leads": Decimal(r.leads) if r.leads is not None else None,  # results: a person's count
    }
    for name, target in c.goals.items():  # usable numbers only: lint reports the rest
        r.goals.append(Goal(name, target, actual[name]))
