"""Editing and deleting a live Mastodon status (the adapter's Editing and Retracting methods).

    edit        PUT /api/v1/statuses/:id with status, spoiler_text and media_ids[]: the images
                are uploaded again and attached in place of the old ones (Mastodon 3.5+ keeps
                the status's id and shows "edited")
    live_text   GET /api/v1/statuses/:id/source: the text as written (``content`` is HTML)
    retract     DELETE /api/v1/statuses/:id; a 404 is a status already gone: done

docs.joinmastodon.org/methods/statuses (#edit, #source, #delete).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm.networks.base import Account, Outgoing, Published
from smm.networks.mastodon_media import upload

if TYPE_CHECKING:
    from smm.networks.mastodon import Mastodon


def edit(adapter: Mastodon, outgoing: Outgoing, live: Published) -> Published:
    """The new text and the full set of attachments, in place of the status's."""
    rendered = outgoing.rendered
    media_ids = [upload(adapter, outgoing, index) for index in range(len(rendered.images))]
    form: dict[str, object] = {"status": rendered.text}
    if media_ids:
        form["media_ids[]"] = media_ids
    if rendered.content_warning:
        form["spoiler_text"] = rendered.content_warning
    adapter._call(outgoing.account, "PUT", f"/api/v1/statuses/{live.id}", writes=True, data=form)
    return live


def live_text(adapter: Mastodon, account: Account, live: Published) -> str | None:
    """The status's source text; None when it is gone (404)."""
    from smm.networks.mastodon import _json

    answer = adapter._call(
        account, "GET", f"/api/v1/statuses/{live.id}/source", writes=False, missing_ok=True
    )
    if answer.status_code == 404:
        return None
    body = _json(answer)
    return str(body.get("text") or "") if isinstance(body, dict) else None


def retract(adapter: Mastodon, account: Account, live: Published) -> None:
    """Delete the status; one already gone (404) counts as deleted."""
    adapter._call(account, "DELETE", f"/api/v1/statuses/{live.id}", writes=True, missing_ok=True)
