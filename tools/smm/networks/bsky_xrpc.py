"""XRPC calls to a Bluesky PDS with one session per account and process: errors, refresh, limits.

A session comes from ``com.atproto.server.createSession`` (handle + app password), which a PDS
allows 30 times in 5 minutes and 300 times a day per account (packages/pds createSession.ts), so
sessions are kept for the whole process (``SESSIONS``, by PDS and handle), shared by every
adapter instance and thread; an access token that expired (400 ``ExpiredToken``) is renewed
once with ``com.atproto.server.refreshSession`` and the call repeated; only a refused refresh
makes a new session. Errors are XRPC's ``{"error", "message"}``; 429 ``RateLimitExceeded``
carries ``Retry-After`` and the ``RateLimit-*`` headers (packages/xrpc-server rate-limiter-http.ts).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smm.errors import CredentialsError, MaybePostedError, NetworkError, RetryableError
from smm.networks.http import send, status_error

if TYPE_CHECKING:
    import httpx

    from smm.networks.base import Account

NETWORK = "bluesky"


@dataclass(frozen=True)
class Session:
    """What createSession answered: the account's DID and its two tokens."""

    did: str
    access: str
    refresh: str


class XrpcError(NetworkError):
    """An XRPC error answer; ``code`` is its ``error`` name (``InvalidSwap``, ``RecordNotFound``)."""


#: (PDS URL, handle) -> the live session; one per account for the whole process
SESSIONS: dict[tuple[str, str], Session] = {}
_LOCK = threading.Lock()


class Xrpc:
    """Calls to one PDS as one account."""

    def __init__(self, client: httpx.Client, base: str, account: Account) -> None:
        self.client, self.base, self.account = client, base.rstrip("/"), account
        self.handle = str(account.settings.get("handle") or "").lstrip("@").lower()
        self.key = (self.base, self.handle)

    def session(self) -> Session:
        """The account's session, made once per process (createSession is rate-limited hard)."""
        with _LOCK:
            if self.key not in SESSIONS:
                SESSIONS[self.key] = self._create()
            return SESSIONS[self.key]

    def call(
        self,
        verb: str,
        nsid: str,
        *,
        writes: bool = False,
        params: Any = None,
        json: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> Any:
        """One authenticated call; the answer's JSON. An expired access token is refreshed once."""
        for attempt in (1, 2):
            session = self.session()
            headers = {"Authorization": f"Bearer {session.access}"}
            if content_type:
                headers["Content-Type"] = content_type
            answer = send(
                self.client,
                NETWORK,
                verb,
                f"{self.base}/xrpc/{nsid}",
                writes=writes,
                params=params,
                json=json,
                content=content,
                headers=headers,
            )
            if answer.status_code == 400 and _error_name(answer) == "ExpiredToken" and attempt == 1:
                self._renew(session)
                continue
            return _body(answer, nsid, writes)
        raise AssertionError("unreachable")

    def _create(self) -> Session:
        password = self.account.secrets.get("app_password")
        if not password:
            name = self.account.settings.get("app_password_env", "the app password variable")
            raise CredentialsError(f"bluesky: no app password: set {name} in the environment")
        answer = send(
            self.client,
            NETWORK,
            "POST",
            f"{self.base}/xrpc/com.atproto.server.createSession",
            writes=False,
            json={"identifier": self.handle, "password": password},
        )
        return _session(_body(answer, "createSession", writes=False))

    def _renew(self, expired: Session) -> None:
        """A fresh access token: refreshSession, or a new session if the refresh is refused."""
        with _LOCK:
            if SESSIONS.get(self.key) is not expired:
                return  # another thread renewed it meanwhile
            answer = send(
                self.client,
                NETWORK,
                "POST",
                f"{self.base}/xrpc/com.atproto.server.refreshSession",
                writes=False,
                headers={"Authorization": f"Bearer {expired.refresh}"},
            )
            if answer.status_code in (400, 401):  # the refresh token expired or was revoked
                SESSIONS[self.key] = self._create()
            else:
                SESSIONS[self.key] = _session(_body(answer, "refreshSession", writes=False))


def forget_sessions() -> None:
    """Drop every kept session (tests; a process that changes accounts' passwords)."""
    with _LOCK:
        SESSIONS.clear()


def _session(body: Any) -> Session:
    try:
        return Session(str(body["did"]), str(body["accessJwt"]), str(body["refreshJwt"]))
    except (KeyError, TypeError):
        raise NetworkError(NETWORK, "the session answer has no did or tokens") from None


def _error_name(answer: httpx.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


def _body(answer: httpx.Response, nsid: str, writes: bool) -> Any:
    """The JSON of a 200 answer, else the error the status and XRPC error name mean."""
    if answer.status_code == 200:
        try:
            return answer.json()
        except ValueError:
            if writes:
                raise MaybePostedError(NETWORK, f"{nsid}: an answer that is not JSON") from None
            raise RetryableError(NETWORK, f"{nsid}: an answer that is not JSON") from None
    try:
        body = answer.json()
    except ValueError:
        body = None
    name = str(body.get("error", "")) if isinstance(body, dict) else ""
    said = str(body.get("message", "")) if isinstance(body, dict) else ""
    message = f"{nsid}: {said or name or f'HTTP {answer.status_code}'}"
    if answer.status_code == 429:
        raise RetryableError(NETWORK, message, name or 429, retry_after=_retry_after(answer))
    if answer.status_code >= 500:
        raise status_error(NETWORK, answer.status_code, message, name or None, writes=writes)
    raise XrpcError(NETWORK, message, name or answer.status_code)


def _retry_after(answer: httpx.Response) -> float | None:
    """Seconds to wait: ``Retry-After``, else until ``RateLimit-Reset`` (epoch seconds)."""
    for header, relative in (("retry-after", True), ("ratelimit-reset", False)):
        value = answer.headers.get(header)
        try:
            seconds = float(value) if value is not None else None
        except ValueError:
            continue
        if seconds is not None:
            return max(seconds if relative else seconds - time.time(), 0.0)
    return None
