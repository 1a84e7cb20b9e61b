"""The report as text (terminal), Markdown (GitHub job summary), JSON and CSV.

Figures come from campaigns.py; here they are only rounded (half up: money and costs to 0.01,
ER to 0.01 %) and laid out. An undefined figure is "—" in text and Markdown, null in JSON and
an empty cell in CSV.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from smm.report import changes
from smm.report.campaigns import CampaignReport, Report, week_start
from smm.report.deals import DEAL_KEYS, RESULT_KEYS
from smm.report.figures import Figures, Goal
from smm.report.numbers import DASH, _fraction, _plain_money, fmt_int, fmt_money, fmt_percent
from smm.tables import Markdown, markdown_table, md_text, text_table
from smm.textsafe import one_line

DEFINITIONS = (
    "Money is in each campaign's currency. A post's budget is split equally over its networks (in whole cents); "
    "spend sums the shares of published posts, planned spend the shares of every post of the campaign; "
    "a budget in another currency is left out, with a note.",
    "Reach is the network's reach, or its views where it reports views but not reach (Telegram); "
    "no network gives impressions, so CPM is per 1,000 of this reach. Reach is summed over posts; "
    "a * after it: some of it is views.",
    "Engagements = likes + comments + shares + reactions + saves. ER (engagement rate) = engagements / reach.",
    "CPM = spend / reach x 1000, CPE = spend / engagements, CPC = spend / clicks, each over the published "
    "posts whose metrics have that figure (a post without metrics yet is in spend, not in the rates).",
    "Rounded half up: money and costs to 0.01, ER to 0.01 %. '—' means not defined: no data, or nothing to divide by.",
    "Weeks are ISO weeks of the post's time in the brand's time zone.",
    "A retracted post still counts as published (in spend, and in its metrics read before the retraction): "
    "it was live and seen, and its budget is spent. Edits and retractions are listed per post and network.",
    "Results are a person's (results: leads, revenue): cost per lead = spend / leads; "
    "ROMI (return on marketing spend) = (revenue - spend) / spend.",
    "Deals per partner: balance = their counter-posts out - our published posts for them (below 0: they "
    "owe us); overdue: due date passed, no counter-post; influencer reach is the deal's, else our post's "
    "measured reach (*); CPM = cost / reach x 1000.",
)

COLUMNS = (
    "posts",
    "published",
    "planned spend",
    "spend",
    "reach",
    "engagements",
    "ER",
    "CPM",
    "CPE",
    "CPC",
    "clicks",
)


def render(result: Report, fmt: str) -> str:
    return {"text": text, "markdown": markdown, "json": to_json, "csv": to_csv}[fmt](result)


def _cells(f: Figures, label: str) -> list[str]:
    return [
        label,
        fmt_int(f.posts),
        fmt_int(f.published),
        fmt_money(f.planned_spend),
        fmt_money(f.spend),
        fmt_int(f.reach) + ("*" if f.reach_from_views else ""),
        fmt_int(f.engagements),
        fmt_percent(f.engagement_rate),
        fmt_money(f.cpm),
        fmt_money(f.cpe),
        fmt_money(f.cpc),
        fmt_int(f.clicks),
    ]


def week_label(week: str) -> str:
    return f"{week} ({week_start(week).isoformat()})"


def _window(r: CampaignReport) -> str:
    if r.start is None and r.end is None:
        return ""
    first = r.start.astimezone(r.tz).date().isoformat() if r.start else "…"
    last = (r.end - timedelta(microseconds=1)).astimezone(r.tz).date().isoformat() if r.end else "…"
    return f"{first} – {last}"


def _title(r: CampaignReport) -> str:
    return f"{r.name} ({r.brand}/{r.slug})" if r.slug else f"{r.brand}: {r.name}"


def _summary(r: CampaignReport) -> str:
    t, cur = r.total, r.currency or ""
    parts = [p for p in (_window(r), r.status if r.status != DASH else "") if p]
    if r.budget is not None:
        parts.append(f"budget {fmt_money(r.budget)} {cur}")
        parts.append(f"spend {fmt_money(t.spend)} ({fmt_percent(r.budget_used)})")
        parts.append(
            f"planned {fmt_money(t.planned_spend)} ({fmt_percent(t.planned_spend / r.budget if r.budget else None)})"
        )
        parts.append(f"left {fmt_money(r.remaining)}")
    else:
        parts.append(
            f"no budget · spend {fmt_money(t.spend)} {cur} · planned {fmt_money(t.planned_spend)}"
        )
    return " · ".join(parts)


def _goal_cells(g: Goal) -> list[str]:
    if g.name == "engagement_rate":
        target, actual = fmt_percent(g.target), fmt_percent(g.actual)
    else:
        target = (
            fmt_int(int(g.target)) if g.target == g.target.to_integral_value() else str(g.target)
        )
        actual = fmt_int(int(g.actual)) if g.actual is not None else DASH
    if g.name == "leads" and g.actual is None:
        verdict = "not measured by smm"
    elif g.actual is None:
        verdict = "no metrics yet"
    else:
        verdict = "met" if g.met else f"{fmt_percent(g.progress)} of the goal"
    return [g.name.replace("_", " "), target, actual, verdict]


def _as_of(result: Report) -> str:
    return result.now.isoformat(timespec="minutes")


# --- text ----------------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """The first column (the row's name) left, the figures right."""
    return text_table([header, *rows], right=range(1, len(header)))


def text(result: Report) -> str:
    from smm.report import dealformats as extra  # it lays out with this module's helpers

    out = [f"smm report · as of {_as_of(result)}", ""]
    for d in DEFINITIONS:
        out += textwrap.wrap(d, 100, initial_indent="  ", subsequent_indent="    ")
    for note in result.notes:
        out.append(f"note: {note}")
    for r in result.campaigns:
        out += ["", _title(r), _summary(r), *extra.results_lines(r), ""]
        rows = [_cells(f, n) for n, f in r.networks.items()] + [_cells(r.total, "total")]
        out += _table(["network", *COLUMNS], rows)
        if r.weeks:
            out.append("")
            out += _table(
                ["week", *COLUMNS],
                [_cells(f, week_label(w)) for w, f in r.weeks.items()] + [_cells(r.total, "total")],
            )
        if r.goals:
            out.append("")
            out += _table(
                ["goal", "target", "actual", "progress"],
                [_goal_cells(g) for g in r.goals],
            )
        out += changes.text_lines(r)
        for note in r.notes:
            out.append(f"note: {note}")
    if not result.campaigns:
        out += ["", "no campaigns"]
    out += extra.deals_text(result)
    return "\n".join(map(one_line, out))  # a name or note cannot add a line


# --- Markdown ------------------------------------------------------------------------------------


def _md_table(header: list[str], rows: list[list[str]], bold_last: bool = False) -> list[str]:
    """The first column (the row's name) left, the figures right; ``bold_last``: a total row."""
    cells: list[list[str]] = [list(row) for row in rows]
    if bold_last and cells:
        cells[-1] = [c if c == DASH else Markdown(f"**{md_text(c)}**") for c in cells[-1]]
    return markdown_table(header, cells, right=range(1, len(header)))


def markdown(result: Report) -> str:
    from smm.report import dealformats as extra

    out = [
        f"### smm report · as of {_as_of(result)}",
        "",
        "<details><summary>How each figure is computed</summary>",
        "",
    ]
    out += [f"- {d}" for d in DEFINITIONS]
    out += ["", "</details>"]
    if result.notes:
        out.append("")
        out += [f"- **note:** {md_text(n)}" for n in result.notes]
    for r in result.campaigns:
        out += ["", f"#### {md_text(_title(r))}", "", md_text(_summary(r))]
        out += [*extra.results_markdown(r), ""]
        out += _md_table(
            ["network", *COLUMNS],
            [_cells(f, n) for n, f in r.networks.items()] + [_cells(r.total, "total")],
            True,
        )
        if r.weeks:
            out.append("")
            out += _md_table(
                ["week", *COLUMNS],
                [_cells(f, week_label(w)) for w, f in r.weeks.items()] + [_cells(r.total, "total")],
                True,
            )
        if r.goals:
            out.append("")
            out += _md_table(
                ["goal", "target", "actual", "progress"], [_goal_cells(g) for g in r.goals]
            )
        out += changes.markdown_lines(r)
        if r.notes:
            out.append("")
            out += [f"- {md_text(n)}" for n in r.notes]
    if not result.campaigns:
        out += ["", "No campaigns."]
    out += extra.deals_markdown(result)
    return "\n".join(map(one_line, out)) + "\n"


# --- JSON and CSV --------------------------------------------------------------------------------

ROW_KEYS = (
    "posts",
    "published",
    "planned_spend",
    "spend",
    "reach",
    "reach_from_views",
    "engagements",
    "clicks",
    "engagement_rate",
    "cpm",
    "cpe",
    "cpc",
    "measured",
)


def row(f: Figures) -> dict[str, Any]:
    """One row for machines: money and costs as decimal strings (0.01), ER a fraction (0.0001), null if undefined."""
    return {
        "posts": f.posts,
        "published": f.published,
        "planned_spend": _plain_money(f.planned_spend),
        "spend": _plain_money(f.spend),
        "reach": f.reach,
        "reach_from_views": f.reach_from_views,
        "engagements": f.engagements,
        "clicks": f.clicks,
        "engagement_rate": _fraction(f.engagement_rate),
        "cpm": _plain_money(f.cpm),
        "cpe": _plain_money(f.cpe),
        "cpc": _plain_money(f.cpc),
        "measured": f.measured,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def to_data(result: Report) -> dict[str, Any]:
    from smm.report import dealformats as extra

    campaigns = []
    for r in result.campaigns:
        campaigns.append(
            {
                "brand": r.brand,
                "campaign": r.slug,
                "name": r.name,
                "file": r.path,
                "currency": r.currency,
                "start": _iso(r.start),
                "end": _iso(r.end),
                "status": r.status,
                "budget": _plain_money(r.budget),
                "spend": _plain_money(r.total.spend),
                "planned_spend": _plain_money(r.total.planned_spend),
                "remaining": _plain_money(r.remaining),
                "budget_used": _fraction(r.budget_used),
                "total": row(r.total),
                "networks": [{"network": n, **row(f)} for n, f in r.networks.items()],
                "weeks": [
                    {"week": w, "week_start": week_start(w).isoformat(), **row(f)}
                    for w, f in r.weeks.items()
                ],
                "goals": [
                    {
                        "goal": g.name,
                        "target": str(g.target),
                        "actual": (
                            _fraction(g.actual) if g.name == "engagement_rate" else str(g.actual)
                        )
                        if g.actual is not None
                        else None,
                        "progress": _fraction(g.progress),
                        "met": g.met,
                    }
                    for g in r.goals
                ],
                "results": extra.results_data(r),
                "changes": changes.data(r),
                "notes": list(r.notes),
            }
        )
    return {
        "as_of": result.now.isoformat(),
        "definitions": list(DEFINITIONS),
        "notes": list(result.notes),
        "campaigns": campaigns,
        "deals": extra.deals_data(result),
    }


def to_json(result: Report) -> str:
    return json.dumps(to_data(result), ensure_ascii=False, indent=2)


CSV_HEADER = (
    *("brand", "campaign", "currency", "scope", "key", "week_start", "budget"),
    *(*ROW_KEYS, *RESULT_KEYS, *DEAL_KEYS, *changes.CHANGE_KEYS),
)


def to_csv(result: Report) -> str:
    """Rows per network, week and total (with the results) of each campaign, a row per edited or
    retracted post and network (scope "post"), then per partner."""
    from smm.report import dealformats

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEADER)

    def emit(
        r: CampaignReport, scope: str, key: str, f: Figures, extra: Callable[[], str] = lambda: ""
    ) -> None:
        values = row(f)
        writer.writerow(
            [
                r.brand,
                r.slug or "",
                r.currency or "",
                scope,
                key,
                extra(),
                _plain_money(r.budget) or "" if scope == "total" else "",
                *("" if values[k] is None else values[k] for k in ROW_KEYS),
                *dealformats.campaign_cells(r, scope == "total"),
                *[""] * len(changes.CHANGE_KEYS),
            ]
        )

    for r in result.campaigns:
        for n, f in r.networks.items():
            emit(r, "network", n, f)
        for w, f in r.weeks.items():
            emit(r, "week", w, f, partial(_week_start_text, w))
        emit(r, "total", "total", r.total)
        blank = [""] * (len(CSV_HEADER) - 5 - len(changes.CHANGE_KEYS))
        for c in r.changes:
            writer.writerow(
                [
                    r.brand,
                    r.slug or "",
                    r.currency or "",
                    "post",
                    c.path,
                    *blank,
                    *changes.csv_cells(c),
                ]
            )
    after = [""] * len(changes.CHANGE_KEYS)  # the partner rows end with DEAL_KEYS
    width = len(CSV_HEADER) - len(after)
    writer.writerows([*cells, *after] for cells in dealformats.partner_rows(result, width))
    return buf.getvalue()


def _week_start_text(week: str) -> str:
    return week_start(week).isoformat()
