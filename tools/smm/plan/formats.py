"""The plan as text (terminal), Markdown (a PR comment or job summary) and JSON; ics.py has iCalendar."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from smm.plan.model import BrandPlan, Day, OverCap, Plan, Slot, TooClose, WeekBudget
from smm.report.figures import money
from smm.report.numbers import fmt_money
from smm.tables import markdown_table, md_link, md_text, text_table
from smm.textsafe import one_line


def render(result: Plan, fmt: str) -> str:
    if fmt == "ics":
        from smm.plan.ics import to_ics

        return to_ics(result)
    return {"text": text, "markdown": markdown, "json": to_json}[fmt](result)


# --- shared wording ------------------------------------------------------------------------------


def _window(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "every post"
    return f"{start.isoformat() if start else '…'} – {end.isoformat() if end else '…'}"


def _duration(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"{hours}h{minutes:02d}" if hours and minutes else f"{hours}h" if hours else f"{minutes}m"
    )


def _cadence(bp: BrandPlan) -> str:
    parts = []
    for network, (per_day, weekdays) in bp.cadence.items():
        on = "" if len(weekdays) == 7 else " on " + ", ".join(weekdays)
        parts.append(f"{network} {per_day} a day{on}")
    return (
        "; ".join(parts)
        if parts
        else "none set (no gaps are looked for; see cadence: in the brand file)"
    )


def _money(value: Decimal | None, currency: str | None) -> str:
    return "" if value is None else f"{fmt_money(value)} {currency or ''}".rstrip()


def _gap(network: str, posts: int, target: int) -> str:
    return f"gap: {network} has {posts} of {target} post{'s' if target != 1 else ''}"


def _close_day(c: TooClose) -> str:
    """The earlier post's time, with its date when it is on another day."""
    if c.first_local.date() != c.second_local.date():
        return f"{c.first_local:%Y-%m-%d %H:%M}"
    return f"{c.first_local:%H:%M}"


def _close_text(c: TooClose) -> str:
    return (
        f"too close: {c.network} {_close_day(c)} and {c.second_local:%H:%M} are {_duration(c.apart)} apart "
        f"(min_gap {c.min_gap}): {c.first} and {c.second}"
    )


def _over_text(network: str, posts: int, limit: int) -> str:
    return f"over the limit: {network} has {posts} posts, per_day {limit}"


def _cap_text(o: OverCap) -> str:
    return (
        f"over the cap: {o.network} has {o.posts} posts in {o.month}, the access tier's cap is "
        f"{o.cap} a month ({o.status}: {o.source}); the first past it: {o.first}"
    )


def _problems(d: Day) -> list[str]:
    """What needs a person on a day: gaps, pairs too close, over the limit, over the cap."""
    return (
        [_gap(g.network, g.posts, g.target) for g in d.gaps]
        + [_close_text(c) for c in d.too_close]
        + [_over_text(o.network, o.posts, o.limit) for o in d.over]
        + [_cap_text(o) for o in d.over_cap]
    )


def _summary(bp: BrandPlan) -> str:
    gaps, close, over, cap = len(bp.gaps), len(bp.too_close), len(bp.over), len(bp.over_cap)
    return (
        f"{gaps} gap{'s' if gaps != 1 else ''}, {close} pair{'s' if close != 1 else ''} too close, "
        f"{over} day{'s' if over != 1 else ''} over the limit, "
        f"{cap} month{'s' if cap != 1 else ''} over the cap"
    )


def _header(result: Plan) -> str:
    return f"smm plan · {_window(result.start, result.end)} · now {result.now.isoformat(timespec='minutes')}"


def _counts(bp: BrandPlan) -> str:
    slots = len(bp.slots)
    return f"{bp.posts} post{'s' if bp.posts != 1 else ''}, {slots} placement{'s' if slots != 1 else ''}"


