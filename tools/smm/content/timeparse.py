"""Times in front matter: ISO 8601, read in the brand's IANA zone when there is no offset.

Times smm plans lie in the years 2000 to 2099 (``FIRST_YEAR``..``LAST_YEAR``). Outside them a time
is a typo, and converting it between zones can leave the range Python's datetime holds (year 1
to 9999), so it is refused as ``OutOfRange`` before any conversion.
"""

from __future__ import annotations

import functools
import importlib.util
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Fold = Literal["ok", "nonexistent", "ambiguous"]
FIRST_YEAR, LAST_YEAR = 2000, 2099


class OutOfRange(ValueError):
    """A well-formed date or time outside the years smm plans in."""


def _in_range(value: date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise OutOfRange(
            f"the year {value.year} is outside the years {FIRST_YEAR} to {LAST_YEAR} smm plans in"
        )


def parse_local(text: str, tz: ZoneInfo) -> tuple[datetime, Fold]:
    """An aware datetime for ``text`` and whether that wall time exists once in ``tz``.

    A time in the gap of a daylight-saving change is "nonexistent"; one in the overlap is
    "ambiguous". Both are returned resolved (fold=0) so the caller can still report and plan.
    Raises ValueError when the text is not an ISO 8601 date-time, OutOfRange (a ValueError)
    when it is one outside FIRST_YEAR..LAST_YEAR.
    """
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    _in_range(value)
    if value.tzinfo is not None:
        return value, "ok"
    local = value.replace(tzinfo=tz)
    round_trip = local.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != value:
        return local, "nonexistent"
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return local, "ambiguous"
    return local, "ok"


def parse_day_bound(text: str, tz: ZoneInfo, end: bool) -> datetime:
    """Campaign bounds: a date means the whole local day (``end`` is exclusive), or an instant."""
    text = text.strip()
    if len(text) == 10:
        day = date.fromisoformat(text)
        _in_range(day)
        return datetime.combine(
            day + (timedelta(days=1) if end else timedelta()), time(0, 0), tzinfo=tz
        )
    return parse_local(text, tz)[0]


@functools.cache
def _iana_keys() -> frozenset[str]:
    """The zone names of the IANA database as the tzdata package lists them (not the files of
    this machine's zoneinfo folder, which also holds 'localtime', 'posixrules', 'posix/...')."""
    # the package's folder, found without importlib.resources (its import, with zipfile and
    # tempfile, costs more than the read): tzdata is a plain folder wherever pip installs it
    spec = importlib.util.find_spec("tzdata")
    try:
        if spec is None or not spec.submodule_search_locations:
            raise OSError("tzdata is not installed as a folder")
        folder = Path(next(iter(spec.submodule_search_locations)))
        names = (folder / "zones").read_text(encoding="utf-8").split()
    except OSError:
        from zoneinfo import available_timezones

        names = list(available_timezones())
    # Factory is in the database as a placeholder that means "the zone was never set"
    return frozenset(names) - {"Factory", "localtime", "posixrules"}


def iana_zone(key: str) -> ZoneInfo | None:
    """The zone for an IANA name such as Europe/Moscow; None for anything else (a file path,
    'localtime', 'Factory', a name this machine has no data for)."""
    if key not in _iana_keys():
        return None
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
