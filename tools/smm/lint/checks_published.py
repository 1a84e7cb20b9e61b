"""Checks of a post that is already live: its text stays as it was sent, unless an edit is asked for.

docs/design.md#files: "a person editing a managed block, or the text of a post already published, is a lint
error (editing a live post is a separate, explicit action)". The post's own ``published:`` entry
says what was sent (``sent``) and from what post (``source``), content/digests.py; so these are
per-post checks, cached by the post's bytes like the others.

    published/edited        the text smm would send now is not what it sent, and the post changed
    published/edit-pending  the post asks for an edit (``edit: {vk: reason}``): not implemented
                            yet, so the live post stays as it was (warning)
    published/malformed     a published entry that smm cannot have written (published, no id)
"""

from __future__ import annotations

from typing import Any

from smm.content.digests import DIGEST, sent_digest, source_digest
from smm.content.model import publish_state
from smm.content.schema import NETWORK_IDS
from smm.lint.context import PostContext
from smm.rules import network_rules


def check_published(ctx: PostContext) -> None:
    post = ctx.post
    edits = post.meta.data.get("edit")
    edits = edits if isinstance(edits, dict) else {}
    source: str | None = None  # computed once, and only for a post whose text differs
    for network, entry in post.published.items():
        state = publish_state(entry)
        if state == "published" and not _filled(entry.get("id")):
            ctx.add(
                ("published", network),
                "published/malformed",
                f"the {network} entry says published but has no id: smm writes id, url and at together; "
                "restore the entry from git history (git log -p) rather than editing it by hand",
            )
            continue
        if state != "published" or network in edits:
            continue
        rendered = ctx.renders.get(network)
        sent = entry.get("sent")
        if rendered is None or not isinstance(sent, str) or not DIGEST.match(sent):
            continue  # an old entry (no digest to compare with), or a network dropped from the post
        if sent_digest(rendered.text) == sent:
            continue
        if source is None:
            source = source_digest(post.meta.data, post.body)
        if entry.get("source") == source:
            continue  # the post is as it was: the brand, the campaign or smm changed the rendering
        ctx.add_in_body(
            0,
            "published/edited",
            f"the text of this post was published to {network} on {_when(entry)}; "
            f'edit it on the network, or declare `edit: {{{network}: "reason"}}` to ask smm to update it',
        )
    for network, reason in edits.items():
        if network not in NETWORK_IDS:
            continue  # the schema reports it
        live = post.published.get(network)
        if live is not None and publish_state(live) == "published":
            why = f" ({reason})" if isinstance(reason, str) and reason.strip() else ""
            name = network_rules(network).name if network in ctx.renders else network
            how = (
                "Instagram's API cannot change a caption: change it in the app"
                if network == "instagram"
                else "change it on the network by hand"
            )
            ctx.add(
                ("edit", network),
                "published/edit-pending",
                f"an edit of the live {name} post is requested{why}, but smm cannot edit live posts yet: "
                f"it stays as published on {_when(entry)}; {how}",
                "warning",
            )
        else:
            ctx.add(
                ("edit", network),
                "published/edit-pending",
                f"`edit: {network}` asks to update a live post, but this post is not published to {network}; "
                "remove it (the post goes out as written)",
                "warning",
            )


def _filled(value: Any) -> bool:
    return (
        isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip() != ""
    )


def _when(entry: dict[str, Any]) -> str:
    at = entry.get("at")
    return str(at)[:16].replace("T", " ") if at else "an earlier date"
