"""A Mastodon instance's client API as an app's user token sees it (mastodon/mastodon, v4).

Emulated: ``GET /api/v2/instance`` (configuration.statuses and media_attachments from the
options), ``POST /api/v2/media`` (multipart ``file`` + ``description``; 200 with its ``url``, or
202 with ``url: null`` for ``mastodon_processing`` seconds), ``GET /api/v1/media/:id`` (206 while
processing, then 200), ``POST /api/v1/statuses`` (``status``, ``media_ids[]``, ``spoiler_text``,
``visibility``, ``language``, ``in_reply_to_id``), ``GET /api/v1/statuses/:id``,
``GET /api/v1/accounts/verify_credentials`` and ``GET /api/v1/accounts/:id/statuses``
(``limit`` up to 40, ``max_id``, newest first). Sources, all in mastodon/mastodon:

- auth: a Bearer token; none or a wrong one is 401 ``{"error": "The access token is invalid"}``
  (Doorkeeper's description); each token is its own account here;
- errors: ``{"error": "..."}`` (app/controllers/api/base_controller.rb): 422 for
  ``Validation failed: Text character limit of 500 exceeded`` (StatusLengthValidator: the
  content warning and the text counted together, each link it makes as 23, found as
  networks/mastodon_urls.py finds it), ``Validation failed: Text can't be blank``, ``Cannot
  attach files that have not finished processing. Try again in a moment!``, a file of
  image_size_limit bytes or more (Paperclip's less_than), more than max_media_attachments,
  an alt text over description_limit, a file that is not an image (``File type of uploaded
  media could not be verified``); 404 ``Record not found``, and
  for an ``in_reply_to_id`` that is not there or deleted 404 ``The post you are trying to reply
  to does not appear to exist.`` (StatusesController#set_thread, a before_action: before the
  idempotency key and every validation);
- idempotency (app/services/post_status_service.rb): an ``Idempotency-Key`` already used by the
  same account within the hour (by the sandbox's clock) answers the status it made then, and
  nothing new is stored; media ids that are unknown or attached already are silently dropped;
- rate limits (config/initializers/rack_attack.rb, app/lib/rate_limiter.rb): per token 300
  requests per 5 minutes, per account 30 media uploads per 30 minutes and 300 statuses per 3
  hours, each a fixed window aligned to the epoch of the sandbox's clock (a client reads Reset
  against the ``Date`` header, which tells that clock); every answer carries ``X-RateLimit-Limit``,
  ``-Remaining`` and ``-Reset`` (ISO 8601) of the most limited window, a refusal is 429
  ``{"error": "Too many requests"}`` with the same headers (an injected 429: Reset its
  ``retry_after`` seconds ahead).

Accounts, media and statuses (and the HTML a status's ``content`` shows) are in mastodon_store.py.
The server passes no HTTP verb: each path here is either read or written, never both.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from smm.networks.counters import graphemes
from smm.networks.counters import mastodon as status_length
from smm.sandbox.forms import Request, inspect_image
from smm.sandbox.mastodon_audience import MastodonAudienceApi
from smm.sandbox.mastodon_edits import status_change
from smm.sandbox.mastodon_store import Store, now_iso
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State

Reply = tuple[int, Any, dict[str, str]]
INVALID_TOKEN = "The access token is invalid"
TOO_MANY = "Too many requests"  # I18n errors.429
#: statuses.errors.in_reply_not_found (StatusesController#set_thread: a parent that is not there,
#: deleted, or not visible to the poster)
REPLY_NOT_FOUND = "The post you are trying to reply to does not appear to exist."
NOT_READY = "Cannot attach files that have not finished processing. Try again in a moment!"


@dataclass(frozen=True)
class MastodonOptions:
    """How the instance is configured. None for tokens: any non-empty token."""

    tokens: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--mastodon-token",
            "the only Mastodon access tokens accepted (default: any non-empty token)",
            multiple=True,
            envvar="SMM_SANDBOX_MASTODON_TOKENS",
        ),
    )
    max_characters: int = field(
        default=500,
        metadata=flag(
            "--mastodon-max-characters", "configuration.statuses.max_characters", type=int
        ),
    )
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    description_limit: int = 1500
    image_size_limit: int = 16 * 1024 * 1024
    processing: float = field(  # seconds an uploaded image stays "processing" (202, then 206)
        default=0.0,
        metadata=flag(
            "--mastodon-processing", "seconds an uploaded image takes to process", type=float
        ),
    )
    api_limit: int = field(  # throttle_per_token_api
        default=300,
        metadata=flag(
            "--mastodon-api-limit", "requests per 5 minutes per token", type=int, minimum=1
        ),
    )
    api_period: float = 300.0
    media_limit: int = 30  # throttle_api_media: per account per 30 minutes
    media_period: float = 1800.0
    statuses_limit: int = 300  # RateLimiter family :statuses, per account per 3 hours
    statuses_period: float = 10800.0


class FixedWindows:
    """Rack::Attack's counting: ``limit`` per ``period`` in windows aligned to the epoch."""

    def __init__(self, limit: int, period: float, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.period, self._clock = limit, period, clock
        self._counts: dict[tuple[object, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: object, count: bool = True) -> tuple[bool, dict[str, str]]:
        """(allowed, the X-RateLimit headers after this request)."""
        now = self._clock()
        window = int(now // self.period)
        with self._lock:
            used = self._counts.get((key, window), 0)
            allowed = used < self.limit
            if allowed and count:
                used += 1
                self._counts[(key, window)] = used
        reset = datetime.fromtimestamp((window + 1) * self.period, UTC)
        return allowed, {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(self.limit - used, 0)),
            "X-RateLimit-Reset": _iso(reset),
        }


def _iso(moment: datetime) -> str:
    """Rails' ISO 8601 with microseconds and a Z (rate_limit_headers.rb)."""
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


class MastodonApi:
    network = "mastodon"
    probe = "/api/v2/instance"
    _ROUTES = (
        (re.compile(r"^/api/v2/instance$"), "instance"),
        (re.compile(r"^/api/v2/media$"), "media.create"),
        (re.compile(r"^/api/v1/media/(\d+)$"), "media.show"),
        (re.compile(r"^/api/v1/statuses$"), "statuses.create"),
        (re.compile(r"^/api/v1/statuses/(\d+)$"), "statuses.show"),  # PUT: edit, DELETE
        (re.compile(r"^/api/v1/statuses/(\d+)/source$"), "statuses.source"),
        (re.compile(r"^/api/v1/accounts/verify_credentials$"), "accounts.verify_credentials"),
        (re.compile(r"^/api/v1/accounts/(\d+)/statuses$"), "accounts.statuses"),
    )

    def __init__(self, options: MastodonOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.store = Store(config, state)
        self.api = FixedWindows(options.api_limit, options.api_period, config.now)
        self.uploads = FixedWindows(options.media_limit, options.media_period, config.now)
        self.posting = FixedWindows(options.statuses_limit, options.statuses_period, config.now)
        self._create_lock = threading.Lock()  # one status create at a time: idempotency holds

    def route(self, path: str) -> tuple[str, str] | None:
        """(endpoint, the id in the path or "") for a path this API serves, else None."""
        for pattern, name in self._ROUTES:
            if match := pattern.match(path):
                return name, (match.group(1) if match.groups() else "")
        return None

    def bad_body(self, message: str) -> Reply:
        return 400, {"error": message}, {}

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "429":
            reset = datetime.fromtimestamp(self.config.now() + fault.retry_after, UTC)
            return (
                429,
                {"error": TOO_MANY},
                {
                    "X-RateLimit-Limit": str(self.options.api_limit),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": _iso(reset),
                },
            )
        if fault.kind == "500":  # the front end's error page, not API JSON
            return (
                500,
                "<html><body><h1>We're sorry, but something went wrong.</h1></body></html>",
                {},
            )
        if fault.kind == "echo":
            return fault.status or 422, {"error": req.raw}, {}
        return fault.code or 422, {"error": fault.message or "Validation failed: injected"}, {}

    def set_metrics(self, status_id: str | int, **figures: int) -> None:
        """Set a status's counts (favourites_count, reblogs_count, replies_count, quotes_count)."""
        self.store.set_figures(str(status_id), figures)

    def dispatch(self, method: str, ident: str, req: Request) -> Reply:
        if method == "instance":
            return 200, self._instance(req), {}
        token = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        known = self.options.tokens
        if not token or (known is not None and token not in known):
            return 401, {"error": INVALID_TOKEN}, {}
        allowed, headers = self.api.hit(token)
        if not allowed:
            return 429, {"error": TOO_MANY}, headers
        account = self.store.account(token)
        if method == "media.create":
            allowed, media_headers = self.uploads.hit(account["id"])
            headers = _most_limited(headers, media_headers)
            if not allowed:
                return 429, {"error": TOO_MANY}, headers
            return (*self._upload(account, req), headers)
        if method == "statuses.create":
            with self._create_lock:
                return self._create(account, req, headers)
        if method == "statuses.show" and req.verb in ("PUT", "DELETE"):
            with self._create_lock:  # an edit or a delete: one at a time, like a create
                status, body = status_change(self, account, ident, req)
            return status, body, headers
        status, body = self._read(method, ident, account, req)
        return status, body, headers

    # -- endpoints ---------------------------------------------------------------------------

    def _instance(self, req: Request) -> dict[str, Any]:
        o = self.options
        return {
            "domain": req.base_url.split("://", 1)[-1],
            "title": "smm sandbox",
            "version": "4.3.0",
            "configuration": {
                "statuses": {
                    "max_characters": o.max_characters,
                    "max_media_attachments": o.max_media_attachments,
                    "characters_reserved_per_url": o.characters_reserved_per_url,
                },
                "media_attachments": {
                    "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp"],
                    "image_size_limit": o.image_size_limit,
                    "description_limit": o.description_limit,
                },
            },
        }

    def _upload(self, account: dict[str, Any], req: Request) -> tuple[int, Any]:
        upload = req.files.get("file")
        if upload is None:
            return 422, {"error": "Validation failed: File can't be blank"}
        if len(upload.data) >= self.options.image_size_limit:  # Paperclip's less_than
            limit = self.options.image_size_limit // (1024 * 1024)
            return 422, {"error": f"Validation failed: File file size must be less than {limit} MB"}
        info = inspect_image(upload.data)
        if info is None:
            return 422, {"error": "File type of uploaded media could not be verified"}
        description = req.params.get("description", "")
        # Rails' length validator: String#length, code points (app/models/media_attachment.rb)
        if len(description) > self.options.description_limit:
            most = self.options.description_limit
            return 422, {
                "error": f"Validation failed: Description is too long (maximum is {most} characters)"
            }
        media_id = self.store.add_media(account["id"], info.as_dict(), description)
        ready, media = self.store.media_json(media_id, self.options.processing, req.base_url)
        return (200 if ready else 202), media

    def _create(self, account: dict[str, Any], req: Request, headers: dict[str, str]) -> Reply:
        reply_to = req.params.get("in_reply_to_id") or None
        if reply_to:  # set_thread, a before_action: ahead of the idempotency key and validation
            parent = self.store.status(reply_to)
            if parent is None or parent.get("deleted"):
                return 404, {"error": REPLY_NOT_FOUND}, headers
        key = req.headers.get("idempotency-key", "")
        if key and (existing := self.store.idempotent(account["id"], key)):
            earlier = self.store.status(existing)
            if earlier is not None:
                return 200, self.store.status_json(earlier, req.base_url), headers
        text = req.params.get("status", "")
        spoiler = req.params.get("spoiler_text", "")
        media_ids = _media_ids(req)
        if len(media_ids) > self.options.max_media_attachments:
            most = self.options.max_media_attachments
            return 422, {"error": f"Cannot attach more than {most} files"}, headers
        mine = [m for m in media_ids if self._free_media(account["id"], m)]
        if any(not self.store.media_json(m, self.options.processing, "")[0] for m in mine):
            return 422, {"error": NOT_READY}, headers
        if not text.strip() and not mine:
            return 422, {"error": "Validation failed: Text can't be blank"}, headers
        url_length = self.options.characters_reserved_per_url
        if graphemes(spoiler) + status_length(text, url_length) > self.options.max_characters:
            most = self.options.max_characters
            error = f"Validation failed: Text character limit of {most} exceeded"
            return 422, {"error": error}, headers
        allowed, post_headers = self.posting.hit(account["id"])
        headers = _most_limited(headers, post_headers)
        if not allowed:
            return 429, {"error": TOO_MANY}, headers
        post: dict[str, Any] = {
            "network": "mastodon",
            "id": self.store.next_status_id(),
            "account": account["id"],
            "username": account["username"],
            "text": text,
            "spoiler_text": spoiler,
            "visibility": req.params.get("visibility") or "public",
            "language": req.params.get("language") or None,
            "media_ids": mine,
            "images": [self._image(m) for m in mine],
            "idempotency_key": key or None,
            "created_at": now_iso(self.config),
        }
        if reply_to:
            post["reply_to"] = reply_to
        self.store.add_status(post, key, mine)
        return 200, self.store.status_json(post, req.base_url), headers

    def _read(
        self, method: str, ident: str, account: dict[str, Any], req: Request
    ) -> tuple[int, Any]:
        base = req.base_url
        if method == "accounts.verify_credentials":
            return 200, self.store.account_json(account, base)
        if method == "media.show":
            media = self.store.media(ident)
            if media is None or media["account"] != account["id"] or media["status"]:
                return 404, {"error": "Record not found"}
            ready, body = self.store.media_json(ident, self.options.processing, base)
            return (200 if ready else 206), body
        if method in ("statuses.show", "statuses.source"):
            post = self.store.status(ident)
            if post is None or post.get("deleted"):
                return 404, {"error": "Record not found"}
            if method == "statuses.source":  # the text as written, for an editor
                return 200, {
                    "id": ident,
                    "text": post["text"],
                    "spoiler_text": post["spoiler_text"],
                }
            return 200, self.store.status_json(post, base)
        # accounts.statuses
        limit = min(abs(_int(req.params.get("limit"), 20)) or 20, 40)
        max_id = _int(req.params.get("max_id"), 0)
        posts = [
            p
            for p in self.store.statuses_of(ident)
            if (not max_id or int(p["id"]) < max_id) and not p.get("deleted")
        ][:limit]
        return 200, [self.store.status_json(p, base) for p in posts]

    def _free_media(self, account_id: str, media_id: str) -> bool:
        media = self.store.media(media_id)
        return media is not None and media["account"] == account_id and not media["status"]

    def _image(self, media_id: str) -> dict[str, Any]:
        media = self.store.media(media_id) or {}
        return {**(media.get("image") or {}), "alt": media.get("description")}


def _media_ids(req: Request) -> list[str]:
    """``media_ids[]`` in the order sent: repeated form fields, or a JSON body's list."""
    if "media_ids[]" in req.lists:
        return req.lists["media_ids[]"]
    try:
        listed = json.loads(req.params.get("media_ids") or "[]")
    except ValueError:
        return []
    return [str(m) for m in listed] if isinstance(listed, list) else []


def _most_limited(*headers: dict[str, str]) -> dict[str, str]:
    """The headers of the window with the fewest requests left (rate_limit_headers.rb)."""
    return min(headers, key=lambda h: int(h.get("X-RateLimit-Remaining", "0")))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


#: What the sandbox serves for this network (networks/registry.py), and its options.
APIS = (MastodonApi, MastodonAudienceApi)
OPTIONS = MastodonOptions
