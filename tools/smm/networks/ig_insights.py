"""A published Instagram post's figures, from its media fields and its insights.

``read`` (the adapter's ``metrics``, networks/instagram.py) asks
GET /{media-id}?fields=like_count,comments_count and GET /{media-id}/insights?metric=reach,views,
saved,shares; ``media_figures`` turns the two answers into smm's metric keys, leaving out what an
answer does not give (a new post's insights may be an empty data set for up to 48 h: then no
reach, never a reach of 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm.networks.base import Account
    from smm.networks.instagram import Instagram

METRIC_FIELDS = {"like_count": "likes", "comments_count": "comments"}
INSIGHTS = {"reach": "reach", "views": "views", "saved": "saves", "shares": "shares"}


def read(
    adapter: Instagram, account: Account, ids: Sequence[str]
) -> dict[str, dict[str, int | float]]:
    """Figures by media id; a note in ``adapter.notes`` for posts whose insights are not there yet."""
    from smm.networks.fb_graph import fields_and_insights  # which reads insight_value from here
    from smm.networks.instagram import _token

    adapter.notes = []
    token = _token(account)
    out: dict[str, dict[str, int | float]] = {}
    waiting = 0
    for media_id in ids:
        fields, insights = fields_and_insights(
            adapter._call, token, str(media_id), ",".join(METRIC_FIELDS), INSIGHTS, "media fields"
        )
        figures = media_figures(fields, insights)
        waiting += not any(key in figures for key in INSIGHTS.values())
        out[str(media_id)] = figures
    if waiting:
        adapter.notes.append(
            f"instagram: no insights yet for {waiting} post(s) (Meta may take up to 48 h); "
            "reach, views, saves and shares come with a later reading"
        )
    return out


def media_figures(fields: dict[str, Any], insights: dict[str, Any]) -> dict[str, int | float]:
    """smm's figures of one post from its media fields' and its insights' answers."""
    figures: dict[str, int | float] = {}
    for name, key in METRIC_FIELDS.items():
        if isinstance(fields.get(name), (int, float)) and not isinstance(fields[name], bool):
            figures[key] = fields[name]  # a count stays a whole number in the metrics: block
    for entry in insights.get("data") or []:
        metric = INSIGHTS.get(entry.get("name"))
        value = insight_value(entry)
        if metric and value is not None:
            figures[metric] = value
    return figures


def insight_value(entry: dict[str, Any]) -> int | float | None:
    """An insight's lifetime value, from ``values`` or the newer ``total_value``."""
    values = entry.get("values")
    if isinstance(values, list) and values and isinstance(values[-1], dict):
        value = values[-1].get("value")
    else:  # newer answers may carry total_value instead
        value = (entry.get("total_value") or {}).get("value")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