def _brand_title(bp: BrandPlan) -> str:
    return f"{bp.name} ({bp.slug}) · {bp.tz.key} · {_window(bp.start, bp.end)} · {_counts(bp)}"


def _week_networks(bp: BrandPlan) -> list[str]:
    seen: dict[str, None] = {}
    for w in bp.weeks:
        for n in w.networks:
            seen.setdefault(n, None)
    return list(seen)


# --- text ----------------------------------------------------------------------------------------


def _slot_line(s: Slot) -> str:
    about = " · ".join(x for x in (s.kind, s.campaign or "", _money(s.share, s.currency)) if x)
    url = f"  {s.url}" if s.url else ""
    return f"  {s.local:%H:%M}  {s.network:<9}  {s.state:<9}  {s.title}  [{about}]  {s.path}{url}"


def _day_lines(d: Day) -> list[str]:
    lines = [f"{d.date:%a} {d.date.isoformat()}"]
    if not d.slots:
        lines.append("  (no posts)")
    lines += [_slot_line(s) for s in d.slots]
    lines += [f"  ! {problem}" for problem in _problems(d)]
    return lines


def _week_rows(bp: BrandPlan) -> list[list[str]]:
    networks = _week_networks(bp)
    rows = [["week", "currency", *networks, "total", "published", "posts"]]
    for w in bp.weeks:
        rows.append(
            [
                f"{w.week} ({w.start.isoformat()})",
                w.currency or "?",
                *[fmt_money(w.networks[n]) if n in w.networks else "—" for n in networks],
                fmt_money(w.total),
                fmt_money(w.published),
                str(w.posts),
            ]
        )
    return rows


def text(result: Plan) -> str:
    out = [_header(result)]
    for bp in result.brands:
        out += ["", _brand_title(bp), f"cadence: {_cadence(bp)}"]
        if not bp.days:
            out.append("no posts in the window")
        for d in bp.days:
            out += _day_lines(d)
        out.append(_summary(bp))
        if bp.weeks:
            out += [
                "budget per week (planned shares per network; published: of those, the published ones)"
            ]
            out += text_table(
                _week_rows(bp), right=set(range(2, len(_week_networks(bp)) + 5)), indent="  "
            )
        out += [f"note: {n}" for n in bp.notes]
    out += [f"note: {n}" for n in result.notes]
    return "\n".join(map(one_line, out)) + "\n"  # a title, path or name cannot add a line


# --- markdown ------------------------------------------------------------------------------------


def markdown(result: Plan) -> str:
    out = [
        f"# Content plan · {_window(result.start, result.end)}",
        "",
        f"As of {result.now.isoformat(timespec='minutes')}; times in each brand's zone.",
    ]
    for bp in result.brands:
        out += [
            "",
            f"## {md_text(bp.name)} (`{bp.slug}`)",
            "",
            f"{bp.tz.key} · {_window(bp.start, bp.end)} · {_counts(bp)} · cadence: {md_text(_cadence(bp))}",
            "",
        ]
        rows = []
        for d in bp.days:
            label = f"{d.date:%a} {d.date.isoformat()}"
            if not d.slots:
                rows.append([label, "", "", "", "(no posts)", "", "", ""])
            for s in d.slots:
                post = md_link(s.title, s.url) if s.url else s.title
                rows.append(
                    [
                        label,
                        f"{s.local:%H:%M}",
                        s.network,
                        s.state,
                        post,
                        s.kind,
                        s.campaign or "",
                        _money(s.share, s.currency),
                    ]
                )
                label = ""
        if rows:
            out += markdown_table(
                ["day", "time", "network", "state", "post", "kind", "campaign", "budget"], rows, {7}
            )
        else:
            out.append("No posts in the window.")
        out += ["", "### Gaps, posts too close, days over the limit, months over the cap", ""]
        problems = [
            f"- {d.date:%a} {d.date.isoformat()}: {problem}"
            for d in bp.days
            for problem in _problems(d)
        ]
        out += problems or ["None."]
        if bp.weeks:
            rows = _week_rows(bp)
            out += ["", "### Budget per week", ""]
            out += markdown_table(rows[0], rows[1:], right=set(range(2, len(rows[0]))))
        if bp.notes:
            out += [""] + [f"> {md_text(n)}" for n in bp.notes]
    if result.notes:
        out += [""] + [f"> {md_text(n)}" for n in result.notes]
    return "\n".join(map(one_line, out)) + "\n"


