"""Charts drawn at build time as inline SVG: bars per week, a line over time, a progress bar.

No chart library and nothing from a CDN: each chart is a few rectangles or a polyline with text,
sized by a viewBox so it scales to the page's width, with a title for screen readers (the figures
are also in a table beside every chart).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

WIDTH, HEIGHT, PAD, FOOT = 320, 140, 6, 18

Number = int | float | Decimal


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _scale(values: Sequence[Number | None]) -> float:
    top = max((float(v) for v in values if v is not None), default=0.0)
    return top if top > 0 else 1.0


def bars(
    title: str, labels: Sequence[str], values: Sequence[Number | None], shown: Sequence[str]
) -> str:
    """A bar per label; ``shown`` is each value as the page prints it (a missing value: no bar)."""
    top, count = _scale(values), max(len(values), 1)
    slot = (WIDTH - 2 * PAD) / count
    inner = HEIGHT - FOOT - 2 * PAD - 12
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}</title>",
    ]
    for i, (label, value, text) in enumerate(zip(labels, values, shown)):
        x = PAD + i * slot + slot * 0.15
        w = slot * 0.7
        h = 0.0 if value is None else float(value) / top * inner
        y = HEIGHT - FOOT - PAD - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="2"/>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{y - 3:.1f}" class="v">{_esc(text)}</text>')
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{HEIGHT - PAD:.1f}" class="l">{_esc(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line(title: str, labels: Sequence[str], series: dict[str, Sequence[Number | None]]) -> str:
    """One polyline per series over the same labels (readings over time), with a legend."""
    values = [v for s in series.values() for v in s]
    top, count = _scale(values), max(len(labels), 1)
    step = (WIDTH - 2 * PAD - 30) / max(count - 1, 1)
    inner = HEIGHT - FOOT - 2 * PAD
    parts = [
        f'<svg class="chart line" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}</title>",
    ]
    for n, (name, points) in enumerate(series.items()):
        xy = [
            (PAD + 30 + i * step, HEIGHT - FOOT - PAD - float(v) / top * inner)
            for i, v in enumerate(points)
            if v is not None
        ]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f'<polyline class="s{n % 4}" points="{coords}"/>')
        parts.extend(f'<circle class="s{n % 4}" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>' for x, y in xy)
        parts.append(f'<text x="{PAD}" y="{14 + n * 13}" class="k s{n % 4}">{_esc(name)}</text>')
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{PAD + 30 + i * step:.1f}" y="{HEIGHT - PAD:.1f}" class="l">{_esc(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def progress(title: str, fraction: Decimal | None) -> str:
    """A bar filled to ``fraction`` (capped at the width; over 1 is marked)."""
    share = 0.0 if fraction is None else min(float(fraction), 1.0)
    over = " over" if fraction is not None and fraction > 1 else ""
    return (
        f'<svg class="progress{over}" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        f'aria-label="{_esc(title)}"><title>{_esc(title)}</title>'
        f'<rect class="track" width="100" height="8" rx="4"/>'
        f'<rect class="fill" width="{share * 100:.1f}" height="8" rx="4"/></svg>'
    )
