"""Rules that need every post: time against the clock, campaign budgets, duplicates, frequency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from smm.content.model import parse_duration
from smm.content.repo import Repo
from smm.findings import Finding
from smm.lint.checks_deal import check_overdue
from smm.lint.facts import PostFacts
from smm.lint.monthly_cap import check_monthly_cap


def check_past(
    facts: Iterable[PostFacts], now: datetime, repo: Repo | None = None
) -> list[Finding]:
    out = []
    cutoff = now.timestamp()
    for f in facts:
        if f.when is None or f.when >= cutoff:
            continue
        missing = [n for n in f.networks if f.state(n) is None]  # any state: the publisher saw it
        if missing:
            brand = repo.brands.get(f.brand) if repo else None
            instant = datetime.fromtimestamp(f.when, UTC)
            when = (
                instant.astimezone(brand.tz) if brand else instant
            )  # as the writer wrote it: local
            out.append(
                Finding(
                    f.path,
                    *f.time_pos,
                    "error",
                    "time/past",
                    f"{when.isoformat(timespec='minutes')} has passed and the post is not published to "
                    f"{', '.join(missing)}; move it or remove it",
                )
            )
    return out


def check_budgets(repo: Repo, facts: Iterable[PostFacts]) -> list[Finding]:
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in facts:
        if not f.budget:  # most posts: no call to find their campaign
            continue
        campaign = repo.campaign(f.brand, f.campaign)
        if campaign and campaign.budget and f.budget[1] == campaign.budget.currency:
            totals[(f.brand, campaign.slug)] += f.amount()
            members[(f.brand, campaign.slug)].append(f.path)
    out = []
    for key, total in totals.items():
        campaign = repo.campaigns[key]
        assert campaign.budget is not None
        if total > campaign.budget.amount:
            over = total - campaign.budget.amount

            def num(
                value: Decimal,
            ) -> str:  # 10 500.5: thin groups, and the sentence keeps its comma
                return f"{value:,}".replace(",", " ")

            out.append(
                Finding(
                    campaign.path,
                    *campaign.meta.at("budget"),
                    "error",
                    "campaign/budget",
                    f"its {len(members[key])} posts budget {num(total)} {campaign.budget.currency}, over the "
                    f"campaign's {num(campaign.budget.amount)} by {num(over)}",
                )
            )
    return out


def check_duplicates(facts: Iterable[PostFacts]) -> list[Finding]:
    first: dict[tuple[str, str], PostFacts] = {}
    out = []
    for f in sorted(facts, key=lambda f: (f.when is None, f.when or 0.0, f.path)):
        if f.text_key is None:
            continue
        original = first.setdefault((f.brand, f.text_key), f)
        if original is not f:
            out.append(
                Finding(
                    f.path,
                    *f.time_pos,
                    "error",
                    "duplicate/text",
                    f"the same text as {original.path}; brand '{f.brand}' would post it twice",
                )
            )
    return out


class FrequencyEvent(NamedTuple):
    """A brand's posting limit broken on one account: what check_frequency reports and smm plan shows."""

    rule: str  # "per-day": the post is one more than per_day on its local day; "min-gap": too soon after `previous`
    brand: str
    network: str
    post: PostFacts
    day: str  # the post's local date, ISO
    limit: Any  # per_day (int) or min_gap as written (e.g. "2h")
    previous: PostFacts | None = None  # min-gap: the post before it on the same account


