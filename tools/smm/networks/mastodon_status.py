"""What the Mastodon adapter reads back from an instance: a status's text and its rate-limit headers.

A status comes back with its text as HTML (``content``, rendered by Mastodon's TextFormatter:
paragraphs in ``<p>``, line breaks as ``<br />``, links and hashtags as ``<a>`` whose spans hold the
whole URL), never as the text that was sent; reconcile compares ``plain(content)`` with the text
it would send, both through ``norm``. Rate limits come as ``X-RateLimit-Limit/Remaining/Reset``
(Reset an ISO 8601 time: app/controllers/concerns/rate_limit_headers.rb, and the 429 of
config/initializers/rack_attack.rb); ``seconds_to_reset`` turns them into a wait, measured against
the instance's own ``Date`` header so that a skewed local clock does not stretch or cut it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANK_RUNS = re.compile(r"\n{3,}")


def plain(content: str) -> str:
    """The text of a status's HTML ``content``: paragraphs apart by a blank line, ``<br>`` a newline."""
    text = _PARAGRAPH.sub("\n\n", content)
    text = _BREAK.sub("\n", text)
    return html.unescape(_TAG.sub("", text))


def norm(text: str) -> str:
    """Text as Mastodon keeps it for comparison: no trailing spaces, at most one blank line in a
    row (Rails' simple_format makes one paragraph break of any run of blank lines), trimmed."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines))


def seconds_to_reset(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds until ``X-RateLimit-Reset``, by the instance's ``Date`` if it sent one; None
    without a readable Reset header."""
    reset = _iso(headers.get("x-ratelimit-reset", ""))
    if reset is None:
        return None
    server_now = _http_date(headers.get("date", "")) or now or datetime.now(UTC)
    return max((reset - server_now).total_seconds(), 0.0)


def remaining(headers: Mapping[str, str]) -> int | None:
    """``X-RateLimit-Remaining`` as a number, None when absent or unreadable."""
    try:
        return int(headers.get("x-ratelimit-remaining", ""))
    except ValueError:
        return None


def created_at(value: object) -> datetime | None:
    """A status's ``created_at`` (``2026-12-03T09:00:00.000Z``) as an aware datetime."""
    return _iso(value) if isinstance(value, str) else None


def _iso(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _http_date(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
