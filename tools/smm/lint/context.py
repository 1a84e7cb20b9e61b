"""What every per-post check gets: the post, its brand and campaign, its time, and its renders.

These are the stage's inputs, computed before any check runs (lint/checker.py): a check reads
them and adds findings, and never leaves anything behind for another check to read, so the
checks do not depend on their order (lint/registry.py CHECKS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from smm.content.loader import Problems
from smm.content.model import Brand, Campaign, Post
from smm.content.timeparse import OutOfRange, parse_local
from smm.content.yamlpos import short
from smm.findings import Level
from smm.lint.images import ImageInfo
from smm.networks import Rendered
from smm.rules import NetworkRules, network_rules


@dataclass(frozen=True)
class PostTime:
    """The post's ``time`` read in its brand's zone, once, before the checks."""

    when: datetime | None = None  # aware; None when there is no time, no brand, or it is unreadable
    fold: str | None = None  # "nonexistent" (a daylight-saving gap) or "ambiguous" (an overlap)
    problem: str | None = None  # why the time cannot be read (schema/time)


def post_time(post: Post, brand: Brand | None) -> PostTime:
    """The time of ``post`` in the zone of ``brand``."""
    if post.time_text is None or brand is None:
        return PostTime()
    try:
        when, fold = parse_local(post.time_text, brand.tz)
    except OutOfRange as exc:
        return PostTime(problem=f"'{short(post.time_text)}': {exc}")
    except ValueError:
        return PostTime(
            problem=f"'{short(post.time_text)}' is not an ISO 8601 time, e.g. 2026-12-01 10:00"
        )
    return PostTime(when, fold if fold in ("nonexistent", "ambiguous") else None)


@dataclass
class PostContext:
    root: Path
    post: Post
    brand: Brand | None
    campaign: Campaign | None
    renders: dict[str, Rendered]
    image: Callable[[str], ImageInfo]
    out: Problems
    time: PostTime = field(default_factory=PostTime)
    campaign_slugs: tuple[tuple[str, str], ...] = ()  # (brand, slug) of every campaign

    @property
    def when(self) -> datetime | None:
        """The post's time, aware (None when it has none or it cannot be read)."""
        return self.time.when

    def rules(self, network: str) -> NetworkRules:
        """The network's rules, with the numbers the brand's account states for its own server."""
        return network_rules(network).for_account(
            self.brand.accounts.get(network) if self.brand else None
        )

    def add(self, key: tuple[Any, ...], rule: str, message: str, level: Level = "error") -> None:
        """A finding at the front-matter key ``key`` (the document start if unknown)."""
        self.out.add(*self.post.at(*key), rule, message, level)

    def add_in_text(
        self,
        network: str,
        where: Callable[[str], int],
        rule: str,
        message: str,
        level: Level = "error",
    ) -> None:
        """A finding about the text ``network`` receives: at its override's ``text`` when the post
        has one (that is what goes out), else at the body's offset ``where(body)`` gives."""
        if "text" in self.post.overrides.get(network, {}):
            self.add(("overrides", network, "text"), rule, message, level)
        else:
            self.add_in_body(where(self.post.body), rule, message, level)

    def add_in_body(self, offset: int, rule: str, message: str, level: Level = "error") -> None:
        """A finding at character ``offset`` of the body."""
        body = self.post.body
        line = self.post.body_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        self.out.add(line, col, rule, message, level)