def frequency_events(repo: Repo, facts: Iterable[PostFacts]) -> list[FrequencyEvent]:
    """The brand's per-network posting limits: posts per local day and the gap between posts."""
    # (when, path, post) per account: only posts with a time take part
    by_account: dict[tuple[str, str], list[tuple[float, str, PostFacts]]] = defaultdict(list)
    for f in facts:
        for network in f.networks:
            if f.when is not None:
                by_account[(f.brand, network)].append((f.when, f.path, f))
    out = []
    local_days: dict[tuple[str, float], date] = {}  # a post is on the same day on every network
    for (brand_slug, network), posts in by_account.items():
        brand = repo.brands.get(brand_slug)
        limits = brand.frequency.get(network) if brand else None
        if not brand or not limits:
            continue
        posts.sort(key=lambda item: item[:2])  # the path keeps the order with or without the cache
        per_day, gap = limits.get("per_day"), parse_duration(limits.get("min_gap"), timedelta(0))
        days: dict[date, int] = defaultdict(int)
        tz, seconds = brand.tz, gap.total_seconds() if gap else 0.0
        for index, (when, _, f) in enumerate(posts):
            day = local_days.get((brand_slug, when))
            if day is None:
                day = local_days[brand_slug, when] = datetime.fromtimestamp(when, tz).date()
            days[day] += 1
            if isinstance(per_day, int) and days[day] == per_day + 1:
                event = FrequencyEvent("per-day", brand_slug, network, f, day.isoformat(), per_day)
                out.append(event)
            previous = posts[index - 1] if index else None
            if previous and seconds and when - previous[0] < seconds:
                out.append(
                    FrequencyEvent(
                        "min-gap",
                        brand_slug,
                        network,
                        f,
                        day.isoformat(),
                        limits.get("min_gap"),
                        previous[2],
                    )
                )
    return out


def check_frequency(repo: Repo, facts: Iterable[PostFacts]) -> list[Finding]:
    """frequency/per-day and frequency/min-gap warnings from frequency_events."""
    out = []
    for e in frequency_events(repo, facts):
        f = e.post
        if e.rule == "per-day":
            out.append(
                Finding(
                    f.path,
                    *f.time_pos,
                    "warning",
                    "frequency/per-day",
                    f"more than {e.limit} {e.network} posts on {e.day} for brand '{e.brand}'",
                )
            )
        else:
            assert e.previous is not None
            out.append(
                Finding(
                    f.path,
                    *f.time_pos,
                    "warning",
                    "frequency/min-gap",
                    f"{e.network} posts less than {e.limit} apart: this one and {e.previous.path}",
                )
            )
    return out


class CrossCheck(Protocol):
    def __call__(self, repo: Repo, facts: list[PostFacts]) -> list[Finding]: ...


class ClockCheck(Protocol):
    def __call__(self, repo: Repo, facts: list[PostFacts], now: datetime) -> list[Finding]: ...


#: The cross-post checks by the names lint/registry.py gives them (it says which run, in which
#: order): cached until a post changes, and the one that reads the clock, never cached.
CROSS: dict[str, CrossCheck] = {
    "check_budgets": check_budgets,
    "check_duplicates": lambda repo, facts: check_duplicates(facts),
    "check_frequency": check_frequency,
    "check_monthly_cap": check_monthly_cap,
}
CLOCK: dict[str, ClockCheck] = {
    "check_past": lambda repo, facts, now: check_past(facts, now, repo),
    "check_overdue": check_overdue,
}


def clock_span(repo: Repo, facts: Iterable[PostFacts], now: datetime) -> tuple[int, int]:
    """The clock times ``t`` (microseconds since the epoch) with ``lo < t <= hi`` at which the
    checks of CLOCK find exactly what they find at ``now``: time/past changes when the clock
    passes the time of a post not yet out everywhere, deal/overdue (its day count) at midnight
    in the brand's zone of a deal still waiting for its counter-post. lint/answer.py keeps it."""
    at = _micros(now)
    lo, hi = -(2**62), 2**62
    for f in facts:
        if f.when is not None and _waiting(f):
            t = round(f.when * 1_000_000)
            if t < at:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
        if f.deal is not None and f.deal[0] is not None and not f.deal[3]:
            brand = repo.brands.get(f.brand)
            tz = brand.tz if brand else UTC
            try:
                day = now.astimezone(tz).date()
                start = datetime.combine(day, datetime.min.time(), tz)
                end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
            except OverflowError:  # the ends of the calendar: hold for this very instant only
                lo, hi = max(lo, at - 1), min(hi, at)
                continue
            lo, hi = max(lo, _micros(start) - 1), min(hi, _micros(end) - 1)
    return lo, hi


def _waiting(f: PostFacts) -> bool:
    """Whether a network of the post has no state yet (the publisher never saw it there)."""
    if not f.states:  # nearly every post before it goes out: no generator per network
        return bool(f.networks)
    return any(f.state(n) is None for n in f.networks)


def _micros(moment: datetime) -> int:
    return round(moment.timestamp() * 1_000_000)
