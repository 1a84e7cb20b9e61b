"""HTTP helpers shared by the network adapters: error mapping, pacing, retries, a redacted log.

The one question every failure must answer is "could the network have stored the post?":

- connect failures (refused, DNS, connect timeout, no free pool slot): the request never left,
  so it is safe to send again -> RetryableError;
- anything after the connection was made (read timeout, reset, server gone mid-answer): the
  request may have been processed -> MaybePostedError. httpcore swallows write errors and reads
  the answer anyway, so a client cannot tell "dropped before the server stored it" from "dropped
  after"; we never guess in the optimistic direction;
- an HTTP answer: 429 and 500/502/503 mean the front end refused it -> RetryableError; 504 means a
  gateway gave up waiting for a back end that did get the request -> MaybePostedError; other
  4xx -> NetworkError.

Secrets are not handled here: every error's text is redacted where it becomes text
(smm.redaction); httpx's own request log, which names Telegram's token in the URL path, is
redacted by the filter below.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from smm.errors import MaybePostedError, NetworkError, RetryableError
from smm.redaction import redact

if TYPE_CHECKING:
    import logging

    import httpx

T = TypeVar("T")
RETRYABLE_STATUS = frozenset({429, 500, 502, 503})
MAYBE_POSTED_STATUS = frozenset({504})


def client(**options: Any) -> httpx.Client:
    """An ``httpx.Client`` (``options`` as httpx takes them; unless they say otherwise, 10 s to
    connect and 30 s for the rest) whose request log is redacted: httpx logs every request URL at
    INFO, and Telegram's token is in the URL path. Every client smm makes comes from here;
    logging is imported here, not with the module (`smm lint` imports the network modules for
    their ACCOUNT)."""
    import logging

    import httpx

    options.setdefault("timeout", httpx.Timeout(30.0, connect=10.0))

    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactingFilter) for f in logger.filters):
            logger.addFilter(_RedactingFilter())
    return httpx.Client(**options)


def http_date(value: str) -> datetime:
    """An answer's ``Date`` header (an HTTP date) as an aware datetime; TypeError or ValueError
    when it is not one. email.utils is imported here, not with the module (5 ms of imports that
    `smm lint`, which imports the network modules for their ACCOUNT, never needs)."""
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(value)


class ClientOnThread:
    """A client (``client``) made on a thread of its own once ``start`` is called: importing
    httpx and making its TLS context take 40-60 ms of the process. ``smm publish`` starts it while
    git commits and pushes the claim (in other processes), not sooner, so that it does not
    compete with the selection for the interpreter; the first request then need not wait."""

    def __init__(self) -> None:
        self._client: httpx.Client | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._try, daemon=True)
            self._thread.start()

    def _try(self) -> None:
        try:
            self._make()
        except Exception:  # no traceback from a thread: ``get`` makes it again and says why
            self._client = None

    def _make(self) -> None:
        self._client = client()

    def get(self) -> httpx.Client:
        """The client, once the thread has made it (made here if the thread failed: its error)."""
        if self._thread is not None:
            self._thread.join()
        if self._client is None:
            self._make()
        assert self._client is not None
        return self._client

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._client is not None:
            self._client.close()


class _RedactingFilter:
    """A logging filter (logging takes any object with ``filter``) that redacts the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def send(
    client: httpx.Client,
    network: str,
    method: str,
    url: str,
    *,
    writes: bool = True,
    **kwargs: Any,
) -> httpx.Response:
    """One HTTP request with transport errors mapped onto the error tree (see the module doc).

    ``writes`` says whether the call can store something; a read-only or idempotent call (an
    upload server address, wall.get) that fails after connecting is simply retryable.
    """
    import httpx  # here, not at the top: network modules are imported to read their ACCOUNT

    try:
        return client.request(method, url, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise RetryableError(network, f"cannot connect: {_describe(exc)}") from None
    except httpx.TransportError as exc:
        message = f"no answer after sending the request: {_describe(exc)}"
        if writes:
            raise MaybePostedError(network, message) from None
        raise RetryableError(network, message) from None


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def status_error(
    network: str,
    status: int,
    message: str,
    code: int | str | None = None,
    retry_after: float | None = None,
    writes: bool = True,
) -> NetworkError:
    """The error for an HTTP answer that is not a success (module doc: which is which)."""
    if status in RETRYABLE_STATUS:
        return RetryableError(network, message, code, retry_after=retry_after)
    if status in MAYBE_POSTED_STATUS and writes:
        return MaybePostedError(network, message, code)
    if status >= 500:
        return RetryableError(network, message, code, retry_after=retry_after)
    return NetworkError(network, message, code)


class RateLimiter:
    """At most ``calls`` per ``period`` seconds for each key (a sliding window), thread-safe.

    Adapters pace themselves so that a batch of posts meets the network's limit instead of
    learning it from 429s; ``margin`` absorbs the jitter between our send and the server's arrival.
    """

    def __init__(
        self,
        calls: int,
        period: float,
        margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.calls, self.period, self.margin = calls, period, margin
        self._clock, self._sleep = clock, sleep
        self._sent: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: object) -> None:
        """Block until one more call for ``key`` fits in the window, and count it."""
        while True:
            with self._lock:
                now = self._clock()
                sent = self._sent.setdefault(key, deque())
                while sent and sent[0] <= now - self.period - self.margin:
                    sent.popleft()
                if len(sent) < self.calls:
                    sent.append(now)
                    return
                delay = sent[0] + self.period + self.margin - now
            self._sleep(max(delay, 0.001))


def with_retries(
    call: Callable[[], T],
    *,
    attempts: int = 4,
    backoff: float = 1.0,
    max_wait: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``call()`` again after each RetryableError, waiting its ``retry_after`` or 1, 2, 4 ... s.

    Gives up (re-raises) after ``attempts`` tries or when the network asks for a wait longer than
    ``max_wait`` (a later run does better than a job sleeping for an hour). MaybePostedError and
    other errors pass straight through: they are never retried blindly.
    """
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except RetryableError as exc:
            wait = exc.retry_after if exc.retry_after is not None else backoff * 2 ** (attempt - 1)
            if attempt == attempts or wait > max_wait:
                raise
            sleep(wait)
    raise AssertionError("unreachable")
