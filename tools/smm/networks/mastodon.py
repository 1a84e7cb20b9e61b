"""Mastodon adapter: a rendered post becomes a status on the brand's own instance.

docs/networks.md#mastodon. The instance is the account's ``instance`` URL (``api_base`` replaces
it in a sandbox run). Each image goes first as ``POST /api/v2/media`` (multipart ``file`` and its
alt text as ``description``): 200 means ready, 202 means still processing, and
``GET /api/v1/media/:id`` is polled (206 while processing) until it has a ``url``, bounded
(networks/mastodon_media.py). Then
``POST /api/v1/statuses`` with ``status``, ``media_ids[]``, ``spoiler_text`` (the post's
``content_warning``), ``visibility`` and ``language`` (the account's, else the brand's), and the claim's marker as
the ``Idempotency-Key`` header: Mastodon keeps the key per account for an hour and answers a
repeat with the status it made the first time (app/services/post_status_service.rb), so a retry
after a 429 or 5xx can never make a second status.

Reconcile reads the account's statuses (``verify_credentials`` for its id), newest first, back to
the claim, and finds ours by its text, content warning and number of images. Metrics are the
status's counters. Rate limits (300 calls per 5 minutes per token, 30 media uploads per 30
minutes per account) are paced here and, when an instance still answers 429, waited for through
``retry_after`` from its ``X-RateLimit-Reset``. The token is a Bearer header, never in a URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Num, Obj, Str
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
)
from smm.networks import mastodon_edits
from smm.networks.accounts import HANDLE, INSTANCE, TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, send, status_error
from smm.networks.mastodon_media import upload

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet
    from datetime import datetime

    import httpx

    from smm.networks.audience import Entrant, Feedback

# a Mastodon instance's own limits, as GET /api/v2/instance names them under configuration
# (statuses.max_characters, ...): lint checks against them instead of the defaults (rules/mastodon.yaml)
_INSTANCE_NUMBER = Num(integer=True, minimum=0, maximum=10**9)
VISIBILITIES = ("public", "unlisted", "private")  # "direct" is a private message, not a post

#: accounts.mastodon in a brand file: the handle, its instance, the token's variable, how posts
#: go out, and the instance's limits.
ACCOUNT = Obj(
    {
        "handle": HANDLE,
        "instance": INSTANCE,
        "token_env": TOKEN_ENV,
        "visibility": Field(
            Str(enum=VISIBILITIES),
            description="who sees the account's posts: public (default), unlisted or private",
        ),
        "language": Field(
            Str(pattern="^[a-z]{2,3}$"),
            description="ISO 639 code sent as each status's language (default: the brand's "
            "language, else the instance guesses)",
        ),
        "max_characters": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.statuses.max_characters (default 500)",
        ),
        "characters_reserved_per_url": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.statuses."
            "characters_reserved_per_url: what each link counts (default 23)",
        ),
        "max_media_attachments": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.statuses.max_media_attachments (default 4)",
        ),
        "description_limit": Field(
            _INSTANCE_NUMBER,
            description="the instance's configuration.media_attachments."
            "description_limit: characters of alt text (default 1500)",
        ),
    }
)

DEFAULT_MEDIA_ATTACHMENTS = 4
PAGE = 40  # statuses per page of GET /api/v1/accounts/:id/statuses (its maximum: 2 x 20)
RECONCILE_PAGES = 5  # at most 200 statuses since the claim are read
CLOCK_SKEW = timedelta(minutes=5)  # our claim's time against the instance's created_at


class Mastodon(HttpAdapter):
    """Posts statuses as the account the token belongs to, on ``Account.settings['instance']``."""

    id = "mastodon"
    real_api = ""  # none: each account names its own instance
    # throttle_per_token_api: 300 requests per 5 minutes per token (rack_attack.rb)
    limiter = RateLimiter(calls=300, period=300.0)
    # throttle_api_media: 30 POSTs to /api/v*/media per 30 minutes per account
    media_limiter = RateLimiter(calls=30, period=1800.0)
    poll_first, poll_max, poll_timeout = 0.1, 2.0, 60.0  # media processing: first wait, cap, bound

    def __init__(
        self,
        client: httpx.Client,
        api_base: str | None = None,
        *,
        limiter: RateLimiter | None = None,
        media_limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(client, api_base, limiter=limiter)
        if media_limiter is not None:
            self.media_limiter = media_limiter
        self._sleep = sleep

    # -- publishing --------------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        """Upload the images, then one status (module doc); a thread's part answers the part
        before (``in_reply_to_id``), with the account's visibility like every status."""
        account, rendered = outgoing.account, outgoing.rendered
        most, visibility = _most_media(account), _visibility(account)
        if len(rendered.images) > most:
            raise NetworkError(
                self.id, f"{len(rendered.images)} images: a status holds at most {most}"
            )
        media_ids = [upload(self, outgoing, index) for index in range(len(rendered.images))]
        form: dict[str, Any] = {"status": rendered.text}
        if media_ids:
            form["media_ids[]"] = media_ids
        if rendered.content_warning:
            form["spoiler_text"] = rendered.content_warning
        form["visibility"] = visibility
        language = account.settings.get("language") or status_language(account.language)
        if language:
            form["language"] = language
        if outgoing.thread:
            form["in_reply_to_id"] = outgoing.thread[-1].id
        answer = self._call(
            account,
            "POST",
            "/api/v1/statuses",
            writes=True,
            data=form,
            headers={"Idempotency-Key": idempotency_key(outgoing)},
        )
        status = _json(answer)
        if not isinstance(status, dict) or not status.get("id"):
            raise MaybePostedError(self.id, "POST /api/v1/statuses answered without a status id")
        return Published(
            id=str(status["id"]),
            url=str(status.get("url") or status.get("uri") or ""),
            extra={"media_ids": media_ids} if media_ids else {},
        )

    def edit(self, outgoing: Outgoing, live: Published) -> Published:
        """PUT /api/v1/statuses/:id: the new text and the images again (mastodon_edits.py)."""
        return mastodon_edits.edit(self, outgoing, live)

    def live_text(self, account: Account, live: Published) -> str | None:
        return mastodon_edits.live_text(self, account, live)

    def retract(self, account: Account, live: Published) -> None:
        mastodon_edits.retract(self, account, live)

    # -- reconcile and metrics ---------------------------------------------------------------

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The account's one status since the claim with our text, content warning and number of
        images; None when the statuses back to the claim hold none.

        The Idempotency-Key is not shown on a status, so the text is what we can see. Two matches,
        or more statuses since the claim than RECONCILE_PAGES pages, raise UnconfirmedError.
        """
        from smm.networks.mastodon_status import created_at, norm, plain

        account, rendered = outgoing.account, outgoing.rendered
        if outgoing.claimed_at is None:
            raise UnconfirmedError(
                self.id, "no claim time to bound the search by; check the account by hand"
            )
        since = outgoing.claimed_at - CLOCK_SKEW
        me = _json(self._call(account, "GET", "/api/v1/accounts/verify_credentials", writes=False))
        if not isinstance(me, dict) or not me.get("id"):
            raise NetworkError(self.id, "verify_credentials answered without an account id")
        want = (norm(rendered.text), rendered.content_warning or "", len(rendered.images))
        found: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": PAGE}
        for _ in range(RECONCILE_PAGES):
            path = f"/api/v1/accounts/{me['id']}/statuses"
            page = _json(self._call(account, "GET", path, writes=False, params=params))
            statuses = [s for s in page if isinstance(s, dict)] if isinstance(page, list) else []
            for status in statuses:
                when = created_at(status.get("created_at"))
                seen = (
                    norm(plain(str(status.get("content") or ""))),
                    str(status.get("spoiler_text") or ""),
                    len(status.get("media_attachments") or []),
                )
                if (when is None or when >= since) and seen == want:
                    found.append(status)
            dates = [d for d in (created_at(s.get("created_at")) for s in statuses) if d]
            if len(statuses) < PAGE or (dates and min(dates) < since):
                break  # nothing older, or back before the claim: the window is covered
            params = {"limit": PAGE, "max_id": statuses[-1]["id"]}
        else:
            raise UnconfirmedError(
                self.id,
                f"more than {RECONCILE_PAGES * PAGE} statuses since the claim "
                f"({outgoing.claimed_at:%Y-%m-%d %H:%M %Z}); check the account by hand",
            )
        if len(found) > 1:
            ids = ", ".join(str(s.get("id")) for s in found)
            raise UnconfirmedError(
                self.id, f"{len(found)} statuses since the claim show this text (ids {ids})"
            )
        if not found:
            return None
        return Published(
            id=str(found[0]["id"]),
            url=str(found[0].get("url") or ""),
            extra={"reconciled": True, "created_at": found[0].get("created_at")},
        )

    def entrants(self, account: Account, live: Published, entry: str) -> list[Entrant]:
        """A contest's entrants under ``live`` (networks/audience.py; read in mastodon_audience.py)."""
        from smm.networks import mastodon_audience

        return mastodon_audience.entrants(self, account, live, entry)

    def feedback(self, account: Account, live: Published) -> list[Feedback]:
        """The comments under ``live`` for the inbox (networks/audience.py; read in mastodon_audience.py)."""
        from smm.networks import mastodon_audience

        return mastodon_audience.feedback(self, account, live)

    def mentions(
        self, account: Account, since: datetime | None, known: AbstractSet[str]
    ) -> list[Feedback]:
        """The brand's mentions anywhere, ``known`` ids left out (read in mastodon_audience.py)."""
        from smm.networks import mastodon_audience

        return mastodon_audience.mentions(self, account, since, known)

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """likes (favourites_count), comments (replies_count) and shares (reblogs_count plus
        quotes_count where the instance counts quotes: a quote boosts a post to the quoter's
        followers as a reblog does) from GET /api/v1/statuses/:id; a deleted status is left out."""
        self.notes = []
        out: dict[str, dict[str, Any]] = {}
        for status_id in ids:
            answer = self._call(
                account, "GET", f"/api/v1/statuses/{status_id}", writes=False, missing_ok=True
            )
            status = _json(answer) if answer.status_code == 200 else None
            if not isinstance(status, dict):
                continue
            figures = {
                key: status[field]
                for field, key in (
                    ("favourites_count", "likes"),
                    ("replies_count", "comments"),
                    ("reblogs_count", "shares"),
                )
                if isinstance(status.get(field), int)
            }
            if isinstance(status.get("quotes_count"), int) and "shares" in figures:
                figures["shares"] += status["quotes_count"]
            out[str(status_id)] = figures
        return out

    # -- HTTP --------------------------------------------------------------------------------

    def _base(self, account: Account) -> str:
        """The sandbox if one is set, else the account's instance."""
        if self.api_base:
            return self.api_base
        instance = str(account.settings.get("instance") or "").strip().rstrip("/")
        if not instance:
            raise ConfigError(
                "mastodon: the brand's mastodon account needs 'instance' "
                "(e.g. https://mastodon.social)"
            )
        return instance if "://" in instance else f"https://{instance}"

    def _call(
        self,
        account: Account,
        method: str,
        path: str,
        *,
        writes: bool,
        missing_ok: bool = False,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        from smm.networks.mastodon_status import seconds_to_reset

        base, token = self._base(account), _token(account)
        self.limiter.wait((base, token))
        headers = {**(headers or {}), "Authorization": f"Bearer {token}"}
        answer = send(
            self.client, self.id, method, f"{base}{path}", writes=writes, headers=headers, **kwargs
        )
        if answer.status_code < 300 or (missing_ok and answer.status_code == 404):
            return answer
        body = _json(answer)
        said = body.get("error") if isinstance(body, dict) else None
        message = f"{method} {path}: HTTP {answer.status_code}" + (f": {said}" if said else "")
        if answer.status_code == 429:  # refused by the throttle before anything was stored
            wait = seconds_to_reset(answer.headers)
            raise RetryableError(self.id, message, 429, retry_after=wait)
        raise status_error(self.id, answer.status_code, message, answer.status_code, writes=writes)


def idempotency_key(outgoing: Outgoing) -> str:
    """The Idempotency-Key of a post's status: the claim's marker, the same in every retry."""
    return outgoing.marker


def _visibility(account: Account) -> str:
    value = account.settings.get("visibility") or "public"
    if value not in VISIBILITIES:
        raise ConfigError(
            f"mastodon: the brand's mastodon account has 'visibility' {value!r}; "
            f"use one of {', '.join(VISIBILITIES)}"
        )
    return str(value)


def _most_media(account: Account) -> int:
    value = account.settings.get("max_media_attachments")
    if value is None:
        return DEFAULT_MEDIA_ATTACHMENTS
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"mastodon: the brand's mastodon account has 'max_media_attachments' {value!r}; "
            "it must be a whole number"
        )
    return value


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"mastodon: no access token: set {name} in the environment")
    return token


def _json(answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return None


def status_language(tag: str | None) -> str | None:
    """A status's ``language`` from the brand's BCP 47 tag: its primary subtag ("pt" of "pt-BR"),
    the ISO 639 code Mastodon takes (an account's own ``language`` is sent as written)."""
    return tag.split("-", 1)[0].lower() if tag else None
