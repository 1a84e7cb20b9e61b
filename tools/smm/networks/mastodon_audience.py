"""A Mastodon status's audience: replies (``/statuses/:id/context``), boosts (``/reblogged_by``)
and favourites (``/favourited_by``), read with the brand's token; docs/contests.md, docs/inbox.md.

A person is their account id and ``acct`` (``name`` on the brand's instance, ``name@host``
elsewhere). Boosts and favourites come without a time; replies with ``created_at``. The lists of
accounts are paged by the ``Link`` header's ``rel="next"`` URL, as Mastodon paginates.

Mentions of the brand anywhere are ``/api/v1/notifications?types[]=mention``, newest first, read
page by page until one is older than ``since`` (at most ``MENTION_PAGES`` pages); a mention is
answered when the brand's reply is in its context's descendants.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm.errors import UnsupportedError
from smm.networks.audience import Entrant, Feedback, why_unlisted

if TYPE_CHECKING:
    from collections.abc import Set

if TYPE_CHECKING:
    from smm.networks.base import Account, Published
    from smm.networks.mastodon import Mastodon

PAGE = 80  # the accounts lists' largest limit
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')
EDGES = {"repost": "reblogged_by", "like": "favourited_by"}
MENTION_PAGES = 10  # 800 mentions back, without --since


def entrants(m: Mastodon, account: Account, live: Published, entry: str) -> list[Entrant]:
    mine = _me(m, account)
    people: list[tuple[dict[str, Any], datetime | None]]
    if entry == "comment":
        people = [(s["account"], _at(s["created_at"])) for s in _replies(m, account, live.id)]
    elif entry in EDGES:
        people = [(a, None) for a in _accounts(m, account, live.id, EDGES[entry])]
    else:
        raise UnsupportedError("mastodon", why_unlisted("mastodon", entry) or entry)
    return [Entrant(str(a["id"]), str(a["acct"]), at) for a, at in people if str(a["id"]) != mine]


def feedback(m: Mastodon, account: Account, live: Published) -> list[Feedback]:
    mine = _me(m, account)
    replies = _replies(m, account, live.id)
    answered = {s.get("in_reply_to_id") for s in replies if str(s["account"]["id"]) == mine}
    return [
        Feedback(
            "mastodon",
            str(s["id"]),
            str(s["account"]["acct"]),
            _text(str(s.get("content", ""))),
            _at(s["created_at"]),
            str(s.get("url") or s.get("uri")),
            live.url,
            str(s["id"]) in answered,
        )
        for s in replies
        if str(s["account"]["id"]) != mine
    ]


def mentions(
    m: Mastodon, account: Account, since: datetime | None, known: Set[str]
) -> list[Feedback]:
    mine, out = _me(m, account), []
    path = f"/api/v1/notifications?types[]=mention&limit={PAGE}"
    for _ in range(MENTION_PAGES):
        answer = m._call(account, "GET", path, writes=False)
        page = [n for n in answer.json() if isinstance(n, dict) and n.get("status")]
        for n in page:
            s = n["status"]
            when = _at(s["created_at"])
            if str(s["id"]) in known or (since is not None and when < since):
                continue
            answered = any(
                str(r["account"]["id"]) == mine and str(r.get("in_reply_to_id")) == str(s["id"])
                for r in _replies(m, account, str(s["id"]))
            )
            url = str(s.get("url") or s.get("uri"))
            text = _text(str(s.get("content", "")))
            handle = str(s["account"]["acct"])
            out.append(
                Feedback("mastodon", str(s["id"]), handle, text, when, url, "", answered, "mention")
            )
        older = page and since is not None and _at(page[-1]["status"]["created_at"]) < since
        path = _next(answer.headers.get("link", ""))
        if older or not path:
            break
    return out


def _next(link: str) -> str:
    """The path of the ``Link`` header's next page (the adapter prefixes its own base again)."""
    found = _NEXT.search(link)
    path = found.group(1).split("://", 1)[-1].partition("/")[2] if found else ""
    return f"/{path}" if path else ""


def _me(m: Mastodon, account: Account) -> str:
    return str(
        m._call(account, "GET", "/api/v1/accounts/verify_credentials", writes=False).json()["id"]
    )


def _replies(m: Mastodon, account: Account, status: str) -> list[dict[str, Any]]:
    answer = m._call(account, "GET", f"/api/v1/statuses/{status}/context", writes=False)
    descendants: list[dict[str, Any]] = answer.json().get("descendants", [])
    return descendants


def _accounts(m: Mastodon, account: Account, status: str, edge: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    path = f"/api/v1/statuses/{status}/{edge}?limit={PAGE}"
    while path:
        answer = m._call(account, "GET", path, writes=False)
        out += answer.json()
        path = _next(answer.headers.get("link", ""))
    return out


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _text(content: str) -> str:
    """A status's HTML as one line of plain text (the inbox shows it, never renders it)."""
    return " ".join(re.sub(r"<[^>]+>", " ", content).replace("&amp;", "&").split())
