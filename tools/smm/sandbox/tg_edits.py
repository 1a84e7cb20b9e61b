"""The Bot API's edit and delete methods for the Telegram sandbox (telegram.py serves them).

    editMessageText      a text message's new text (chat_id, message_id, text, parse_mode)
    editMessageCaption   a photo's or album's caption (chat_id, message_id, caption, parse_mode)
    deleteMessage        a message sent less than 48 hours ago ("message can't be deleted" after)
    deleteMessages       1-100 messages at once (message_ids, a JSON array): those not found are
                         skipped, as the Bot API documents; the answer is ``true``

Refusals as the Bot API words them: "message to edit not found", "message is not modified: ..."
(the same content again), "there is no text in the message to edit" (a photo: edit its caption),
"there is no caption in the message to edit", "message to delete not found". An edit is kept in
the post's ``edited`` list (edits.py). A deletion is per message, as in Telegram, where each photo
of an album is a message of its own: ``deleted_messages`` lists ``{message_id, at}`` once per
deleted message, and the post gains ``deleted: true`` when its last message goes, so
GET /_sandbox/posts shows them; t.me's page shows the current text and leaves deleted posts out.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from smm.sandbox import edits
from smm.sandbox.tg_requests import BadRequest

if TYPE_CHECKING:
    from smm.sandbox.forms import Request
    from smm.sandbox.telegram import TelegramApi

METHODS = ("editMessageText", "editMessageCaption", "deleteMessage", "deleteMessages")
#: deleteMessages: "A JSON-serialized list of 1-100 identifiers of messages to delete".
MAX_DELETE = 100
#: deleteMessage: "A message can only be deleted if it was sent less than 48 hours ago."
DELETE_WINDOW = 48 * 3600
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def handle(api: TelegramApi, req: Request, chat: dict[str, Any]) -> Any:
    """Apply one edit or delete method; the Bot API's ``result``, or BadRequest."""
    if req.method == "deleteMessages":
        delete(api, chat, message_ids(req.params.get("message_ids", "")), skip_missing=True)
        return True
    if req.method == "deleteMessage":
        raw = req.params.get("message_id", "").strip()
        delete(api, chat, [int(raw)] if raw.lstrip("-").isdigit() else [], skip_missing=False)
        return True
    keys = {"chat_id": chat["id"], "id": req.params.get("message_id", "").strip()}
    post = edits.find(api.state, "telegram", **keys)
    if post is None or not edits.live(post) or message_gone(post, post["message_ids"][0]):
        raise BadRequest("Bad Request: message to edit not found")
    caption = req.method == "editMessageCaption"
    if caption != bool(post["images"]):
        raise BadRequest(
            "Bad Request: there is no caption in the message to edit"
            if caption
            else "Bad Request: there is no text in the message to edit"
        )
    from smm.sandbox.telegram import CAPTION_LIMIT, TEXT_LIMIT

    text = req.params.get("caption" if caption else "text", "")
    if not caption and not text:
        raise BadRequest("Bad Request: message text is empty")
    visible, entities = api._text(
        text,
        req.params.get("parse_mode", ""),
        CAPTION_LIMIT if caption else TEXT_LIMIT,
        "caption" if caption else "text",
    )
    if (visible, entities) == (post["visible"], post["entities"]):
        raise BadRequest(NOT_MODIFIED)
    edits.edit(api.state, api.config, "telegram", keys, text, visible=visible, entities=entities)
    message: dict[str, Any] = {
        "message_id": post["message_ids"][0],
        "chat": chat,
        "sender_chat": chat,
        "date": post["date"],
        "edit_date": int(api.config.now()),
        ("caption" if caption else "text"): visible,
    }
    return message


def message_ids(raw: str) -> list[int]:
    """deleteMessages' ``message_ids`` as the Bot API reads it (Client::get_message_ids)."""
    if not raw.strip():
        raise BadRequest("Bad Request: message identifiers are not specified")
    try:
        value = json.loads(raw)
    except ValueError:
        raise BadRequest("Bad Request: can't parse message identifiers JSON object") from None
    if not isinstance(value, list):
        raise BadRequest("Bad Request: expected an Array of message identifiers")
    if len(value) > MAX_DELETE:
        raise BadRequest("Bad Request: too many message identifiers specified")
    ids = []
    for item in value:
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
            raise BadRequest("Bad Request: invalid message identifier specified")
        ids.append(item)
    if not ids:
        raise BadRequest("Bad Request: message identifiers are not specified")
    return ids


def delete(api: TelegramApi, chat: dict[str, Any], ids: list[int], skip_missing: bool) -> None:
    """Delete these messages of the chat, all or none: a message not found (or gone already)
    is skipped by deleteMessages and refused by deleteMessage; one older than 48 hours refuses
    the call (nothing is deleted)."""
    now = api.config.now()
    with api.state.lock:
        found = [(post, i) for i in dict.fromkeys(ids) if (post := _holding(api, chat, i))]
        if not found and not skip_missing:
            raise BadRequest("Bad Request: message to delete not found")
        if any(now - post["date"] >= DELETE_WINDOW for post, _ in found):
            raise BadRequest("Bad Request: message can't be deleted")
        for post, message_id in found:
            gone = post.setdefault("deleted_messages", [])
            gone.append({"message_id": message_id, "at": now})
            if all(message_gone(post, m) for m in post["message_ids"]):
                post["deleted"] = True
        if found:
            api.state.save()


def _holding(api: TelegramApi, chat: dict[str, Any], message_id: int) -> dict[str, Any] | None:
    """The stored post (the state's own, not a copy) one of whose live messages is this one."""
    posts: list[dict[str, Any]] = api.state.data["posts"]
    for post in posts:
        if (
            post["network"] == "telegram"
            and post["chat_id"] == chat["id"]
            and message_id in post["message_ids"]
            and not message_gone(post, message_id)
        ):
            return post
    return None


def message_gone(post: dict[str, Any], message_id: int) -> bool:
    """Whether this message of the post was deleted (a post deleted whole: all of them)."""
    return bool(post.get("deleted")) or any(
        d["message_id"] == message_id for d in post.get("deleted_messages", [])
    )
