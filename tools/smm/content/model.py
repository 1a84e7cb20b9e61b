"""The content model: brands, campaigns and posts as loaded from the repository."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from smm.content.yamlpos import Located

_MONEY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Z]{3})\s*$")
_DURATION = re.compile(r"^(\d+)\s*([mhd])$")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None
    kind: str | None = None

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency or ''}".replace(",", " ").replace(".00 ", " ").strip()


def parse_money(value: Any, default_currency: str | None) -> Money | None:
    """'1500 RUB', 1500 (brand's currency) or {amount, currency, kind}; None if unusable."""
    try:
        if isinstance(value, str):
            match = _MONEY.match(value)
            return Money(Decimal(match.group(1)), match.group(2)) if match else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Money(Decimal(str(value)), default_currency)
        if isinstance(value, dict) and isinstance(value.get("amount"), (int, float)):
            currency = value.get("currency") if isinstance(value.get("currency"), str) else default_currency
            kind = value.get("kind") if isinstance(value.get("kind"), str) else None
            return Money(Decimal(str(value["amount"])), currency, kind)
    except InvalidOperation:
        return None
    return None


def parse_duration(value: Any, default: timedelta) -> timedelta:
    match = _DURATION.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return default
    return timedelta(**{{"m": "minutes", "h": "hours", "d": "days"}[match.group(2)]: int(match.group(1))})


#: States of a (post, network) in its published: block (DESIGN §6). Absent means scheduled.
PUBLISH_STATES = ("claimed", "published", "failed", "unknown", "missed")


def publish_state(entry: dict[str, Any]) -> str:
    """The state of one published: entry; an entry with an id or url and no state is published."""
    state = entry.get("state")
    if state in PUBLISH_STATES:
        return str(state)
    return "published" if entry.get("id") or entry.get("url") else "claimed"


@dataclass
class Brand:
    slug: str
    path: str
    meta: Located
    name: str
    tz: ZoneInfo
    currency: str | None
    jurisdiction: str | None
    late_after: timedelta
    publish_late: bool
    accounts: dict[str, dict[str, Any]]
    reviewers: list[str]
    required_hashtags: list[str]
    banned_hashtags: list[str]
    banned_words: list[tuple[str, str]]  # (word, message)
    preferred: dict[str, str]  # wrong -> preferred
    signature: str
    quiet_hours: tuple[str, str] | None
    frequency: dict[str, dict[str, Any]]
    advertiser: dict[str, Any] | None


@dataclass
class Campaign:
    slug: str
    brand: str
    path: str
    meta: Located
    name: str
    start: datetime | None  # aware, inclusive
    end: datetime | None  # aware, exclusive
    budget: Money | None
    networks: list[str]
    hashtags: list[str]
    utm: dict[str, str]


@dataclass(frozen=True)
class Image:
    src: str
    alt: str | None
    key: tuple[Any, ...]  # where in the front matter, for positions


@dataclass
class Post:
    path: str
    brand: str
    meta: Located
    body: str
    body_line: int
    networks: list[str]
    time_text: str | None
    hashtags: list[str] = field(default_factory=list)
    campaign: str | None = None
    kind: str = "organic"
    images: list[Image] = field(default_factory=list)
    link: str | None = None
    budget: Money | None = None
    advertiser: dict[str, Any] | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: dict[str, dict[str, Any]] = field(default_factory=dict)
    title: str | None = None

    def at(self, *key: Any) -> tuple[int, int]:
        return self.meta.at(*key)

    def images_for(self, network: str) -> list[Image]:
        override = self.overrides.get(network, {})
        return override["images"] if "images" in override else self.images
