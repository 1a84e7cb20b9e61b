"""Instagram media once published, as the Graph API reads them back: fields and insights.

GET /{media-id}?fields=... and GET /{ig-user-id}/media answer ``media_fields``; GET
/{media-id}/insights answers ``insights`` for the metrics ``insight_names`` accepts
(``impressions``, ``plays`` and ``video_views`` are refused from v22.0 on). The figures are a
test's (``set_metrics``) or grow with the post's age (growth.py). sandbox/instagram.py routes to
them and stores a published post in the sandbox's state.
"""

from __future__ import annotations

from typing import Any

from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError

DEPRECATED_V22 = {"impressions", "plays", "video_views"}
METRICS = {
    "reach",
    "views",
    "saved",
    "shares",
    "likes",
    "comments",
    "total_interactions",
    "follows",
    "profile_visits",
    "profile_activity",
} | DEPRECATED_V22
MEDIA_FIELDS = {
    "id",
    "caption",
    "media_type",
    "media_url",
    "permalink",
    "timestamp",
    "like_count",
    "comments_count",
    "username",
    "shortcode",
    "alt_text",
    "children",
    "is_comment_enabled",
    "owner",
}
_SHORTCODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def media_fields(
    post: dict[str, Any], fields: list[str], figures: dict[str, int]
) -> dict[str, Any]:
    """The ``fields`` of a published post that it has, as GET /{media-id} answers them, with its
    ``figures`` (growth.shown: like_count and comments_count are its likes and comments)."""
    values = {
        "id": post["id"],
        "caption": post["text"],
        "media_type": post["media_type"],
        "media_url": post["images"][0].get("url") if post["images"] else None,
        "permalink": post["permalink"],
        "timestamp": post["timestamp"],
        "like_count": figures["likes"],
        "comments_count": figures["comments"],
        "username": f"sandbox_{post['account']}",
        "shortcode": post["permalink"].rstrip("/").rsplit("/", 1)[1],
        "alt_text": post["alt_texts"][0],
        "children": {"data": [{"id": c} for c in post["children"]]},
        "is_comment_enabled": True,
        "owner": {"id": post["account"]},
    }
    return {name: values[name] for name in fields if values.get(name) is not None}


def insight_names(version: str, req: Request) -> list[str]:
    """The metrics a request asks for; Graph's refusal for none, an unknown or a retired one."""
    names = [m.strip() for m in req.params.get("metric", "").split(",") if m.strip()]
    if not names:
        raise GraphError(100, "(#100) The parameter metric is required")
    major = float(version[1:])
    for name in names:
        if name not in METRICS:
            raise GraphError(
                100,
                f"(#100) metric[0] must be one of the following values: {', '.join(sorted(METRICS - DEPRECATED_V22))}",
            )
        if name in DEPRECATED_V22 and major >= 22:
            raise GraphError(
                100,
                f"(#100) Starting from version v22.0 and above, the {name} metric is no "
                "longer supported. Please use views instead.",
            )
    return names


def insights(node: str, names: list[str], figures: dict[str, int]) -> dict[str, Any]:
    """The lifetime value of each metric in ``names`` of a published post, from its ``figures``
    (growth.shown of every name in METRICS)."""
    return {
        "data": [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": figures[name]}],
                "title": name.replace("_", " ").title(),
                "id": f"{node}/insights/{name}/lifetime",
            }
            for name in names
        ]
    }


def shortcode(number: int) -> str:
    """A media number as the shortcode of its instagram.com/p/<shortcode>/ link."""
    out = ""
    while number:
        number, digit = divmod(number, 64)
        out = _SHORTCODE[digit] + out
    return out or "A"
