"""Comments under published Instagram media, as the Graph API (Facebook Login host) shows them.

``POST /{ig-media-id}/comments?message=`` creates the account's comment and answers ``{"id"}``;
``GET /{ig-media-id}/comments?fields=id,text,timestamp,from,username,replies`` lists the top-level
comments, oldest first, each with its replies (sandbox/audience.py adds a reader's comments). Meta refuses an empty message (100), an unknown media id (100/33, as any missing node), and
a comment on media with comments turned off (the sandbox has no such switch). Each comment is
kept in the sandbox's post list with ``comment: true`` and ``reply_to`` = the media id, so GET
/_sandbox/posts shows it; the profile's media listings skip it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError
from smm.sandbox.state import Config, State

COMMENT_FIELDS = {
    "id",
    "text",
    "timestamp",
    "from",
    "username",
    "like_count",
    "hidden",
    "media",
    "replies",
}
MESSAGE_LIMIT = 2200  # rules/instagram.yaml comments.limit (third-party); Meta names no number


class MediaComments:
    """The comments edge of published media."""

    def __init__(self, config: Config, state: State) -> None:
        self.config, self.state = config, state

    def create(self, media: dict[str, Any], req: Request) -> dict[str, str]:
        message = req.params.get("message", "")
        if not message.strip():
            raise GraphError(100, "(#100) The parameter message is required")
        if len(message) > MESSAGE_LIMIT:
            raise GraphError(100, "(#100) Param message must be at most 2200 characters long")
        now = self.config.now()
        with self.state.lock:
            comment_id = str(17800000000000000 + self.state.next_id("instagram:comment"))
            self.state.add_post(
                {
                    "network": "instagram",
                    "comment": True,
                    "account": media["account"],
                    "id": comment_id,
                    "reply_to": media["id"],
                    "text": message,
                    "images": [],
                    "username": f"user{media['account']}",
                    "published_at": now,
                    "timestamp": datetime.fromtimestamp(now, UTC).strftime(
                        "%Y-%m-%dT%H:%M:%S+0000"
                    ),
                }
            )
        return {"id": comment_id}

    def list(self, media: dict[str, Any], asked: str) -> dict[str, Any]:
        """The top-level comments, oldest first; ``replies{a,b}`` asks the replies' fields (Graph's
        field expansion: their default is ``id,text,timestamp``)."""
        fields = expand(asked)
        on_media = [
            c
            for c in self.state.posts("instagram")
            if c.get("comment") and c["reply_to"] == media["id"]
        ]
        under = [c for c in on_media if not c.get("parent")]  # replies: the ``replies`` field
        nested = fields.get("replies") or ["id", "text", "timestamp"]
        for name in nested:
            if name not in COMMENT_FIELDS:
                raise _nonexisting(name)

        def values(c: dict[str, Any]) -> dict[str, Any]:
            return {
                "id": c["id"],
                "text": c["text"],
                "timestamp": c["timestamp"],
                "from": {"id": c["account"], "username": c["username"]},
                "username": c["username"],
                "like_count": 0,
                "hidden": False,
                "media": {"id": media["id"]},
            }

        out = []
        for c in under:
            shown = values(c)
            replies = [values(r) for r in on_media if r.get("parent") == c["id"]]
            shown["replies"] = {"data": [{n: r[n] for n in nested if n in r} for r in replies]}
            out.append({name: shown[name] for name in fields if name in shown})
        return {"data": out}


def expand(asked: str) -> dict[str, list[str]]:
    """Graph's ``fields``: names split at top-level commas, ``name{a,b}`` with its own fields;
    a name IGComment does not have is Graph's 100."""
    out: dict[str, list[str]] = {}
    for match in re.finditer(r"([a-z_]+)(?:\{([a-z_,]*)\})?", asked):
        name, inner = match.group(1), match.group(2)
        if name not in COMMENT_FIELDS:
            raise _nonexisting(name)
        out[name] = [f for f in (inner or "").split(",") if f]
    return out


def _nonexisting(name: str) -> GraphError:
    return GraphError(
        100, f"(#100) Tried accessing nonexisting field ({name}) on node type (IGComment)"
    )
