"""Instagram Graph API adapter (Facebook Login host): containers, then media_publish.

docs/networks.md#instagram. Meta fetches every image itself from a public URL ("We cURL media used in
publishing attempts"), so nothing is uploaded: each image's URL is the public base URL + its path
in the repository, checked from here (200 and an image content type) before any container is
made. Then:

1. ``GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config``: refuse when used up;
2. ``POST /{ig-user-id}/media`` (image_url, caption, alt_text), or for 2-10 images one container
   per image with ``is_carousel_item=true`` and a ``media_type=CAROUSEL`` container with
   ``children`` and the caption;
3. ``GET /{container-id}?fields=status_code`` until FINISHED (ERROR/EXPIRED: refused), bounded;
4. ``POST /{ig-user-id}/media_publish?creation_id=...`` -> the media id (the only step that can
   put a post on the profile: a transport failure here is MaybePostedError);
5. ``GET /{media-id}?fields=permalink`` for the post's URL.

Containers are invisible and expire unused after 24 h, so steps 1-3 are safe to repeat. The token
is the ``access_token`` parameter: in the query string of GETs and in the form body of POSTs; an
error that quotes either is masked where it becomes text (smm.redaction).

A post's first comment (docs/publishing.md#first-comments) is ``POST /{ig-media-id}/comments``
(message) as the professional account; it is found again in ``GET /{ig-media-id}/comments`` by its
author (``from``) and text.

A retraction is ``DELETE /{ig-media-id}`` (a Facebook Login token with instagram_manage_contents;
third-party sources, rules/instagram.yaml); 100/33 for media gone already is done. A caption
cannot be edited through the API (updating takes comment_enabled only): no edit here.

The image URLs and their check are in ig_images.py, Graph errors onto the error tree in
ig_errors.py, the figures read from media fields and insights in ig_insights.py; the first
comment's call is the one Facebook's makes too (fb_graph.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Obj
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
)
from smm.networks.accounts import NUMERIC_ID, PUBLIC_BASE_URL, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.fb_graph import gone, publish_comment
from smm.networks.http import RateLimiter, send, status_error
from smm.networks.ig_errors import graph_error
from smm.networks.ig_images import check_public, public_url

if TYPE_CHECKING:
    import httpx

    from smm.networks.audience import Entrant, Feedback

REAL_API = "https://graph.facebook.com"

#: accounts.instagram in a brand file: the professional account, the token's variable, and where
#: Instagram fetches images from.
ACCOUNT = Obj(
    {
        "user_id": Field(NUMERIC_ID, description="Instagram: professional account id"),
        "token_env": TOKEN_ENV,
        "public_base_url": PUBLIC_BASE_URL,
    }
)

GRAPH_VERSION = "v24.0"  # the one place the Graph API version is named
MAX_CAROUSEL = 10
RECONCILE_DEPTH = 50  # the newest posts of the profile that reconcile looks at
COMMENT_DEPTH = 50  # the comments under a post that reconcile_comment looks at (ours comes first)


class Instagram(HttpAdapter):
    """Posts to an Instagram professional account; ``Account.settings['user_id']`` is its IG user id."""

    id = "instagram"
    real_api = REAL_API
    # Instagram Platform calls use Business Use Case limits; 200 calls an hour per account is the
    # commonly cited figure (third-party, unconfirmed): a batch of posts stays far below it
    limiter = RateLimiter(calls=200, period=3600.0)
    poll_first, poll_max, poll_timeout = 0.2, 3.0, 60.0  # status polling: first wait, cap, bound

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

    # -- publishing --------------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        """Quota, image URLs, containers, FINISHED, media_publish, permalink (module doc)."""
        account, rendered = outgoing.account, outgoing.rendered
        user, token = _user(account), _token(account)
        images = rendered.images
        if not images:
            raise NetworkError(
                self.id, "an Instagram post needs at least one image (image_url is required)"
            )
        if len(images) > MAX_CAROUSEL:
            raise NetworkError(
                self.id, f"{len(images)} images: a carousel holds at most {MAX_CAROUSEL}"
            )
        urls = [
            check_public(self.client, public_url(account, image.src), image.src) for image in images
        ]
        self._check_quota(user, token)
        if len(images) == 1:
            params = {"image_url": urls[0], "caption": rendered.text}
            if images[0].alt:
                params["alt_text"] = images[0].alt
            container = self._create(user, token, params)
            self._wait_finished(token, [container])
        else:
            children = []
            for url, image in zip(urls, images):
                params = {"image_url": url, "is_carousel_item": "true"}
                if image.alt:
                    params["alt_text"] = image.alt  # alt text on carousel items: unconfirmed
                children.append(self._create(user, token, params))
            self._wait_finished(token, children)
            container = self._create(
                user,
                token,
                {
                    "media_type": "CAROUSEL",
                    "children": ",".join(children),
                    "caption": rendered.text,
                },
            )
            self._wait_finished(token, [container])
        answer = self._call(
            token,
            "POST",
            f"{user}/media_publish",
            {"creation_id": container},
            writes=True,
            what="media_publish",
        )
        media_id = str(answer.get("id") or "")
        if not media_id:
            raise MaybePostedError(self.id, "media_publish answered without a media id")
        extra: dict[str, Any] = {"container": container}
        try:  # published already: a failure from here on must never lead to sending it again
            url = str(
                self._call(
                    token, "GET", media_id, {"fields": "permalink"}, writes=False, what="permalink"
                ).get("permalink")
                or ""
            )
        except NetworkError as exc:
            url, extra["permalink_error"] = "", exc.one_line()
        return Published(id=media_id, url=url, extra=extra)

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The newest of the profile's recent posts whose caption is the rendered text, else None.

        The Graph API keeps no client key for media_publish, so the caption (which a retry repeats
        byte for byte) is the marker we can see, with the number of images as a tie-breaker.
        """
        user, token = _user(outgoing.account), _token(outgoing.account)
        answer = self._call(
            token,
            "GET",
            f"{user}/media",
            {"fields": "id,caption,media_type,permalink,timestamp", "limit": RECONCILE_DEPTH},
            writes=False,
            what="media list",
        )
        want = _norm(outgoing.rendered.text)
        kind = "IMAGE" if len(outgoing.rendered.images) == 1 else "CAROUSEL_ALBUM"
        for item in answer.get("data") or []:
            if _norm(item.get("caption") or "") == want and item.get("media_type", kind) == kind:
                return Published(
                    id=str(item["id"]),
                    url=str(item.get("permalink") or ""),
                    extra={"reconciled": True, "timestamp": item.get("timestamp")},
                )
        return None

    def publish_comment(self, outgoing: Outgoing, on: Published) -> Published:
        """The first comment under the media ``on``: POST /{ig-media-id}/comments with message.
        A comment has no permalink of its own: its URL is the post's."""
        comment_id = publish_comment(self._call, self.id, _token(outgoing.account), outgoing, on.id)
        return Published(id=comment_id, url=on.url)

    def reconcile_comment(self, outgoing: Outgoing, on: Published) -> Published | None:
        """The account's own comment under ``on`` with the rendered text, else None (Graph keeps
        no client key for a comment either: the text is the marker)."""
        user, token = _user(outgoing.account), _token(outgoing.account)
        answer = self._call(
            token,
            "GET",
            f"{on.id}/comments",
            {"fields": "id,text,timestamp,from", "limit": COMMENT_DEPTH},
            writes=False,
            what="comments",
        )
        want = _norm(outgoing.rendered.text)
        for item in answer.get("data") or []:
            author = item.get("from") if isinstance(item.get("from"), dict) else {}
            if str(author.get("id")) == user and _norm(item.get("text") or "") == want:
                return Published(id=str(item["id"]), url=on.url, extra={"reconciled": True})
        return None

    def retract(self, account: Account, live: Published) -> None:
        """``DELETE /{ig-media-id}``; media already gone counts as done."""
        try:
            self._call(_token(account), "DELETE", live.id, {}, writes=True, what="delete")
        except NetworkError as exc:
            if not gone(exc):
                raise

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """A contest's entrants under ``live`` (networks/audience.py; read in ig_audience.py)."""
        from smm.networks import ig_audience

        return ig_audience.entrants(self, account, live, entry)

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under ``live`` for the inbox (networks/audience.py; read in ig_audience.py)."""
        from smm.networks import ig_audience

        return ig_audience.feedback(self, account, live)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, int | float]]:
        """likes and comments (media fields) with reach, views, saves and shares (insights).

        ``impressions``, ``plays`` and ``video_views`` are deprecated since v22.0 (docs/networks.md#instagram);
        ``views`` replaces them. Insights exist only for the album, not its children;
        like_count/comments_count are organic only. A new post's insights may be an empty data
        set for up to 48 h: then it gets no reach, views, saves or shares at all (a later reading
        brings them), never zeros that a report would take for a reach of 0; ``self.notes`` says so.
        """
        from smm.networks.ig_insights import read

        return read(self, account, ids)

    # -- steps -------------------------------------------------------------------------------

    def _check_quota(self, user: str, token: str) -> None:
        answer = self._call(
            token,
            "GET",
            f"{user}/content_publishing_limit",
            {"fields": "quota_usage,config"},
            writes=False,
            what="content_publishing_limit",
        )
        try:
            entry = (answer.get("data") or [{}])[0]
            usage = int(entry.get("quota_usage") or 0)
            config = entry.get("config") or {}
            total, window = config.get("quota_total"), config.get("quota_duration")
        except (TypeError, ValueError, AttributeError):
            raise NetworkError(
                self.id, "content_publishing_limit: an answer without quota_usage"
            ) from None
        if total is not None and usage >= int(total):
            hours = f"{int(window) // 3600} h" if window else "the rolling window"
            raise NetworkError(
                self.id,
                f"publishing quota used up: {usage} of {total} posts in {hours}; "
                "nothing was sent, publish again once the window moves on",
            )

    def _create(self, user: str, token: str, params: dict[str, str]) -> str:
        answer = self._call(
            token, "POST", f"{user}/media", params, writes=False, what="media container"
        )
        container = str(answer.get("id") or "")
        if not container:
            raise NetworkError(self.id, "media container: an answer without an id")
        return container

    def _wait_finished(self, token: str, containers: list[str]) -> None:
        """Poll status_code until every container is FINISHED, for at most ``poll_timeout`` s."""
        from smm.networks.meta_containers import wait_finished

        def status_of(container: str) -> tuple[str, str]:
            answer = self._call(
                token,
                "GET",
                container,
                {"fields": "status_code,status"},
                writes=False,
                what="container status",
            )
            return str(answer.get("status_code") or ""), str(answer.get("status") or "")

        wait_finished(
            self.id,
            containers,
            status_of,
            dead=("ERROR", "EXPIRED"),
            first=self.poll_first,
            most=self.poll_max,
            timeout=self.poll_timeout,
            sleep=self._sleep,
        )

    def _call(
        self,
        token: str,
        http_method: str,
        path: str,
        params: dict[str, Any],
        *,
        writes: bool,
        what: str,
    ) -> dict[str, Any]:
        self.limiter.wait((self.api_base, token))
        url = f"{self.api_base}/{GRAPH_VERSION}/{path}"
        data = {**{k: str(v) for k, v in params.items()}, "access_token": token}
        if http_method in ("GET", "DELETE"):  # Graph reads a DELETE's parameters from the query
            response = send(
                self.client, self.id, http_method, url, writes=http_method != "GET", params=data
            )
        else:
            response = send(self.client, self.id, "POST", url, writes=writes, data=data)
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            raise graph_error(what, body["error"], response.status_code, writes)
        if response.status_code != 200 or not isinstance(body, dict):
            message = f"{what}: HTTP {response.status_code}" + (
                "" if isinstance(body, dict) else " without Graph JSON"
            )
            if response.status_code == 200 and writes:
                raise MaybePostedError(self.id, message)
            raise status_error(
                self.id, response.status_code, message, response.status_code, writes=writes
            )
        return body


def _user(account: Account) -> str:
    user = account.settings.get("user_id")
    if user in (None, ""):
        raise ConfigError(
            "instagram: the brand's instagram account needs 'user_id' (the IG professional account id)"
        )
    return str(user)


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"instagram: no access token: set {name} in the environment")
    return token


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
