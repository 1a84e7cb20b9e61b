"""An Instagram post's audience: its comments (``GET /{ig-media-id}/comments``), with their
replies; docs/contests.md, docs/inbox.md. Likes and shares are counts only: never who.

A person is the commenter's ``from.id`` and ``username``. Pages follow ``paging.cursors.after``
while ``paging.next`` is given, as the Graph API pages edges.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm.errors import UnsupportedError
from smm.networks.audience import Entrant, Feedback, why_unlisted

if TYPE_CHECKING:
    from smm.networks.base import Account, Published
    from smm.networks.instagram import Instagram

#: the replies' own fields must be asked for: by default Graph gives them without ``from``
FIELDS = "id,text,timestamp,username,from,replies{id,from,username,timestamp}"


def entrants(ig: Instagram, account: Account, live: Published, entry: str) -> list[Entrant]:
    from smm.networks.instagram import _user

    if entry != "comment":
        raise UnsupportedError("instagram", why_unlisted("instagram", entry) or entry)
    mine = _user(account)
    return [
        Entrant(str(c["from"]["id"]), str(c["username"]), _at(c["timestamp"]))
        for c in _comments(ig, account, live.id)
        if str(c["from"]["id"]) != mine
    ]


def feedback(ig: Instagram, account: Account, live: Published) -> list[Feedback]:
    from smm.networks.instagram import _user

    mine = _user(account)
    out = []
    for c in _comments(ig, account, live.id):
        if str(c["from"]["id"]) == mine:
            continue
        replies = c.get("replies", {}).get("data", [])
        answered = any(str(r.get("from", {}).get("id")) == mine for r in replies)
        when = _at(c["timestamp"])
        out.append(
            Feedback(
                "instagram",
                str(c["id"]),
                str(c["username"]),
                str(c["text"]),
                when,
                live.url,
                live.url,
                answered,
            )
        )
    return out


def _comments(ig: Instagram, account: Account, media: str) -> list[dict[str, Any]]:
    from smm.networks.instagram import _token

    token, out, after = _token(account), [], ""
    while True:
        params = {"fields": FIELDS, **({"after": after} if after else {})}
        body = ig._call(token, "GET", f"{media}/comments", params, writes=False, what="comments")
        out += body.get("data", [])
        paging = body.get("paging", {})
        after = paging.get("cursors", {}).get("after", "")
        if not paging.get("next") or not after:
            return out


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
