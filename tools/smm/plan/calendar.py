"""The content plan as a calendar: per brand, per local day, what goes out when and where.

How each part is read:

* **Days** are the brand's local dates (its ``timezone``); times are shown in that zone.
* **State** of a post on a network: the one its ``published:`` block records (published,
  claimed, retry, failed, unknown, missed); without an entry it is *scheduled* while its time is ahead,
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
* **Over the cap**: a local month with more posts on a network than its access tier's posting cap
  (lint's ``<network>/monthly-cap``, counted by lint/monthly_cap.py over all the brand's posts, in
  the window or not), listed on the day of the month's first post past the cap.
* **Budget per week**: each post's budget split equally over its networks in whole cents
  (report/campaigns.py ``split``), summed per ISO week of the post's local time, per network and
  currency; *published* sums the shares of the networks the post is published on.
* The window is ``--from``/``--to`` (local dates, inclusive); without them it runs from each
  brand's first post to its last. Gaps are looked for on every day of the window.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smm.content.model import Brand
from smm.content.repo import Repo, find_root, open_repo, require_brand
from smm.content.schema_values import WEEKDAYS
from smm.content.timeparse import iana_zone
from smm.errors import UsageError
from smm.lint import cross
from smm.lint.facts import PostFacts, unreadable_note
from smm.lint.monthly_cap import CapEvent, cap_events
from smm.plan.details import Details, DetailsCache
from smm.plan.model import (
    BrandPlan,
    Day,
    Gap,
    Over,
    OverCap,
    Plan,
    Slot,
    TooClose,
    WeekBudget,
)
from smm.report.figures import shares
from smm.textsafe import listed

if TYPE_CHECKING:
    from smm.lint.engine import Collected

NOT_COUNTED = ("missed", "failed")  # toward the cadence: they did not go out


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
    collected: Collected | None = None,
    repo: Repo | None = None,
    texts: bool = True,
) -> Plan:
    """The plan of the repository at ``root``: every brand (or ``brand``), days ``start``..``end``.
    ``collected`` and ``repo``: the lint engine's collection of every post and the repository
    opened whole, when the caller has just made them (smm site). ``texts=False``: the slots
    without the first lines of their texts (``Slot.text`` empty): only the ICS feed shows them,
    and they are most of what the plan's cache holds."""
    from smm.lint.engine import collect  # cached per-post facts: only changed posts are read again

    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    root = find_root(root)
    now = now or datetime.now(UTC)
    if repo is None or brand is not None:
        repo = open_repo(root, brand)  # with --brand, that brand's files only
    require_brand(repo, brand)
    if collected is None or brand is not None:
        collected = collect(repo, use_cache=use_cache, brand=brand, details=True)
    entries = collected.entries
    out = Plan(now, start, end, [])
    unread = unreadable_note(entries, collected.facts)
    if unread:
        out.notes.append(unread)
    by_brand: dict[str, list[PostFacts]] = defaultdict(list)
    for f in collected.facts:
        if brand is None or f.brand == brand:
            by_brand[f.brand].append(f)
    for slug in sorted(set(by_brand) - set(repo.brands)):
        out.notes.append(_brandless(repo, slug, len(by_brand[slug])))
    digests = {path: e.digest for path, e in entries.items()}
    details = DetailsCache(root, enabled=use_cache, texts=texts)
    details.take(collected.details)  # of the posts the lint just read: not read again
    if start is None and end is None:  # every post is in the plan: read what is new at once
        shown = [f for f in collected.facts if f.when is not None and f.brand in repo.brands]
        details.read_all({f.path: digests.get(f.path, "") for f in shown})
    for slug in sorted(repo.brands) if brand is None else [brand]:
        out.brands.append(
            _brand_plan(repo, slug, by_brand.get(slug, []), start, end, now, details, digests)
        )
    details.save(keep=set(entries))
    return out


