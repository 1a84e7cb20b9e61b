"""A Threads post's audience: its replies (``GET /{threads-media-id}/conversation``), read with the
user's token; docs/contests.md, docs/inbox.md.

The conversation is the flattened list of every reply at every level (Meta's reply management
reference), asked oldest first (``reverse=false``) and paged by ``paging.cursors.after`` while
``paging.next`` is given. A reply is the brand's own when ``is_reply_owned_by_me`` (a thread's
later parts and a first comment are such replies: never feedback, never entrants); a reader's
reply counts as answered when one of ours has it as ``replied_to``. A person is the replier's
``username`` (Threads gives no user id of a replier), reposts and likes are counts only.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm.errors import UnsupportedError
from smm.networks.audience import Entrant, Feedback, why_unlisted
from smm.networks.fb_graph import every_page

if TYPE_CHECKING:
    from smm.networks.base import Account, Published
    from smm.networks.threads import Threads

FIELDS = "id,text,username,timestamp,permalink,replied_to,is_reply_owned_by_me"
PAGE = 100


def entrants(threads: Threads, account: Account, live: Published, entry: str) -> list[Entrant]:
    if entry != "comment":
        raise UnsupportedError("threads", why_unlisted("threads", entry) or entry)
    return [
        Entrant(str(r["username"]), str(r["username"]), _at(r["timestamp"]))
        for r in replies(threads, account, live.id)
        if not r.get("is_reply_owned_by_me") and r.get("username")
    ]


def feedback(threads: Threads, account: Account, live: Published) -> list[Feedback]:
    listed = replies(threads, account, live.id)
    answered = {
        str((r.get("replied_to") or {}).get("id")) for r in listed if r.get("is_reply_owned_by_me")
    }
    return [
        Feedback(
            "threads",
            str(r["id"]),
            str(r.get("username") or ""),
            str(r.get("text") or ""),
            _at(r["timestamp"]),
            str(r.get("permalink") or ""),
            live.url,
            str(r["id"]) in answered,
        )
        for r in listed
        if not r.get("is_reply_owned_by_me")
    ]


def replies(threads: Threads, account: Account, media: str) -> list[dict[str, Any]]:
    """Every reply under ``media`` at every level, oldest first."""
    from smm.networks.threads import _token

    token = _token(account)
    query = {"fields": FIELDS, "reverse": "false", "limit": PAGE}
    return every_page(
        lambda q: threads._call(token, "GET", f"{media}/conversation", q, writes=False), query
    )


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
