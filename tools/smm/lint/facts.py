"""What cross-post and time-dependent rules need to know about a post, kept in the cache.

Plain values only (no dataclasses, datetimes or Decimals), so the cache loads in milliseconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import NamedTuple

from smm.content.model import PLACEHOLDER_BODY
from smm.textsafe import listed

Pos = tuple[int, int]
#: A post's deal: (due date ISO or None, line, col of due (else of deal:), counter-post out)
DealFacts = tuple[str | None, int, int, bool]


class PostFacts(NamedTuple):
    path: str
    brand: str
    campaign: str | None
    networks: tuple[str, ...]
    when: float | None  # POSIX timestamp of the post's time
    time_pos: Pos
    budget: tuple[str, str | None] | None  # (amount as text, currency)
    budget_pos: Pos
    text_key: str | None  # the body, normalised, hashed (hex): same key, same text
    states: tuple[tuple[str, str], ...]  # (network, state) from the published: block
    # the post's own `lint: {ignore: [...], reason}`: (rule id or prefix, line, col) of each valid
    # entry, and the reason; applied after the cache (lint/suppress.py), like the repository's settings
    ignores: tuple[tuple[str, int, int], ...] = ()
    ignore_reason: str | None = None
    deal: DealFacts | None = (
        None  # the post's deal: (content/deals.py), for deal/overdue and the report
    )

    # what the post asks of its live posts, and what a run left half-way (publish/changes.py):
    # (network, "edit" | "retract" | "editing" | "retracting"); empty for almost every post
    changes: tuple[tuple[str, str], ...] = ()

    def instant(self) -> datetime | None:
        return datetime.fromtimestamp(self.when, UTC) if self.when is not None else None

    def state(self, network: str) -> str | None:
        for n, state in self.states:  # a loop, not next() over a generator: 25,000 a plan
            if n == network:
                return state
        return None

    def amount(self) -> Decimal:
        return Decimal(self.budget[0]) if self.budget else Decimal(0)


def text_key(body: str) -> str | None:
    """Case and spacing differences do not make a text new."""
    if PLACEHOLDER_BODY in body:
        return None  # body/placeholder says it: two fresh `smm new` posts are not one text twice
    normal = " ".join(body.casefold().split())
    if len(normal) < 20:
        return None  # "Скоро!" twice is not a duplicate worth a finding
    return hashlib.blake2b(normal.encode(), digest_size=12).hexdigest()


def unreadable_note(paths: Iterable[str], facts: list[PostFacts]) -> str | None:
    """The plan's and the report's note on the post files of ``paths`` with no facts (front
    matter that does not parse, no front matter): each named, as lint reports it."""
    read = {f.path for f in facts}
    unread = sorted(p for p in paths if p not in read)
    if not unread:
        return None
    return (
        f"{len(unread)} post file(s) could not be read and are left out: {listed(unread)} "
        "(see smm lint)"
    )
