"""Checks of a post that is already live: its text stays as it was sent, unless an edit is asked for
(``edit:``, which `smm publish` sends: publish/changes.py).

docs/design.md#files: "a person editing a managed block, or the text of a post already published, is a lint
error (editing a live post is a separate, explicit action)". The post's own ``published:`` entry
says what was sent (``sent``) and from what post (``source``), content/digests.py; so these are
per-post checks, cached by the post's bytes like the others.

    published/edited        the text smm would send now is not what it sent, and the post changed
    published/edit-unsupported     ``edit:`` for a network whose rules file says its API cannot edit
    published/retract-unsupported  ``retract:`` likewise, for deleting (both warnings, with the way out)
    published/not-live      ``edit:`` / ``retract:`` of a network the post is not live on (warning)
    published/malformed     a published entry that smm cannot have written (published with no
                            id, or a url that is not a web address: a ``javascript:`` one would
                            run in the browser of whoever clicks it on the site)
    metrics/malformed       a metrics entry that smm cannot have written: a figure that is not a
                            count (text, a list, negative, NaN, huge), an ``at`` that is not a time;
                            the report and the site leave such a figure out
"""

from __future__ import annotations

from typing import Any

from smm import clock
from smm.content.digests import DIGEST, sent_digest, source_digest
from smm.content.managed import entries_of
from smm.content.model import publish_state
from smm.content.schema import NETWORK_IDS
from smm.content.yamlpos import Rejected
from smm.lint.context import PostContext
from smm.networks.base import METRIC_KEYS, figure
from smm.rules import network_rules
from smm.textsafe import one_line, web_address


def check_published(ctx: PostContext) -> None:
    post = ctx.post
    asked = [post.meta.data.get(kind) for kind in ("edit", "retract")]
    edits = {n for a in asked if isinstance(a, dict) for n in a}  # the change is declared
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
        url = entry.get("url")
        if url is not None and not web_address(url):
            ctx.add(
                ("published", network, "url"),
                "published/malformed",
                f"the {network} entry's url is not a web address (http or https): "
                f"{one_line(str(url))[:80]}; smm writes the address the network gave, so restore "
                "the entry from git history (git log -p) rather than editing it by hand",
            )
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
    for kind in ("edit", "retract"):
        asked = post.meta.data.get(kind)
        for network in asked if isinstance(asked, dict) else {}:
            if network in NETWORK_IDS:  # else the schema reports it
                _check_request(ctx, kind, str(network))
    _check_metrics(ctx)


def _check_metrics(ctx: PostContext) -> None:
    """Each figure of the ``metrics:`` block a count, each ``at`` a time: what smm writes."""
    for network, entry in entries_of(ctx.post.meta.data, "metrics").items():
        if "at" in entry and clock.instant(entry["at"]) is None:
            ctx.add(
                ("metrics", network, "at"),
                "metrics/malformed",
                f"the {network} metrics entry's at is not a time smm writes: "
                f"{one_line(str(entry['at']))[:40]}; {_RESTORE}",
            )
        for key in METRIC_KEYS:
            value = entry.get(key)
            if key in entry and figure(value) is None and not isinstance(value, Rejected):
                ctx.add(
                    ("metrics", network, key),
                    "metrics/malformed",
                    f"the {network} metrics figure {key} is not a count: "
                    f"{one_line(str(value))[:40]}; the report and the site leave it out; "
                    f"{_RESTORE}",
                )


_RESTORE = "restore the entry from git history (git log -p) rather than editing it by hand"


def _check_request(ctx: PostContext, kind: str, network: str) -> None:
    """``edit:`` / ``retract:`` of one network: on a live post, and where the network allows it."""
    live = ctx.post.published.get(network)
    state = publish_state(live) if live is not None else None
    if state not in ("published", "retracted"):
        what = (
            "the post goes out as written"
            if kind == "edit"
            else "it is not published there either; remove the network from `network:` instead"
        )
        ctx.add(
            (kind, network),
            "published/not-live",
            f"`{kind}: {network}` asks to change a live post, but this post is not published to "
            f"{network}; remove it ({what})",
            "warning",
        )
        return
    if state == "retracted" and kind == "edit":
        ctx.add(
            (kind, network),
            "published/not-live",
            f"`edit: {network}`: the {network} post was retracted on {_when(live or {})}; "
            "remove the request (an edit is not sent to a deleted post)",
            "warning",
        )
        return
    can = getattr(network_rules(network), kind) if network in ctx.renders else None
    if can is None or can.supported:
        return
    name = network_rules(network).name
    how = (
        f"{name} cannot change a published post's text through its API ({can.source}); retract "
        "it and post it again, or leave it as it is"
        if kind == "edit"
        else f"{name} cannot delete a post through its API ({can.source}); delete it in the app"
    )
    ctx.add(
        (kind, network),
        f"published/{kind}-unsupported",
        f"`{kind}: {network}` asks smm to {'edit' if kind == 'edit' else 'delete'} the live post: "
        f"{how}" + (f" ({can.note})" if can.note else ""),
        "warning",
    )


def _filled(value: Any) -> bool:
    return (
        isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip() != ""
    )


def _when(entry: dict[str, Any]) -> str:
    at = entry.get("at")
    return str(at)[:16].replace("T", " ") if at else "an earlier date"
