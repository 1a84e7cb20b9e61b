"""Facebook Pages on the Graph API, as a Page access token sees it: /v<ver>/<node>[/<edge>].

Emulated: ``POST /{page-id}/photos`` (multipart ``source``, ``published=false``: an unpublished
photo), ``POST /{page-id}/feed`` (``message``, ``link``, ``attached_media[i]``), ``GET
/{page-id}/feed`` and ``/published_posts`` (newest first, ``since``, ``limit``, ``after``),
``GET /{post-id}?fields=...`` (permalink_url, reactions/comments summaries, shares), ``GET
/{post-id}/insights``, ``POST``/``GET /{post-id}/comments``, ``POST /{post-id}`` (an edit of its
``message``: ``{"success": true}``) and ``DELETE /{post-id}`` (``{"success": true}``; a deleted
post is Graph's 100/33 "does not exist" for every later call, sandbox/edits.py). Stored photos, posts and
comments, and Graph's refusals, are in fb_posts.py; errors have Graph's shape (graph_errors.py).

Every answer carries the usage headers of Meta's rate-limiting docs, in percent of a budget:
``X-App-Usage`` (``facebook_app_calls`` per hour for the app), ``X-Page-Usage`` and
``X-Business-Use-Case-Usage`` (``{"<page-id>": [{"type": "pages", "call_count", "total_cputime",
"total_time", "estimated_time_to_regain_access"}]}``, minutes) for the Page
(``facebook_page_calls`` per ``facebook_page_window``, Meta: 4,800 per 24 h per engaged user). A
call over the Page budget is refused with code 32 "(#32) Page request limit reached", over the
app's with code 4 "(#4) Application request limit reached" (HTTP 400, as Graph answers).

Instagram's Graph API shares the host: a path is the Page's when its node is a post id
(``<page>_<post>``) or its edge is a Page edge (``is_page_path``); sandbox/instagram.py leaves
those to this module.
"""

from __future__ import annotations

import json
import math
import re
import secrets
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from smm.sandbox.fb_comments import PostComments, node_of
from smm.sandbox.fb_posts import INSIGHTS, POST_FIELDS, PagePosts, requested
from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import SUBCODES, GraphError, unsupported
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State

Reply = tuple[int, Any] | tuple[int, Any, dict[str, str]]
PAGE_EDGES = {"feed", "photos", "published_posts"}
POST_EDGES = {"comments", "insights"}
#: Graph's throttling codes and their messages (Graph API error codes, rate limiting docs)
THROTTLE = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
    80001: "There have been too many calls to this Page account. Wait a bit and try again. For "
    "more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
}
SET_METRICS = {"reactions", "comments", "shares", *INSIGHTS.values()}
_PATH = re.compile(r"^/(v\d+\.\d+)/([0-9]+(?:_[0-9]+)?)(?:/([a-z_]+))?/?$")


def is_page_path(node: str, edge: str | None) -> bool:
    """Whether a Graph path is a Facebook Page's: a post id (``<page>_<post>``) or a Page edge."""
    return "_" in node or edge in PAGE_EDGES


@dataclass(frozen=True)
class FacebookOptions:
    """How strict the Pages sandbox is. None for tokens or pages: any non-empty token, any Page."""

    tokens: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--facebook-token", "the only Page tokens accepted (default: any)", multiple=True
        ),
    )
    pages: frozenset[str] | None = None  # Page ids that exist
    page_calls: int = field(
        default=4800,
        metadata=flag("--facebook-page-calls", "calls per Page per window", type=int, minimum=1),
    )
    page_window: float = 86400.0  # seconds: Meta's rolling 24 h
    app_calls: int = 20000  # calls of the app per hour (200 per user per hour, 100 users)


class _Budget:
    """Calls per key in a sliding window of the sandbox's clock: how full, and when one frees."""

    def __init__(self, config: Config) -> None:
        self.config, self.lock = config, threading.Lock()
        self.calls: dict[str, deque[float]] = {}

    def count(self, key: str, limit: int, window: float) -> tuple[bool, int, int]:
        """Count a call when it fits: (whether it did, percent used, minutes until a call frees
        up when full). The call that fills the budget is answered, its headers saying 100 %."""
        with self.lock:
            now = self.config.now()
            calls = self.calls.setdefault(key, deque())
            while calls and calls[0] <= now - window:
                calls.popleft()
            fits = len(calls) < limit
            if fits:
                calls.append(now)
            percent = min(100, math.ceil(100 * len(calls) / limit))
            regain = math.ceil((calls[0] + window - now) / 60) if len(calls) >= limit else 0
            return fits, percent, regain