def _brandless(repo: Repo, slug: str, count: int) -> str:
    """The note on ``count`` posts under posts/<slug>/ whose brand the repository has not loaded."""
    if not slug:
        return f"{count} post(s) directly under posts/, in no brand's folder (posts/<brand>/): left out"
    files = [p for p in repo.config_files if p.rpartition(".")[0] == f"brands/{slug}"]
    if files:
        return f"{count} post(s) under posts/{slug}/ are left out: {files[0]} cannot be used as it is (see smm lint {files[0]})"
    return f"{count} post(s) under posts/{slug}/ have no brand file brands/{slug}.yaml: left out"


class _Days(dict[date, Day]):
    """The calendar's days by local date; a day comes into being when something lands on it."""

    def __missing__(self, key: date) -> Day:
        day = self[key] = Day(key)
        return day


def _brand_plan(
    repo: Repo,
    slug: str,
    facts: list[PostFacts],
    start: date | None,
    end: date | None,
    now: datetime,
    details: DetailsCache,
    digests: dict[str, str],
) -> BrandPlan:
    """One brand's calendar, phase by phase: the window, the slots of the posts in it (and their
    budget per week), lint's frequency events, then the gaps against the brand's cadence."""
    brand = repo.brands[slug]
    result = BrandPlan(slug, brand.name, brand.tz, start, end, cadence_of(brand.meta.data))
    zone = brand.meta.data.get("timezone")
    if not isinstance(zone, str) or iana_zone(zone) is None:
        result.notes.append(
            f"{brand.path} has no time zone smm can use: its days and times are shown in UTC "
            f"(see smm lint {brand.path})"
        )
    timed = [post for post in facts if post.when is not None]
    untimed = sorted(post.path for post in facts if post.when is None)
    if untimed:
        result.notes.append(
            f"{len(untimed)} post(s) without a usable time are not in the calendar: "
            f"{listed(untimed)} (see smm lint)"
        )
    unnetworked = sorted(post.path for post in timed if not post.networks)
    if unnetworked:
        result.notes.append(
            f"{len(unnetworked)} post(s) without a network are not in the calendar: "
            f"{listed(unnetworked)} (see smm lint)"
        )
    local_times = {post.path: _local(post, brand.tz) for post in timed}
    local_days = {path: local.date() for path, local in local_times.items()}
    result.start = start if start is not None else min(local_days.values(), default=None)
    result.end = end if end is not None else max(local_days.values(), default=None)
    if result.start is None or result.end is None or result.start > result.end:
        return result  # no posts and no window (or a --to before the first post)
    first, last = result.start, result.end
    in_window = sorted(
        (post for post in timed if first <= local_days[post.path] <= last),
        key=attrgetter("when", "path"),
    )
    at = now.timestamp()
    slots: list[Slot] = []
    days = _Days()
    for post in in_window:  # a post's slots share its local time, and so its day
        path = post.path
        made = _post_slots(
            post, local_times[path], brand, at, details.get(path, digests.get(path, ""))
        )
        slots += made
        days[local_days[path]].slots += made
    result.posts = len(in_window)
    result.weeks = _week_budgets(slots)
    _add_frequency_events(days, cross.frequency_events(repo, facts), brand.tz, first, last)
    _add_over_cap(days, cap_events(repo, facts), brand.tz, first, last)
    _add_gaps(days, result.cadence, first, last)
    result.days = [days[key] for key in sorted(days)]
    return result


def _local(post: PostFacts, tz: ZoneInfo) -> datetime:
    assert post.when is not None  # only timed posts reach the calendar
    return datetime.fromtimestamp(post.when, tz)


def _post_slots(
    post: PostFacts, local: datetime, brand: Brand, at: float, details: Details
) -> list[Slot]:
    """The post's slot on each of its networks as of ``at`` (a POSIX time), each with its share
    of the post's budget; ``local``: its time in the brand's zone."""
    networks = list(dict.fromkeys(post.networks))
    currency = post.budget[1] if post.budget else None
    per_network = shares(post.budget[0], len(networks)) if post.budget else [None] * len(networks)
    when = local.astimezone(UTC)  # once a post, not once a network
    heading, urls = details.heading, dict(details.urls)
    slots = []
    for network, share in zip(networks, per_network, strict=True):
        state = state_of(post, network, at, brand.late_after, brand.publish_late)
        url = urls.get(network) if state == "published" else None
        slots.append(
            Slot(
                post.path,
                network,
                when,
                local,
                heading,
                details.kind,
                post.campaign,
                state,
                url,
                share,
                currency,
                details.text_for(network),
            )
        )
    return slots


