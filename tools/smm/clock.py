"""The one place smm reads the clock: ``--now`` or ``SMM_NOW`` win over the system time."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from smm.errors import UsageError


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 instant; a value without an offset is taken as UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"--now/SMM_NOW: {text!r} is not an ISO 8601 time ({exc})") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def now(override: str | None = None) -> datetime:
    """The current instant, aware; ``override`` (from --now) first, then SMM_NOW."""
    text = override or os.environ.get("SMM_NOW")
    return parse_instant(text) if text else datetime.now(timezone.utc)
