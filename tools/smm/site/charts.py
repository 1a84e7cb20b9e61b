"""Charts drawn at build time as inline SVG: bars per week, a line over time, a progress bar.

No chart library and nothing from a CDN: each chart is a few rectangles or a polyline with text,
sized by a viewBox so it scales to the page's width, with a title for screen readers (the figures
are also in a table beside every chart).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal

WIDTH, HEIGHT, PAD, FOOT = 320, 140, 6, 18

Number = int | float | Decimal


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _scale(values: Sequence[Number | None]) -> float:
    top = max((float(v) for v in values if v is not None), default=0.0)
    return top if top > 0 else 1.0


CHAR_PX = 6.0  # a character of the 10 px labels, wide side of average: keeps labels apart
GAP_PX = 4  # between two labels
COLOURS = 6  # series classes s0..s5 (site.css)


def _described(by: str | None) -> str:
    """The chart's ``aria-describedby``: the table of its figures, its text for screen readers."""
    return f' aria-describedby="{_esc(by)}"' if by else ""


def _label_x(x: float, text: str) -> float:
    """``x`` moved in just enough for the centred ``text`` to stay inside the chart."""
    half = len(text) * CHAR_PX / 2
    return min(max(x, PAD + half), WIDTH - PAD - half)


def bars(
    title: str,
    labels: Sequence[str],
    values: Sequence[Number | None],
    shown: Sequence[str],
    described_by: str | None = None,
) -> str:
    """A bar per label; ``shown`` is each value as the page prints it (a missing value: no bar).
    Values over the bars only where every one fits its bar's width (the table beside has them
    all, and is the chart's text: ``described_by``, its id); a label only where it keeps clear
    of the one before (``_clear``)."""
    top, count = _scale(values), max(len(values), 1)
    slot = (WIDTH - 2 * PAD) / count
    with_values = all(len(text) * CHAR_PX <= slot for text in shown)
    inner = HEIGHT - FOOT - 2 * PAD - 12
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}"'
        f"{_described(described_by)}>",
        f"<title>{_esc(title)}</title>",
    ]
    centres = []
    for i, (value, text) in enumerate(zip(values, shown)):
        x = PAD + i * slot + slot * 0.15
        w = slot * 0.7
        h = 0.0 if value is None else float(value) / top * inner
        y = HEIGHT - FOOT - PAD - h
        centres.append(x + w / 2)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="2"/>')
        if with_values:
            at = _label_x(x + w / 2, text)
            parts.append(f'<text x="{at:.1f}" y="{y - 3:.1f}" class="v">{_esc(text)}</text>')
    parts += _clear(labels, centres, range(len(labels)))
    parts.append("</svg>")
    return "".join(parts)


def _clear(labels: Sequence[str], centres: Sequence[float], order: Iterable[int]) -> list[str]:
    """The axis labels, taken in ``order``, each drawn only when it keeps clear of every one
    drawn before it (moved inside the chart first, as ``_label_x`` moves it)."""
    placed: list[tuple[float, float]] = []  # (start, end) of each label drawn
    out = []
    for i in order:
        at = _label_x(centres[i], labels[i])
        half = len(labels[i]) * CHAR_PX / 2
        if all(at + half + GAP_PX <= start or end + GAP_PX <= at - half for start, end in placed):
            placed.append((at - half, at + half))
            out.append(
                f'<text x="{at:.1f}" y="{HEIGHT - PAD:.1f}" class="l">{_esc(labels[i])}</text>'
            )
    return out


#: How each series of a line chart is drawn besides its colour, in the order drawn: widest
#: first, so that series lying on one another (figures that grow in proportion, each on its own
#: scale, draw one line) show as nested stripes and nested markers instead of the last one
#: alone; a dash pattern and a marker shape of its own tell them apart without colour too.
#: (stroke width, dash pattern or "", marker)
STYLES = (
    (5.0, "", "circle"),
    (3.6, "8 3", "square"),
    (2.4, "4 2", "diamond"),
    (1.5, "1.5 2", "triangle"),
    (0.9, "", "dot"),
    (3.0, "10 2 2 2", "cross"),
)
MARKER_R = (5.0, 4.2, 3.6, 3.0, 1.6, 3.4)  # each a little inside the one drawn before it
KEY_W = 18  # a legend entry's sample of the line, before its name


def _marker(kind: str, x: float, y: float, r: float, colour: str) -> str:
    """A point of a series, as its legend shows it."""
    if kind in ("circle", "dot"):
        return f'<circle class="{colour}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
    if kind == "square":
        return f'<rect class="{colour}" x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}"/>'
    if kind == "diamond":
        pts = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
    elif kind == "triangle":
        pts = [(x, y - r * 1.3), (x + r * 1.2, y + r), (x - r * 1.2, y + r)]
    else:  # cross
        t = r / 3
        pts = [
            (x - t, y - r), (x + t, y - r), (x + t, y - t), (x + r, y - t), (x + r, y + t),
            (x + t, y + t), (x + t, y + r), (x - t, y + r), (x - t, y + t), (x - r, y + t),
            (x - r, y - t), (x - t, y - t),
        ]  # fmt: skip
    return f'<polygon class="{colour}" points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in pts)}"/>'


