"""When a published post's figures are read: at fixed ages after it went out, then never again.

A post is read at the first run at or after each offset from its publish time (``published.<net>.at``):
1 hour (first reactions), 24 hours (most of the reach), 7 days (the figure reports use). A slot
counts as read when the post's ``metrics.<net>.at`` is at or after it, so the cadence needs no
state beyond the block it writes. After the last offset plus ``FINAL_WINDOW`` a post is not read
any more: a 7-day figure taken a month late would be labelled wrongly in every report.
"""

from __future__ import annotations

from datetime import datetime, timedelta

#: Ages after publishing at which figures are read (ascending).
OFFSETS: tuple[timedelta, ...] = (timedelta(hours=1), timedelta(hours=24), timedelta(days=7))
#: How long after the last offset a missed final reading may still be taken.
FINAL_WINDOW = timedelta(days=1)


def label(offset: timedelta) -> str:
    hours = int(offset.total_seconds() // 3600)
    return f"{hours // 24} d" if hours >= 24 and hours % 24 == 0 and hours > 24 else f"{hours} h"


def due_slot(
    published_at: datetime,
    last_read: datetime | None,
    now: datetime,
    offsets: tuple[timedelta, ...] = OFFSETS,
    final_window: timedelta = FINAL_WINDOW,
) -> timedelta | None:
    """The offset whose reading is due now, or None (too early, read already, or finished)."""
    age = now - published_at
    if age < offsets[0] or age > offsets[-1] + final_window:
        return None
    slot = max(offset for offset in offsets if offset <= age)
    if last_read is not None and last_read >= published_at + slot:
        return None
    return slot


def finished(
    published_at: datetime,
    now: datetime,
    offsets: tuple[timedelta, ...] = OFFSETS,
    final_window: timedelta = FINAL_WINDOW,
) -> bool:
    """True once no reading will ever be due again."""
    return now - published_at > offsets[-1] + final_window
