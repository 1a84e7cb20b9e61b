"""VK wall comments as a community-posting token sees them: wall.createComment, wall.getComments.

wall.createComment (owner_id, post_id, from_group = the community's id to comment as it, message,
guid: VK's dedupe key, the same guid under the same post gives back the first comment) answers
``{"comment_id", "parents_stack"}``; wall.getComments (owner_id, post_id, count at most 100,
offset, sort asc|desc, thread_items_count at most 10: the replies in each comment's ``thread``)
answers ``{"count", "items"}``, top-level comments only. A comment shares the wall's id sequence
with its posts, as on VK. The sandbox keeps each comment in its post list with ``comment: true``
and ``reply_to`` = the post's id, so GET /_sandbox/posts shows it; the wall's own listings skip it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smm.sandbox.forms import Request
from smm.sandbox.state import Config, State
from smm.sandbox.vk_errors import ApiError, int_param

MESSAGE_LIMIT = 16384  # as wall.post's (rules/vk.yaml comments.limit: unconfirmed)


class WallComments:
    """The two comment methods of a wall; ``check_owner`` raises as wall.post does for a wall the
    token may not write on."""

    def __init__(self, config: Config, state: State, check_owner: Callable[[int], None]) -> None:
        self.config, self.state, self.check_owner = config, state, check_owner

    def _post(self, owner: int, post_id: int) -> None:
        """Error 100 unless the wall ``owner`` has the post ``post_id``."""
        for post in self.state.data["posts"]:
            if (
                post["network"] == "vk"
                and not post.get("comment")
                and post["owner_id"] == owner
                and post["id"] == str(post_id)
            ):
                return
        raise ApiError(100, "post_id is invalid")  # VK: no such post on that wall

    def create(self, req: Request, user_id: int) -> dict[str, Any]:
        owner = int_param(req, "owner_id", required=False) or user_id
        post_id = int_param(req, "post_id")
        assert post_id is not None
        self.check_owner(owner)
        message, guid = req.params.get("message", ""), req.params.get("guid", "")
        if not message.strip():
            raise ApiError(100, "message is empty or invalid")
        if len(message) > MESSAGE_LIMIT:
            raise ApiError(100, "message is too long")
        group = int_param(req, "from_group", required=False) or 0
        if group and -group != owner:
            raise ApiError(15, "you can comment as the community only on its own wall")
        with self.state.lock:
            self._post(owner, post_id)
            for item in self.state.data["posts"]:
                if (
                    item.get("comment")
                    and item["network"] == "vk"
                    and item["owner_id"] == owner
                    and item["reply_to"] == str(post_id)
                    and guid
                    and item.get("guid") == guid
                ):
                    return {"comment_id": int(item["id"]), "parents_stack": []}
            comment_id = self.state.next_id(f"vk:post:{owner}")
            self.state.add_post(
                {
                    "network": "vk",
                    "comment": True,
                    "account": str(owner),
                    "owner_id": owner,
                    "id": str(comment_id),
                    "reply_to": str(post_id),
                    "text": message,
                    "images": [],
                    "guid": guid,
                    "from_id": owner if group else user_id,
                    "date": int(self.config.now()),
                }
            )
        return {"comment_id": comment_id, "parents_stack": []}

    def list(self, req: Request, user_id: int) -> dict[str, Any]:
        owner = int_param(req, "owner_id", required=False) or user_id
        post_id = int_param(req, "post_id")
        count = min(int_param(req, "count", required=False) or 10, 100)
        offset = int_param(req, "offset", required=False) or 0
        self._post(owner, post_id or 0)
        on_post = [
            p
            for p in self.state.posts("vk")
            if p.get("comment") and p["owner_id"] == owner and p["reply_to"] == str(post_id)
        ]
        under = [p for p in on_post if not p.get("reply_to_comment")]  # replies are in threads
        if req.params.get("sort") == "desc":
            under.reverse()
        shown = min(int_param(req, "thread_items_count", required=False) or 0, 10)

        def item(c: dict[str, Any]) -> dict[str, Any]:
            replies = [r for r in on_post if r.get("reply_to_comment") == int(c["id"])]
            return {
                "id": int(c["id"]),
                "from_id": c["from_id"],
                "date": c["date"],
                "text": c["text"],
                "post_id": int(c["reply_to"]),
                "owner_id": owner,
                "parents_stack": [c["reply_to_comment"]] if c.get("reply_to_comment") else [],
                **(
                    {"reply_to_comment": c["reply_to_comment"]} if c.get("reply_to_comment") else {}
                ),
                "thread": {
                    "count": len(replies),
                    "items": [item(r) for r in replies[:shown]],
                    "can_post": True,
                },
            }

        items = [item(c) for c in under[offset : offset + count]]
        return {"count": len(under), "items": items, "current_level_count": len(under)}
