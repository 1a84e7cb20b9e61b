"""Threads posts once published, as the Threads API reads them back: fields, listings, insights.

``GET /{media}?fields=...`` answers ``media``; ``GET /{user}/threads`` (the profile's own posts)
and ``GET /{user}/replies`` answer ``listing``, newest first, with ``since``/``until`` (Unix
seconds), ``limit`` (at most 100) and ``after`` cursors; ``GET /{media}/insights`` answers
``insights`` (lifetime values of METRICS). The figures are a test's (``set_metrics``) or grow with
the post's age (growth.py). sandbox/threads.py routes to them and stores a published post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError, unsupported
from smm.sandbox.graph_requests import requested_fields
from smm.sandbox.growth import shown

if TYPE_CHECKING:
    from smm.sandbox.threads import ThreadsApi

MEDIA_FIELDS = {
    "id",
    "media_product_type",
    "media_type",
    "media_url",
    "permalink",
    "owner",
    "username",
    "text",
    "timestamp",
    "shortcode",
    "children",
    "is_quote_post",
    "alt_text",
    "topic_tag",
    "has_replies",
    "replied_to",
    "root_post",
    "is_reply",
}
METRICS = ("views", "likes", "replies", "reposts", "quotes", "shares")


def media(api: ThreadsApi, post: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The fields asked for of a published post (those it has)."""
    reply_to = post["reply_to"]
    values = {
        "id": post["id"],
        "media_product_type": "THREADS",
        "media_type": post["media_type"],
        "media_url": post["images"][0]["url"] if post["images"] else None,
        "permalink": post["permalink"],
        "owner": None if reply_to else {"id": post["account"]},
        "username": f"sandbox_{post['account']}",
        "text": post["text"] or None,
        "timestamp": post["timestamp"],
        "shortcode": post["id"],
        "children": {"data": [{"id": c} for c in post["children"]]} if post["children"] else None,
        "is_quote_post": False,
        "alt_text": post["alt_texts"][0] if post["alt_texts"] else None,
        "topic_tag": post["topic_tag"],
        "has_replies": any(p["reply_to"] == post["id"] for p in api._live()),
        "replied_to": {"id": reply_to} if reply_to else None,
        "root_post": {"id": _root(api, post)["id"]},
        "is_reply": bool(reply_to),
    }
    return {name: values[name] for name in fields if values.get(name) is not None}


def _root(api: ThreadsApi, post: dict[str, Any]) -> dict[str, Any]:
    while post["reply_to"] and (parent := api._post(post["reply_to"])) is not None:
        post = parent
    return post


def listing(api: ThreadsApi, user: str, req: Request, *, replies: bool) -> dict[str, Any]:
    """A page of the user's own posts (``replies``: of its replies), newest first."""
    from smm.sandbox.threads import PREFIX

    fields = requested_fields(req, MEDIA_FIELDS, "ThreadsMedia")
    p = req.params
    try:
        limit = max(1, min(int(p.get("limit") or 25), 100))
        since, until = float(p.get("since") or 0), float(p.get("until") or 1e12)
    except ValueError:
        raise GraphError(100, "(#100) Param limit, since and until must be numbers") from None
    posts = [
        post
        for post in reversed(api._live())
        if post["account"] == user
        and bool(post["reply_to"]) == replies
        and since <= post["published_at"] <= until
    ]
    if p.get("after"):
        ids = [post["id"] for post in posts]
        posts = posts[ids.index(p["after"]) + 1 :] if p["after"] in ids else []
    page, more = posts[:limit], len(posts) > limit
    out: dict[str, Any] = {"data": [media(api, post, fields) for post in page]}
    if page:
        cursors = {"before": page[0]["id"], "after": page[-1]["id"]}
        out["paging"] = {"cursors": cursors}
        if more:
            edge = "replies" if replies else "threads"
            out["paging"]["next"] = (
                f"{req.base_url}{PREFIX}/v1.0/{user}/{edge}?after={page[-1]['id']}"
            )
    return out


def insights(api: ThreadsApi, node: str, req: Request) -> dict[str, Any]:
    """The lifetime values of the metrics asked for."""
    post = api._post(node)
    if post is None:
        raise unsupported(node)
    names = [m.strip() for m in req.params.get("metric", "").split(",") if m.strip()]
    if not names:
        raise GraphError(100, "(#100) The parameter metric is required")
    for name in names:
        if name not in METRICS:
            raise GraphError(
                100,
                f"(#100) metric[0] must be one of the following values: {', '.join(METRICS)}",
            )
    figures = shown(api.config, post, post["published_at"], METRICS)
    return {
        "data": [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": figures[name]}],
                "title": name.title(),
                "id": f"{node}/insights/{name}/lifetime",
            }
            for name in names
        ]
    }