def _stroke(n: int) -> str:
    width, dash, _ = STYLES[n % len(STYLES)]
    return f' stroke-width="{width}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def _legend(names: Sequence[str]) -> tuple[list[str], int]:
    """The legend's entries, each a sample of its line and marker and its name, in rows of the
    chart's width; and the height the rows take."""
    parts, x, row = [], float(PAD), 0
    for n, name in enumerate(names):
        wide = KEY_W + 4 + len(name) * CHAR_PX * 1.1  # legend names are bold: wider than labels
        if x > PAD and x + wide > WIDTH - PAD:
            x, row = float(PAD), row + 1
        colour, y = f"s{n % COLOURS}", PAD + 5 + row * 14
        parts.append(
            f'<line class="{colour}" x1="{x:.1f}" y1="{y:.1f}" x2="{x + KEY_W:.1f}" y2="{y:.1f}"'
            f"{_stroke(n)}/>"
        )
        parts.append(_marker(STYLES[n % len(STYLES)][2], x + KEY_W / 2, y, 3.0, colour))
        parts.append(f'<text x="{x + KEY_W + 4:.1f}" y="{y + 3.5:.1f}" class="k {colour}">')
        parts[-1] += f"{_esc(name)}</text>"
        x += wide + 10
    return ['<g class="key">', *parts, "</g>"], (row + 1) * 14 + 2


def line(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[Number | None]],
    times: Sequence[float] | None = None,
    own_scales: bool = False,
    described_by: str | None = None,
) -> str:
    """One polyline per series over the same labels (readings over time), with a legend in
    rows of its own above the lines. ``times`` (POSIX seconds, one a label): each reading placed
    by its time, so readings an hour and a week apart do not look evenly spaced. A label that
    would touch one already shown is left out (the latest reading's is shown first).
    ``own_scales``: each series drawn to its own highest value, so that 40 likes beside 12,000
    views still show their course instead of a line along the bottom; series that then lie on
    one another stay apart by their STYLES. ``described_by``: the id of the readings' table,
    the chart's text."""
    shared_top = _scale([v for s in series.values() for v in s])
    left = PAD + 4
    span = WIDTH - left - PAD - 4
    if times is None or len(times) != len(labels) or times[-1] <= times[0]:
        times = list(range(len(labels)))  # evenly, one step a reading
    first = times[0] if times else 0
    width = (times[-1] - first if times else 0) or 1  # one reading: at the left
    xs = [left + (t - first) / width * span for t in times]
    keys, legend = _legend(list(series))
    inner = HEIGHT - FOOT - 2 * PAD - legend - 4  # the widest marker stays clear of the legend
    parts = [
        f'<svg class="chart line" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{_esc(title)}"{_described(described_by)}>',
        f"<title>{_esc(title)}</title>",
        *keys,
    ]
    for n, points in enumerate(series.values()):
        colour = f"s{n % COLOURS}"
        top = _scale(points) if own_scales else shared_top
        xy = [
            (xs[i], HEIGHT - FOOT - PAD - float(v) / top * inner)
            for i, v in enumerate(points)
            if v is not None
        ]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f'<polyline class="{colour}" points="{coords}"{_stroke(n)}/>')
        kind, r = STYLES[n % len(STYLES)][2], MARKER_R[n % len(MARKER_R)]
        parts.extend(_marker(kind, x, y, r, colour) for x, y in xy)
    last = len(labels) - 1
    parts += _clear(labels, xs, [last, *range(last)] if labels else [])  # the latest first
    parts.append("</svg>")
    return "".join(parts)


def progress(title: str, fraction: Decimal | None, goal: bool = False) -> str:
    """A bar filled to ``fraction`` (capped at the width). Past 1 it is marked: as over for a
    budget, as met for a ``goal`` (a goal beaten is good news, not a warning). ``title`` is its
    accessible name: it holds the value ("goal reach: 3 200 of 5 000 (64.00 %)"), which a
    screen reader cannot read off a bar."""
    share = 0.0 if fraction is None else min(float(fraction), 1.0)
    past = fraction is not None and (fraction >= 1 if goal else fraction > 1)
    mark = (" met" if goal else " over") if past else ""
    # square ends: the bar is stretched to the page's width, where round ends turn into ovals
    return (
        f'<svg class="progress{mark}" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        f'aria-label="{_esc(title)}"><title>{_esc(title)}</title>'
        f'<rect class="track" width="100" height="8"/>'
        f'<rect class="fill" width="{share * 100:.1f}" height="8"/></svg>'
    )
