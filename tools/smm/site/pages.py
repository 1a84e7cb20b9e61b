"""The contexts of the pages built from the plan and the report: home, a brand's calendar month
by month, and a campaign. Each is plain data (no rendering), so incremental.py can hash it."""

from __future__ import annotations

import calendar as cal
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from smm.plan.model import BrandPlan, Day, Slot
from smm.report.campaigns import CampaignReport
from smm.report.figures import Goal
from smm.site import charts
from smm.site.figures import fmt_int, fmt_money, fmt_percent
from smm.site.gather import SiteData

STATES = (
    "scheduled",
    "due",
    "overdue",
    "claimed",
    "retry",
    "published",
    "retracted",
    "failed",
    "missed",
    "unknown",
)


class Chip(NamedTuple):
    """What a listing page shows of a slot, and so all its page key needs (a tuple: cheap to key)."""

    path: str
    network: str
    local: datetime
    title: str
    state: str


class CampaignLink(NamedTuple):
    name: str
    status: str


def chip(s: Slot) -> Chip:
    return Chip(s.path, s.network, s.local, s.title, s.state)


@dataclass
class Cell:
    day: date
    in_month: bool
    today: bool
    slots: list[Chip] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # the plan's gaps, too-close and over-the-limit

    @property
    def hidden_on_phone(self) -> bool:
        """A phone's list of days leaves out the other months' days and the empty ones (and a
        week of only those, whose row would hold no cell a screen reader can reach)."""
        return not self.in_month or not (self.slots or self.marks)


def page_of(path: str) -> str:
    """posts/<brand>/2026/12/01-x.md -> posts/<brand>/2026/12/01-x.html; a file name too long to
    take the two bytes more is cut, with a digest of the whole name (``_long_page``); a folder
    named like a page is renamed (``_folder``)."""
    page = path[: -len(".md")] + ".html"
    if ".html/" in page or "~/" in page:
        folder, _, name = page.rpartition("/")
        page = "/".join(_folder(part) for part in folder.split("/")) + "/" + name
    name_chars = len(page) - page.rfind("/") - 1
    return page if name_chars * 4 <= NAME_MAX else _long_page(page)  # 4: UTF-8's widest


def _folder(name: str) -> str:
    """A folder of post pages: as the posts' folder is named, but with a "~" after a name that
    ends in ".html" (a post's page is a file of that name: 03-x.md's page, 03-x.html, cannot
    be the folder of 03-x.html/04-y.md's too) or in "~" (so no two folders become one). A name
    the "~" would take past NAME_MAX is cut, with a digest of the whole name, before its "~"
    (``_cut``): it ends in a hex digit and "~", as no other folder's name does."""
    if not name.endswith((".html", "~")):
        return name
    renamed = name + "~"
    return renamed if len(renamed.encode("utf-8", "surrogatepass")) <= NAME_MAX else _cut(name, "~")


#: The longest file name most file systems take, in bytes (ext4, tmpfs, APFS, NTFS in UTF-16).
NAME_MAX = 255


def _long_page(page: str) -> str:
    """``page`` as it is when its file name fits in NAME_MAX bytes, else the name's first bytes
    and 10 hex digits of its digest: two posts whose long names share a beginning get two pages."""
    folder, _, name = page.rpartition("/")
    if len(name.encode("utf-8", "surrogatepass")) <= NAME_MAX:
        return page
    return f"{folder}/{_cut(name, '.html')}"


def _cut(name: str, end: str) -> str:
    """``name``'s first bytes (whole characters), "-", 10 hex digits of the digest of all of it
    and ``end``, in NAME_MAX bytes."""
    raw = name.encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(raw, digest_size=5).hexdigest()
    stem = raw[: NAME_MAX - len(f"-{digest}{end}".encode())].decode("utf-8", "ignore")
    return f"{stem}-{digest}{end}"


def brand_page(brand: str) -> str:
    """The brand's page: its months and campaigns, what the site's navigation links to (a link
    that stays, where a link to its first month would change every page's with that month)."""
    return f"calendar/{brand}/index.html"


def month_page(brand: str, month: date) -> str:
    return f"calendar/{brand}/{month:%Y-%m}.html"


def campaign_page(brand: str, slug: str) -> str:
    return f"campaigns/{brand}/{slug}.html"


def months(bp: BrandPlan) -> list[date]:
    """The first day of each month of the brand's calendar that has something on it: a post,
    or a mark of the plan (a day short of the brand's cadence is one). A year typed wrong (2099
    for 2026) adds its month, not the eight hundred empty ones between, each listing all."""
    return sorted({day.date.replace(day=1) for day in bp.days})


def month_nav(every: list[date], month: date) -> list[tuple[str, date]]:
    """The months a month page links to, each with its label: those of the page's own year
    ("Mar 2026"), and for each other year its first month, by the year ("2025"). Years of daily
    posts would otherwise give every page a link per month, and a month added in one year would
    change every other year's pages."""
    years: dict[int, date] = {}
    for m in every:
        years.setdefault(m.year, m)
    return [
        (m.strftime("%b %Y"), m) if m.year == month.year else (str(m.year), m)
        for m in every
        if m.year == month.year or years[m.year] == m
    ]


