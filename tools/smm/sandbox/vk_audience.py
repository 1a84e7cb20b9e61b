"""Who liked and reposted a VK wall post, as a community's token sees it.

likes.getList (type=post, owner_id, item_id, offset, count at most 1000, default 100) answers
``{"count", "items": [user ids]}``, newest first as VK lists them; wall.getReposts (owner_id,
post_id, offset, count at most 1000, default 20) answers ``{"items": [the reposts as wall posts,
from_id and date], "profiles", "groups"}``. Neither says more about a person than the id (the
sandbox keeps no names). The likes and reposts are the ones a test added (sandbox/audience.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smm.sandbox.audience import reactions
from smm.sandbox.forms import Request
from smm.sandbox.state import State
from smm.sandbox.vk_errors import ApiError, int_param

MOST = 1000


class WallAudience:
    """likes.getList and wall.getReposts over the audience a test added."""

    def __init__(self, state: State, check_owner: Callable[[int], None]) -> None:
        self.state, self.check_owner = state, check_owner

    def _post(self, owner: int, post_id: int) -> dict[str, Any]:
        for post in self.state.posts("vk"):
            if not post.get("comment") and post["owner_id"] == owner and post["id"] == str(post_id):
                return post
        raise ApiError(100, "post_id is invalid")

    def likes(self, req: Request, user_id: int) -> dict[str, Any]:
        if req.params.get("type") != "post":
            raise ApiError(100, "type is invalid")
        owner = int_param(req, "owner_id", required=False) or user_id
        post = self._post(owner, int_param(req, "item_id") or 0)
        count = min(int_param(req, "count", required=False) or 100, MOST)
        offset = int_param(req, "offset", required=False) or 0
        liked = list(reversed(reactions(self.state, "vk", post["id"], "like")))
        page = liked[offset : offset + count]
        return {"count": len(liked), "items": [int(a["author_id"]) for a in page]}

    def reposts(self, req: Request, user_id: int) -> dict[str, Any]:
        owner = int_param(req, "owner_id", required=False) or user_id
        post = self._post(owner, int_param(req, "post_id") or 0)
        count = min(int_param(req, "count", required=False) or 20, MOST)
        offset = int_param(req, "offset", required=False) or 0
        shared = list(reversed(reactions(self.state, "vk", post["id"], "repost")))
        items = [
            {
                "id": int(a["id"]),
                "owner_id": int(a["author_id"]),
                "from_id": int(a["author_id"]),
                "date": int(a["date"]),
                "text": "",
                "copy_history": [{"id": int(post["id"]), "owner_id": owner}],
            }
            for a in shared[offset : offset + count]
        ]
        profiles = [{"id": i["from_id"]} for i in items]
        return {"items": items, "profiles": profiles, "groups": []}
