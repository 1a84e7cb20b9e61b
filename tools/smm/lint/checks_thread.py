"""Checks of a thread of posts (content/thread.py): where it can go, and each part on its own.

A thread goes only to networks whose rules file says how a part replies (``threads.reply``);
any other network needs one text of its own in ``overrides.<network>.text``. Each part must
say something, and a very long chain is a warning (the network's ``threads.max_parts``). Each
part's length is checked by check_length (lint/checks_text.py), at the part's own line.
"""

from __future__ import annotations

from smm.content.thread import split_thread
from smm.lint.context import PostContext
from smm.rules import network_rules


def check_thread(ctx: PostContext) -> None:
    """thread/unsupported, thread/empty-part and thread/too-long for the body and each override."""
    post = ctx.post
    body_parts = split_thread(post.body)
    for index, part in enumerate(body_parts if len(body_parts) > 1 else []):
        if not part.text:
            ctx.add_in_body(
                part.offset,
                "thread/empty-part",
                f"part {index + 1}/{len(body_parts)} of the thread is empty: "
                "remove one of the two '---' lines around it",
            )
    for network in ctx.renders:
        override = post.overrides.get(network, {})
        own = override.get("text") if isinstance(override.get("text"), str) else None
        parts = split_thread(own) if own is not None else body_parts
        if len(parts) < 2:
            continue
        key = ("overrides", network, "text")
        rules = network_rules(network)
        if own is not None and any(not part.text for part in parts):
            ctx.add(
                key,
                "thread/empty-part",
                f"overrides.{network}.text: a part of the thread is empty: "
                "remove one of the two '---' lines around it",
            )
        if not rules.threads:
            if own is not None:
                message = (
                    f"{rules.name} takes no threads: overrides.{network}.text must be one text "
                    "without '---' lines"
                )
                ctx.add(key, "thread/unsupported", message)
            else:
                message = (
                    f"{rules.name} takes no threads: give {network} one text in "
                    f"overrides.{network}.text"
                )
                ctx.add_in_body(body_parts[1].offset, "thread/unsupported", message)
            continue
        most = rules.limit("threads.max_parts")
        if most and len(parts) > most.value:
            message = (
                f"a thread of {len(parts)} parts on {rules.name}; more than {most.value} "
                f"is hard to follow{most.note()}"
            )
            if own is not None:
                ctx.add(key, "thread/too-long", message, "warning")
            else:
                ctx.add_in_body(parts[most.value].offset, "thread/too-long", message, "warning")
