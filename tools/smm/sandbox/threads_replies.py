"""The replies under a Threads post, as ``GET /{threads-media-id}/conversation`` answers them.

Meta's reply management reference: the flattened list of every reply at every level, newest first
unless ``reverse=false``, paged with ``limit`` (25, at most 100) and ``paging.cursors`` (``next``
while more remain); fields include ``username``, ``replied_to`` and ``is_reply_owned_by_me``. In
the sandbox "me" is the owner of the post whose conversation is read (only its owner's token
reads it there). A reader's reply comes from the control endpoint (sandbox/audience.py), the
brand's from a published reply (``reply_to_id``); both are posts of the sandbox's post list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError, unsupported
from smm.sandbox.graph_requests import requested_fields
from smm.sandbox.threads_posts import MEDIA_FIELDS, media

if TYPE_CHECKING:
    from smm.sandbox.threads import ThreadsApi

REPLY_FIELDS = {"is_reply_owned_by_me", "hide_status"}


def conversation(api: ThreadsApi, node: str, req: Request) -> dict[str, Any]:
    from smm.sandbox.threads import PREFIX

    root = api._post(node)
    if root is None:
        raise unsupported(node)
    fields = requested_fields(req, MEDIA_FIELDS | REPLY_FIELDS, "ThreadsMedia")
    try:
        limit = max(1, min(int(req.params.get("limit") or 25), 100))
    except ValueError:
        raise GraphError(100, "(#100) Param limit must be a number") from None
    live, found, frontier = api._live(), [], {root["id"]}
    while frontier:
        step = [p for p in live if p["reply_to"] in frontier]
        found += step
        frontier = {p["id"] for p in step}
    found.sort(key=lambda p: (p["published_at"], p["id"]))
    if req.params.get("reverse", "true") != "false":
        found.reverse()
    after = req.params.get("after")
    if after:
        ids = [p["id"] for p in found]
        found = found[ids.index(after) + 1 :] if after in ids else []
    page = found[:limit]
    data = []
    for post in page:
        values = media(api, post, sorted(set(fields) & MEDIA_FIELDS))
        if post.get("username"):
            values["username"] = post["username"]  # a reader's handle, not a sandbox user's
        if "is_reply_owned_by_me" in fields:
            values["is_reply_owned_by_me"] = post["account"] == root["account"]
        if "hide_status" in fields:
            values["hide_status"] = "NOT_HUSHED"
        data.append({name: values[name] for name in fields if name in values})
    out: dict[str, Any] = {"data": data}
    if page:
        out["paging"] = {"cursors": {"before": page[0]["id"], "after": page[-1]["id"]}}
        if len(found) > limit:
            out["paging"]["next"] = (
                f"{req.base_url}{PREFIX}/v1.0/{node}/conversation?after={page[-1]['id']}"
            )
    return out
