"""Threads adapter (graph.threads.net): a media container, then ``threads_publish``.

docs/networks.md#threads-meta. Like Instagram, Meta fetches each image itself from a public URL (the
public base URL + its path in the repository, checked from here first: networks/ig_images.py).
Then, with the user access token as the ``access_token`` parameter:

1. ``GET /{user}/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config``:
   refuse when the 250 posts (or, for a reply, 1,000 replies) of the last 24 h are used up;
2. ``POST /{user}/threads``: ``media_type=TEXT`` or ``IMAGE`` (``image_url``, ``alt_text``) with
   ``text``, ``topic_tag`` (the post's one hashtag) and ``reply_to_id`` (a thread's part answers
   the part before it; a first comment is such a self-reply); for 2-20 images one
   ``is_carousel_item=true`` container each, then ``media_type=CAROUSEL`` with ``children``;
3. ``GET /{container}?fields=status,error_message`` until FINISHED (ERROR/EXPIRED: refused);
4. ``POST /{user}/threads_publish?creation_id=`` -> the media id: the only step that can put a
   post on the profile, so a lost answer here is MaybePostedError;
5. ``GET /{media-id}?fields=permalink`` for its URL.

Containers are invisible and expire unused after 24 h, so steps 1-3 are safe to repeat. Reconcile
reads the profile's posts (``/{user}/threads``) or, for a reply, its replies (``/{user}/replies``)
since the claim and matches the text (and the post it answers). Metrics are the media insights.
The user is ``user_id`` from the brand file, else ``me`` (the token's user). Graph errors map onto
the error tree in threads_errors.py.

A retraction is ``DELETE /{threads-media-id}`` (threads_delete permission; 100 deletes a day per
account; docs/threads/posts/delete-posts); a post already gone (Graph's 100/33) counts as done.
The Threads API has no edit of a published post, so this adapter offers none (rules/threads.yaml).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Obj
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    UnconfirmedError,
)
from smm.networks.accounts import HANDLE, NUMERIC_ID, PUBLIC_BASE_URL, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter

if TYPE_CHECKING:
    import httpx

    from smm.networks.audience import Entrant, Feedback

#: accounts.threads in a brand file: the Threads user, its handle, the token's variable, and
#: where Meta fetches images from.
ACCOUNT = Obj(
    {
        "user_id": Field(NUMERIC_ID, description="Threads: user id (default: the token's user)"),
        "handle": HANDLE,
        "token_env": TOKEN_ENV,
        "public_base_url": PUBLIC_BASE_URL,
    }
)

REAL_API = "https://graph.threads.net"
API_VERSION = "v1.0"  # the one place the Threads API version is named
SANDBOX_HOST = "/_graph.threads.net"  # where `smm sandbox` serves this host (sandbox/threads.py)
MAX_CAROUSEL = 20  # "Carousels can have at least 2 and up to 20 total images or videos"
PAGE = 50  # posts per page of /{user}/threads and /{user}/replies
PAGES = 4  # reconcile reads at most 200 posts since the claim, then cannot tell
CLAIM_SLACK = timedelta(minutes=5)  # our claim's clock against Meta's timestamps
#: insights metric -> smm's key (METRIC_KEYS); a repost, a quote and a share all pass a post on
INSIGHTS = {
    "views": "views",
    "likes": "likes",
    "replies": "comments",
    "reposts": "shares",
    "quotes": "shares",
    "shares": "shares",
}


class Threads(HttpAdapter):
    """Posts to a Threads profile as the user the token belongs to."""

    id = "threads"
    real_api = REAL_API
    # the call budget is 4,800 x the profile's daily impressions (at least 10): 48,000 calls a day
    # at worst, about 0.5 a second; a batch of posts stays far below it
    limiter = RateLimiter(calls=30, period=60.0)
    poll_first, poll_max, poll_timeout = 0.2, 5.0, 300.0  # Meta: poll for at most 5 minutes

    def __init__(
        self,
        client: httpx.Client,
        api_base: str | None = None,
        *,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(client, api_base, limiter=limiter)
        self._sleep = sleep
        self.host = self.api_base if self.api_base == REAL_API else self.api_base + SANDBOX_HOST

    # -- publishing --------------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        """Quota, image URLs, containers, FINISHED, threads_publish, permalink (module doc)."""
        from smm.networks.ig_images import check_public, public_url

        account, rendered = outgoing.account, outgoing.rendered
        user, token = _user(account), _token(account)
        images = rendered.images
        if len(images) > MAX_CAROUSEL:
            raise NetworkError(
                self.id, f"{len(images)} images: a carousel holds at most {MAX_CAROUSEL}"
            )
        urls = [
            check_public(self.client, public_url(account, i.src, self.id), i.src, self.id)
            for i in images
        ]
        reply_to = outgoing.thread[-1].id if outgoing.thread else None
        self._check_quota(user, token, reply=reply_to is not None)
        params: dict[str, str] = {"text": rendered.text}
        if tag := topic_tag(rendered.hashtags):
            params["topic_tag"] = tag
        if reply_to:
            params["reply_to_id"] = reply_to
        if not images:
            container = self._create(user, token, {"media_type": "TEXT", **params})
        elif len(images) == 1:
            params.update(media_type="IMAGE", image_url=urls[0])
            if images[0].alt:
                params["alt_text"] = images[0].alt
            container = self._create(user, token, params)
        else:
            children = []
            for url, image in zip(urls, images):
                item = {"media_type": "IMAGE", "image_url": url, "is_carousel_item": "true"}
                if image.alt:
                    item["alt_text"] = image.alt
                children.append(self._create(user, token, item))
            self._wait_finished(token, children)
            params.update(media_type="CAROUSEL", children=",".join(children))
            container = self._create(user, token, params)
        self._wait_finished(token, [container])
        answer = self._call(
            token, "POST", f"{user}/threads_publish", {"creation_id": container}, writes=True
        )
        media_id = str(answer.get("id") or "")
        if not media_id:
            raise MaybePostedError(self.id, "threads_publish answered without a media id")
        extra: dict[str, Any] = {"container": container}
        try:  # published already: a failure from here on must never lead to sending it again
            found = self._call(token, "GET", media_id, {"fields": "permalink"}, writes=False)
            url = str(found.get("permalink") or "")
        except NetworkError as exc:
            url, extra["permalink_error"] = "", exc.one_line()
        return Published(id=media_id, url=url, extra=extra)

    def _check_quota(self, user: str, token: str, *, reply: bool) -> None:
        """Refuse before any container when the rolling 24 h quota is used up (read first, as
        Meta recommends: threads_publish would refuse it anyway, after the containers)."""
        fields = "reply_quota_usage,reply_config" if reply else "quota_usage,config"
        answer = self._call(
            token, "GET", f"{user}/threads_publishing_limit", {"fields": fields}, writes=False
        )
        usage_key, config_key = fields.split(",")
        try:
            entry = (answer.get("data") or [{}])[0]
            usage = int(entry.get(usage_key) or 0)
            config = entry.get(config_key) or {}
            total, window = config.get("quota_total"), config.get("quota_duration")
        except (TypeError, ValueError, AttributeError):
            raise NetworkError(
                self.id, f"threads_publishing_limit: an answer without {usage_key}"
            ) from None
        if total is not None and usage >= int(total):
            what = "replies" if reply else "posts"
            hours = f"{int(window) // 3600} h" if window else "the rolling window"
            raise NetworkError(
                self.id,
                f"publishing quota used up: {usage} of {total} {what} in {hours}; "
                "nothing was sent, publish again once the window moves on",
            )

    def _create(self, user: str, token: str, params: dict[str, str]) -> str:
        answer = self._call(token, "POST", f"{user}/threads", params, writes=False)
        container = str(answer.get("id") or "")
        if not container:
            raise NetworkError(self.id, "media container: an answer without an id")
        return container

    def _wait_finished(self, token: str, containers: list[str]) -> None:
        """Poll each container's status until FINISHED, for at most ``poll_timeout`` s."""
        from smm.networks.meta_containers import wait_finished

        def status_of(container: str) -> tuple[str, str]:
            fields = {"fields": "status,error_message"}
            answer = self._call(token, "GET", container, fields, writes=False)
            return str(answer.get("status") or ""), str(answer.get("error_message") or "")

        wait_finished(
            self.id,
            containers,
            status_of,
            dead=("ERROR", "EXPIRED", "PUBLISHED"),
            first=self.poll_first,
            most=self.poll_max,
            timeout=self.poll_timeout,
            sleep=self._sleep,
        )

    # -- reconcile and metrics ---------------------------------------------------------------

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The one post since the claim with our text (a reply: also answering the same post),
        else None. threads_publish keeps no client key, so the text is what we can see; two
        matches, or more posts since the claim than PAGES pages, raise UnconfirmedError."""
        account = outgoing.account
        user, token = _user(account), _token(account)
        reply_to = outgoing.thread[-1].id if outgoing.thread else None
        edge = "replies" if reply_to else "threads"
        params: dict[str, Any] = {
            "fields": "id,text,permalink,timestamp,media_type,replied_to",
            "limit": PAGE,
        }
        if outgoing.claimed_at is not None:
            params["since"] = int((outgoing.claimed_at - CLAIM_SLACK).timestamp())
        want, found = _norm(outgoing.rendered.text), []
        for _ in range(PAGES):
            page = self._call(token, "GET", f"{user}/{edge}", params, writes=False)
            for item in page.get("data") or []:
                answers = (item.get("replied_to") or {}).get("id")
                if _norm(str(item.get("text") or "")) == want and (
                    not reply_to or str(answers) == reply_to
                ):
                    found.append(item)
            after = ((page.get("paging") or {}).get("cursors") or {}).get("after")
            if not after or not (page.get("paging") or {}).get("next"):
                break
            params = {**params, "after": after}
        else:
            raise UnconfirmedError(
                self.id, f"more than {PAGES * PAGE} {edge} since the claim: cannot tell"
            )
        if len(found) > 1:
            ids = ", ".join(str(item["id"]) for item in found)
            raise UnconfirmedError(self.id, f"{len(found)} {edge} with this text: {ids}")
        if not found:
            return None
        return Published(
            id=str(found[0]["id"]),
            url=str(found[0].get("permalink") or ""),
            extra={"reconciled": True, "timestamp": found[0].get("timestamp")},
        )

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """A contest's entrants under ``live`` (networks/audience.py; read in threads_audience.py)."""
        from smm.networks import threads_audience

        return threads_audience.entrants(self, account, live, entry)

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under ``live`` for the inbox (read in threads_audience.py)."""
        from smm.networks import threads_audience

        return threads_audience.feedback(self, account, live)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """views, likes, comments (replies) and shares (reposts + quotes + shares) from
        ``/{media-id}/insights``; a post Meta no longer finds is left out."""
        from smm.networks.ig_insights import insight_value

        self.notes = []
        token, out = _token(account), {}
        for media_id in ids:
            try:
                answer = self._call(
                    token,
                    "GET",
                    f"{media_id}/insights",
                    {"metric": ",".join(INSIGHTS)},
                    writes=False,
                )
            except NetworkError as exc:
                if exc.code == 100:  # deleted, or not the token user's: no figures to read
                    continue
                raise
            figures: dict[str, int | float] = {}
            for entry in answer.get("data") or []:
                key, value = INSIGHTS.get(entry.get("name")), insight_value(entry)
                if key and value is not None:
                    figures[key] = figures.get(key, 0) + value
            out[str(media_id)] = figures
        return out

    def retract(self, account: Account, live: Published) -> None:
        """``DELETE /{threads-media-id}``; a post already gone counts as done."""
        from smm.networks.fb_graph import gone

        try:
            self._call(_token(account), "DELETE", live.id, {}, writes=True)
        except NetworkError as exc:
            if not gone(exc):
                raise

    # -- HTTP --------------------------------------------------------------------------------

    def _call(
        self, token: str, method: str, path: str, params: dict[str, Any], *, writes: bool
    ) -> dict[str, Any]:
        from smm.networks.threads_errors import answer_body

        self.limiter.wait((self.api_base, token))
        url = f"{self.host}/{API_VERSION}/{path}"
        data = {**{k: str(v) for k, v in params.items()}, "access_token": token}
        return answer_body(self.client, method, url, data, writes=writes, what=path)


def topic_tag(hashtags: Sequence[str]) -> str | None:
    """The post's topic tag: its one hashtag, if it has exactly one Threads takes (1-50
    characters, no '.' or '&'); else None (lint reports a second hashtag)."""
    tags: dict[str, str] = {}
    for tag in hashtags:  # the first spelling of each tag
        tags.setdefault(tag.casefold(), tag)
    if len(tags) != 1:
        return None
    [tag] = tags.values()
    return tag if 1 <= len(tag) <= 50 and not set(tag) & {".", "&"} else None


def _user(account: Account) -> str:
    """The Threads user id the brand names (digits), else ``me``: the token's user."""
    user = account.settings.get("user_id")
    if user in (None, ""):
        return "me"
    if not str(user).isdigit():
        raise ConfigError(
            "threads: the brand's threads account needs 'user_id' to be the numeric Threads "
            f"user id, not {str(user)[:40]!r} (or no user_id: the token's user)"
        )
    return str(user)


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"threads: no access token: set {name} in the environment")
    return token


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
