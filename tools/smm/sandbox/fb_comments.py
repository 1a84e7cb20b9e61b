"""The comments edge of a Facebook Page post, and of a comment (its replies), as Graph answers it.

``POST /{post-id}/comments`` and ``POST /{comment-id}/comments`` (``message``) write the Page's
comment or its reply to one; ``GET`` lists them (Graph reference: object/comments):
``filter=toplevel`` (the default) gives a post's top-level comments, ``filter=stream`` every
comment at every level, each reply with its ``parent``; ``order=chronological`` (the default) or
``reverse_chronological``; ``limit`` (25, at most 100) with ``paging.cursors`` and a ``next`` URL
while more remain. ``from`` is in the answer because the sandbox's caller holds the Page's token
(Graph leaves it out for other tokens). A reader's comment comes from the control endpoint
(sandbox/audience.py); every comment is kept in the post list with ``comment: true``,
``reply_to`` = the post id and ``parent`` = the comment it answers, if any.
"""

from __future__ import annotations

from typing import Any

from smm.sandbox import edits
from smm.sandbox.fb_posts import graph_time, requested
from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError
from smm.sandbox.state import Config, State

COMMENT_FIELDS = {
    "id",
    "message",
    "created_time",
    "from",
    "permalink_url",
    "parent",
    "comment_count",
    "like_count",
}
FILTERS = ("toplevel", "stream")
ORDERS = ("chronological", "reverse_chronological")


class PostComments:
    """Comments of the Page's posts, in the sandbox's post list."""

    def __init__(self, config: Config, state: State) -> None:
        self.config, self.state = config, state

    def find(self, comment_id: str) -> dict[str, Any] | None:
        return next((c for c in self._all() if c["id"] == comment_id), None)

    def create(self, post: dict[str, Any], parent: dict[str, Any] | None, req: Request) -> Any:
        """The Page's comment under ``post`` (or its reply to ``parent``): ``{"id"}``."""
        message = req.params.get("message", "")
        if not message and "attachment_id" not in req.params:
            raise GraphError(100, "(#100) Missing message or attachment")
        now = self.config.now()
        with self.state.lock:
            comment = {
                "network": "facebook",
                "comment": True,
                "reply_to": post["id"],
                "parent": parent["id"] if parent else None,
                "account": post["account"],
                "id": f"{post['id'].split('_')[-1]}_{self.state.next_id('facebook:comment')}",
                "text": message,
                "from": {"id": post["account"], "name": f"Sandbox Page {post['account']}"},
                "published_at": now,
                "created_time": graph_time(now),
            }
            self.state.add_post(comment)
        return {"id": comment["id"]}

    def read(self, post: dict[str, Any], parent: dict[str, Any] | None, req: Request) -> Any:
        """``data`` of the post's (or a comment's) comments, paged as Graph pages them."""
        fields = requested(req, COMMENT_FIELDS, "Comment")
        kind = req.params.get("filter") or "toplevel"
        order = req.params.get("order") or "chronological"
        if kind not in FILTERS or order not in ORDERS:
            raise GraphError(
                100,
                "(#100) filter must be toplevel or stream, order chronological "
                "or reverse_chronological",
            )
        try:
            limit = max(1, min(int(req.params.get("limit") or 25), 100))
        except ValueError:
            raise GraphError(100, "(#100) limit must be a number") from None
        under = [c for c in self._all() if c["reply_to"] == post["id"]]
        if parent is not None:
            under = [c for c in under if c.get("parent") == parent["id"]]
        elif kind == "toplevel":
            under = [c for c in under if not c.get("parent")]
        under.sort(key=lambda c: (c["published_at"], c["id"]), reverse=order != "chronological")
        after = req.params.get("after")
        if after:
            ids = [c["id"] for c in under]
            if after not in ids:
                raise GraphError(100, "(#100) The after cursor is not valid")
            under = under[ids.index(after) + 1 :]
        shown = under[:limit]
        out: dict[str, Any] = {"data": [self._fields(post, c, fields) for c in shown]}
        if shown:
            out["paging"] = {"cursors": {"before": shown[0]["id"], "after": shown[-1]["id"]}}
            if len(under) > limit:
                node = parent["id"] if parent else post["id"]
                out["paging"]["next"] = (
                    f"{req.base_url}/v24.0/{node}/comments?after={shown[-1]['id']}&limit={limit}"
                )
        return out

    def _fields(self, post: dict[str, Any], c: dict[str, Any], names: list[str]) -> Any:
        number = c["id"].split("_")[-1]
        values: dict[str, Any] = {
            "id": c["id"],
            "message": c["text"],
            "created_time": c["created_time"],
            "from": c["from"],
            "permalink_url": f"{post.get('permalink_url') or ''}?comment_id={number}",
            "parent": {"id": c["parent"]} if c.get("parent") else None,
            "comment_count": sum(1 for r in self._all() if r.get("parent") == c["id"]),
            "like_count": 0,
        }
        return {n: values[n] for n in names if values.get(n) is not None}

    def _all(self) -> list[dict[str, Any]]:
        return [c for c in self.state.posts("facebook") if c.get("comment") and edits.live(c)]


def node_of(comments: PostComments, find_post: Any, node: str) -> tuple[dict[str, Any], Any]:
    """(post, comment or None) for a ``/{node}/comments`` path: a post's id or a comment's."""
    comment = comments.find(node)
    if comment is None:
        return find_post(node), None
    return find_post(comment["reply_to"]), comment
