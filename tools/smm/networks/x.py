"""X API v2 adapter: a rendered post goes out as one ``POST /2/tweets``, signed with OAuth 1.0a.

docs/networks.md#x. Images first: each through ``POST /2/media/upload`` (multipart ``media``,
``media_category=tweet_image``), its alt text through ``POST /2/media/metadata``; then the post
with ``media.media_ids``. Every call carries an OAuth 1.0a user-context signature
(networks/x_oauth.py; docs/decisions.md says why not an OAuth 2.0 user token); limits come from
the ``x-rate-limit-*`` headers (networks/x_http.py).

X keeps no client key that makes a retry idempotent, so exactly once rests on reconcile: a
dropped answer or X's "duplicate content" refusal (a 403 that means an identical post exists)
is MaybePostedError, and reconcile reads the account's posts since the claim
(``GET /2/users/:id/tweets``) for the text. An access tier that cannot read (``tier: free``)
cannot look: UnsupportedError, so the post becomes ``unknown`` for a person to check.

A retraction is ``DELETE /2/tweets/:id``. X has no edit smm can use: an edit makes a new post id,
within 30 minutes of posting and for Premium accounts only (docs.x.com "Edit posts"), so this
adapter offers none (rules/x.yaml ``edit``); the way out is retract and post again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Num, Obj, Str
from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
from smm.errors import (
    ConfigError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
    UnsupportedError,
)
from smm.networks.accounts import ENV_NAME, HANDLE, NUMERIC_ID
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, status_error
from smm.networks.x_http import RateWindows, comparable, keys, problem, signed

if TYPE_CHECKING:
    import httpx

    from smm.networks.x_http import Keys

REAL_API = "https://api.x.com"
#: X's access tiers; "free" may post but read nothing back (docs/networks.md#x)
TIERS = ("free", "basic", "pro", "enterprise")
MAX_IMAGES = 4
LOOKUP_BATCH = 100  # GET /2/tweets takes at most 100 ids
PAGE = 100  # GET /2/users/:id/tweets max_results
PAGES = 5  # reconcile reads at most 500 posts since the claim, then cannot tell
CLAIM_SLACK = timedelta(minutes=5)  # X's clock against the runner's, when reading since the claim
DUPLICATE = (
    "duplicate content"  # 403 "You are not allowed to create a Tweet with duplicate content."
)


def _env(what: str) -> Field:
    return Field(ENV_NAME, description=f"name of the environment variable with the {what}")


#: accounts.x in a brand file: the user, the access tier and the OAuth 1.0a keys' variables.
ACCOUNT = Obj(
    {
        "handle": HANDLE,
        "user_id": Field(
            NUMERIC_ID, description="X: the numeric user id (reconcile reads its posts)"
        ),
        "tier": Field(
            Str(enum=TIERS),
            description="X: the API access tier; free cannot read posts back (no reconcile, no metrics)",
        ),
        "posts_per_month": Field(
            Num(integer=True, minimum=0, maximum=10**9),
            description="X: the tier's posting cap a month (default: rules/x.yaml)",
        ),
        "api_key_env": _env("app's API key (OAuth 1.0a consumer key)"),
        "api_secret_env": _env("app's API key secret (consumer secret)"),
        "access_token_env": _env("user's access token"),
        "access_secret_env": _env("user's access token secret"),
    }
)


def post_url(account: Account, post_id: str) -> str:
    handle = str(account.settings.get("handle") or "").lstrip("@")
    return f"https://x.com/{handle or 'i/web'}/status/{post_id}"


class X(HttpAdapter):
    """Posts as the user whose access token the brand names; ``settings['user_id']`` is that user."""

    id = "x"
    real_api = REAL_API
    limiter = RateLimiter(calls=50, period=1.0)  # unused: X's pace comes from its headers
    windows = RateWindows()  # shared by every instance in a process, like ``limiter``

    def publish(self, outgoing: Outgoing) -> Published:
        """Upload the images, then POST /2/tweets; a thread's part replies to the part before
        (``reply.in_reply_to_tweet_id``)."""
        account = outgoing.account
        _user_id(account)  # without it a lost answer could never be looked for: refuse up front
        creds = keys(account)
        images = outgoing.rendered.images
        if len(images) > MAX_IMAGES:
            raise NetworkError(self.id, f"{len(images)} images: a post holds at most {MAX_IMAGES}")
        body: dict[str, Any] = {"text": outgoing.rendered.text}
        media_ids = [self._upload(outgoing, creds, i) for i in range(len(images))]
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        if outgoing.thread:
            body["reply"] = {"in_reply_to_tweet_id": outgoing.thread[-1].id}
        answer = self._call(creds, "POST", "/2/tweets", "tweets.create", writes=True, json=body)
        if answer.status_code == 403 and DUPLICATE in problem(answer):
            # X refuses a text it already has from this user: maybe our own earlier send
            raise MaybePostedError(self.id, problem(answer), 403)
        _refuse(answer, "POST /2/tweets", writes=True)
        try:
            post_id = str(answer.json()["data"]["id"])
        except (ValueError, KeyError, TypeError):
            raise MaybePostedError(self.id, "POST /2/tweets answered without an id") from None
        return Published(post_id, post_url(account, post_id), {"media_ids": media_ids})

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The post among the user's posts since the claim with the same text, else None."""
        account = outgoing.account
        creds, user = _readable(account), _user_id(account)
        query = [("max_results", str(PAGE)), ("tweet.fields", "created_at")]
        if outgoing.claimed_at is not None:
            start = (outgoing.claimed_at - CLAIM_SLACK).astimezone(UTC)
            query.append(("start_time", start.strftime("%Y-%m-%dT%H:%M:%SZ")))
        want, found = comparable(outgoing.rendered.text), []
        path = f"/2/users/{user}/tweets"
        for _ in range(PAGES):
            answer = self._call(creds, "GET", path, "users.tweets", writes=False, query=query)
            _refuse(answer, f"GET {path}", writes=False)
            body = answer.json()
            found += [t for t in body.get("data") or [] if comparable(t.get("text", "")) == want]
            next_token = (body.get("meta") or {}).get("next_token")
            if not next_token:
                break
            query = [
                *[q for q in query if q[0] != "pagination_token"],
                ("pagination_token", next_token),
            ]
        else:
            if not found:
                raise UnconfirmedError(
                    self.id, f"more than {PAGES * PAGE} posts since the claim: cannot tell"
                )
        if len(found) > 1:
            ids = ", ".join(str(t["id"]) for t in found)
            raise UnconfirmedError(
                self.id, f"{len(found)} posts with this text since the claim: {ids}"
            )
        if not found:
            return None
        post_id = str(found[0]["id"])
        return Published(post_id, post_url(account, post_id), {"reconciled": True})

    def retract(self, account: Account, live: Published) -> None:
        """``DELETE /2/tweets/:id``; ``deleted: false`` or 404 (the post gone already) is done."""
        path = f"/2/tweets/{live.id}"
        answer = self._call(keys(account), "DELETE", path, "tweets.delete", writes=True)
        if answer.status_code == 404:
            return
        _refuse(answer, f"DELETE {path}", writes=True)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Figures from GET /2/tweets (public_metrics; non_public_metrics where X gives them: the
        user's own posts under 30 days), 100 posts a call. A post X does not find is left out."""
        self.notes = []
        creds, out = _readable(account), {}
        wanted = [str(i) for i in ids]
        for start in range(0, len(wanted), LOOKUP_BATCH):
            query = [
                ("ids", ",".join(wanted[start : start + LOOKUP_BATCH])),
                ("tweet.fields", "public_metrics,non_public_metrics"),
            ]
            answer = self._call(
                creds, "GET", "/2/tweets", "tweets.lookup", writes=False, query=query
            )
            _refuse(answer, "GET /2/tweets", writes=False)
            body = answer.json()
            for tweet in body.get("data") or []:
                out[str(tweet["id"])] = _figures(tweet)
            if any(e.get("parameter") == "non_public_metrics" for e in body.get("errors") or []):
                note = "x: no link clicks, and impressions are public, for posts over 30 days old"
                if note not in self.notes:
                    self.notes.append(note)
        return out

    def _upload(self, outgoing: Outgoing, creds: Keys, index: int) -> str:
        """The media id of image ``index``, its alt text set. Safe to repeat: unused media expire."""
        image = outgoing.rendered.images[index]
        try:
            content = read_user_file(outgoing.root, image.src, MAX_IMAGE_BYTES)
        except OSError as exc:
            raise NetworkError(self.id, f"cannot read image {image.src}: {exc.strerror}") from None
        name = image.src.rsplit("/", 1)[-1]
        answer = self._call(
            creds,
            "POST",
            "/2/media/upload",
            "media.upload",
            writes=False,
            files={"media": (name, content)},
            data={"media_category": "tweet_image"},
        )
        _refuse(answer, f"upload of {image.src}", writes=False)
        try:
            media_id = str(answer.json()["data"]["id"])
        except (ValueError, KeyError, TypeError):
            raise RetryableError(self.id, f"upload of {image.src}: no media id") from None
        if image.alt:
            meta = {"id": media_id, "metadata": {"alt_text": {"text": image.alt}}}
            answer = self._call(
                creds, "POST", "/2/media/metadata", "media.metadata", writes=False, json=meta
            )
            _refuse(answer, f"alt text of {image.src}", writes=False)
        return media_id

    def _call(
        self,
        creds: Keys,
        method: str,
        path: str,
        endpoint: str,
        *,
        writes: bool,
        query: Sequence[tuple[str, str]] = (),
        **body: Any,
    ) -> httpx.Response:
        url = f"{self.api_base}{path}"
        return signed(
            self.client,
            self.windows,
            creds,
            method,
            url,
            endpoint=endpoint,
            writes=writes,
            query=query,
            **body,
        )


def _refuse(answer: httpx.Response, what: str, *, writes: bool) -> None:
    """Raise the error for an answer that is not a success; 403 client-forbidden (a tier that
    may not call this endpoint) is UnsupportedError."""
    if answer.status_code < 300:
        return
    text = f"{what}: {problem(answer)}"
    if answer.status_code == 403 and "client-forbidden" in answer.text:
        raise UnsupportedError("x", text, 403)
    raise status_error("x", answer.status_code, text, answer.status_code, writes=writes)


def _readable(account: Account) -> Keys:
    """The keys, where the account's tier may read posts back; UnsupportedError where not."""
    if account.settings.get("tier") == "free":
        raise UnsupportedError(
            "x", "the free API tier cannot read posts (accounts.x.tier: free): check by hand"
        )
    return keys(account)


def _user_id(account: Account) -> str:
    user = str(account.settings.get("user_id") or "")
    if not user.isdigit():
        raise ConfigError("x: the brand's x account needs its numeric 'user_id' to read its posts")
    return user


def _figures(tweet: dict[str, Any]) -> dict[str, Any]:
    """X's counts onto METRIC_KEYS: impressions are views (the private count where given),
    reposts and quotes are shares, replies are comments, bookmarks saves, link clicks clicks."""
    public = tweet.get("public_metrics") or {}
    private = tweet.get("non_public_metrics") or {}
    out: dict[str, Any] = {}
    views = private.get("impression_count", public.get("impression_count"))
    pairs = (
        ("views", views),
        ("likes", public.get("like_count")),
        ("comments", public.get("reply_count")),
        ("saves", public.get("bookmark_count")),
        ("clicks", private.get("url_link_clicks")),
    )
    for key, value in pairs:
        if isinstance(value, int) and not isinstance(value, bool):
            out[key] = value
    shares = [public.get(k) for k in ("retweet_count", "quote_count")]
    if all(isinstance(v, int) for v in shares):
        out["shares"] = sum(v for v in shares if isinstance(v, int))
    return out
