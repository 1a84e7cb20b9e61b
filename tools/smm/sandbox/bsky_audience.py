"""Who replied to, reposted and liked a Bluesky post: the AppView's public reads.

``app.bsky.feed.getPostThread`` (``uri``, ``depth`` default 6) answers ``{"thread":
threadViewPost}`` with the replies nested, each a ``#threadViewPost`` of its own; an unknown post
is 400 ``NotFound`` "Post not found: <uri>". ``app.bsky.feed.getLikes`` and ``getRepostedBy``
(``uri``, ``limit`` 1-100 default 50, ``cursor``) answer ``{"uri", "likes": [{actor, createdAt,
indexedAt}]}`` and ``{"uri", "repostedBy": [actor]}``, newest first, with a ``cursor`` while more
remain (lexicons of bluesky-social/atproto). They need no session, as on public.api.bsky.app.
Replies are post records in the sandbox's post list; likes and reposts are a test's
(sandbox/audience.py).

``app.bsky.notification.listNotifications`` (``limit`` 1-100 default 50, ``cursor``,
``reasons``) needs the session (bluesky.py routes it) and answers ``{"notifications":
[{uri, cid, author, reason, reasonSubject?, record, isRead, indexedAt}], "cursor"?}`` newest
first; the sandbox gives the reasons ``reply`` (a post of someone else's answering one of the
account's) and ``mention`` (a post whose facets name the account's DID).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from smm.sandbox.audience import reactions
from smm.sandbox.bsky_auth import Reply, error
from smm.sandbox.forms import Request
from smm.sandbox.state import Config, Fault, State

PREFIX = "/xrpc/"
METHODS = ("app.bsky.feed.getPostThread", "app.bsky.feed.getLikes", "app.bsky.feed.getRepostedBy")


class BskyAudienceApi:
    network = "bluesky"
    probe = (
        "/xrpc/app.bsky.feed.getLikes"  # a path this API answers (tests/networks/test_registry.py)
    )

    def __init__(self, options: Any, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state

    def route(self, path: str) -> tuple[str, str] | None:
        method = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        return (method, "") if method in METHODS else None

    def bad_body(self, message: str) -> Reply:
        return error(400, "InvalidRequest", message)

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "500":
            return error(500, "InternalServerError", "Internal Server Error")
        if fault.kind == "429":
            return error(429, "RateLimitExceeded", "Rate Limit Exceeded")
        return error(fault.status or 400, "InvalidRequest", fault.message or req.raw or "injected")

    def dispatch(self, method: str, _: str, req: Request) -> Reply:
        uri = req.params.get("uri", "")
        post = self._find(uri)
        if post is None:
            return error(400, "NotFound", f"Post not found: {uri}")
        if method == "app.bsky.feed.getPostThread":
            depth = int(req.params.get("depth") or 6)
            return 200, {"thread": self._thread(post, depth)}
        kind = "like" if method.endswith("getLikes") else "repost"
        people = list(reversed(reactions(self.state, "bluesky", uri, kind)))
        start = int(req.params.get("cursor") or 0)
        limit = max(1, min(int(req.params.get("limit") or 50), 100))
        page = people[start : start + limit]
        body: dict[str, Any] = {"uri": uri}
        actors = [{"did": p["author_id"], "handle": p["handle"]} for p in page]
        if kind == "like":
            body["likes"] = [
                {"actor": a, "createdAt": _iso(p["date"]), "indexedAt": _iso(p["date"])}
                for a, p in zip(actors, page, strict=True)
            ]
        else:
            body["repostedBy"] = actors
        if start + limit < len(people):
            body["cursor"] = str(start + limit)
        return 200, body

    def _find(self, uri: str) -> dict[str, Any] | None:
        return next((p for p in self.state.posts("bluesky") if p["id"] == uri), None)

    def _thread(self, post: dict[str, Any], depth: int) -> dict[str, Any]:
        replies = [p for p in self.state.posts("bluesky") if p.get("reply_to") == post["id"]]
        view = {
            "uri": post["id"],
            "cid": post["cid"],
            "author": {"did": post["did"], "handle": post["account"]},
            "record": post["record"],
            "indexedAt": post["indexedAt"],
            "replyCount": len(replies),
        }
        thread: dict[str, Any] = {"$type": "app.bsky.feed.defs#threadViewPost", "post": view}
        if depth > 0:
            thread["replies"] = [self._thread(r, depth - 1) for r in replies]
        return thread


def _iso(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def notifications(state: State, did: str, req: Request) -> Reply:
    """The session's account's reply and mention notifications, newest first (module doc)."""
    posts = state.posts("bluesky")
    mine = {p["id"] for p in posts if p.get("did") == did}
    wanted = set(req.lists.get("reasons") or ["reply", "mention"])
    found = []
    for post in posts:
        if post.get("did") == did:
            continue
        reason = (
            "reply"
            if post.get("reply_to") in mine
            else "mention"
            if did in post.get("mentions", [])
            else None
        )
        if reason in wanted:
            found.append((post, reason))
    found.sort(key=lambda item: str(item[0]["indexedAt"]), reverse=True)
    try:
        start = int(req.params.get("cursor") or 0)
        limit = max(1, min(int(req.params.get("limit") or 50), 100))
    except ValueError:
        return error(400, "InvalidRequest", "Error: limit and cursor must be integers")
    page = found[start : start + limit]
    body: dict[str, Any] = {
        "notifications": [
            {
                "uri": post["id"],
                "cid": post["cid"],
                "author": {"did": post["did"], "handle": post["account"]},
                "reason": reason,
                **({"reasonSubject": post["reply_to"]} if reason == "reply" else {}),
                "record": post["record"],
                "isRead": False,
                "indexedAt": post["indexedAt"],
            }
            for post, reason in page
        ]
    }
    if start + limit < len(found):
        body["cursor"] = str(start + limit)
    return 200, body
