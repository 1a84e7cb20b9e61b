"""Who replied to, reposted and liked a Bluesky post: the AppView's public reads.

``app.bsky.feed.getPostThread`` (``uri``, ``depth`` default 6) answers ``{"thread":
threadViewPost}`` with the replies nested, each a ``#threadViewPost`` of its own; an unknown post
is 400 ``NotFound`` "Post not found: <uri>". ``app.bsky.feed.getLikes`` and ``getRepostedBy``
(``uri``, ``limit`` 1-100 default 50, ``cursor``) answer ``{"uri", "likes": [{actor, createdAt,
indexedAt}]}`` and ``{"uri", "repostedBy": [actor]}``, newest first, with a ``cursor`` while more
remain (lexicons of bluesky-social/atproto). They need no session, as on public.api.bsky.app.
Replies are post records in the sandbox's post list; likes and reposts are a test's
(sandbox/audience.py).

``app.bsky.notification.listNotifications`` (lexicon: ``reasons`` array, ``limit`` 1-100 default
50, ``priority`` boolean, ``cursor``, ``seenAt``) needs the session (bluesky.py routes it) and
answers ``{"notifications": [{uri, cid, author, reason, reasonSubject?, record, isRead,
indexedAt}], "cursor"?, "priority", "seenAt"?}`` newest first. As the AppView does
(packages/bsky: api/app/bsky/notification/listNotifications.ts, indexing/plugins/post.ts): a post
notifies each account once, a mention (its facets name the DID) before a reply; a reply notifies
the authors of its ancestors up to four levels up (``REPLY_NOTIF_DEPTH`` 5), ``reasonSubject``
their post; ``reasons`` filters what is listed; ``priority`` left out means the account's own
setting (``BlueskyOptions.priority_notifications``), and priority lists only the accounts it
follows (the sandbox keeps no follows: none); ``seenAt`` is refused (400 "The seenAt parameter is
unsupported"); a ``limit`` outside 1-100 is a 400 ``InvalidRequest`` as the lexicon validates it.
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


REPLY_NOTIF_DEPTH = 5  # the AppView notifies a reply's ancestors below this height


def notifications(state: State, did: str, req: Request, prefers_priority: bool = False) -> Reply:
    """The session's account's mention and reply notifications, newest first (module doc)."""
    problem = _refused(req)
    if problem:
        return problem
    priority = req.params["priority"] == "true" if "priority" in req.params else prefers_priority
    posts = state.posts("bluesky")
    by_uri = {p["id"]: p for p in posts}
    wanted = req.lists.get("reasons")
    found = []
    for post in [] if priority else posts:  # priority: only followed accounts, and none are
        reason, subject = _reason(post, did, by_uri)
        if reason and (not wanted or reason in wanted):
            found.append((post, reason, subject))
    found.sort(key=lambda item: str(item[0]["indexedAt"]), reverse=True)
    start = int(req.params.get("cursor") or 0)
    limit = int(req.params.get("limit") or 50)
    page = found[start : start + limit]
    body: dict[str, Any] = {
        "notifications": [
            {
                "uri": post["id"],
                "cid": post["cid"],
                "author": {"did": post["did"], "handle": post["account"]},
                "reason": reason,
                **({"reasonSubject": subject} if subject else {}),
                "record": post["record"],
                "isRead": False,
                "indexedAt": post["indexedAt"],
            }
            for post, reason, subject in page
        ],
        "priority": priority,
    }
    if start + limit < len(found):
        body["cursor"] = str(start + limit)
    return 200, body


def _reason(post: dict[str, Any], did: str, by_uri: dict[str, Any]) -> tuple[str, str]:
    """Why ``post`` notifies ``did`` ("" if it does not) and the ``reasonSubject``: a mention
    first (one notification per account), else a reply to one of its posts up the thread."""
    if post.get("did") == did:
        return "", ""
    named = {
        feature.get("did")
        for facet in post.get("record", {}).get("facets", [])
        for feature in facet.get("features", [])
        if feature.get("$type") == "app.bsky.richtext.facet#mention"
    }
    if did in named:
        return "mention", ""
    parent, height = post.get("reply_to"), 1
    while parent in by_uri and height < REPLY_NOTIF_DEPTH:
        if by_uri[parent].get("did") == did:
            return "reply", str(parent)
        parent, height = by_uri[parent].get("reply_to"), height + 1
    return "", ""


def _refused(req: Request) -> Reply | None:
    """The 400 the AppView gives for parameters it will not take, else None."""
    if "seenAt" in req.params:
        return error(400, "InvalidRequest", "The seenAt parameter is unsupported")
    if req.params.get("priority", "true") not in ("true", "false"):
        return error(400, "InvalidRequest", "Params/priority must be a boolean")
    try:
        limit = int(req.params.get("limit") or 50)
        int(req.params.get("cursor") or 0)  # the sandbox's cursors are offsets
    except ValueError:
        return error(400, "InvalidRequest", "Params/limit must be an integer")
    if not 1 <= limit <= 100:
        bound = "greater than 100" if limit > 100 else "less than 1"
        return error(400, "InvalidRequest", f"Params/limit can not be {bound}")
    return None
