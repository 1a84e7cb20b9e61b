"""X API v2 as a user-context (OAuth 1.0a) app sees it, on api.x.com's paths.

Emulated: ``POST /2/media/upload`` (simple upload: multipart ``media``, ``media_category``),
``POST /2/media/metadata`` (alt text), ``POST /2/tweets`` (text, ``media.media_ids``,
``reply.in_reply_to_tweet_id``), ``DELETE /2/tweets/:id``, ``GET /2/users/:id/tweets`` and
``GET /2/tweets?ids=``
(sandbox/x_tweets.py has the shapes). Every request must carry a valid OAuth 1.0a signature
(RFC 5849; checked with the consumer and token secrets of the options), a timestamp within 5
minutes of the real clock and a fresh nonce, else 401 with X's problem body
``{"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}``.

Every answer carries ``x-rate-limit-limit``, ``-remaining`` and ``-reset`` (epoch seconds of the
sandbox's clock, which the ``Date`` header also follows) for its endpoint and user; a spent
window answers 429 ``Too Many Requests``, with no Retry-After, as X does (docs.x.com "Rate
limits"; the numbers, ``XOptions.limits``, are unconfirmed defaults). An identical text from the same user is
403 "You are not allowed to create a Tweet with duplicate content.". A ``tier`` of ``free``
reads nothing: the two GETs answer 403 ``client-forbidden``, X's answer to an app whose access
level lacks the endpoint.

The verb is signed, so it is the request's own (``req.verb``). Fault methods: ``tweets`` (create
and lookup), ``tweets.delete``, ``media.upload``, ``media.metadata``, ``users.tweets``. A token's
user is its ``<user id>-`` prefix, as in X's access tokens; a token without one (the stand-in of ``smm publish --sandbox``) is ``XOptions.user``.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from smm.errors import UsageError
from smm.networks.x import TIERS
from smm.networks.x_oauth import PROTOCOL, parse_authorization, verify
from smm.sandbox.forms import Request
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State
from smm.sandbox.x_tweets import Tweets, XError

Reply = tuple[int, Any] | tuple[int, Any, dict[str, str]]
SKEW = 300.0  # seconds an oauth_timestamp may be off the clock
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}
CLIENT_FORBIDDEN = {
    "client_id": "sandbox",
    "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys "
    "and tokens from a Twitter developer App that is attached to a Project. You can create a "
    "project via the developer portal.",
    "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
    "title": "Client Forbidden",
    "required_enrollment": "Appropriate Level of API Access",
    "reason": "client-not-enrolled",
    "type": "https://api.twitter.com/2/problems/client-forbidden",
}


def _secrets(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--x-app KEY=SECRET`` / ``--x-token TOKEN=SECRET`` flags -> {key: secret}."""
    out = {}
    for pair in pairs:
        key, sep, secret = pair.partition("=")
        if not sep or not key or not secret:
            raise UsageError(f"expected KEY=SECRET, got {pair.split('=')[0]!r}=...")
        out[key] = secret
    return out


def _tier(value: str) -> str:
    """``--x-tier``: one of X's access tiers."""
    if value not in TIERS:
        raise UsageError(f"--x-tier: {value!r} is not one of {', '.join(TIERS)}")
    return value


@dataclass(frozen=True)
class XOptions:
    """How strict the X sandbox is. None for apps or tokens: any, with ``default_secret``."""

    apps: dict[str, str] | None = field(
        default=None,
        metadata=flag(
            "--x-app",
            "an X app's API key and secret (default: any key, secret 'sandbox-token')",
            multiple=True,
            metavar="KEY=SECRET",
            parse=_secrets,
        ),
    )
    tokens: dict[str, str] | None = field(
        default=None,
        metadata=flag(
            "--x-token",
            "an X access token and its secret (default: any token, secret 'sandbox-token')",
            multiple=True,
            metavar="TOKEN=SECRET",
            parse=_secrets,
        ),
    )
    default_secret: str = "sandbox-token"
    tier: str = field(
        default="basic",
        metadata=flag(
            "--x-tier",
            f"the app's access tier ({', '.join(TIERS)}); free cannot read posts",
            parse=_tier,
        ),
    )
    user: str = "1"  # the user of a token without a "<user id>-" prefix
    #: requests per window per user and endpoint: X's are tier-dependent and change (docs.x.com
    #: "Rate limits"; an older page gave POST /2/tweets 200 per 15 minutes): unconfirmed defaults
    limits: dict[str, int] = field(
        default_factory=lambda: {
            "tweets.create": 100,
            "tweets.delete": 50,  # per user per 15 minutes (docs: DELETE /2/tweets/:id)
            "tweets": 15,
            "users.tweets": 10,
            "media.upload": 500,
            "media.metadata": 500,
        }
    )
    window: float = 900.0  # seconds: X's 15-minute windows


