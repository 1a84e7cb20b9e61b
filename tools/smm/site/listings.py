"""The listing pages (home, each brand's calendar month by month, each campaign), each with a key
of what it shows and its context, made only when the page is rendered.

A calendar's or a campaign's key is made from the plan's own values (the slots, the day's marks,
the report), as plain tuples whose ``repr`` is C code throughout: a rebuild of 10,000 posts keys
the 60 listing pages in a few hundredths of a second, where building every page's context and
encoding it took a quarter of a second. A page's key holds everything the page shows or is made
from (tests/site_pages/test_build.py rebuilds after each kind of change and compares every page
with a build from nothing).
"""

from __future__ import annotations

import calendar as cal
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from smm.plan.model import BrandPlan, Slot
from smm.report.campaigns import CampaignReport
from smm.site import pages
from smm.site.gather import SiteData
from smm.site.incremental import context_key, key_of


class Listing(NamedTuple):
    path: str  # the page, relative to the site's root
    template: str
    key: Callable[[], str]  # a hash of what the page shows: the costly part, made when wanted
    context: Callable[[], dict[str, Any]]  # the page's context, made when it is rendered


def listings(data: SiteData) -> list[Listing]:
    """Every listing page of the site: home, each brand's page and months, then its campaigns."""
    return plan_pages(data) + campaign_pages(data)


def plan_pages(data: SiteData) -> list[Listing]:
    """Home, and each brand's page and calendar month by month: made from the plan, not the
    report."""
    home = partial(pages.home_context, data)
    out = [Listing("index.html", "home.html", partial(_whole, home), home)]
    for bp in data.brands:
        brand = partial(pages.brand_context, data, bp)
        out.append(Listing(pages.brand_page(bp.slug), "brand.html", partial(_whole, brand), brand))
        shown = pages.legend(bp)
        every = pages.months(bp)
        dates = [day.date for day in bp.days]
        campaigns = [(c.name, c.status, c.slug) for c in data.campaign_heads(bp.slug)]
        for i, month in enumerate(every):
            # the months the page links to: its year's, the other years' firsts, and its two
            # neighbours (a month added in another year changes none of this year's pages)
            links = pages.month_nav(every, month), every[max(i - 1, 0) : i + 2]
            out.append(
                Listing(
                    pages.month_page(bp.slug, month),
                    "calendar.html",
                    partial(_calendar_key, data, bp, month, dates, shown, links, campaigns),
                    partial(pages.calendar_context, data, bp, month, shown),
                )
            )
    return out


def _whole(context: Callable[[], dict[str, Any]]) -> str:
    """The key of a page keyed by its whole context (home, a brand's page: small ones)."""
    return context_key(context())


def campaign_pages(data: SiteData) -> list[Listing]:
    """Each campaign's page, with its report."""
    return [
        Listing(
            pages.campaign_page(bp.slug, c.slug or ""),
            "campaign.html",
            partial(_campaign_key, data, c, bp.name),
            partial(_campaign_context, data, c, bp.name),
        )
        for bp in data.brands
        for c in data.campaigns(bp.slug)
    ]


def _shown(s: Slot) -> tuple[Any, ...]:
    """What a listing shows of a slot (a chip: its local day and time to the minute, which the
    brand's time zone in the key places), as values without a time zone: a zone-aware datetime's
    ``repr`` asks its zone, a microsecond a slot, and there are tens of thousands."""
    local = s.local
    return s.path, s.network, local.toordinal(), local.hour, local.minute, s.title, s.state


def _calendar_key(data: SiteData, bp: BrandPlan, month: date, dates: list[date], *rest: Any) -> str:
    """A month page's: the days of its grid of whole weeks with their slots and marks
    (``dates``: the plan's days', in order), today where the grid shows it, and the ``rest``
    the page shows beside its grid (the legend, the months it links to, the campaigns)."""
    grid = cal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = grid[0][0], grid[-1][-1]
    today = data.now.astimezone(bp.tz).date()
    days = bp.days[bisect_left(dates, first) : bisect_right(dates, last)]
    return key_of(
        bp.name,
        bp.tz.key,
        month,
        today if first <= today <= last else None,
        [(day.date, [_shown(s) for s in day.slots], pages.marks(day)) for day in days],
        *rest,
    )


def _campaign_key(data: SiteData, c: CampaignReport, brand_name: str) -> str:
    """A campaign page's: its report, its posts' chips and its file's lint findings."""
    posts = [_shown(s) for s in data.slots_of_campaign(c.brand, c.slug)]
    found = sorted(f.astuple() for f in data.findings.get(pages.campaign_file(c.brand, c.slug), []))
    return key_of(context_key(c, brand_name), posts, found)


def _campaign_context(data: SiteData, c: CampaignReport, brand_name: str) -> dict[str, Any]:
    context = pages.campaign_context(data, c)
    context["brand_name"] = brand_name
    return context
