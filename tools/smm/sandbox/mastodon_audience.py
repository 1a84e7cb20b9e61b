"""Who answered, boosted and favourited a Mastodon status (mastodon/mastodon, v4 client API).

``GET /api/v1/statuses/:id/context`` answers ``{"ancestors", "descendants"}`` (the replies,
every level, oldest first); ``GET /api/v1/statuses/:id/reblogged_by`` and ``/favourited_by``
answer the accounts (``limit`` default 40, at most 80, newest first), with a ``Link`` header
whose ``rel="next"`` URL (``max_id``) gives the next page, as Mastodon paginates. A token is
required (401 without one); an unknown status is 404 ``Record not found``. The replies are
statuses in the sandbox's post list; boosts and favourites are the ones a test added
(sandbox/audience.py).

``GET /api/v1/notifications`` (``types[]``, ``limit`` 40 at most 80, ``max_id``, ``since_id``)
answers the token's account's notifications newest first, with the ``Link`` header's ``next``
(``max_id``) while more remain; the sandbox keeps ``mention`` ones only: a status of someone else
that replies to one of the account's or names it (a mention from the control endpoint). Each
notification's id is its status's (Mastodon numbers them apart; nothing here compares the two).
"""

from __future__ import annotations

import re
from typing import Any

from smm.sandbox.audience import reactions
from smm.sandbox.forms import Request
from smm.sandbox.mastodon_store import Store
from smm.sandbox.state import Config, Fault, State

Reply = tuple[int, Any, dict[str, str]]
PAGE, MOST = 40, 80


class MastodonAudienceApi:
    network = "mastodon"
    probe = (
        "/api/v1/statuses/1/context"  # a path this API answers (tests/networks/test_registry.py)
    )
    _ROUTE = re.compile(r"^/api/v1/statuses/(\d+)/(context|reblogged_by|favourited_by)$")
    NOTIFICATIONS = "/api/v1/notifications"

    def __init__(self, options: Any, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.store = Store(config, state)

    def route(self, path: str) -> tuple[str, str] | None:
        if path == self.NOTIFICATIONS:
            return ("notifications", "")
        match = self._ROUTE.match(path)
        return (match.group(2), match.group(1)) if match else None

    def bad_body(self, message: str) -> Reply:
        return 400, {"error": message}, {}

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "429":
            return 429, {"error": "Too many requests"}, {}
        if fault.kind == "500":
            return (
                500,
                "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>",
                {},
            )
        return fault.code or 422, {"error": fault.message or req.raw or "injected"}, {}

    def dispatch(self, method: str, status_id: str, req: Request) -> Reply:
        token = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        known = self.options.tokens
        if not token or (known is not None and token not in known):
            return 401, {"error": "The access token is invalid"}, {}
        if method == "notifications":
            return self._notifications(self.store.account(token)["id"], req)
        post = self.store.status(status_id)
        if post is None:
            return 404, {"error": "Record not found"}, {}
        base = req.base_url
        if method == "context":
            return 200, {"ancestors": [], "descendants": self._descendants(post, base)}, {}
        kind = "repost" if method == "reblogged_by" else "like"
        people = list(reversed(reactions(self.state, "mastodon", status_id, kind)))
        max_id = req.params.get("max_id")
        if max_id:
            people = [p for p in people if int(p["id"]) < int(max_id)]
        limit = min(int(req.params.get("limit") or PAGE), MOST)
        page, headers = people[:limit], {}
        if len(people) > limit:
            url = (
                f"{base}/api/v1/statuses/{status_id}/{method}?limit={limit}&max_id={page[-1]['id']}"
            )
            headers["Link"] = f'<{url}>; rel="next"'
        return 200, [_account(p["author_id"], p["handle"], base) for p in page], headers

    def _notifications(self, me: str, req: Request) -> Reply:
        types = req.lists.get("types[]") or req.lists.get("types") or ["mention"]
        statuses = self.state.posts("mastodon")
        mine = {s["id"] for s in statuses if s["account"] == me}
        found = [
            s
            for s in statuses
            if s["account"] != me
            and "mention" in types
            and (s.get("reply_to") in mine or me in s.get("mentions", []))
        ]
        found.sort(key=lambda s: int(s["id"]), reverse=True)
        p = req.params
        if p.get("max_id"):
            found = [s for s in found if int(s["id"]) < int(p["max_id"])]
        if p.get("since_id"):
            found = [s for s in found if int(s["id"]) > int(p["since_id"])]
        limit = min(int(p.get("limit") or PAGE), MOST)
        page, base, headers = found[:limit], req.base_url, {}
        if len(found) > limit:
            url = f"{base}/api/v1/notifications?limit={limit}&max_id={page[-1]['id']}"
            headers["Link"] = f'<{url}>; rel="next"'
        body = [
            {
                "id": s["id"],
                "type": "mention",
                "created_at": s["created_at"],
                "account": _account(s["account"], s["username"], base),
                "status": self.store.status_json(s, base),
            }
            for s in page
        ]
        return 200, body, headers

    def _descendants(self, post: dict[str, Any], base: str) -> list[dict[str, Any]]:
        statuses = self.state.posts("mastodon")
        found, frontier = [], {post["id"]}
        while frontier:
            step = [s for s in statuses if s.get("reply_to") in frontier]
            found += step
            frontier = {s["id"] for s in step}
        found.sort(key=lambda s: int(s["id"]))
        return [self.store.status_json(s, base) for s in found]


def _account(account_id: str, handle: str, base: str) -> dict[str, Any]:
    return {
        "id": account_id,
        "username": handle,
        "acct": handle,
        "display_name": handle,
        "url": f"{base}/@{handle}",
    }