def _week_budgets(slots: list[Slot]) -> list[WeekBudget]:
    """Budget shares summed per ISO week of the local time and currency, in week order."""
    weeks: dict[tuple[str, str | None], WeekBudget] = {}
    posts: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    local, label = None, ""  # a post's slots share one local time: its week is worked out once
    for slot in slots:
        if slot.share is None:
            continue
        if slot.local is not local:
            local = slot.local
            year, number, _ = local.isocalendar()
            label = f"{year}-W{number:02d}"
        key = (label, slot.currency)
        week = weeks.get(key)
        if week is None:
            monday = date.fromisocalendar(*local.isocalendar()[:2], 1)
            week = weeks[key] = WeekBudget(label, monday, slot.currency, {}, Decimal(0), 0)
        week.networks[slot.network] = week.networks.get(slot.network, Decimal(0)) + slot.share
        if slot.state in ("published", "retracted"):  # retracted: it went out, its budget is spent
            week.published += slot.share
        posts[key].add(slot.path)  # a post with no network spends nothing: it has no slot
    for key, week in weeks.items():
        week.posts = len(posts[key])
    return [weeks[key] for key in sorted(weeks, key=lambda key: (key[0], key[1] or ""))]


def _add_frequency_events(
    days: _Days, events: list[cross.FrequencyEvent], tz: ZoneInfo, first: date, last: date
) -> None:
    """Lint's frequency rules on the days of the window: pairs too close, days over the limit."""
    for event in events:
        event_day = date.fromisoformat(event.day)
        if not first <= event_day <= last:
            continue
        if event.rule == "min-gap" and event.previous is not None:
            days[event_day].too_close.append(
                TooClose(
                    event.network,
                    event.previous.path,
                    _local(event.previous, tz),
                    event.post.path,
                    _local(event.post, tz),
                    str(event.limit),
                )
            )
        elif event.rule == "per-day":
            slots = days[event_day].slots if event_day in days else []
            posts = sum(1 for slot in slots if slot.network == event.network)
            days[event_day].over.append(Over(event.network, posts, int(event.limit)))


def _add_over_cap(
    days: _Days, events: list[CapEvent], tz: ZoneInfo, first: date, last: date
) -> None:
    """Each month over a network's cap, on the day of its first post past the cap in the window."""
    posts: dict[tuple[str, str], int] = {}
    for event in events:  # in time order per account: the last one is the month's count
        posts[(event.network, event.month)] = event.number
    listed: set[tuple[str, str]] = set()
    for event in events:
        key, day = (event.network, event.month), _local(event.post, tz).date()
        if key in listed or not first <= day <= last:
            continue
        listed.add(key)
        days[day].over_cap.append(
            OverCap(
                event.network,
                event.month,
                posts[key],
                event.cap,
                event.post.path,
                event.limit.status,
                event.limit.source,
            )
        )


def _add_gaps(
    days: _Days, cadence: dict[str, tuple[int, tuple[str, ...]]], first: date, last: date
) -> None:
    """Every day of the window with fewer posts on a network than the cadence asks for."""
    if not cadence:
        return
    went_out: dict[tuple[date, str], int] = defaultdict(int)
    for day in days.values():
        for slot in day.slots:
            if slot.state not in NOT_COUNTED:
                went_out[(day.date, slot.network)] += 1
    current = first
    while current <= last:
        weekday = WEEKDAYS[current.weekday()]
        for network, (per_day, weekdays) in cadence.items():
            posts = went_out[(current, network)]
            if weekday in weekdays and posts < per_day:
                days[current].gaps.append(Gap(network, posts, per_day))
        current += timedelta(days=1)


__all__ = [
    "BrandPlan",
    "Day",
    "Details",
    "Gap",
    "Over",
    "OverCap",
    "Plan",
    "Slot",
    "TooClose",
    "WeekBudget",
    "parse_day",
    "plan",
]
