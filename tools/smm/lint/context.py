"""What every per-post check gets: the post, its brand and campaign, and its renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from smm.content.loader import Problems
from smm.content.model import Brand, Campaign, Post
from smm.lint.images import ImageInfo
from smm.networks import Rendered
from smm.rules import NetworkRules, network_rules


@dataclass
class PostContext:
    root: Path
    post: Post
    brand: Brand | None
    campaign: Campaign | None
    renders: dict[str, Rendered]
    image: Callable[[str], ImageInfo]
    out: Problems
    when: datetime | None = None  # the post's time, aware
    facts: dict[str, Any] = field(default_factory=dict)  # what cross-post rules need later

    def rules(self, network: str) -> NetworkRules:
        """The network's rules, with the numbers the brand's account states for its own server."""
        return network_rules(network).for_account(
            self.brand.accounts.get(network) if self.brand else None
        )

    def add(self, key: tuple[Any, ...], rule: str, message: str, level: str = "error") -> None:
        """A finding at the front-matter key ``key`` (the document start if unknown)."""
        self.out.add(*self.post.at(*key), rule, message, level)

    def add_in_body(self, offset: int, rule: str, message: str, level: str = "error") -> None:
        """A finding at character ``offset`` of the body."""
        body = self.post.body
        line = self.post.body_line + body.count("\n", 0, offset)
        col = offset - (body.rfind("\n", 0, offset) + 1) + 1
        self.out.add(line, col, rule, message, level)
