"""The one place smm reads the clock: ``--now`` or ``SMM_NOW`` win over the system time."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from smm.errors import UsageError


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant; a value without an offset is taken as UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"--now/SMM_NOW: {text!r} is not an ISO 8601 time ({exc})") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: The instants a managed block may hold: a day either side of them is still a date in every
#: time zone (year 1 or 9999 shown in another zone is out of datetime's range)
EARLIEST = datetime(2, 1, 1, tzinfo=UTC)
LATEST = datetime(9998, 12, 31, tzinfo=UTC)


def instant(value: object) -> datetime | None:
    """A time written in a managed block (an ISO string, or a YAML timestamp), aware; else None
    (also for one outside EARLIEST..LATEST, which no zone could show)."""
    if isinstance(value, datetime):
        found = value if value.tzinfo else value.replace(tzinfo=UTC)
    elif not isinstance(value, str) or not value:
        return None
    else:
        try:
            found = parse_instant(value)
        except UsageError:
            return None
    try:
        return found if EARLIEST <= found <= LATEST else None
    except OverflowError:  # an offset that takes it past year 1 or 9999 in UTC
        return None


_offset = timedelta(0)  # pinned clock minus the real one, fixed when a command reads its --now


def now(override: str | None = None) -> datetime:
    """The current instant, aware; ``override`` (from --now) first, then SMM_NOW."""
    text = override or os.environ.get("SMM_NOW")
    return pin(parse_instant(text)) if text else pin(datetime.now(UTC))


def pin(value: datetime) -> datetime:
    """Make ``value`` the run's present: current() moves on from it in real time."""
    global _offset
    _offset = value - datetime.now(UTC)
    return value


def current() -> datetime:
    """The clock during a run: the --now it started at, moving on in real time from there.

    Results are stamped with it, so a run pinned to 2026-12-01 10:05 records 10:05:02 for an
    answer two seconds later, not today's date, and later cadences (metrics) stay consistent.
    """
    return datetime.now(UTC) + _offset
