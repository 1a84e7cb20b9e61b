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


def _label_x(x: float, text: str) -> float:
    """``x`` moved in just enough for the centred ``text`` to stay inside the chart."""
    half = len(text) * CHAR_PX / 2
    return min(max(x, PAD + half), WIDTH - PAD - half)


def bars(
    title: str, labels: Sequence[str], values: Sequence[Number | None], shown: Sequence[str]
) -> str:
    """A bar per label; ``shown`` is each value as the page prints it (a missing value: no bar).
    Values over the bars only where every one fits its bar's width (the table beside has them
    all); a label only where it keeps clear of the one before (``_clear``)."""
    top, count = _scale(values), max(len(values), 1)
    slot = (WIDTH - 2 * PAD) / count
    with_values = all(len(text) * CHAR_PX <= slot for text in shown)
    inner = HEIGHT - FOOT - 2 * PAD - 12
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}">',
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


def line(
    title: str,
    labels: Sequence[str],
    series: dict[str, Sequence[Number | None]],
    times: Sequence[float] | None = None,
    own_scales: bool = False,
) -> str:
    """One polyline per series over the same labels (readings over time), with a legend in a
    row of its own above the lines. ``times`` (POSIX seconds, one a label): each reading placed
    by its time, so readings an hour and a week apart do not look evenly spaced. A label that
    would touch one already shown is left out (the latest reading's is shown first).
    ``own_scales``: each series drawn to its own highest value, so that 40 likes beside 12,000
    views still show their course instead of a line along the bottom (the figures themselves
    are printed beside the chart)."""
    shared_top = _scale([v for s in series.values() for v in s])
    left, legend = PAD + 4, 16
    span = WIDTH - left - PAD - 4
    if times is None or len(times) != len(labels) or times[-1] <= times[0]:
        times = list(range(len(labels)))  # evenly, one step a reading
    first = times[0] if times else 0
    width = (times[-1] - first if times else 0) or 1  # one reading: at the left
    xs = [left + (t - first) / width * span for t in times]
    inner = HEIGHT - FOOT - 2 * PAD - legend
    parts = [
        f'<svg class="chart line" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}</title>",
    ]
    key_x = float(PAD)
    for n, (name, points) in enumerate(series.items()):
        colour = f"s{n % COLOURS}"
        top = _scale(points) if own_scales else shared_top
        xy = [
            (xs[i], HEIGHT - FOOT - PAD - float(v) / top * inner)
            for i, v in enumerate(points)
            if v is not None
        ]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f'<polyline class="{colour}" points="{coords}"/>')
        parts.extend(f'<circle class="{colour}" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>' for x, y in xy)
        parts.append(f'<text x="{key_x:.1f}" y="{PAD + 8}" class="k {colour}">{_esc(name)}</text>')
        key_x += (len(name) + 2) * CHAR_PX * 1.1  # legend names are bold: wider than labels
    last = len(labels) - 1
    parts += _clear(labels, xs, [last, *range(last)] if labels else [])  # the latest first
    parts.append("</svg>")
    return "".join(parts)


def progress(title: str, fraction: Decimal | None, goal: bool = False) -> str:
    """A bar filled to ``fraction`` (capped at the width). Past 1 it is marked: as over for a
    budget, as met for a ``goal`` (a goal beaten is good news, not a warning)."""
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
