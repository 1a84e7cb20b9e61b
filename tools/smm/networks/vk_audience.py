"""A VK wall post's audience: its comments (wall.getComments), likes (likes.getList) and reposts
(wall.getReposts), read with the community's token; docs/contests.md, docs/inbox.md.

A person is their public id and the handle VK links it by (``id<N>`` for a user, ``club<N>`` for
a community: vk.com/id<N>), with no further look-up. Likes come without a time; comments and
reposts with theirs. The brand's own wall (the community) is never an entrant.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from smm.errors import UnsupportedError
from smm.networks.audience import Entrant, Feedback, why_unlisted

if TYPE_CHECKING:
    from smm.networks.base import Account, Published
    from smm.networks.vk import VK

PAGE = 100  # wall.getComments' largest count
REACTION_PAGE = 1000  # likes.getList's and wall.getReposts' largest count


def handle(person: int) -> str:
    return f"id{person}" if person > 0 else f"club{-person}"


def entrants(vk: VK, account: Account, live: Published, entry: str) -> list[Entrant]:
    from smm.networks.vk import _owner, _token

    owner, token = _owner(account), _token(account)
    if entry == "comment":
        people = [(c["from_id"], c["date"]) for c in _comments(vk, token, owner, live.id)]
    elif entry == "like":
        people = [(p, None) for p in _pages(vk, token, "likes.getList", owner, live.id)]
    elif entry == "repost":
        people = [
            (r["from_id"], r["date"]) for r in _pages(vk, token, "wall.getReposts", owner, live.id)
        ]
    else:
        raise UnsupportedError("vk", why_unlisted("vk", entry) or entry)
    return [
        Entrant(str(p), handle(int(p)), datetime.fromtimestamp(d, UTC) if d else None)
        for p, d in people
        if int(p) != owner
    ]


def feedback(vk: VK, account: Account, live: Published) -> list[Feedback]:
    from smm.networks.vk import _owner, _token, post_url

    owner, token = _owner(account), _token(account)
    out = []
    for c in _comments(vk, token, owner, live.id):
        if int(c["from_id"]) == owner:
            continue
        answered = any(int(r["from_id"]) == owner for r in c.get("thread", {}).get("items", []))
        out.append(
            Feedback(
                "vk",
                str(c["id"]),
                handle(int(c["from_id"])),
                str(c.get("text", "")),
                datetime.fromtimestamp(c["date"], UTC),
                f"{post_url(owner, live.id)}?reply={c['id']}",
                live.url,
                answered,
            )
        )
    return out


def _comments(vk: VK, token: str, owner: int, post_id: str) -> list[dict[str, Any]]:
    """Every comment under the post, oldest first: the top level, then each one's replies."""
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        params = {"owner_id": owner, "post_id": post_id, "count": PAGE, "offset": offset}
        params.update(sort="asc", thread_items_count=10)
        answer = vk._call(token, "wall.getComments", params, writes=False)
        items = answer.get("items", [])
        for item in items:
            out.append(item)
            out += item.get("thread", {}).get("items", [])
        offset += len(items)
        if not items or offset >= int(answer.get("count", 0)):
            return out


def _pages(vk: VK, token: str, method: str, owner: int, post_id: str) -> list[Any]:
    out: list[Any] = []
    offset = 0
    while True:
        params: dict[str, Any] = {"owner_id": owner, "count": REACTION_PAGE, "offset": offset}
        if method == "likes.getList":
            params.update(type="post", item_id=post_id)
        else:
            params["post_id"] = post_id
        answer = vk._call(token, method, params, writes=False)
        items = answer.get("items", [])
        out += items
        offset += len(items)
        if len(items) < REACTION_PAGE:
            return out
