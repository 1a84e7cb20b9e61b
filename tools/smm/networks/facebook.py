"""Facebook Page adapter: the Graph API (graph.facebook.com, the version Instagram names).

docs/networks.md#facebook. A post goes out in at most 1 + N calls, with the Page access token as
the ``access_token`` parameter (query of GETs, form body of POSTs; masked where an error quoting
it becomes text, smm.redaction):

1. each image: ``POST /{page-id}/photos`` (multipart ``source``, ``published=false``) -> a photo
   id. An unpublished photo is on no timeline, so this step is safe to repeat;
2. ``POST /{page-id}/feed`` with ``message`` (the rendered text), ``link`` (a text post's link,
   for its preview card) or ``attached_media[i]={"media_fbid": ...}`` -> ``{page}_{post}``: the
   only call that can put a post on the Page (a transport failure here is MaybePostedError);
3. ``GET /{post-id}?fields=permalink_url`` for the post's URL.

The Graph API keeps no client key, so reconcile reads ``GET /{page-id}/published_posts`` back to
the claim (``since``) and finds the post by its message; two such posts are UnconfirmedError. A
first comment is ``POST /{post-id}/comments`` and is found again the same way among the post's
comments written by the Page. An edit is ``POST /{post-id}`` with the new ``message`` (the photos
stay), read back with ``GET /{post-id}?fields=message``; a retraction is ``DELETE /{post-id}``, and
a post already gone (Graph's 100/33) counts as retracted. Metrics: reactions, comments and
shares from the post's fields, views, reach and clicks from its insights (networks/fb_graph.py
says which still exist).

Pacing: the Pages business-use-case budget is 4,800 calls per 24 h times the Page's engaged users
(at least one); every answer's usage headers are read, and once one says 100 % with an
``estimated_time_to_regain_access``, calls until then are not sent but raised as RetryableError
with that wait. The throttling codes (4, 17, 32, 613, 80001) are RetryableError too.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Obj
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
)
from smm.networks.accounts import NUMERIC_ID, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.fb_graph import (
    INSIGHTS,
    POST_FIELDS,
    Usage,
    fields_and_insights,
    gone,
    graph_error,
    post_figures,
    publish_comment,
)
from smm.networks.http import RateLimiter, send, status_error
from smm.networks.instagram import GRAPH_VERSION

if TYPE_CHECKING:
    import httpx

    from smm.networks.audience import Entrant, Feedback

#: accounts.facebook in a brand file: the Page and the Page token's variable.
ACCOUNT = Obj(
    {
        "page_id": Field(NUMERIC_ID, description="Facebook: Page id"),
        "token_env": TOKEN_ENV,
    }
)

REAL_API = "https://graph.facebook.com"
PAGE = 100  # posts or comments per page of a listing (Graph's usual maximum)
RECONCILE_PAGES = 3  # at most 300 posts since the claim are read
CLOCK_SKEW = timedelta(minutes=5)  # our claim's time against Meta's created_time
FULL = 100  # a usage header at this percent: Meta refuses the next calls


class Facebook(HttpAdapter):
    """Posts to a Facebook Page; ``Account.settings['page_id']`` names it."""

    id = "facebook"
    real_api = REAL_API
    # the Pages budget: 4,800 calls per rolling 24 h per engaged user, at least one (Meta's
    # rate limiting docs); the usage headers stop us sooner when the Page's real budget is less
    limiter = RateLimiter(calls=4800, period=86400.0)

    def __init__(
        self,
        client: httpx.Client,
        api_base: str | None = None,
        *,
        limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(client, api_base, limiter=limiter)
        # per token: until when (monotonic) the usage headers said the budget is spent
        self._blocked: dict[str, float] = {}

    # -- publishing --------------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        """Photos (unpublished), then the feed post, then its permalink (module doc)."""
        if outgoing.thread:
            raise NetworkError(self.id, "a Facebook Page takes no threads: write one post")
        account, rendered = outgoing.account, outgoing.rendered
        page, token = _page(account), _token(account)
        params: dict[str, Any] = {"message": rendered.text}
        for index, image in enumerate(rendered.images):
            photo = self._upload(outgoing, page, token, image.src)
            params[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo})
        if rendered.link and not rendered.images:
            params["link"] = rendered.link  # the preview card; photos take its place otherwise
        answer = self._call(token, "POST", f"{page}/feed", params, writes=True, what="feed")
        post_id = str(answer.get("id") or "")
        if not post_id:
            raise MaybePostedError(self.id, "the feed answered without a post id")
        return self._published(token, post_id, {})

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The Page's one published post since the claim whose message is the rendered text;
        None when there is none, UnconfirmedError for two or for more than we read."""
        if outgoing.claimed_at is None:
            raise UnconfirmedError(self.id, "no claim time to bound the search by; check the Page")
        page, token = _page(outgoing.account), _token(outgoing.account)
        since = outgoing.claimed_at - CLOCK_SKEW
        found = self._matches(
            token,
            f"{page}/published_posts",
            {"since": int(since.timestamp())},
            outgoing.rendered.text,
            since,
            what="published_posts",
        )
        if len(found) > 1:
            ids = ", ".join(str(p.get("id")) for p in found)
            raise UnconfirmedError(
                self.id, f"{len(found)} posts of the Page since the claim have this text ({ids})"
            )
        if not found:
            return None
        post = found[0]
        return Published(
            id=str(post["id"]),
            url=str(post.get("permalink_url") or ""),
            extra={"reconciled": True, "created_time": post.get("created_time")},
        )

    def publish_comment(self, outgoing: Outgoing, on: Published) -> Published:
        """Post outgoing.rendered.text as the Page's comment under the post ``on``."""
        token = _token(outgoing.account)
        comment_id = publish_comment(self._call, self.id, token, outgoing, on.id)
        return Published(id=comment_id, url=_comment_url(on, comment_id))

    def reconcile_comment(self, outgoing: Outgoing, on: Published) -> Published | None:
        """The Page's one comment under ``on`` with our text (since the claim, when known)."""
        page, token = _page(outgoing.account), _token(outgoing.account)
        since = outgoing.claimed_at - CLOCK_SKEW if outgoing.claimed_at else None
        found = [
            c
            for c in self._matches(
                token,
                f"{on.id}/comments",
                {"filter": "toplevel", "order": "reverse_chronological"},
                outgoing.rendered.text,
                since,
                what="comments",
            )
            if str((c.get("from") or {}).get("id") or "") == page
        ]
        if len(found) > 1:
            raise UnconfirmedError(
                self.id, f"{len(found)} comments of the Page under {on.id} have this text"
            )
        if not found:
            return None
        return Published(
            id=str(found[0]["id"]),
            url=_comment_url(on, str(found[0]["id"])),
            extra={"reconciled": True},
        )

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """A contest's entrants under ``live`` (networks/audience.py; read in fb_audience.py)."""
        from smm.networks import fb_audience

        return fb_audience.entrants(self, account, live, entry)

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under ``live`` for the inbox (read in fb_audience.py)."""
        from smm.networks import fb_audience

        return fb_audience.feedback(self, account, live)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, int | float]]:
        """Reactions, comments and shares (post fields); views, reach and clicks (insights)."""
        self.notes = []
        token = _token(account)
        out: dict[str, dict[str, int | float]] = {}
        for post_id in ids:
            fields, insights = fields_and_insights(
                self._call, token, str(post_id), f"id,{POST_FIELDS}", INSIGHTS, what="post"
            )
            out[str(post_id)] = post_figures(fields, insights)
        return out

    # -- edits and retractions ---------------------------------------------------------------

    def edit(self, outgoing: Outgoing, live: Published) -> Published:
        """The live post's message replaced by the rendered text (``POST /{post-id}``, Pages API
        "Update a post"); its photos or link stay: Graph's update takes the message alone."""
        token = _token(outgoing.account)
        params = {"message": outgoing.rendered.text}
        answer = self._call(token, "POST", live.id, params, writes=True, what="edit")
        if answer.get("success") is not True:
            raise MaybePostedError(self.id, f"the edit of {live.id} was answered without success")
        return Published(live.id, live.url, live.extra)

    def live_text(self, account: Account, live: Published) -> str | None:
        """The post's message as Graph keeps it; None when the post is gone."""
        try:
            answer = self._call(
                _token(account), "GET", live.id, {"fields": "message"}, writes=False, what="post"
            )
        except NetworkError as exc:
            if gone(exc):
                return None
            raise
        return str(answer.get("message") or "")

    def retract(self, account: Account, live: Published) -> None:
        """``DELETE /{post-id}``; a post already gone counts as done."""
        try:
            self._call(_token(account), "DELETE", live.id, {}, writes=True, what="delete")
        except NetworkError as exc:
            if not gone(exc):
                raise

    # -- steps -------------------------------------------------------------------------------

    def _upload(self, outgoing: Outgoing, page: str, token: str, src: str) -> str:
        from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file

        try:
            content = read_user_file(outgoing.root, src, MAX_IMAGE_BYTES)
        except OSError as exc:
            raise NetworkError(self.id, f"cannot read image {src}: {exc.strerror}") from None
        answer = self._call(
            token,
            "POST",
            f"{page}/photos",
            {"published": "false"},
            writes=False,  # an unpublished photo shows nowhere: sending it again is harmless
            what=f"photo {src}",
            files={"source": (src.rsplit("/", 1)[-1], content)},
        )
        photo = str(answer.get("id") or "")
        if not photo:
            raise NetworkError(self.id, f"photo {src}: an answer without an id")
        return photo

    def _published(self, token: str, post_id: str, extra: dict[str, Any]) -> Published:
        try:  # published already: a failure from here on must never lead to sending it again
            answer = self._call(
                token, "GET", post_id, {"fields": "permalink_url"}, writes=False, what="permalink"
            )
            url = str(answer.get("permalink_url") or "")
        except NetworkError as exc:
            url, extra["permalink_error"] = "", exc.one_line()
        return Published(id=post_id, url=url, extra=extra)

    def _matches(
        self,
        token: str,
        path: str,
        params: dict[str, Any],
        text: str,
        since: datetime | None,
        *,
        what: str,
    ) -> list[dict[str, Any]]:
        """The items of a listing (newest first, paged) whose message is ``text``, back to ``since``."""
        want, found = _norm(text), []
        query = {**params, "fields": "id,message,created_time,permalink_url,from", "limit": PAGE}
        for _ in range(RECONCILE_PAGES):
            answer = self._call(token, "GET", path, query, writes=False, what=what)
            items = [i for i in answer.get("data") or [] if isinstance(i, dict)]
            for item in items:
                when = _created(item.get("created_time"))
                fresh = since is None or when is None or when >= since
                if fresh and _norm(str(item.get("message") or "")) == want:
                    found.append(item)
            after = ((answer.get("paging") or {}).get("cursors") or {}).get("after")
            if not (answer.get("paging") or {}).get("next") or not after:
                return found
            query = {**query, "after": after}
        raise UnconfirmedError(
            self.id, f"more than {RECONCILE_PAGES * PAGE} items in {what}; check the Page by hand"
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
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> dict[str, Any]:
        wait = self._blocked.get(token, 0.0) - time.monotonic()
        if wait > 0:  # the last answer said the budget is spent: Meta would refuse this call
            raise RetryableError(
                self.id,
                f"{what}: the usage headers say the budget is used up for {wait:.0f} s more; "
                "nothing was sent",
                retry_after=wait,
            )
        self.limiter.wait((self.api_base, token))
        url = f"{self.api_base}/{GRAPH_VERSION}/{path}"
        data = {**{k: str(v) for k, v in params.items()}, "access_token": token}
        if http_method in ("GET", "DELETE"):  # Graph reads a DELETE's parameters from the query
            response = send(
                self.client, self.id, http_method, url, writes=http_method != "GET", params=data
            )
        else:
            response = send(
                self.client, self.id, "POST", url, writes=writes, data=data, files=files
            )
        seen = Usage.from_headers(response.headers)
        if seen is not None and seen.percent >= FULL and seen.regain_seconds:
            self._blocked[token] = time.monotonic() + seen.regain_seconds
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            raise graph_error(what, body["error"], response.status_code, writes, seen)
        if response.status_code != 200 or not isinstance(body, dict):
            message = f"{what}: HTTP {response.status_code}" + (
                "" if isinstance(body, dict) else " without Graph JSON"
            )
            if response.status_code == 200 and writes:
                raise MaybePostedError(self.id, message)
            raise status_error(self.id, response.status_code, message, writes=writes)
        return body


def _page(account: Account) -> str:
    page = account.settings.get("page_id")
    if page in (None, "") or not str(page).isdigit():
        raise ConfigError("facebook: the brand's facebook account needs 'page_id' (the Page id)")
    return str(page)


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"facebook: no Page access token: set {name} in the environment")
    return token


def _comment_url(on: Published, comment_id: str) -> str:
    if not on.url:
        return ""
    return f"{on.url}{'&' if '?' in on.url else '?'}comment_id={comment_id.rsplit('_', 1)[-1]}"


def _created(value: Any) -> datetime | None:
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
