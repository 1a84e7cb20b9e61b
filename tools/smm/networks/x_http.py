"""X API v2 plumbing for networks/x.py: the four OAuth 1.0a keys, signed requests, rate windows.

X tells its limits in headers on every answer (``x-rate-limit-limit``, ``-remaining``, ``-reset``,
the reset in epoch seconds) and answers 429 without Retry-After (docs.x.com "Rate limits"). A
client waits for the reset: this module remembers each endpoint's window per token, waits before
a call when the window is spent, and after a 429 waits and sends again, at most ``MAX_WAIT``
seconds; a longer wait becomes RetryableError(retry_after) for a later run. The reset is read
against the server's clock (the answer's ``Date``), not ours, so a skewed runner waits right.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smm.errors import CredentialsError, RetryableError
from smm.networks.base import Account
from smm.networks.http import http_date, send
from smm.networks.x_oauth import authorization, percent_encode

if TYPE_CHECKING:
    import httpx

MAX_WAIT = 60.0  # seconds the adapter itself waits for a window to reset (with_retries' max_wait)
RATE_ATTEMPTS = 3  # a 429 is waited out and the call sent again at most this often
#: secrets[<name>] (from accounts.x.<name>_env) -> what OAuth 1.0a calls it
KEY_NAMES = (
    ("api_key", "consumer key"),
    ("api_secret", "consumer secret"),
    ("access_token", "access token"),
    ("access_secret", "access token secret"),
)
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Keys:
    """An app's consumer key and secret with a user's access token and secret."""

    consumer_key: str
    consumer_secret: str
    token: str
    token_secret: str


def keys(account: Account) -> Keys:
    """The account's four keys from the environment; CredentialsError names the unset variables."""
    missing = [
        str(account.settings.get(f"{name}_env", f"accounts.x.{name}_env"))
        for name, _ in KEY_NAMES
        if not account.secrets.get(name)
    ]
    if missing:
        raise CredentialsError(f"x: OAuth 1.0a keys missing: set {', '.join(missing)}")
    s = account.secrets
    return Keys(s["api_key"], s["api_secret"], s["access_token"], s["access_secret"])


class RateWindows:
    """The last ``x-rate-limit-*`` of each (API, token, endpoint), shared by a process's adapters."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._spent: dict[object, float] = {}  # key -> the reset, in our clock, of a spent window
        self._lock = threading.Lock()

    def before(self, key: object) -> None:
        """Wait for the window of ``key`` if the last answer spent it (RetryableError past MAX_WAIT)."""
        with self._lock:
            reset = self._spent.get(key)
        if reset is None:
            return
        self._wait(reset - self._clock(), "the rate-limit window is spent")
        with self._lock:
            self._spent.pop(key, None)

    def after(self, key: object, response: httpx.Response) -> float:
        """Note the answer's window; the seconds until its reset when it is spent, else 0."""
        remaining, reset = response.headers.get("x-rate-limit-remaining"), _reset(response)
        if reset is None or (remaining != "0" and response.status_code != 429):
            return 0.0
        server_now = _server_clock(response) or self._clock()
        wait = max(reset - server_now, 0.0) + 1.0  # the reset is whole seconds: one more is safe
        with self._lock:
            self._spent[key] = self._clock() + wait
        return wait

    def wait_out(self, wait: float) -> None:
        self._wait(wait, "429 Too Many Requests")

    def _wait(self, wait: float, why: str) -> None:
        if wait <= 0:
            return
        if wait > MAX_WAIT:
            raise RetryableError("x", f"{why}: it resets in {wait:.0f} s", 429, retry_after=wait)
        self._sleep(wait)


def _reset(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["x-rate-limit-reset"])
    except (KeyError, ValueError):
        return None


def _server_clock(response: httpx.Response) -> float | None:
    try:
        return http_date(response.headers["date"]).timestamp()
    except (KeyError, TypeError, ValueError):
        return None


def signed(
    client: httpx.Client,
    windows: RateWindows,
    keys: Keys,
    method: str,
    url: str,
    *,
    endpoint: str,
    writes: bool,
    query: Sequence[tuple[str, str]] = (),
    **body: Any,
) -> httpx.Response:
    """One signed call (query in the URL, a JSON or multipart ``body`` unsigned), a 429 waited out."""
    if query:
        url += "?" + "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in query)
    key = (endpoint, keys.token)  # X counts each endpoint's window per user token
    for attempt in range(1, RATE_ATTEMPTS + 1):
        windows.before(key)
        header = authorization(
            method,
            url,
            (),
            consumer_key=keys.consumer_key,
            consumer_secret=keys.consumer_secret,
            token=keys.token,
            token_secret=keys.token_secret,
        )
        response = send(
            client, "x", method, url, writes=writes, headers={"Authorization": header}, **body
        )
        wait = windows.after(key, response)
        if response.status_code != 429:
            return response
        if attempt == RATE_ATTEMPTS:
            raise RetryableError("x", "429 Too Many Requests", 429, retry_after=wait or None)
        windows.wait_out(wait or 1.0)
    raise AssertionError("unreachable")


def problem(response: httpx.Response) -> str:
    """X's words for a refusal: the problem's ``detail`` (RFC 7807), or its first error."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if not isinstance(body, dict):
        return f"HTTP {response.status_code}"
    errors = body.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    text = first.get("message") or body.get("detail") or body.get("title") or first.get("detail")
    return str(text or f"HTTP {response.status_code}")


def comparable(text: str) -> str:
    """A post's text as X shows it back and as we sent it alike: X answers with ``&amp;``-escaped
    text, every link as a t.co link, and a t.co link to the media at the end; so links are one
    token, trailing link tokens dropped, and space runs folded."""
    plain = _URL.sub("\x00", html.unescape(text))
    return " ".join(plain.split()).rstrip(" \x00")
