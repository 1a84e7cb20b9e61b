"""Checks of a post's first comment (``first_comment:``, docs/publishing.md#first-comments).

A first comment goes only to networks where smm can post one (rules/<network>.yaml: a
``comments.limit`` for a comment API, or ``threads.reply`` for a self-reply); elsewhere it is
``first-comment/unsupported`` unless ``overrides.<network>.first_comment`` is empty (none there).
Its length is counted as the network counts it (compose.render gives each render its comment),
against ``comments.limit`` or, for a self-reply, the network's post limit.
"""

from __future__ import annotations

from smm.lint.context import PostContext
from smm.networks.compose import comment_source
from smm.rules import network_rules


def check_first_comment(ctx: PostContext) -> None:
    """first-comment/unsupported and <network>/comment-length, at the key the comment comes from."""
    for network, rendered in ctx.renders.items():
        source, key = comment_source(ctx.post, network)
        if source is None:
            continue
        rules = network_rules(network)
        if rules.comments is None:
            ctx.add(
                key,
                "first-comment/unsupported",
                f"smm cannot post a first comment on {rules.name}: set "
                f"overrides.{network}.first_comment to null to send none there",
            )
            continue
        comment = rendered.first_comment
        limit = comment.limit if comment else None
        if comment is None or limit is None or not comment.over_limit():
            continue
        what = "first comment" + (
            " (a reply, counted as a post)" if rules.comments == "reply" else ""
        )
        ctx.add(
            key,
            f"{network}/comment-length",
            f"{rules.name} {what} is {comment.length:,} {comment.unit}; the limit is "
            f"{limit.value:,} (over by {comment.length - limit.value:,}){limit.note()}",
            limit.level,
        )