class FacebookApi:
    network = "facebook"
    probe = "/v24.0/1/feed"  # a path this API answers (tests/networks/test_registry.py)

    def __init__(self, options: FacebookOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.posts = PagePosts(config, state)
        self.comments = PostComments(config, state)
        self.budget = _Budget(config)

    def route(self, path: str) -> tuple[str, str] | None:
        """(edge or "node", "<version>/<node id>") for a Page's Graph path, else None."""
        match = _PATH.match(path)
        if not match or not is_page_path(match.group(2), match.group(3)):
            return None
        return match.group(3) or "node", f"{match.group(1)}/{match.group(2)}"

    def bad_body(self, message: str) -> Reply:
        return GraphError(100, f"(#100) {message}").reply()

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "echo":  # a Graph error with the request quoted in every text field
            status = fault.status or 400
            code = fault.code or {400: 100, 429: 32}.get(status, 1)
            error = GraphError(code, req.raw, status=status, user_title=req.raw, user_msg=req.raw)
            status, body = error.reply()
            body["error"]["fbtrace_id"] = req.raw
            return status, body
        if fault.kind == "429":  # Graph throttles with HTTP 400, code 32 and full usage headers
            regain = fault.retry_after // 60
            return (*GraphError(32, THROTTLE[32]).reply(), _headers(100, 100, regain, "0"))
        if fault.kind == "500":
            return GraphError(
                2,
                "An unexpected error has occurred. Please retry your request later.",
                status=500,
                transient=True,
            ).reply()
        code = fault.code or 1
        message = fault.message or THROTTLE.get(code) or "An unknown error has occurred."
        subcode = fault.subcode if fault.subcode is not None else SUBCODES.get(code)
        return GraphError(code, message, subcode, status=500 if code in (1, 2) else 400).reply()

    def set_metrics(self, post_id: str | int, **figures: Any) -> None:
        unknown = set(figures) - SET_METRICS
        if unknown:
            raise ValueError(f"facebook keeps no figure {', '.join(sorted(unknown))}")
        self.posts.set_figures(str(post_id), figures)

    def dispatch(self, method: str, where: str, req: Request) -> Reply:
        node = where.split("/", 1)[1]
        comment = self.comments.find(node)  # a comment's id starts with its post's, not the Page's
        page = comment["account"] if comment else node.split("_")[0]
        try:
            self._auth(req)
            if self.options.pages is not None and page not in self.options.pages:
                raise unsupported(node, "post" if req.headers.get("content-type") else "get")
        except GraphError as exc:
            return exc.reply()
        page_fits, page_use, regain = self.budget.count(
            page, self.options.page_calls, self.options.page_window
        )
        app_fits, app_use, _ = self.budget.count("app", self.options.app_calls, 3600.0)
        headers = _headers(app_use, page_use, regain, page)
        try:
            if not page_fits:
                raise GraphError(32, THROTTLE[32])
            if not app_fits:
                raise GraphError(4, THROTTLE[4])
            return 200, self._answer(method, node, page, req), headers
        except GraphError as exc:
            return (*exc.reply(), headers)

    def _answer(self, method: str, node: str, page: str, req: Request) -> dict[str, Any]:
        writing = bool(req.headers.get("content-type"))  # the server passes no verb: a body writes
        if method == "photos" and writing:
            return self.posts.photo(page, req)
        if method == "feed" and writing:
            return self.posts.feed(page, req)
        if method in ("feed", "published_posts"):
            return self.posts.page_of(self.posts.listing(page, None), req, "Post")
        if method not in POST_EDGES | {"node"} or "_" not in node:
            raise GraphError(2500, f"Unknown path components: /{method}")
        if method == "node" and req.verb == "DELETE":
            return self.posts.delete(node)
        if method == "node" and writing:
            return self.posts.edit(node, req)
        if method == "comments":
            return self._comments(node, req, writing)
        post = self.posts.find(node)
        if method == "node":
            return self.posts.fields(post, requested(req, POST_FIELDS, "Post"))
        return self.posts.insights(post, req)

    def _comments(self, node: str, req: Request, writing: bool) -> dict[str, Any]:
        """A post's or a comment's comments edge (fb_comments.py)."""
        post, parent = node_of(self.comments, self.posts.find, node)
        if writing:
            return dict(self.comments.create(post, parent, req))
        return dict(self.comments.read(post, parent, req))

    def _auth(self, req: Request) -> None:
        token = req.params.get("access_token", "")
        bearer = req.headers.get("authorization", "")
        if not token and bearer.lower().startswith(("bearer ", "oauth ")):
            token = bearer.split(" ", 1)[1].strip()
        if not token:
            raise GraphError(104, "An access token is required to request this resource.")
        if self.options.tokens is not None and token not in self.options.tokens:
            raise GraphError(190, "Invalid OAuth access token - Cannot parse access token")


def _headers(app: int, page: int, regain: int, page_id: str) -> dict[str, str]:
    """The three usage headers, in percent (time shares follow the call count at a third)."""
    share = {"call_count": page, "total_cputime": page // 3, "total_time": page // 3}
    return {
        "X-App-Usage": json.dumps(
            {"call_count": app, "total_cputime": app // 3, "total_time": app // 3}
        ),
        "X-Page-Usage": json.dumps(share),
        "X-Business-Use-Case-Usage": json.dumps(
            {page_id: [{"type": "pages", **share, "estimated_time_to_regain_access": regain}]}
        ),
        "x-fb-trace-id": secrets.token_urlsafe(8),
    }


#: What the sandbox serves for this network (networks/registry.py), and its options.
APIS = (FacebookApi,)
OPTIONS = FacebookOptions