class XApi:
    network = "x"
    probe = "/2/tweets"  # a path this API answers (tests/networks/test_registry.py)
    _USER_TWEETS = re.compile(r"^/2/users/([0-9]+)/tweets$")
    _TWEET = re.compile(r"^/2/tweets/([0-9]+)$")
    _PATHS: ClassVar[dict[str, str]] = {
        "/2/tweets": "tweets",
        "/2/media/upload": "media.upload",
        "/2/media/metadata": "media.metadata",
    }

    def __init__(self, options: XOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.tweets = Tweets(config, state)
        self._windows: dict[tuple[str, str], list[float]] = {}  # (endpoint, user) -> [start, count]
        self._nonces: set[tuple[str, str, str, str]] = set()
        self._lock = threading.Lock()

    def route(self, path: str) -> tuple[str, str] | None:
        """(fault method, user id of users/:id/tweets) for an X API path, else None."""
        if path in self._PATHS:
            return self._PATHS[path], ""
        if match := self._USER_TWEETS.match(path):
            return "users.tweets", match.group(1)
        if match := self._TWEET.match(path):
            return "tweets.delete", match.group(1)
        return None

    def bad_body(self, message: str) -> Reply:
        return 400, {
            "title": "Invalid Request",
            "detail": message,
            "type": "about:blank",
            "status": 400,
        }

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "429":
            reset = math.ceil(self.config.now() + fault.retry_after)
            return 429, _problem(429, "Too Many Requests"), _headers(1, 0, reset)
        if fault.kind == "500":
            return 500, _problem(500, "Internal Server Error")
        status = fault.status or fault.code or 400
        detail = req.raw if fault.kind == "echo" else (fault.message or "injected error")
        return status, {"title": "Error", "detail": detail, "type": "about:blank", "status": status}

    def dispatch(self, method: str, path_user: str, req: Request) -> Reply:
        verb = req.verb
        endpoint = "tweets.create" if (method, verb) == ("tweets", "POST") else method
        path = {
            "users.tweets": f"/2/users/{path_user}/tweets",
            "tweets.delete": f"/2/tweets/{path_user}",
        }.get(method) or _PATH_OF[method]
        user = self._auth(verb, req, path)
        if user is None:
            return 401, UNAUTHORIZED
        if verb == "GET" and self.options.tier == "free":
            return 403, CLIENT_FORBIDDEN
        headers, spent = self._count(endpoint, user)
        if spent:
            return 429, _problem(429, "Too Many Requests"), headers
        try:
            if endpoint == "tweets.create":
                status, body = self.tweets.create(user, req)
            elif method == "tweets.delete":
                if verb != "DELETE":  # GET /2/tweets/:id is not emulated: ids= is the lookup
                    raise XError(404, _problem(404, "Not Found"))
                status, body = self.tweets.delete(user, path_user)
            elif method == "tweets":
                status, body = self.tweets.lookup(user, req)
            elif method == "users.tweets":
                status, body = self.tweets.timeline(path_user, req)
            elif method == "media.upload":
                status, body = self.tweets.upload(user, req)
            else:
                status, body = self.tweets.metadata(user, req)
        except XError as exc:
            status, body = exc.status, exc.body
        return status, body, headers

    def set_metrics(self, post_id: str | int, **figures: Any) -> None:
        self.tweets.set_metrics(post_id, **figures)

    def _auth(self, verb: str, req: Request, path: str) -> str | None:
        """The requesting user when the OAuth 1.0a signature holds, else None (401)."""
        oauth = parse_authorization(req.headers.get("authorization", ""))
        if oauth is None or any(k not in oauth for k in (*PROTOCOL[:5], "oauth_signature")):
            return None
        if (
            oauth["oauth_signature_method"] != "HMAC-SHA1"
            or oauth.get("oauth_version", "1.0") != "1.0"
        ):
            return None
        consumer, token = oauth["oauth_consumer_key"], oauth["oauth_token"]
        consumer_secret = self._secret(self.options.apps, consumer)
        token_secret = self._secret(self.options.tokens, token)
        if consumer_secret is None or token_secret is None:
            return None
        try:
            if abs(float(oauth["oauth_timestamp"]) - time.time()) > SKEW:
                return None
        except ValueError:
            return None
        kind = req.headers.get("content-type", "").split(";")[0].strip().lower()
        signed = (
            list(req.params.items())
            if kind == "application/x-www-form-urlencoded"
            else parse_qsl(req.query, keep_blank_values=True)
        )
        url = f"{req.base_url}{path}"
        if not verify(verb, url, signed, oauth, consumer_secret, token_secret):
            return None
        nonce = (consumer, token, oauth["oauth_timestamp"], oauth["oauth_nonce"])
        with self._lock:
            if nonce in self._nonces:  # a replayed request
                return None
            self._nonces.add(nonce)
        prefix = token.split("-", 1)[0]
        return prefix if "-" in token and prefix.isdigit() else self.options.user

    def _secret(self, known: dict[str, str] | None, key: str) -> str | None:
        if not key:
            return None
        return self.options.default_secret if known is None else known.get(key)

    def _count(self, endpoint: str, user: str) -> tuple[dict[str, str], bool]:
        """Count a request in its fixed window: the rate headers, and whether it is over."""
        limit = self.options.limits.get(endpoint, 900)
        now = self.config.now()
        with self._lock:
            window = self._windows.setdefault((endpoint, user), [now, 0])
            if now >= window[0] + self.options.window:
                window[:] = [now, 0]
            over = window[1] >= limit
            if not over:
                window[1] += 1
            reset = math.ceil(window[0] + self.options.window)
            return _headers(limit, max(limit - int(window[1]), 0), reset), over


_PATH_OF = {method: path for path, method in XApi._PATHS.items()}


def _headers(limit: int, remaining: int, reset: int) -> dict[str, str]:
    return {
        "x-rate-limit-limit": str(limit),
        "x-rate-limit-remaining": str(remaining),
        "x-rate-limit-reset": str(reset),
    }


def _problem(status: int, title: str) -> dict[str, Any]:
    return {"title": title, "detail": title, "type": "about:blank", "status": status}


#: What the sandbox serves for this network (networks/registry.py), and its options.
APIS = (XApi,)
OPTIONS = XOptions
