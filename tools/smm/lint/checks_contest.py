"""Checks of a contest post's ``contest:`` block (docs/contests.md); the schema checks its types.

contest/missing         a post of kind contest without ``contest:`` (error)
contest/kind            ``contest:`` on a post of another kind: `smm draw` refuses it (warning)
contest/ends            ``ends`` unreadable, or not after the post's time (error)
contest/entry-unlisted  a network drawn (contest.networks, else the post's) cannot list who entered
                        that way (error, says why)
"""

from __future__ import annotations

from smm.content.timeparse import parse_local
from smm.contests.spec import drawn_networks
from smm.lint.context import PostContext
from smm.networks.audience import why_unlisted


def check_contest(ctx: PostContext) -> None:
    post = ctx.post
    block = post.meta.data.get("contest")
    if post.kind != "contest":
        if block is not None:
            ctx.add(
                ("contest",),
                "contest/kind",
                f"a contest: on a post of kind {post.kind}: set `kind: contest` or remove it",
                "warning",
            )
        return
    if not isinstance(block, dict):
        ctx.add(
            ("kind",),
            "contest/missing",
            "a contest post has no contest: write `contest: {ends, winners, entry, rules}` "
            "so `smm draw` can find the entrants and the winners",
        )
        return
    ends_text = block.get("ends")
    if isinstance(ends_text, str) and ctx.brand is not None:
        try:
            ends, _ = parse_local(ends_text, ctx.brand.tz)
        except ValueError:
            ctx.add(("contest", "ends"), "contest/ends", f"'{ends_text}' is not an ISO 8601 time")
        else:
            if ctx.when is not None and ends <= ctx.when:
                ctx.add(
                    ("contest", "ends"),
                    "contest/ends",
                    f"the contest ends ({ends_text}) before the post goes out: no one could enter",
                )
    entry = block.get("entry")
    if not isinstance(entry, str):
        return
    for network in drawn_networks(post):
        why = why_unlisted(network, entry)
        if why is not None:
            ctx.add(
                ("contest", "entry"),
                "contest/entry-unlisted",
                f"smm cannot list who entered by {entry} on {network}: {why}; "
                "choose another entry, or list the networks drawn in contest.networks",
            )
