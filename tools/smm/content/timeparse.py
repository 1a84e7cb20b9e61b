"""Times in front matter: ISO 8601, read in the brand's IANA zone when there is no offset."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

Fold = Literal["ok", "nonexistent", "ambiguous"]


def parse_local(text: str, tz: ZoneInfo) -> tuple[datetime, Fold]:
    """An aware datetime for ``text`` and whether that wall time exists once in ``tz``.

    A time in the gap of a daylight-saving change is "nonexistent"; one in the overlap is
    "ambiguous". Both are returned resolved (fold=0) so the caller can still report and plan.
    Raises ValueError when the text is not an ISO 8601 date-time.
    """
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        return value, "ok"
    local = value.replace(tzinfo=tz)
    round_trip = local.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    if round_trip != value:
        return local, "nonexistent"
    if local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset():
        return local, "ambiguous"
    return local, "ok"


def parse_day_bound(text: str, tz: ZoneInfo, end: bool) -> datetime:
    """Campaign bounds: a date means the whole local day (``end`` is exclusive), or an instant."""
    text = text.strip()
    if len(text) == 10:
        day = date.fromisoformat(text) + (timedelta(days=1) if end else timedelta())
        return datetime.combine(day, time(0, 0), tzinfo=tz)
    return parse_local(text, tz)[0]
