"""Editing and deleting a live Telegram channel post (the adapter's Editing and Retracting methods).

    edit        editMessageText, or editMessageCaption for a photo or an album
    live_text   the post's text as the channel's public web page shows it (t.me/s)
    retract     deleteMessage, or deleteMessages for every message of an album

core.telegram.org/bots/api (#editmessagetext, #editmessagecaption, #deletemessage,
#deletemessages).
"""

from __future__ import annotations

import json
from typing import Any

from smm.errors import NetworkError, UnsupportedError
from smm.networks.base import Account, Outgoing, Published
from smm.networks.telegram import CANNOT_LIST, Telegram, _chat, _token

MAX_DELETE = 100  # deleteMessages: "1-100 identifiers of messages to delete"


def edit(adapter: Telegram, outgoing: Outgoing, live: Published) -> Published:
    """editMessageText, or editMessageCaption for a photo or an album (its first message
    holds the caption); the photos stay. "message is not modified" means the message
    already shows this text: the edit is done, not refused."""
    account, rendered = outgoing.account, outgoing.rendered
    chat, token = _chat(account), _token(account)
    data: dict[str, Any] = {"chat_id": chat, "message_id": live.id, "parse_mode": "HTML"}
    if rendered.images:
        method, data["caption"] = "editMessageCaption", rendered.text
    else:
        method, data["text"] = "editMessageText", rendered.text
        preview: dict[str, Any] = {
            "is_disabled": bool(account.settings.get("disable_link_preview", False))
        }
        if rendered.link:
            preview["url"] = rendered.link
        data["link_preview_options"] = json.dumps(preview)
    adapter.limiter.wait((adapter.api_base, chat))
    try:
        adapter._call(token, method, data=data)
    except NetworkError as exc:
        if "message is not modified" not in str(exc):
            raise
    return live


def live_text(adapter: Telegram, account: Account, live: Published) -> str | None:
    """The post's text as its public channel's web page shows it (the Bot API cannot read a
    channel); None when the page no longer shows it. A private channel: UnsupportedError."""
    from smm.networks.tme import WebPreview

    chat = _chat(account)
    if not chat.startswith("@"):
        raise UnsupportedError(
            adapter.id,
            f"{CANNOT_LIST}, and a private channel (chat {chat}) has no public page to "
            "read the post's text from; check the channel by hand",
        )
    web = WebPreview(adapter.client, adapter.web_base)
    page = web.page(chat[1:], int(live.id) + 1 if live.id.isdigit() else None)
    found = [post for post in page.posts if str(post.id) == live.id]
    return found[0].text if found else None


def retract(adapter: Telegram, account: Account, live: Published) -> None:
    """Delete the post: deleteMessage, or deleteMessages for an album (each photo is a message
    of its own; deleting the first alone would leave the others in the channel). Only within
    48 hours of sending (the Bot API's rule; later it answers "message can't be deleted").
    "message to delete not found", or deleteMessages skipping what is gone: done already."""
    chat, token = _chat(account), _token(account)
    ids = album_ids(live)
    adapter.limiter.wait((adapter.api_base, chat))
    if len(ids) > 1:
        for start in range(0, len(ids), MAX_DELETE):
            chunk = ids[start : start + MAX_DELETE]
            adapter._call(
                token,
                "deleteMessages",
                data={"chat_id": chat, "message_ids": json.dumps(chunk)},
            )
        return
    try:
        adapter._call(token, "deleteMessage", data={"chat_id": chat, "message_id": live.id})
    except NetworkError as exc:
        if "message to delete not found" not in str(exc):
            raise


def album_ids(live: Published) -> list[int | str]:
    """Every message of a live post: an album's ``message_ids`` (recorded by publish), else its id."""
    ids = live.extra.get("message_ids")
    if isinstance(ids, list) and len(ids) > 1 and all(isinstance(i, int) for i in ids):
        return list(ids)
    return [live.id]
