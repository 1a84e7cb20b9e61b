"""The Bot API's edit and delete methods for the Telegram sandbox (telegram.py serves them).

    editMessageText      a text message's new text (chat_id, message_id, text, parse_mode)
    editMessageCaption   a photo's or album's caption (chat_id, message_id, caption, parse_mode)
    deleteMessage        a message sent less than 48 hours ago ("message can't be deleted" after)

Refusals as the Bot API words them: "message to edit not found", "message is not modified: ..."
(the same content again), "there is no text in the message to edit" (a photo: edit its caption),
"there is no caption in the message to edit", "message to delete not found". An edit is kept in
the post's ``edited`` list and a deletion as ``deleted: true`` (edits.py), so GET /_sandbox/posts
shows them; t.me's page shows the current text and leaves deleted posts out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.sandbox import edits
from smm.sandbox.tg_requests import BadRequest

if TYPE_CHECKING:
    from smm.sandbox.forms import Request
    from smm.sandbox.telegram import TelegramApi

METHODS = ("editMessageText", "editMessageCaption", "deleteMessage")
#: deleteMessage: "A message can only be deleted if it was sent less than 48 hours ago."
DELETE_WINDOW = 48 * 3600
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def handle(api: TelegramApi, req: Request, chat: dict[str, Any]) -> Any:
    """Apply one edit or delete method; the Bot API's ``result``, or BadRequest."""
    what = "delete" if req.method == "deleteMessage" else "edit"
    keys = {"chat_id": chat["id"], "id": req.params.get("message_id", "").strip()}
    post = edits.find(api.state, "telegram", **keys)
    if post is None or not edits.live(post):
        raise BadRequest(f"Bad Request: message to {what} not found")
    if req.method == "deleteMessage":
        if api.config.now() - post["date"] >= DELETE_WINDOW:
            raise BadRequest("Bad Request: message can't be deleted")
        edits.delete(api.state, "telegram", keys)
        return True
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
