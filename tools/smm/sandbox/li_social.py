"""The LinkedIn sandbox's social actions and share statistics, and the error shape it answers.

Comments (learn.microsoft.com community-management comments-api): ``message.text`` is plain
text with attributes, not little, so it is stored as sent; a comment is listed in
``/_sandbox/posts`` with ``comment: true`` and ``reply_to`` (the post's URN). Social actions give
likesSummary and commentsSummary; organizationalEntityShareStatistics gives totalShareStatistics
for the posts named in ``shares=List(...)`` / ``ugcPosts=List(...)`` (Rest.li 2.0 lists).
``entity`` is one post by its URN (posts-api "Retrieve", "Update Posts", "Delete Posts"): read,
its commentary's partial update, its deletion (sandbox/edits.py keeps the post, ``deleted``).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from smm.sandbox import edits
from smm.sandbox.forms import Request
from smm.sandbox.li_little import parse as parse_little
from smm.sandbox.li_store import Store

Reply = tuple[int, Any, dict[str, str]]


def error(status: int, message: str, code: str | None = None, service: int | None = None) -> Any:
    """LinkedIn's error body (shared/api-guide/concepts/error-handling)."""
    body: dict[str, Any] = {"status": status, "message": message}
    if code:
        body["code"] = code
    if service is not None:
        body["serviceErrorCode"] = service
    return body


def entity(store: Store, urn: str, req: Request) -> Reply:
    """GET, partial update (POST) or DELETE of ``/rest/posts/<urn>``."""
    if req.verb == "DELETE":  # idempotent: a post deleted already answers 204 again
        if store.post(urn) is None and edits.find(store.state, "linkedin", id=urn) is None:
            return 404, error(404, f"Not Found: {urn}"), {}
        edits.delete(store.state, "linkedin", {"id": urn, "comment": None})
        return 204, "", {}
    post = store.post(urn)
    if post is None:
        return 404, error(404, f"Not Found: {urn}"), {}
    if not req.body:
        return 200, store.post_json(post), {}
    if req.headers.get("x-restli-method", "").upper() != "PARTIAL_UPDATE":
        return 400, error(400, "POST to an entity needs X-RestLi-Method: PARTIAL_UPDATE"), {}
    patch = body_of(req).get("patch")
    changes = patch.get("$set") if isinstance(patch, dict) else None
    if not isinstance(changes, dict) or not isinstance(changes.get("commentary"), str):
        return 422, error(422, "ERROR :: /patch/$set/commentary :: field is required"), {}
    other = sorted(set(changes) - {"commentary"})  # an organic post: the commentary alone
    if other:
        return 422, error(422, f"ERROR :: /patch/$set/{other[0]} :: cannot be updated"), {}
    little = parse_little(changes["commentary"])
    edits.edit(
        store.state,
        store.config,
        "linkedin",
        {"id": urn, "comment": None},
        little.visible,
        commentary=little.kept,
        truncated=little.truncated,
        modified_at=store.now_ms(),
    )
    return 204, "", {}


def comment(store: Store, urn: str, req: Request) -> Reply:
    """POST /rest/socialActions/<urn>/comments: the actor's comment under a post."""
    body = body_of(req)
    message = body.get("message")
    text = message.get("text") if isinstance(message, dict) else None
    if store.post(urn) is None:
        return 404, error(404, f"Not Found: {urn}"), {}
    if not isinstance(text, str) or not text.strip() or body.get("object") != urn:
        return 422, error(422, "ERROR :: /message/text :: field is required"), {}
    actor = str(body.get("actor") or "")
    comment = store.add_comment(actor, urn, text)
    return 201, store.comment_json(comment), {"x-restli-id": comment["comment_id"]}


def comments(store: Store, urn: str, req: Request) -> Reply:
    """GET /rest/socialActions/<urn>/comments: oldest first, ``start`` and ``count``."""
    if store.post(urn) is None:
        return 404, error(404, f"Not Found: {urn}"), {}
    start, count = (
        int_param(req.params.get("start"), 0),
        min(int_param(req.params.get("count"), 10), 100),
    )
    every = store.comments_on(urn)
    page = [store.comment_json(c) for c in every[start : start + count]]
    return (
        200,
        {"elements": page, "paging": {"start": start, "count": count, "total": len(every)}},
        {},
    )


def social_actions(store: Store, urn: str) -> Reply:
    """GET /rest/socialActions/<urn>: likesSummary and commentsSummary."""
    post = store.post(urn)
    if post is None:
        return 404, error(404, f"Not Found: {urn}"), {}
    figures = store.statistics(post)
    likes, comments = figures["likeCount"], figures["commentCount"]
    return (
        200,
        {
            "target": urn,
            "likesSummary": {
                "totalLikes": likes,
                "aggregatedTotalLikes": likes,
                "likedByCurrentUser": False,
            },
            "commentsSummary": {
                "totalFirstLevelComments": comments,
                "aggregatedTotalComments": comments,
            },
        },
        {},
    )


def statistics(store: Store, req: Request) -> Reply:
    """GET /rest/organizationalEntityShareStatistics: totalShareStatistics per post."""
    entity = req.params.get("organizationalEntity", "")
    if req.params.get("q") != "organizationalEntity" or not entity:
        return 400, error(400, "Invalid finder: use q=organizationalEntity"), {}
    wanted = _restli_list(req.params.get("shares")) + _restli_list(req.params.get("ugcPosts"))
    elements = []
    for urn in wanted:
        post = store.post(urn)
        if post is None or post["account"] != entity:
            continue
        kind = "share" if urn.startswith("urn:li:share:") else "ugcPost"
        elements.append(
            {
                "organizationalEntity": entity,
                kind: urn,
                "totalShareStatistics": store.statistics(post),
            }
        )
    return 200, {"elements": elements, "paging": {"start": 0, "count": len(elements)}}, {}


def body_of(req: Request) -> dict[str, Any]:
    try:
        decoded = json.loads(req.body or b"{}")
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _restli_list(value: str | None) -> list[str]:
    """``List(urn%3Ali%3Ashare%3A1,...)`` (Rest.li 2.0), already URL-decoded once."""
    if not value or not (value.startswith("List(") and value.endswith(")")):
        return []
    return [unquote(item) for item in value[5:-1].split(",") if item]


def int_param(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value else default
    except ValueError:
        return default
