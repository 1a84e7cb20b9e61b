"""Editing and deleting a Mastodon status in the sandbox (mastodon.py routes them).

    PUT    /api/v1/statuses/:id   status, spoiler_text, media_ids[]: the new text and the full set
                                  of attachments (UpdateStatusService); the same id, ``edited_at``
    DELETE /api/v1/statuses/:id   the status, with its source ``text`` (for "delete & redraft")
    GET    /api/v1/statuses/:id/source   {id, text, spoiler_text}: the text as written

Only the status's own account may edit or delete it; anyone else's, or one already deleted, is
404 "Record not found", as Mastodon answers. An edit that changes nothing records no edit.
Each applied edit is in the post's ``edited`` list (edits.py), a deletion is ``deleted: true``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.networks.counters import graphemes
from smm.networks.counters import mastodon as status_length
from smm.sandbox import edits
from smm.sandbox.mastodon_store import now_iso

if TYPE_CHECKING:
    from smm.sandbox.forms import Request
    from smm.sandbox.mastodon import MastodonApi

NOT_FOUND = (404, {"error": "Record not found"})


def status_change(
    api: MastodonApi, account: dict[str, Any], ident: str, req: Request
) -> tuple[int, Any]:
    """PUT (edit) or DELETE one of the account's own statuses."""
    keys = {"id": ident, "account": account["id"]}  # only the account's own status
    post = edits.find(api.state, "mastodon", **keys)
    if post is None or not edits.live(post):
        return NOT_FOUND
    if req.verb == "DELETE":
        body = {**api.store.status_json(post, req.base_url), "text": post["text"]}
        edits.delete(api.state, "mastodon", keys)
        return 200, body
    text = req.params.get("status", "")
    spoiler = req.params.get("spoiler_text", "")
    from smm.sandbox.mastodon import _media_ids

    media_ids = _media_ids(req)
    allowed = set(post["media_ids"])
    mine = [m for m in media_ids if m in allowed or api._free_media(account["id"], m)]
    if len(mine) > api.options.max_media_attachments:
        return 422, {"error": f"Cannot attach more than {api.options.max_media_attachments} files"}
    if not text.strip() and not mine:
        return 422, {"error": "Validation failed: Text can't be blank"}
    most = api.options.max_characters
    if graphemes(spoiler) + status_length(text, api.options.characters_reserved_per_url) > most:
        return 422, {"error": f"Validation failed: Text character limit of {most} exceeded"}
    if (text, spoiler, mine) != (post["text"], post["spoiler_text"], post["media_ids"]):
        api.store.attach(mine, post["id"])
        post = (
            edits.edit(
                api.state,
                api.config,
                "mastodon",
                keys,
                text,
                spoiler_text=spoiler,
                media_ids=mine,
                images=[api._image(m) for m in mine],
                edited_at=now_iso(api.config),
            )
            or post
        )
    return 200, api.store.status_json(post, req.base_url)
