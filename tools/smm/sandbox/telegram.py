"""The Bot API as a channel-posting bot sees it: /bot<token>/<method>, {"ok":...} answers.

Emulated: getMe, sendMessage, sendPhoto (uploaded file), sendMediaGroup (2-10 photos as
``attach://`` parts); a text as the server takes it, with its wording for each refusal: at most
32,768 bytes as sent (telegram-bot-api Client::get_formatted_text), HTML parse mode as TDLib
parses it (tg_html.py), then cleaned and trimmed as TDLib does (tg_text.py), then counted in code
points against 4096 for a message, 1024 for a caption (td MessageContent.cpp); link preview
options read as the server reads them (unknown keys ignored); photo size, dimension and ratio
checks; the per-chat message rate. Not emulated: MarkdownV2, file ids and URLs as photos,
entities Telegram detects itself (links, hashtags), anything but channels.
Metrics: none through the Bot API, like the real one (a Message has no views; no method returns
views, forwards or comments; reaction totals only come as pushed getUpdates/webhook updates, which
smm does not read, so getUpdates is not emulated either). A post's views are there all the same
(a test's through ``set_metrics``, else grown with the post's age: sandbox/growth.py), because a
public channel's web page shows them (tme.py).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from smm.sandbox import tg_edits
from smm.sandbox.forms import Request
from smm.sandbox.growth import record
from smm.sandbox.options import flag
from smm.sandbox.state import Config, Fault, State, Window
from smm.sandbox.tg_html import ParseError, bot_api_entity, parse_html
from smm.sandbox.tg_requests import (
    BadRequest,
    bad_request,
    error,
    is_utf8,
    photo,
    preview_options,
    too_many,
)
from smm.sandbox.tg_text import TextError, fix_formatted_text
from smm.sandbox.tme import FIGURES, TmeWeb

Reply = tuple[int, Any]
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024
SENT_BYTES = 1 << 15  # Client::get_formatted_text: "Text is too long" before any parsing
SENDS = ("sendMessage", "sendPhoto", "sendMediaGroup")


@dataclass(frozen=True)
class TelegramOptions:
    """How strict the Bot API and t.me sandboxes are. None for tokens or chats: accept any."""

    tokens: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--telegram-token",
            "the only bot tokens accepted (default: any non-empty token; env: space-separated)",
            multiple=True,
            envvar="SMM_SANDBOX_TELEGRAM_TOKENS",
        ),
    )
    # "@name" or "-100…" as the brand file writes them
    chats: frozenset[str] | None = field(
        default=None,
        metadata=flag(
            "--telegram-chat",
            "the only chats that exist, @name or -100… id (default: any)",
            multiple=True,
        ),
    )
    per_minute: int = field(  # messages per minute per chat (Bot FAQ)
        default=20,
        metadata=flag("--telegram-per-minute", "messages per minute per chat", type=int, minimum=1),
    )
    window: float = 60.0  # seconds the per-minute count spans (shorter in fast tests)


class TelegramApi:
    network = "telegram"
    probe = "/botsandbox-token/getMe"  # a path this API answers (tests/networks/test_registry.py)
    _PATH = re.compile(r"^/bot([^/]*)/([A-Za-z]+)$")

    def __init__(self, options: TelegramOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state
        self.window = Window(options.per_minute, options.window)

    def route(self, path: str) -> tuple[str, str] | None:
        """(method, token) for a Bot API path /bot<token>/<method>, else None."""
        match = self._PATH.match(path)
        return (match.group(2), match.group(1)) if match else None

    def dispatch(self, method: str, token: str, req: Request) -> Reply:
        return self.handle(token, req)

    def bad_body(self, message: str) -> Reply:
        return error(400, f"Bad Request: {message}")

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        if fault.kind == "echo":  # the Bot API's error_code is the HTTP status
            status = fault.status or fault.code or 400
            if status == 429:
                return error(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}; {req.raw}",
                    {"retry_after": fault.retry_after},
                )
            return error(
                status, f"{'Bad Request' if status < 500 else 'Internal Server Error'}: {req.raw}"
            )
        if fault.kind == "429":
            return too_many(fault.retry_after)
        if fault.kind == "500":
            return error(500, "Internal Server Error")
        return error(fault.code or 400, fault.message or "Bad Request: injected error")

    def handle(self, token: str, req: Request) -> Reply:
        if not token or (self.options.tokens is not None and token not in self.options.tokens):
            # the real server answers 404 for an empty token and 401 for one it does not know
            return error(404, "Not Found") if not token else error(401, "Unauthorized")
        if req.method == "getMe":
            return 200, {
                "ok": True,
                "result": {
                    "id": _bot_id(token),
                    "is_bot": True,
                    "first_name": "Sandbox bot",
                    "username": "smm_sandbox_bot",
                },
            }
        if req.method not in SENDS and req.method not in tg_edits.METHODS:
            return error(404, "Not Found")
        try:
            chat = self._chat(req.params.get("chat_id", ""))
            if req.method in tg_edits.METHODS:  # edits and deletes (tg_edits.py)
                return 200, {"ok": True, "result": tg_edits.handle(self, req, chat)}
            checked = getattr(self, "_" + req.method)(req)  # validate everything before counting
            wait = self.window.hit(chat["id"])
            if wait:
                return too_many(max(1, math.ceil(wait)))
            return 200, {"ok": True, "result": self._store(token, req, chat, checked)}
        except BadRequest as exc:
            return error(exc.code, exc.description, exc.parameters)

    def _chat(self, chat_id: str) -> dict[str, Any]:
        chat_id = chat_id.strip()
        if not chat_id:
            raise BadRequest("Bad Request: chat_id is empty")
        known = self.options.chats
        if known is not None and chat_id not in known:
            raise BadRequest("Bad Request: chat not found")
        if chat_id.startswith("@"):
            name = chat_id[1:]
            return {
                "id": -1000000000000 - zlib.crc32(name.lower().encode()) % 10**9,
                "title": name,
                "username": name,
                "type": "channel",
            }
        try:
            numeric = int(chat_id)
        except ValueError:
            raise BadRequest("Bad Request: chat not found") from None
        return {"id": numeric, "title": f"Channel {numeric}", "type": "channel"}

    def _text(
        self,
        text: str,
        parse_mode: str,
        limit: int,
        what: str,
        allow_empty: bool = True,
        where: str = "",
    ) -> tuple[str, list[dict[str, Any]]]:
        """The text and entities Telegram keeps, or the refusal (``where`` prefixes the Bot API's own)."""
        if len(text.encode("utf-8", "surrogatepass")) > SENT_BYTES:
            raise BadRequest(bad_request(where + "Text is too long"))
        mode = parse_mode.lower()
        visible = text
        entities: list[dict[str, Any]] = []
        if text and mode not in ("", "none"):
            if mode in ("markdown", "markdownv2"):
                raise BadRequest(
                    f"Bad Request: the sandbox does not emulate parse_mode {parse_mode}"
                )
            if mode != "html":
                raise BadRequest(bad_request(where + "Unsupported parse_mode"))
            if not is_utf8(text):
                raise BadRequest(bad_request(where + "Text must be encoded in UTF-8"))
            try:
                visible, entities = parse_html(text)
            except ParseError as exc:
                raise BadRequest(bad_request(f"{where}Can't parse entities: {exc}")) from None
        if not is_utf8(visible):
            raise BadRequest(bad_request("Strings must be encoded in UTF-8"))
        try:
            visible, entities = fix_formatted_text(visible, entities, allow_empty)
        except TextError as exc:
            raise BadRequest(bad_request(str(exc))) from None
        if len(visible) > limit:  # utf8_length: one per code point
            raise BadRequest(
                "Bad Request: message is too long"
                if what == "text"
                else "Bad Request: message caption is too long"
            )
        return visible, [bot_api_entity(e) for e in entities]

    def _sendMessage(self, req: Request) -> dict[str, Any]:
        options = preview_options(req.params.get("link_preview_options"))
        text = req.params.get("text", "")
        if not text:
            raise BadRequest("Bad Request: message text is empty")
        # a link preview of its own lets the text be empty (InputMessageText.cpp, process_input_message_text)
        url = "" if options is None or options.get("is_disabled") else str(options.get("url", ""))
        visible, entities = self._text(
            text, req.params.get("parse_mode", ""), TEXT_LIMIT, "text", allow_empty=bool(url)
        )
        return {"html": text, "text": visible, "entities": entities, "images": []}

    def _sendPhoto(self, req: Request) -> dict[str, Any]:
        upload = req.files.get("photo")
        if upload is None:
            raise BadRequest("Bad Request: there is no photo in the request")
        caption = req.params.get("caption", "")
        visible, entities = self._text(
            caption, req.params.get("parse_mode", ""), CAPTION_LIMIT, "caption"
        )
        return {"html": caption, "text": visible, "entities": entities, "images": [photo(upload)]}

    def _sendMediaGroup(self, req: Request) -> dict[str, Any]:
        try:
            media = json.loads(req.params.get("media", ""))
        except ValueError:
            raise BadRequest("Bad Request: can't parse media JSON object") from None
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise BadRequest("Bad Request: media must include 2-10 items")
        html, visible, entities, images = "", "", [], []
        for number, item in enumerate(media):
            if isinstance(item, dict) and item.get(
                "caption"
            ):  # the server reads the caption first (get_input_media)
                text, ents = self._text(
                    str(item["caption"]),
                    str(item.get("parse_mode", "")),
                    CAPTION_LIMIT,
                    "caption",
                    where="Can't parse InputMedia: ",
                )
                if not html:  # clients show the first caption as the album's
                    html, visible, entities = str(item["caption"]), text, ents
            if not isinstance(item, dict) or item.get("type") != "photo":
                raise BadRequest(
                    f"Bad Request: can't parse InputMedia: item {number} is not a photo"
                )
            ref = str(item.get("media", ""))
            if not ref.startswith("attach://") or ref[9:] not in req.files:
                raise BadRequest(
                    f"Bad Request: failed to send message #{number + 1} with the error message "
                    f'"MEDIA_EMPTY": no file attached as {ref!r}'
                )
            images.append(photo(req.files[ref[9:]]))
        return {"html": html, "text": visible, "entities": entities, "images": images}

    def set_metrics(self, post_id: str | int, chat: str | None = None, **figures: int) -> None:
        """Set a post's views (ids count per chat: ``chat`` as the brand writes it picks one)."""
        with self.state.lock:
            for post in self.state.data["posts"]:
                if (
                    post["network"] == "telegram"
                    and post["id"] == str(post_id)
                    and chat in (None, post["account"])
                ):
                    return record(self.state, post, figures, FIGURES)
        raise KeyError(f"no telegram post {post_id}" + (f" in {chat}" if chat else ""))

    def _store(
        self, token: str, req: Request, chat: dict[str, Any], checked: dict[str, Any]
    ) -> Any:
        now = int(self.config.now())
        ids = [self.state.next_id(f"telegram:{chat['id']}") for _ in checked["images"] or [None]]
        group = str(ids[0] * 1000 + now % 1000) if len(ids) > 1 else None
        messages = []
        for n, message_id in enumerate(ids):
            msg: dict[str, Any] = {
                "message_id": message_id,
                "sender_chat": chat,
                "chat": chat,
                "date": now,
            }
            if group:
                msg["media_group_id"] = group
            if checked["images"]:
                img = checked["images"][n]
                msg["photo"] = [
                    {
                        "file_id": f"sandbox-{img['sha256'][:24]}",
                        "file_unique_id": img["sha256"][:16],
                        "width": img["width"],
                        "height": img["height"],
                        "file_size": img["bytes"],
                    }
                ]
            if n == 0 and checked["text"]:
                key = "caption" if checked["images"] else "text"
                msg[key] = checked["text"]
                if checked["entities"]:
                    msg[f"{key}_entities" if key == "caption" else "entities"] = checked["entities"]
            messages.append(msg)
        self.state.add_post(
            {
                "network": "telegram",
                "account": req.params["chat_id"],
                "chat_id": chat["id"],
                "id": str(ids[0]),
                "message_ids": ids,
                "method": req.method,
                "text": checked["html"],
                "visible": checked["text"],
                "entities": checked["entities"],
                "images": checked["images"],
                "date": now,
                "link_preview_options": json.loads(
                    req.params.get("link_preview_options") or "null"
                ),
            }
        )
        return messages if req.method == "sendMediaGroup" else messages[0]


def _bot_id(token: str) -> int:
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else zlib.crc32(token.encode())


#: What the sandbox serves for this network (networks/registry.py): the Bot API, and t.me's channel pages, which read the same options; and their options.
APIS = (TelegramApi, TmeWeb)
OPTIONS = TelegramOptions
