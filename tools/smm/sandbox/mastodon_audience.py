"""Who answered, boosted and favourited a Mastodon status (mastodon/mastodon, v4 client API).

``GET /api/v1/statuses/:id/context`` answers ``{"ancestors", "descendants"}`` (the replies,
every level, oldest first); ``GET /api/v1/statuses/:id/reblogged_by`` and ``/favourited_by``
answer the accounts (``limit`` default 40, at most 80, newest first), with a ``Link`` header
whose ``rel="next"`` URL (``max_id``) gives the next page, as Mastodon paginates. A token is
required (401 without one); an unknown status is 404 ``Record not found``. The replies are
statuses in the sandbox's post list; boosts and favourites are the ones a test added
(sandbox/audience.py).

``GET /api/v1/notifications`` (Api::V1::NotificationsController: ``types[]``,
``exclude_types[]``, ``limit`` default 40 and at most 80, ``max_id``, ``since_id``, ``min_id``;
scope ``read:notifications``) answers the token's account's notifications newest first, each
``{id, type, created_at, account, status}``. Its ``Link`` header holds ``rel="next"``
(``max_id`` = the page's last id) and ``rel="prev"`` (``min_id`` = its first) whenever the page is
not empty, both keeping ``limit``, ``types[]`` and ``exclude_types[]``; an empty page has no
``Link``. The sandbox holds ``mention`` ones only: a status of someone else that replies to one of
the account's or names it (a mention from the control endpoint). A notification's id is its own
(Mastodon numbers notifications apart from statuses): the sandbox numbers them in the order of
their statuses, from ``NOTIFICATION_BASE``.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlencode

from smm.sandbox.audience import reactions
from smm.sandbox.forms import Request
from smm.sandbox.mastodon_store import Store
from smm.sandbox.state import Config, Fault, State

Reply = tuple[int, Any, dict[str, str]]
PAGE, MOST = 40, 80
NOTIFICATION_BASE = 34_000_000  # a plain sequence, far from the status ids
TYPES = ("mention",)  # the notification types the sandbox holds


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
        p, lists = req.params, req.lists
        types = set(lists.get("types[]") or lists.get("types") or TYPES)
        types -= set(lists.get("exclude_types[]") or lists.get("exclude_types") or ())
        try:
            limit = min(abs(int(p.get("limit") or PAGE)), MOST)
            bounds = {k: int(p[k]) for k in ("max_id", "since_id", "min_id") if p.get(k)}
        except ValueError:
            return 400, {"error": "Invalid limit or id"}, {}
        found = self._mentions(me) if "mention" in types else []
        if "max_id" in bounds:
            found = [n for n in found if int(n[0]) < bounds["max_id"]]
        if "since_id" in bounds:
            found = [n for n in found if int(n[0]) > bounds["since_id"]]
        if "min_id" in bounds:  # the page just newer than min_id, still given newest first
            found = [n for n in found if int(n[0]) > bounds["min_id"]][-limit:]
        page, base = found[:limit], req.base_url
        body = [
            {
                "id": number,
                "type": "mention",
                "created_at": s["created_at"],
                "account": _account(s["account"], s["username"], base),
                "status": self.store.status_json(s, base),
            }
            for number, s in page
        ]
        if not page:
            return 200, body, {}
        kept = [("limit", str(limit))] if p.get("limit") else []
        for key in ("types[]", "exclude_types[]"):
            kept += [(key, value) for value in lists.get(key, [])]
        url = f"{base}{self.NOTIFICATIONS}?"
        links = [
            f'<{url}{urlencode([*kept, ("max_id", page[-1][0])])}>; rel="next"',
            f'<{url}{urlencode([*kept, ("min_id", page[0][0])])}>; rel="prev"',
        ]
        return 200, body, {"Link": ", ".join(links)}

    def _mentions(self, me: str) -> list[tuple[str, dict[str, Any]]]:
        """(notification id, status) of each mention of ``me``, newest first; a status gets its
        notification's number the first time it is listed, in the order of the statuses."""
        with self.state.lock:  # the stored statuses themselves: their numbers are kept
            statuses = [s for s in self.state.data["posts"] if s["network"] == "mastodon"]
            mine = {s["id"] for s in statuses if s["account"] == me}
            found = sorted(
                (
                    s
                    for s in statuses
                    if s["account"] != me
                    and (s.get("reply_to") in mine or me in s.get("mentions", []))
                ),
                key=lambda s: int(s["id"]),
            )
            fresh = [s for s in found if "notification_id" not in s]
            for s in fresh:
                number = NOTIFICATION_BASE + self.state.next_id("mastodon:notification")
                s["notification_id"] = str(number)
            if fresh:
                self.state.save()
            return [(str(s["notification_id"]), copy.deepcopy(s)) for s in reversed(found)]

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
