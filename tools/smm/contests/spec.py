"""A contest post's ``contest:`` block read into a Contest, and where its draw's files live.

The draw's files sit under ``contests/``, at the post's path below ``posts/`` without ``.md``:
posts/zerno/2026/12/01-giveaway.md -> contests/zerno/2026/12/01-giveaway/{entrants,winners}.json.
Outside posts/ (every .md there is a post) and one folder per contest, so its history is its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from smm.content.model import Post
from smm.content.timeparse import parse_local
from smm.errors import UsageError

ENTRANTS, WINNERS = "entrants.json", "winners.json"


@dataclass(frozen=True)
class Contest:
    ends: datetime  # aware
    winners: int
    entry: str  # comment | repost | like
    rules: str
    networks: tuple[str, ...]  # whose entrants are drawn: contest.networks, else the post's


def contest_of(post: Post, tz: ZoneInfo) -> Contest:
    """The post's contest; UsageError naming what is wrong (lint says it at its line first)."""
    if post.kind != "contest":
        raise UsageError(f"{post.path}: not a contest post (kind: {post.kind})")
    block = post.meta.data.get("contest")
    if not isinstance(block, dict):
        raise UsageError(
            f"{post.path}: a contest post needs `contest: {{ends, winners, entry, rules}}`"
        )
    winners, entry = block.get("winners"), block.get("entry")
    try:
        ends, _ = parse_local(str(block.get("ends", "")), tz)
    except ValueError:
        raise UsageError(f"{post.path}: contest.ends is not an ISO 8601 time") from None
    if not isinstance(winners, int) or isinstance(winners, bool) or winners < 1:
        raise UsageError(f"{post.path}: contest.winners must be a whole number, at least 1")
    if entry not in ("comment", "repost", "like"):
        raise UsageError(f"{post.path}: contest.entry must be comment, repost or like")
    return Contest(ends, winners, str(entry), str(block.get("rules", "")), drawn_networks(post))


def drawn_networks(post: Post) -> tuple[str, ...]:
    """contest.networks where given (those of the post only), else every network of the post."""
    block = post.meta.data.get("contest")
    chosen = block.get("networks") if isinstance(block, dict) else None
    if isinstance(chosen, list):
        return tuple(n for n in post.networks if n in chosen)
    return tuple(post.networks)


def folder(post_path: str) -> str:
    """contests/<path below posts/ without .md>: where the draw's files are committed."""
    return "contests/" + post_path.removeprefix("posts/").removesuffix(".md")
