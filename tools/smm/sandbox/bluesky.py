"""Bluesky's PDS as an app password sees it: XRPC methods under /xrpc/<nsid>, JSON errors.

Emulated methods (lexicons and packages/pds of bluesky-social/atproto):
com.atproto.server.createSession / refreshSession (sandbox/bsky_auth.py: tokens, expiry, the 30
per 5 minutes and 300 a day session limits), com.atproto.identity.resolveHandle (400
"Unable to resolve handle" for a handle not in ``handles``), com.atproto.repo.uploadBlob /
createRecord / putRecord / getRecord / deleteRecord (sandbox/bsky_repo.py; a deleted record stays
in /_sandbox/posts with ``deleted: true``, is not found by getRecord or getPosts, and deleting
it again answers 200, as "or ensure it doesn't exist" says), app.bsky.feed.getPosts (at most 25
``uris``, repeated in the query as XRPC sends arrays; the like, repost, reply, quote and bookmark
counts a test sets with ``set_metrics``, else grown with the post's age: growth.py). Writes count points as the PDS's repo-write limit does
(putRecord 2, createRecord 3, deleteRecord 1, ``write_points`` an hour per account: ``write_window``) and every limited answer
carries the ``RateLimit-*`` headers. A fault ``method`` is the NSID ("com.atproto.repo.putRecord").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from smm.networks.bsky_record import COLLECTION
from smm.sandbox.bsky_audience import METHODS as AUDIENCE_METHODS
from smm.sandbox.bsky_audience import BskyAudienceApi, notifications
from smm.sandbox.bsky_auth import Points, Reply, Sessions, did_for, error, rate_limited
from smm.sandbox.bsky_repo import Repos
from smm.sandbox.forms import Request
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State

PREFIX = "/xrpc/"
GET_POSTS_MAX = 25


@dataclass(frozen=True)
class BlueskyOptions:
    """How strict the Bluesky sandbox is. None for passwords or handles: accept any."""

    passwords: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--bluesky-app-password",
            "the only Bluesky app passwords accepted (default: any)",
            multiple=True,
        ),
    )
    handles: frozenset[str] | None = None  # handles resolveHandle knows (None: every one)
    #: handles whose accounts turned priority notifications on (listNotifications: followed only)
    priority_notifications: frozenset[str] = frozenset()
    access_ttl: float = 7200.0  # seconds an access token lives (a PDS: 2 hours)
    blob_limit: int = field(
        default=1_000_000,
        metadata=flag(
            "--bluesky-blob-limit",
            "the largest blob uploadBlob takes, in bytes",
            type=int,
            minimum=1,
        ),
    )
    sessions_per_window: int = 30  # createSession per identifier in session_window seconds
    session_window: float = 300.0
    sessions_per_day: int = 300
    write_points: int = 5000  # repo-write points an hour per account (putRecord 2, createRecord 3)
    write_window: float = 3600.0  # seconds of that window (a benchmark shortens it)


class BlueskyApi:
    network = "bluesky"
    probe = (
        "/xrpc/app.bsky.feed.getPosts"  # a path this API answers (tests/networks/test_registry.py)
    )

    def __init__(self, options: BlueskyOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.sessions = Sessions(
            options.passwords,
            options.access_ttl,
            Points(options.sessions_per_window, options.session_window),
            Points(options.sessions_per_day, 86400.0),
            config.now,
        )
        self.writes = Points(options.write_points, options.write_window)
        self.repos = Repos(state, options.blob_limit, config)

    def route(self, path: str) -> tuple[str, str] | None:
        nsid = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
        if nsid in AUDIENCE_METHODS:  # the AppView's audience reads: bsky_audience.py
            return None
        return (nsid, "") if nsid else None

    def bad_body(self, message: str) -> Reply:
        return error(400, "InvalidRequest", message)

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "429":
            headers = {"RateLimit-Limit": "3000", "RateLimit-Remaining": "0"}
            headers.update({"RateLimit-Reset": str(int(self.config.now()) + fault.retry_after)})
            return rate_limited({**headers, "Retry-After": str(fault.retry_after)})
        if fault.kind == "500":
            return error(500, "InternalServerError", "Internal Server Error")
        message = req.raw if fault.kind == "echo" else fault.message or "injected error"
        return error(fault.status or fault.code or 400, "InvalidRequest", message)

    def set_metrics(self, post_id: str | int, **figures: Any) -> None:
        """Figures of a stored post (its at:// uri or record key): likes, reposts, replies,
        quotes, bookmarks."""
        self.repos.set_figures(str(post_id), figures)

    def dispatch(self, method: str, token: str, req: Request) -> Reply:
        body = _json(req.body)
        if method == "com.atproto.server.createSession":
            return self.sessions.create(body if isinstance(body, dict) else {})
        if method == "com.atproto.server.refreshSession":
            return self.sessions.refresh(
                req.headers.get("authorization", "").removeprefix("Bearer ")
            )
        if method == "com.atproto.repo.getRecord":  # public: any client may read a repo
            repo, rkey = req.params.get("repo", ""), req.params.get("rkey", "")
            did = repo if repo.startswith("did:") else did_for(repo)
            if req.params.get("collection") != COLLECTION:
                return error(400, "RecordNotFound", f"Could not locate record: at://{repo}")
            return self.repos.get(repo, rkey, did)
        if method == "com.atproto.identity.resolveHandle":
            handle = req.params.get("handle", "").lower()
            known = self.options.handles
            if not handle or (known is not None and handle not in {h.lower() for h in known}):
                return error(400, "InvalidRequest", "Unable to resolve handle")
            return 200, {"did": did_for(handle)}
        claims, problem = self.sessions.verify(req.headers)
        if problem:
            return problem
        did, handle = str(claims["sub"]), str(claims["handle"])
        if method == "app.bsky.notification.listNotifications":  # bsky_audience.py
            prefers = handle in self.options.priority_notifications
            return notifications(self.state, did, req, prefers)
        if method == "com.atproto.repo.uploadBlob":
            return self.repos.upload(did, req.body, req.headers.get("content-type", ""))
        if method in ("com.atproto.repo.putRecord", "com.atproto.repo.createRecord"):
            put = method.endswith("putRecord")
            fits, headers = self.writes.take(did, 2 if put else 3)
            if not fits:
                return rate_limited(headers)
            if not isinstance(body, dict):
                return error(400, "InvalidRequest", "Input must be a JSON object")
            answer = self.repos.write(did, handle, body, put)
            return (answer[0], answer[1], headers)
        if method == "com.atproto.repo.deleteRecord":
            fits, headers = self.writes.take(did, 1)
            if not fits:
                return rate_limited(headers)
            answer = self.repos.delete(did, handle, body if isinstance(body, dict) else {})
            return (answer[0], answer[1], headers)
        if method == "app.bsky.feed.getPosts":
            uris = req.lists.get("uris", [])  # XRPC repeats a parameter for an array
            if not uris:
                return error(400, "InvalidRequest", 'Error: Params must have the property "uris"')
            if len(uris) > GET_POSTS_MAX:
                return error(
                    400,
                    "InvalidRequest",
                    f"Error: uris must not have more than {GET_POSTS_MAX} elements",
                )
            return 200, {"posts": self.repos.views(uris)}
        return error(501, "MethodNotImplemented", "Method Not Implemented")


def _json(data: bytes) -> Any:
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


#: What the sandbox serves for this network (networks/registry.py), and its options.
APIS = (BlueskyApi, BskyAudienceApi)
OPTIONS = BlueskyOptions