def marks(day: Day) -> list[str]:
    marks = [f"gap: {g.network} {g.posts} of {g.target}" for g in day.gaps]
    marks += [
        f"too close: {c.network} {c.first_local:%H:%M} and {c.second_local:%H:%M} (min {c.min_gap})"
        for c in day.too_close
    ]
    marks += [f"over the limit: {o.network} {o.posts} of {o.limit} a day" for o in day.over]
    return marks


def month_grid(bp: BrandPlan, month: date, today: date) -> list[list[Cell]]:
    """The month's weeks, Monday first, each day with its slots (by local time) and marks."""
    days = {d.date: d for d in bp.days}
    weeks = []
    for week in cal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        row = []
        for day in week:
            plan_day = days.get(day)
            cell = Cell(day, day.month == month.month, day == today)
            if plan_day is not None:
                cell.slots = sorted(map(chip, plan_day.slots), key=lambda s: (s.local, s.network))
                cell.marks = marks(plan_day)
            row.append(cell)
        weeks.append(row)
    return weeks


def legend(bp: BrandPlan) -> tuple[list[str], list[str]]:
    """The networks and the states of a brand's posts, in one pass: every month page shows them."""
    networks, states = {s.network for s in bp.slots}, {s.state for s in bp.slots}
    return sorted(networks), [s for s in STATES if s in states]


def calendar_context(
    data: SiteData, bp: BrandPlan, month: date, shown: tuple[list[str], list[str]] | None = None
) -> dict[str, Any]:
    """A month page of ``bp``'s calendar; ``shown``: its ``legend``, when the caller has it."""
    networks, states = shown or legend(bp)
    all_months = months(bp)
    i = all_months.index(month)
    today = data.now.astimezone(bp.tz).date()
    return {  # only what the page shows, so a change elsewhere in the plan leaves the page as it is
        "name": bp.name,
        "tz": bp.tz.key,
        "month": month,
        "weeks": month_grid(bp, month, today),
        "prev": month_page(bp.slug, all_months[i - 1]) if i else None,
        "next": month_page(bp.slug, all_months[i + 1]) if i + 1 < len(all_months) else None,
        "months": [(label, m, month_page(bp.slug, m)) for label, m in month_nav(all_months, month)],
        "networks": networks,
        "states": states,
        "campaigns": [
            (CampaignLink(c.name, c.status), campaign_page(c.brand, c.slug or ""))
            for c in data.campaign_heads(bp.slug)
        ],
    }


def current_month(bp: BrandPlan, now: datetime, every: list[date]) -> date | None:
    """The month a reader wants first: this one in the brand's zone if it has a page, else the
    next that has one, else the last."""
    today = now.astimezone(bp.tz).date().replace(day=1)
    return next((m for m in every if m >= today), every[-1] if every else None)


def brand_context(data: SiteData, bp: BrandPlan) -> dict[str, Any]:
    """The brand's page: its calendar's months by year, this month's first; its campaigns."""
    every = months(bp)
    current = current_month(bp, data.now, every)
    years: dict[int, list[tuple[date, str]]] = {}
    for m in every:
        years.setdefault(m.year, []).append((m, month_page(bp.slug, m)))
    return {
        "name": bp.name,
        "tz": bp.tz.key,
        "posts": bp.posts,
        "notes": bp.notes,
        "current": (current, month_page(bp.slug, current)) if current else None,
        "years": list(years.items()),
        "campaigns": [
            (CampaignLink(c.name, c.status), campaign_page(c.brand, c.slug or ""))
            for c in data.campaign_heads(bp.slug)
        ],
        "file": brand_file(bp.slug),
        # a campaign file that does not load has no page to show them: its brand's shows them
        "findings": [
            f
            for path in [brand_file(bp.slug), *data.unused_campaign_files(bp.slug)]
            for f in sorted(data.findings.get(path, []))
        ],
    }


def brand_file(brand: str) -> str:
    return f"brands/{brand}.yaml"


def campaign_file(brand: str, slug: str | None) -> str:
    return f"campaigns/{brand}/{slug}.yaml"


def home_context(data: SiteData) -> dict[str, Any]:
    now = data.now
    # in the slots' own zone (UTC): aware datetimes of one tzinfo compare without asking it
    start = now.astimezone(UTC)
    soon = start + timedelta(days=7)
    brands = []
    for bp in data.brands:
        current = current_month(bp, now, months(bp))
        brands.append(
            {
                "name": bp.name,
                "slug": bp.slug,
                "tz": bp.tz.key,
                "posts": bp.posts,
                "calendar": month_page(bp.slug, current) if current else None,
                "notes": bp.notes,  # its posts the calendar leaves out, and why
                "running": [
                    (CampaignLink(c.name, c.status), campaign_page(c.brand, c.slug or ""))
                    for c in data.campaign_heads(bp.slug)
                    if c.status == "running"
                ],
                "next": _by_day(
                    sorted((s for s in bp.slots if start <= s.when < soon), key=lambda s: s.when)
                ),
                "late": _late(bp.slots, start),
            }
        )
    return {"brands": brands, "now": now, "notes": data.plan.notes + data.site_notes}


