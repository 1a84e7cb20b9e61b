"""A Facebook Page post's audience: its comments (``GET /{post-id}/comments``), read with the Page
token; docs/contests.md, docs/inbox.md.

One listing with ``filter=stream`` gives every comment at every level in chronological order,
each reply with its ``parent``, so a comment counts as answered when a comment whose ``from.id``
is the Page has it as ``parent``. ``from`` is only in Graph's answer to the Page's own token (it is
left out for other tokens and for people Meta withholds): a comment without it cannot be an
entrant and shows in the inbox without a name. A person is ``from.id`` and ``from.name`` (Graph
gives Pages no handle). Pages follow ``paging.cursors.after`` while ``paging.next`` is given.

Reactions (``/{post-id}/reactions``) are not read: Meta documents the edge in v24 but withholds
other people's profile data unless they authorized the app, so it cannot list who reacted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm.errors import UnsupportedError
from smm.networks.audience import Entrant, Feedback, why_unlisted
from smm.networks.fb_graph import every_page

if TYPE_CHECKING:
    from smm.networks.base import Account, Published
    from smm.networks.facebook import Facebook

FIELDS = "id,message,from,created_time,permalink_url,parent"
PAGE = 100  # comments per page: Graph's usual maximum


def entrants(fb: Facebook, account: Account, live: Published, entry: str) -> list[Entrant]:
    from smm.networks.facebook import _page

    if entry != "comment":
        raise UnsupportedError("facebook", why_unlisted("facebook", entry) or entry)
    page = _page(account)
    return [
        Entrant(str(c["from"]["id"]), str(c["from"].get("name") or ""), _at(c["created_time"]))
        for c in comments(fb, account, live.id)
        if c.get("from") and str(c["from"].get("id")) != page
    ]


def feedback(fb: Facebook, account: Account, live: Published) -> list[Feedback]:
    from smm.networks.facebook import _comment_url, _page

    page = _page(account)
    listed = comments(fb, account, live.id)
    answered = {
        str((c.get("parent") or {}).get("id"))
        for c in listed
        if str((c.get("from") or {}).get("id")) == page
    }
    return [
        Feedback(
            "facebook",
            str(c["id"]),
            str((c.get("from") or {}).get("name") or ""),
            str(c.get("message") or ""),
            _at(c["created_time"]),
            str(c.get("permalink_url") or _comment_url(live, str(c["id"]))),
            live.url,
            str(c["id"]) in answered,
        )
        for c in listed
        if str((c.get("from") or {}).get("id")) != page
    ]


def comments(fb: Facebook, account: Account, post: str) -> list[dict[str, Any]]:
    """Every comment under ``post``, replies too, oldest first."""
    from smm.networks.facebook import _token

    token = _token(account)
    query = {"fields": FIELDS, "filter": "stream", "order": "chronological", "limit": PAGE}
    return every_page(
        lambda q: fb._call(token, "GET", f"{post}/comments", q, writes=False, what="comments"),
        query,
    )


def _at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
