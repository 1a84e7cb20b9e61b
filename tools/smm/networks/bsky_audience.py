"""A Bluesky post's audience: replies (app.bsky.feed.getPostThread), reposts (getRepostedBy) and
likes (getLikes), read through the brand's PDS; docs/contests.md, docs/inbox.md.

A person is their DID and handle. Likes come with ``createdAt``, reposts without a time. The
lists are paged by ``cursor``.

Mentions of the brand anywhere are app.bsky.notification.listNotifications with the reasons
mention, reply and quote, newest first, paged by ``cursor`` until one is older than ``since`` (at
most ``MENTION_PAGES`` pages); one is answered when its thread holds a reply from the brand's DID.
``priority=false`` is always sent: left out, the AppView uses the account's own setting, and an
account with priority notifications on would hear only from the accounts it follows. A page may
come short, or empty with a ``cursor`` (the AppView filters ``reasons`` after paging): only a
missing ``cursor`` ends the list.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from smm.errors import UnsupportedError
from smm.networks.audience import Entrant, Feedback, why_unlisted

if TYPE_CHECKING:
    from collections.abc import Set

    from smm.networks.base import Account, Published
    from smm.networks.bluesky import Bluesky
    from smm.networks.bsky_xrpc import Xrpc

PAGE = 100
DEPTH = 10
MENTION_PAGES = 10
REASONS = ["mention", "reply", "quote"]


def entrants(bsky: Bluesky, account: Account, live: Published, entry: str) -> list[Entrant]:
    xrpc = bsky._xrpc(account)
    mine = xrpc.session().did
    people: list[tuple[dict[str, Any], datetime | None]]
    if entry == "comment":
        people = [(r["author"], _at(r["record"]["createdAt"])) for r in _replies(xrpc, live.id)]
    elif entry == "like":
        people = [
            (x["actor"], _at(x["createdAt"])) for x in _pages(xrpc, "getLikes", "likes", live.id)
        ]
    elif entry == "repost":
        people = [(a, None) for a in _pages(xrpc, "getRepostedBy", "repostedBy", live.id)]
    else:
        raise UnsupportedError("bluesky", why_unlisted("bluesky", entry) or entry)
    return [Entrant(str(a["did"]), str(a["handle"]), at) for a, at in people if a["did"] != mine]


def feedback(bsky: Bluesky, account: Account, live: Published) -> list[Feedback]:
    from smm.networks.bluesky import post_url

    xrpc = bsky._xrpc(account)
    mine = xrpc.session().did
    replies = _replies(xrpc, live.id)
    answered = {r["parent"] for r in replies if r["author"]["did"] == mine}
    return [
        Feedback(
            "bluesky",
            str(r["uri"]),
            str(r["author"]["handle"]),
            str(r["record"].get("text", "")),
            _at(r["record"]["createdAt"]),
            post_url(str(r["author"]["handle"]), str(r["uri"]).rsplit("/", 1)[-1]),
            live.url,
            r["uri"] in answered,
        )
        for r in replies
        if r["author"]["did"] != mine
    ]


def mentions(
    bsky: Bluesky, account: Account, since: datetime | None, known: Set[str]
) -> list[Feedback]:
    from smm.networks.bluesky import post_url

    xrpc = bsky._xrpc(account)
    mine, out, cursor = xrpc.session().did, [], ""
    for _ in range(MENTION_PAGES):
        params: dict[str, Any] = {"limit": PAGE, "reasons": REASONS, "priority": "false"}
        answer = xrpc.call(
            "GET",
            "app.bsky.notification.listNotifications",
            params={**params, **({"cursor": cursor} if cursor else {})},
        )
        page = [n for n in answer.get("notifications", []) if n.get("reason") in REASONS]
        for n in page:
            when = _at(str(n["record"].get("createdAt") or n["indexedAt"]))
            if n["uri"] in known or n["author"]["did"] == mine or (since and when < since):
                continue
            answered = any(r["author"]["did"] == mine for r in _replies(xrpc, n["uri"]))
            handle = str(n["author"]["handle"])
            url = post_url(handle, str(n["uri"]).rsplit("/", 1)[-1])
            text = str(n["record"].get("text", ""))
            out.append(
                Feedback("bluesky", str(n["uri"]), handle, text, when, url, "", answered, "mention")
            )
        cursor = answer.get("cursor", "")
        older = page and since is not None and _at(str(page[-1]["indexedAt"])) < since
        if older or not cursor:
            break
    return out


def _replies(xrpc: Xrpc, uri: str) -> list[dict[str, Any]]:
    """Every reply in the thread, each post view with its ``parent`` uri, oldest first."""
    answer = xrpc.call("GET", "app.bsky.feed.getPostThread", params={"uri": uri, "depth": DEPTH})
    out: list[dict[str, Any]] = []

    def walk(node: dict[str, Any]) -> None:
        for child in node.get("replies", []):
            if "post" in child:  # blocked or deleted replies come as other view types
                out.append({**child["post"], "parent": node["post"]["uri"]})
                walk(child)

    walk(answer.get("thread", {}))
    return sorted(out, key=lambda r: str(r["record"].get("createdAt", "")))


def _pages(xrpc: Xrpc, method: str, key: str, uri: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cursor = ""
    while True:
        params = {"uri": uri, "limit": PAGE, **({"cursor": cursor} if cursor else {})}
        answer = xrpc.call("GET", f"app.bsky.feed.{method}", params=params)
        out += answer.get(key, [])
        cursor = answer.get("cursor", "")
        if not cursor:
            return out


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
