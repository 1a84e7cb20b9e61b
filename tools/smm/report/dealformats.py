"""The report's deals (per brand and partner) and each campaign's results, in the four formats.

formats.py lays out the campaigns and calls these for its sections; the figures come from
report/deals.py and report/campaigns.py, here they are only rounded and laid out as formats.py
does (an undefined figure is "—" for people, null in JSON, an empty cell in CSV).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from smm.report.campaigns import CampaignReport, Report
from smm.report.deals import DEAL_KEYS, RESULT_KEYS, BrandDeals, PartnerDeals
from smm.report.figures import money
from smm.report.formats import _md_table, _table
from smm.report.numbers import DASH, _fraction, _plain_money, fmt_int, fmt_money, fmt_percent
from smm.tables import md_text

DEAL_COLUMNS = (
    "partner",
    "deals",
    "ours published",
    "ours planned",
    "theirs out",
    "balance",
    "overdue (due)",
    "cost",
    "reach",
    "CPM",
)


# --- a campaign's results ------------------------------------------------------------------------


def has_results(r: CampaignReport) -> bool:
    return r.leads is not None or r.revenue is not None


def results_line(r: CampaignReport) -> str:
    """``results: 150 leads · revenue 300 000.00 RUB · cost per lead 20.00 · ROMI 400.00 %``."""
    return (
        f"results: {fmt_int(r.leads)} leads · revenue {fmt_money(r.revenue)} {r.currency or ''}"
        f" · cost per lead {fmt_money(r.cost_per_lead)} · ROMI {fmt_percent(r.romi)}"
    )


def results_data(r: CampaignReport) -> dict[str, Any] | None:
    """The results for machines: money as decimal strings (0.01), ROMI a fraction (0.0001)."""
    if not has_results(r):
        return None
    return {
        "leads": r.leads,
        "revenue": _plain_money(r.revenue),
        "cost_per_lead": _plain_money(r.cost_per_lead),
        "romi": _fraction(r.romi),
    }


def results_lines(r: CampaignReport) -> list[str]:
    return [results_line(r)] if has_results(r) else []


def results_markdown(r: CampaignReport) -> list[str]:
    return ["", md_text(results_line(r))] if has_results(r) else []


def campaign_cells(r: CampaignReport, total: bool) -> list[str]:
    """A campaign row's RESULT_KEYS and DEAL_KEYS cells: the results on its total row only."""
    data = (results_data(r) if total else None) or {}
    return ["" if data.get(k) is None else str(data[k]) for k in RESULT_KEYS] + [""] * len(
        DEAL_KEYS
    )


# --- deals ---------------------------------------------------------------------------------------


def _per_currency(amounts: dict[str, Decimal]) -> str:
    return ", ".join(f"{fmt_money(a)} {c}" for c, a in sorted(amounts.items()))


def _cost(p: PartnerDeals) -> str:
    parts = [_per_currency(p.cost)] if p.cost else []
    if p.barter:
        parts.append(f"{p.barter} barter")
    return " + ".join(parts) or DASH


def _overdue(p: PartnerDeals) -> str:
    if not p.overdue:
        return "0"
    return f"{len(p.overdue)} ({', '.join(o.due.isoformat() for o in p.overdue)})"


def _cells(p: PartnerDeals) -> list[str]:
    reach = fmt_int(p.reach) + ("*" if p.reach_measured else "")
    return [
        p.partner,
        fmt_int(p.deals),
        fmt_int(p.ours_published),
        fmt_int(p.ours_planned),
        fmt_int(p.theirs_out),
        f"{p.balance:+d}" if p.balance else "0",
        _overdue(p),
        _cost(p),
        reach if p.reach is not None else DASH,
        _per_currency(p.cpm) or DASH,
    ]


def _notes(b: BrandDeals) -> list[str]:
    out = list(b.notes)
    for p in b.partners:
        out += [f"{p.partner}: counter-post for {o.path} was due {o.due}" for o in p.overdue]
    if any(p.reach_measured for p in b.partners):
        out.append("reach with a *: our post's measured reach (the deal states none)")
    return out


def deals_text(result: Report) -> list[str]:
    out: list[str] = []
    for b in result.deals:
        out += ["", f"Deals: {b.brand}", ""]
        out += _table(list(DEAL_COLUMNS), [_cells(p) for p in b.partners])
        out += [f"note: {n}" for n in _notes(b)]
    return out


def deals_markdown(result: Report) -> list[str]:
    out: list[str] = []
    for b in result.deals:
        out += ["", f"#### Deals: {md_text(b.brand)}", ""]
        out += _md_table(list(DEAL_COLUMNS), [_cells(p) for p in b.partners])
        notes = _notes(b)
        if notes:
            out.append("")
            out += [f"- {md_text(n)}" for n in notes]
    return out


def _money_map(amounts: dict[str, Decimal]) -> dict[str, str]:
    return {c: str(money(a)) for c, a in sorted(amounts.items())}


def partner_data(p: PartnerDeals) -> dict[str, Any]:
    return {
        "partner": p.partner,
        "kinds": sorted(p.kinds),
        "deals": p.deals,
        "ours_published": p.ours_published,
        "ours_planned": p.ours_planned,
        "theirs_out": p.theirs_out,
        "balance": p.balance,
        "overdue": [{"post": o.path, "due": o.due.isoformat()} for o in p.overdue],
        "cost": _money_map(p.cost),
        "barter": p.barter,
        "reach": p.reach,
        "reach_measured": p.reach_measured,
        "cpm": _money_map(p.cpm),
    }


def deals_data(result: Report) -> list[dict[str, Any]]:
    return [
        {
            "brand": b.brand,
            "partners": [partner_data(p) for p in b.partners],
            "notes": list(b.notes),
        }
        for b in result.deals
    ]


def partner_rows(result: Report, width: int) -> list[list[str]]:
    """A CSV row of ``width`` cells per partner (scope "partner", the partner its key) that fills
    only DEAL_KEYS, the last columns; money per currency as '20000.00 RUB; 100.00 EUR'."""

    def joined(amounts: dict[str, Decimal]) -> str:
        return "; ".join(f"{money(a)} {c}" for c, a in sorted(amounts.items()))

    rows = []
    for b in result.deals:
        for p in b.partners:
            cells = {
                "deals": str(p.deals),
                "ours_published": str(p.ours_published),
                "ours_planned": str(p.ours_planned),
                "theirs_out": str(p.theirs_out),
                "balance": str(p.balance),
                "overdue_due": ";".join(o.due.isoformat() for o in p.overdue),
                "deal_cost": joined(p.cost),
                "barter": str(p.barter),
                "deal_reach": "" if p.reach is None else str(p.reach),
                "deal_cpm": joined(p.cpm),
            }
            blank = [""] * (width - 5 - len(DEAL_KEYS))
            rows.append(
                [b.brand, "", "", "partner", p.partner, *blank, *(cells[k] for k in DEAL_KEYS)]
            )
    return rows