# --- json ----------------------------------------------------------------------------------------


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else str(money(value))


def _slot_json(s: Slot) -> dict[str, Any]:
    return {
        "time": s.local.isoformat(),
        "utc": s.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "network": s.network,
        "path": s.path,
        "title": s.title,
        "kind": s.kind,
        "campaign": s.campaign,
        "state": s.state,
        "url": s.url,
        "budget": None if s.share is None else {"amount": _plain(s.share), "currency": s.currency},
    }


def _close_json(c: TooClose) -> dict[str, Any]:
    return {
        "network": c.network,
        "first": {"path": c.first, "time": c.first_local.isoformat()},
        "second": {"path": c.second, "time": c.second_local.isoformat()},
        "apart_minutes": int(c.apart.total_seconds() // 60),
        "min_gap": c.min_gap,
    }


def _cap_json(o: OverCap) -> dict[str, Any]:
    return {
        "network": o.network,
        "month": o.month,
        "posts": o.posts,
        "cap": o.cap,
        "first": o.first,
        "status": o.status,
        "source": o.source,
    }


def _week_json(w: WeekBudget) -> dict[str, Any]:
    return {
        "week": w.week,
        "start": w.start.isoformat(),
        "currency": w.currency,
        "networks": {n: _plain(v) for n, v in w.networks.items()},
        "total": _plain(w.total),
        "published": _plain(w.published),
        "posts": w.posts,
    }


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(result: Plan) -> str:
    doc = {
        "from": _date(result.start),
        "to": _date(result.end),
        "now": result.now.isoformat(),
        "brands": [
            {
                "brand": bp.slug,
                "name": bp.name,
                "timezone": bp.tz.key,
                "from": _date(bp.start),
                "to": _date(bp.end),
                "posts": bp.posts,
                "cadence": {n: {"per_day": p, "days": list(w)} for n, (p, w) in bp.cadence.items()},
                "days": [
                    {
                        "date": d.date.isoformat(),
                        "posts": [_slot_json(s) for s in d.slots],
                        "gaps": [
                            {"network": g.network, "posts": g.posts, "target": g.target}
                            for g in d.gaps
                        ],
                        "too_close": [_close_json(c) for c in d.too_close],
                        "over": [
                            {"network": o.network, "posts": o.posts, "limit": o.limit}
                            for o in d.over
                        ],
                        "over_cap": [_cap_json(o) for o in d.over_cap],
                    }
                    for d in bp.days
                ],
                "weeks": [_week_json(w) for w in bp.weeks],
                "notes": bp.notes,
            }
            for bp in result.brands
        ],
        "notes": result.notes,
    }
    return _dump(doc) + "\n"


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _flat(value: Any) -> bool:
    """Written on one line: a mapping without lists inside, or a list of plain values."""
    if isinstance(value, dict):
        return all(
            not isinstance(v, list) and (not isinstance(v, dict) or _flat(v))
            for v in value.values()
        )
    return all(not isinstance(v, (list, dict)) for v in value)


def _dump(value: Any, indent: str = "") -> str:
    """JSON indented by two spaces down to the flat objects (a post, a gap, a week), each on one
    line: as readable as indent=2 for the structure, and the C encoder's speed for the bulk."""
    if not isinstance(value, (dict, list)) or not value or _flat(value):
        return _encode(value)
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{_encode(k)}: {_dump(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + _dump(v, inner) for v in value) + "\n" + indent + "]"
