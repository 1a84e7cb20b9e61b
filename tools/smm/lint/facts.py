"""What cross-post rules and time-dependent rules need to know about a post, kept in the cache."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from smm.content.model import Money

Pos = tuple[int, int]


@dataclass(frozen=True)
class PostFacts:
    path: str
    brand: str
    campaign: str | None
    networks: tuple[str, ...]
    when: datetime | None
    time_pos: Pos
    budget: Money | None
    budget_pos: Pos
    text_key: bytes | None  # the body, normalised, hashed: same key, same text
    published: frozenset[str]


def text_key(body: str) -> bytes | None:
    """Case, spacing and punctuation-only differences do not make a text new."""
    normal = " ".join(body.casefold().split())
    if len(normal) < 20:
        return None  # "Скоро!" twice is not a duplicate worth a finding
    return hashlib.blake2b(normal.encode(), digest_size=12).digest()