#: The states of a post whose time has passed unpublished: not out yet (due, overdue, refused
#: for now: retry), refused (failed), or not known to be out (unknown); home lists them first.
ATTENTION = ("due", "overdue", "retry", "failed", "unknown")
#: The most of them home lists, the most recent; the rest are on the calendars.
LATE_SHOWN = 30


def _late(slots: list[Slot], start: datetime) -> tuple[list[tuple[date, list[Chip]]], int]:
    """The slots before ``start`` in an ATTENTION state, by day: the last LATE_SHOWN of them,
    and how many more there are."""
    late = sorted(
        (s for s in slots if s.when < start and s.state in ATTENTION), key=lambda s: s.when
    )
    return _by_day(late[-LATE_SHOWN:]), max(len(late) - LATE_SHOWN, 0)


def _by_day(slots: list[Slot]) -> list[tuple[date, list[Chip]]]:
    """The chips of ``slots`` (in time order) under their local day, each day once."""
    days: dict[date, list[Chip]] = {}
    for s in slots:
        days.setdefault(s.local.date(), []).append(chip(s))
    return list(days.items())


def campaign_context(data: SiteData, r: CampaignReport) -> dict[str, Any]:
    weeks = sorted(r.weeks)
    # "W49"; over a new year "26-W52", "27-W01", as the weeks of two years would read as one run
    one_year = len({w[:4] for w in weeks}) <= 1
    labels = [w.split("-")[-1] if one_year else f"{w[2:4]}-{w.split('-')[-1]}" for w in weeks]
    figures = [r.weeks[w] for w in weeks]

    def chart(title: str, values: list[Any], shown: list[str]) -> tuple[str, str]:
        name = f"{r.name}: {title} by week"
        return title, charts.bars(name, labels, values, shown, described_by=WEEKS_TABLE)

    rates = [f.engagement_rate for f in figures]
    posts = sorted(
        (s for s in data.slots_of_campaign(r.brand, r.slug)), key=lambda s: (s.when, s.network)
    )
    return {
        "r": r,
        "weeks": list(zip(weeks, figures)),
        "budget_bar": charts.progress(_budget_title(r), r.budget_used),
        "charts": [
            chart("spend", [f.spend for f in figures], [fmt_money(f.spend) for f in figures]),
            chart("reach", [f.reach for f in figures], [fmt_int(f.reach) for f in figures]),
            chart(
                "engagements",
                [f.engagements for f in figures],
                [fmt_int(f.engagements) for f in figures],
            ),
            chart("ER", rates, [fmt_percent(v) for v in rates]),
            chart("CPM", [f.cpm for f in figures], [fmt_money(f.cpm) for f in figures]),
            chart("CPE", [f.cpe for f in figures], [fmt_money(f.cpe) for f in figures]),
        ]
        if any(f.published for f in figures)  # else six charts of nothing: one line says so
        else [],
        "goals": [(g, charts.progress(_goal_title(g), g.progress, goal=True)) for g in r.goals],
        "posts": [chip(s) for s in posts],
        "window": _window(r),
        "file": campaign_file(r.brand, r.slug),
        "findings": sorted(data.findings.get(campaign_file(r.brand, r.slug), [])),
    }


WEEKS_TABLE = "weeks"  # the id of the campaign's table by week: the bar charts' text


def _budget_title(r: CampaignReport) -> str:
    """The budget bar's accessible name: its value, as the facts above it say it."""
    if r.budget_used is None:
        return f"{r.name}: budget used: no budget"
    spend, budget = fmt_money(r.total.spend), fmt_money(r.budget)
    cur = f"\u00a0{r.currency}" if r.currency else ""
    return f"{r.name}: budget used: {fmt_percent(r.budget_used)} ({spend} of {budget}{cur})"


def _goal_title(g: Goal) -> str:
    """A goal bar's accessible name: what was reached of the target, as the line above says."""
    name = g.name.replace("_", " ")
    if g.name == "engagement_rate":
        reached, target = fmt_percent(g.actual), fmt_percent(g.target)
    else:
        reached = fmt_int(int(g.actual) if g.actual is not None else None)
        target = fmt_int(int(g.target))
    share = f" ({fmt_percent(g.progress)})" if g.progress is not None else ""
    return f"goal {name}: {reached} of {target}{share}" + (", met" if g.met else "")


def _window(r: CampaignReport) -> str:
    """The campaign's first and last local day."""
    first = r.start.astimezone(r.tz).date().isoformat() if r.start else "…"
    last = (r.end - timedelta(microseconds=1)).astimezone(r.tz).date().isoformat() if r.end else "…"
    return f"{first} – {last}"
