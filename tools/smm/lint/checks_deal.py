"""Checks of a post's deal with a partner (content/deals.py):

deal/missing   an exchange or influencer post without a ``deal:`` (warning; per post, cached)
deal/kind      a ``deal:`` on a post of another kind: the report leaves it out (warning)
deal/overdue   the counter-post's ``due`` date has passed and no ``counter_post`` is recorded
               (warning; against the clock, from the cached facts, so never cached itself)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smm.content.deals import DEAL_KINDS, local_day, overdue
from smm.content.model import Post
from smm.content.repo import Repo
from smm.findings import Finding
from smm.lint.facts import DealFacts, PostFacts

if TYPE_CHECKING:  # the clock check runs on every lint: it must not load what the context does
    from smm.lint.context import PostContext


def check_deal(ctx: PostContext) -> None:
    post = ctx.post
    written = post.meta.data.get("deal") is not None
    if post.kind in DEAL_KINDS and not written:
        ctx.add(
            ("kind",),
            "deal/missing",
            f"an {post.kind} post has no deal: write "
            "`deal: {partner, agreed, cost (or barter), due}` so the report can balance it",
            "warning",
        )
    elif written and post.kind not in DEAL_KINDS:
        ctx.add(
            ("deal",),
            "deal/kind",
            f"a deal on a post of kind {post.kind}: deals belong to exchange and influencer "
            "posts, and the report leaves this one out; set `kind:` or remove the deal",
            "warning",
        )


def deal_facts(post: Post) -> DealFacts | None:
    """What deal/overdue and the report need to know without reading the post again."""
    deal = post.deal
    if deal is None or post.kind not in DEAL_KINDS:
        return None
    pos = post.at("deal", "due") if deal.due else post.at("deal")
    return (deal.due.isoformat() if deal.due else None, *pos, deal.counter_post is not None)


def check_overdue(repo: Repo, facts: Iterable[PostFacts], now: datetime) -> list[Finding]:
    out = []
    for f in facts:
        if f.deal is None:
            continue
        due_text, line, col, counter_out = f.deal
        if due_text is None:
            continue
        brand = repo.brands.get(f.brand)
        tz = brand.tz if brand else ZoneInfo("UTC")
        due = date.fromisoformat(due_text)
        if overdue(due, counter_out, now, tz):
            days = (local_day(now, tz) - due).days
            out.append(
                Finding(
                    f.path,
                    line,
                    col,
                    "warning",
                    "deal/overdue",
                    f"the partner's counter-post was due on {due_text} ({days} day(s) ago) and "
                    "deal.counter_post is not set: ask the partner, or record its URL",
                )
            )
    return out
