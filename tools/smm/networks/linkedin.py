"""LinkedIn adapter: a rendered post becomes a post of the brand's organization page.

docs/networks.md#linkedin. Every call goes to the versioned REST API with the token as a Bearer
header, ``Linkedin-Version: LINKEDIN_VERSION`` and ``X-Restli-Protocol-Version: 2.0.0``. Each
image goes through the Images API: ``POST /rest/images?action=initializeUpload`` (owner: the
organization) answers an upload URL and an image URN, the bytes go there by ``PUT``, and
``GET /rest/images/<urn>`` is polled until AVAILABLE. Then ``POST /rest/posts`` with the
organization as ``author``, the text escaped for the little format (networks/little.py: an
unescaped reserved character would cut the post silently), and ``content.media`` (one image) or
``content.multiImage`` (2 to 20), each with its ``altText``. The post's URN comes back in the
``x-restli-id`` header. The Images API steps are in networks/li_images.py.

The Posts API takes no idempotency key, so exactly-once rests on reconcile: the organization's
posts (``q=author``, newest first) back to the claim, matched by their commentary and number of
images. First comments go to ``/rest/socialActions/<urn>/comments`` with the organization as
actor; a comment's text is plain, not little (brightbean-studio#121's review). Metrics: module
doc of networks/li_metrics.py; edits and retractions: networks/li_edits.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from smm.content.types import Field, Obj
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
)
from smm.networks.accounts import HANDLE, NUMERIC_ID, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, http_date, send, status_error

if TYPE_CHECKING:
    import httpx

#: accounts.linkedin in a brand file: the organization page, its handle and the token's variable.
ACCOUNT = Obj(
    {
        "page_id": Field(NUMERIC_ID, description="LinkedIn: organization id"),
        "handle": HANDLE,
        "token_env": TOKEN_ENV,
    }
)

#: The one API version smm speaks (YYYYMM); LinkedIn keeps each version for about a year.
LINKEDIN_VERSION = "202610"
RESTLI_PROTOCOL = "2.0.0"
MOST_IMAGES = 20  # multiimage-post-api: 2 to 20
PAGE = 50  # posts per page of the author finder
RECONCILE_PAGES = 4  # at most 200 posts since the claim are read
COMMENT_PAGE, COMMENT_PAGES = 100, 5
CLOCK_SKEW = timedelta(minutes=5)  # our claim's time against LinkedIn's createdAt


class LinkedIn(HttpAdapter):
    """Posts as the organization ``Account.settings['page_id']`` with its admin's token."""

    id = "linkedin"
    real_api = "https://api.linkedin.com"
    # LinkedIn publishes only daily limits (per app and member, reset at midnight UTC); this is
    # smm's own pace, the daily one is met by the 429 that waits for midnight (_call)
    limiter = RateLimiter(calls=20, period=1.0)
    poll_first, poll_max, poll_timeout = 0.1, 2.0, 60.0  # image processing: first wait, cap, bound

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
        """Upload the images (li_images.py), then one post (module doc)."""
        from smm.networks.li_images import upload
        from smm.networks.little import escape

        account, rendered = outgoing.account, outgoing.rendered
        _no_thread(outgoing)
        if len(rendered.images) > MOST_IMAGES:
            raise NetworkError(
                self.id, f"{len(rendered.images)} images: a post holds at most {MOST_IMAGES}"
            )
        author = organization(account)
        media = [
            {"id": upload(self, outgoing, index, author), "altText": image.alt}
            for index, image in enumerate(rendered.images)
        ]
        for item in media:
            if not item["altText"]:
                del item["altText"]
        body: dict[str, Any] = {
            "author": author,
            "commentary": escape(rendered.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if len(media) == 1:
            body["content"] = {"media": media[0]}
        elif media:
            body["content"] = {"multiImage": {"images": media}}
        answer = self._call(account, "POST", "/rest/posts", writes=True, json=body)
        urn = answer.headers.get("x-restli-id", "")
        if not urn.startswith("urn:li:"):
            raise MaybePostedError(self.id, "POST /rest/posts answered without x-restli-id")
        extra = {"images": [m["id"] for m in media]} if media else {}
        return Published(urn, post_url(urn), extra=extra)

    # -- reconcile ---------------------------------------------------------------------------

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The organization's one post since the claim with our commentary and number of images;
        None when its posts back to the claim hold none. Two matches, or more posts since the
        claim than RECONCILE_PAGES pages, raise UnconfirmedError."""
        from smm.networks.little import escape

        account, rendered = outgoing.account, outgoing.rendered
        _no_thread(outgoing)
        since = _since(self.id, outgoing)
        author = organization(account)
        want = (escape(rendered.text), len(rendered.images))
        found: list[dict[str, Any]] = []
        for page in range(RECONCILE_PAGES):
            path = (
                f"/rest/posts?q=author&author={_urn(author)}&count={PAGE}"
                f"&start={page * PAGE}&sortBy=CREATED"
            )
            posts = _elements(
                self._call(
                    account, "GET", path, writes=False, headers={"X-RestLi-Method": "FINDER"}
                )
            )
            for post in posts:
                seen = (str(post.get("commentary") or ""), _image_count(post))
                if _created(post) >= since and seen == want:
                    found.append(post)
            if len(posts) < PAGE or min((_created(p) for p in posts), default=0) < since:
                break
        else:
            raise UnconfirmedError(
                self.id,
                f"more than {RECONCILE_PAGES * PAGE} posts since the claim; check the page by hand",
            )
        if len(found) > 1:
            ids = ", ".join(str(p.get("id")) for p in found)
            raise UnconfirmedError(
                self.id, f"{len(found)} posts since the claim show this text ({ids})"
            )
        if not found:
            return None
        urn = str(found[0]["id"])
        return Published(urn, post_url(urn), extra={"reconciled": True})

    # -- first comments ----------------------------------------------------------------------

    def publish_comment(self, outgoing: Outgoing, on: Published) -> Published:
        """Post outgoing.rendered.text as the organization's comment under ``on``."""
        account = outgoing.account
        body = {
            "actor": organization(account),
            "object": on.id,
            "message": {"text": outgoing.rendered.text},
        }
        path = f"/rest/socialActions/{_urn(on.id)}/comments"
        answer = self._call(account, "POST", path, writes=True, json=body)
        comment = _json(answer)
        urn = comment.get("commentUrn") if isinstance(comment, dict) else None
        if not urn:
            raise MaybePostedError(self.id, "the comment's answer named no comment URN")
        return Published(str(urn), comment_url(on.id, str(urn)), extra={"on": on.id})

    def reconcile_comment(self, outgoing: Outgoing, on: Published) -> Published | None:
        """The organization's one comment under ``on`` since the claim with our text; None when
        there is none, UnconfirmedError for two or for more comments than we read."""
        account, text = outgoing.account, outgoing.rendered.text
        since, actor = _since(self.id, outgoing), organization(account)
        found: list[dict[str, Any]] = []
        for page in range(COMMENT_PAGES):
            path = (
                f"/rest/socialActions/{_urn(on.id)}/comments"
                f"?count={COMMENT_PAGE}&start={page * COMMENT_PAGE}"
            )
            comments = _elements(self._call(account, "GET", path, writes=False))
            for comment in comments:
                created = (comment.get("created") or {}).get("time") or 0
                said = (comment.get("message") or {}).get("text")
                if comment.get("actor") == actor and said == text and created >= since:
                    found.append(comment)
            if len(comments) < COMMENT_PAGE:
                break
        else:
            raise UnconfirmedError(self.id, f"more than {COMMENT_PAGES * COMMENT_PAGE} comments")
        if len(found) > 1:
            raise UnconfirmedError(self.id, f"{len(found)} comments since the claim show this text")
        if not found:
            return None
        urn = str(found[0].get("commentUrn") or found[0].get("$URN"))
        return Published(urn, comment_url(on.id, urn), extra={"on": on.id, "reconciled": True})

    # -- edits and retractions (networks/li_edits.py) ----------------------------------------

    def edit(self, outgoing: Outgoing, live: Published) -> Published:
        """The commentary replaced by a partial update; the images stay."""
        from smm.networks import li_edits

        return li_edits.edit(self, outgoing, live)

    def live_text(self, account: Account, live: Published) -> str | None:
        from smm.networks import li_edits

        return li_edits.live_text(self, account, live)

    def retract(self, account: Account, live: Published) -> None:
        from smm.networks import li_edits

        li_edits.retract(self, account, live)

    # -- metrics -----------------------------------------------------------------------------

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Share statistics where the token may read them, else social actions (li_metrics.py)."""
        from smm.networks.li_metrics import read

        return read(self, account, ids)

    # -- HTTP --------------------------------------------------------------------------------

    def _call(
        self,
        account: Account,
        method: str,
        path: str,
        *,
        writes: bool,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One call with LinkedIn's headers; errors mapped (429: wait until midnight UTC)."""
        token = _token(account)
        self.limiter.wait(token)
        sent = {
            "Authorization": f"Bearer {token}",
            "Linkedin-Version": LINKEDIN_VERSION,
            "X-Restli-Protocol-Version": RESTLI_PROTOCOL,
            **(headers or {}),
        }
        url = path if "://" in path else f"{self.api_base}{path}"
        answer = send(self.client, self.id, method, url, writes=writes, headers=sent, **kwargs)
        if answer.status_code < 300:
            return answer
        body = _json(answer)
        said = body.get("message") if isinstance(body, dict) else None
        where = path.split("?")[0] if "://" not in path else "the upload URL"
        message = f"{method} {where}: HTTP {answer.status_code}" + (f": {said}" if said else "")
        if answer.status_code == 429:  # refused before anything was stored; daily limits
            wait = _until_midnight(answer.headers.get("Date"))
            raise RetryableError(self.id, message, 429, retry_after=wait)
        raise status_error(self.id, answer.status_code, message, answer.status_code, writes=writes)


def organization(account: Account) -> str:
    """The author URN of the brand's organization page."""
    page_id = account.settings.get("page_id")
    if page_id in (None, "") or not str(page_id).isdigit():
        raise ConfigError(
            "linkedin: the brand's linkedin account needs 'page_id' (the organization id)"
        )
    return f"urn:li:organization:{page_id}"


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}"


def comment_url(post: str, comment: str) -> str:
    return f"{post_url(post)}?commentUrn={quote(comment, safe='')}"


def _no_thread(outgoing: Outgoing) -> None:
    if outgoing.thread:
        raise NetworkError("linkedin", "LinkedIn has no threads of posts")


def _since(network: str, outgoing: Outgoing) -> int:
    """The claim's time less the clock skew, in LinkedIn's epoch milliseconds."""
    if outgoing.claimed_at is None:
        raise UnconfirmedError(network, "no claim time to bound the search by; check by hand")
    return int((outgoing.claimed_at - CLOCK_SKEW).timestamp() * 1000)


def _until_midnight(date: str | None) -> float:
    """Seconds from the answer's Date (else now) to the next midnight UTC."""
    try:
        now = http_date(date) if date else datetime.now(UTC)
    except (TypeError, ValueError):
        now = datetime.now(UTC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max((midnight - now).total_seconds(), 1.0)


def _urn(urn: str) -> str:
    """A URN in a path or query, encoded as Rest.li 2.0 wants it."""
    return quote(urn, safe="")


def _created(post: dict[str, Any]) -> int:
    value = post.get("createdAt") or post.get("publishedAt")
    return value if isinstance(value, int) else 0


def _image_count(post: dict[str, Any]) -> int:
    content = post.get("content") or {}
    if "media" in content:
        return 1
    return len((content.get("multiImage") or {}).get("images") or [])


def _elements(answer: httpx.Response) -> list[dict[str, Any]]:
    body = _json(answer)
    listed = body.get("elements") if isinstance(body, dict) else None
    return [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"linkedin: no access token: set {name} in the environment")
    return token


def _json(answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return None
