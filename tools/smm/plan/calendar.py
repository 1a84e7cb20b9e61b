"""The content plan as a calendar: per brand, per local day, what goes out when and where.

How each part is read:

* **Days** are the brand's local dates (its ``timezone``); times are shown in that zone.
* **State** of a post on a network: the one its ``published:`` block records (published,
  claimed, failed, unknown, missed); without an entry it is *scheduled* while its time is ahead,
  *due* once it has come and for the brand's ``late_after`` after it (or for ever with
  ``publish_late: true``): the next publish run sends it; after that it is *overdue*: the next run
  marks it missed.
* **Gaps** are read against the brand's ``cadence`` (what the plan aims for), not against
  ``frequency`` (the limits lint enforces): ``cadence: {telegram: {per_day: 1, days: [mon, wed,
  fri]}}`` asks for one Telegram post on each Monday, Wednesday and Friday (every day when
  ``days`` is left out). A day of the window with fewer posts on the network than that is a gap.
  Missed and failed posts do not count toward it: they did not go out. A brand without
  ``cadence`` has no gaps.
* **Too close** and **over the limit** come from lint's frequency rules (lint/cross.py): two
  posts on one account less than ``frequency.<network>.min_gap`` apart, and a day with more
  posts than ``frequency.<network>.per_day``. The pair is listed on the day of the later post.
* **Budget per week**: each post's budget split equally over its networks in whole cents
  (report/campaigns.py ``split``), summed per ISO week of the post's local time, per network and
  currency; *published* sums the shares of the networks the post is published on.
* The window is ``--from``/``--to`` (local dates, inclusive); without them it runs from each
  brand's first post to its last. Gaps are looked for on every day of the window.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from smm.content.repo import find_root, open_repo, require_brand
from smm.content.schema import WEEKDAYS
from smm.errors import UsageError
from smm.lint import cross
from smm.lint.facts import PostFacts
from smm.plan.details import Details, DetailsCache
from smm.report.campaigns import split

NOT_COUNTED = ("missed", "failed")  # toward the cadence: they did not go out


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
    text: str  # the first lines of the text this network gets


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
class Day:
    date: date
    slots: list[Slot] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    too_close: list[TooClose] = field(default_factory=list)
    over: list[Over] = field(default_factory=list)


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


@dataclass
class Plan:
    now: datetime
    start: date | None
    end: date | None
    brands: list[BrandPlan]
    notes: list[str] = field(default_factory=list)


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option}: {text!r} is not a date, e.g. 2026-12-01") from None


def cadence_of(data: object) -> dict[str, tuple[int, tuple[str, ...]]]:
    """The brand file's ``cadence:`` as network -> (per_day, weekdays); unusable entries are
    left out (lint reports them as schema findings)."""
    out: dict[str, tuple[int, tuple[str, ...]]] = {}
    value = data.get("cadence") if isinstance(data, dict) else None
    if not isinstance(value, dict):
        return out
    for network, spec in value.items():
        if not isinstance(spec, dict):
            continue
        per_day = spec.get("per_day")
        if not isinstance(per_day, int) or isinstance(per_day, bool) or per_day < 1:
            continue
        days = spec.get("days")
        chosen = tuple(d for d in WEEKDAYS if d in days) if isinstance(days, list) else WEEKDAYS
        out[str(network)] = (per_day, chosen or WEEKDAYS)
    return out


def state_of(
    f: PostFacts, network: str, now: float, late_after: timedelta, publish_late: bool
) -> str:
    recorded = f.state(network)
    if recorded is not None:
        return recorded
    assert f.when is not None
    if f.when > now:
        return "scheduled"
    if publish_late or now - f.when <= late_after.total_seconds():
        return "due"
    return "overdue"


def plan(
    root: Path | None = None,
    start: date | None = None,
    end: date | None = None,
    brand: str | None = None,
    now: datetime | None = None,
    use_cache: bool = True,
) -> Plan:
    """The plan of the repository at ``root``: every brand (or ``brand``), days ``start``..``end``."""
    from smm.lint.engine import collect  # cached per-post facts: only changed posts are read again

    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    root = find_root(root)
    now = now or datetime.now(UTC)
    repo = open_repo(root, brand)  # with --brand, that brand's files only
    require_brand(repo, brand)
    entries = collect(repo, use_cache=use_cache, brand=brand).entries
    out = Plan(now, start, end, [])
    unreadable = sum(1 for e in entries.values() if e.facts is None)
    if unreadable:
        out.notes.append(
            f"{unreadable} post file(s) could not be read and are left out (see smm lint)"
        )
    by_brand: dict[str, list[PostFacts]] = defaultdict(list)
    for e in entries.values():
        if e.facts is not None:
            f = PostFacts(*e.facts)
            if brand is None or f.brand == brand:
                by_brand[f.brand].append(f)
    for slug in sorted(set(by_brand) - set(repo.brands)):
        out.notes.append(
            f"{len(by_brand[slug])} post(s) under posts/{slug}/ have no brand file brands/{slug}.yaml: left out"
        )
    digests = {path: e.digest for path, e in entries.items()}
    details = DetailsCache(root, enabled=use_cache)
    for slug in sorted(repo.brands) if brand is None else [brand]:
        out.brands.append(
            _brand_plan(repo, slug, by_brand.get(slug, []), start, end, now, details, digests)
        )
    details.save(keep=set(entries))
    return out


def _brand_plan(
    repo,
    slug: str,
    facts: list[PostFacts],
    start: date | None,
    end: date | None,
    now: datetime,
    details: DetailsCache,
    digests: dict[str, bytes],
) -> BrandPlan:
    b = repo.brands[slug]
    tz = b.tz
    bp = BrandPlan(slug, b.name, tz, start, end, cadence_of(b.meta.data))
    timed = [f for f in facts if f.when is not None]
    untimed = len(facts) - len(timed)
    if untimed:
        bp.notes.append(
            f"{untimed} post(s) without a usable time are not in the calendar (see smm lint)"
        )
    local_day = {f.path: datetime.fromtimestamp(f.when, tz).date() for f in timed}  # type: ignore[arg-type]
    if bp.start is None and local_day:
        bp.start = min(local_day.values())
    if bp.end is None and local_day:
        bp.end = max(local_day.values())
    if bp.start is None or bp.end is None or bp.start > bp.end:
        return bp  # no posts and no window (or a --to before the first post)
    lo, hi = bp.start, bp.end
    chosen = sorted(
        (f for f in timed if lo <= local_day[f.path] <= hi), key=lambda f: (f.when, f.path)
    )
    days: dict[date, Day] = {}

    def day(d: date) -> Day:
        if d not in days:
            days[d] = Day(d)
        return days[d]

    now_ts = now.timestamp()
    weeks: dict[tuple[str, str | None], WeekBudget] = {}
    for f in chosen:
        bp.posts += 1
        d = details.get(f.path, digests.get(f.path, b""))
        heading, urls = d.heading(), dict(d.urls)
        networks = list(dict.fromkeys(f.networks))
        amount = Decimal(f.budget[0]) if f.budget else None
        currency = f.budget[1] if f.budget else None
        shares = split(amount, len(networks)) if amount is not None else [None] * len(networks)
        instant = datetime.fromtimestamp(f.when, UTC)  # type: ignore[arg-type]
        local = instant.astimezone(tz)
        year, number, _ = local.isocalendar()
        week_key = f"{year}-W{number:02d}"
        for network, share in zip(networks, shares):
            state = state_of(f, network, now_ts, b.late_after, b.publish_late)
            day(local.date()).slots.append(
                Slot(
                    f.path,
                    network,
                    instant,
                    local,
                    heading,
                    d.kind,
                    f.campaign,
                    state,
                    urls.get(network) if state == "published" else None,
                    share,
                    currency,
                    d.text_for(network),
                )
            )
            if share is not None:
                w = weeks.get((week_key, currency))
                if w is None:
                    w = weeks[(week_key, currency)] = WeekBudget(
                        week_key, date.fromisocalendar(year, number, 1), currency, {}, Decimal(0), 0
                    )
                w.networks[network] = w.networks.get(network, Decimal(0)) + share
                if state == "published":
                    w.published += share
        if (
            week_key,
            currency,
        ) in weeks and amount is not None:  # a post with no network spends nothing
            weeks[(week_key, currency)].posts += 1
    bp.weeks = [weeks[k] for k in sorted(weeks, key=lambda k: (k[0], k[1] or ""))]
    for e in cross.frequency_events(repo, facts):
        event_day = date.fromisoformat(e.day)
        if not lo <= event_day <= hi:
            continue
        if e.rule == "min-gap" and e.previous is not None:
            day(event_day).too_close.append(
                TooClose(
                    e.network,
                    e.previous.path,
                    datetime.fromtimestamp(e.previous.when, tz),  # type: ignore[arg-type]
                    e.post.path,
                    datetime.fromtimestamp(e.post.when, tz),
                    str(e.limit),
                )
            )  # type: ignore[arg-type]
        elif e.rule == "per-day":
            count = (
                sum(1 for s in days[event_day].slots if s.network == e.network)
                if event_day in days
                else 0
            )
            day(event_day).over.append(Over(e.network, count, int(e.limit)))
    if bp.cadence:
        counts: dict[tuple[date, str], int] = defaultdict(int)
        for dd in days.values():
            for s in dd.slots:
                if s.state not in NOT_COUNTED:
                    counts[(dd.date, s.network)] += 1
        current = lo
        while current <= hi:
            weekday = WEEKDAYS[current.weekday()]
            for network, (per_day, weekdays) in bp.cadence.items():
                if weekday in weekdays and counts[(current, network)] < per_day:
                    day(current).gaps.append(Gap(network, counts[(current, network)], per_day))
            current += timedelta(days=1)
    bp.days = [days[k] for k in sorted(days)]
    return bp


__all__ = [
    "BrandPlan",
    "Day",
    "Details",
    "Gap",
    "Over",
    "Plan",
    "Slot",
    "TooClose",
    "WeekBudget",
    "parse_day",
    "plan",
]
