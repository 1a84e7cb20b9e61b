"""Telegram Bot API adapter: a rendered post goes to a channel as one message, photo or album.

PLATFORMS.md §1: sendMessage (text, HTML parse mode, link preview), sendPhoto (one photo with
the text as caption), sendMediaGroup (2-10 photos uploaded as ``attach://<name>`` parts, the text
as the first item's caption). The token lives in the URL path (/bot<token>/<method>), so every
message built from an httpx error goes through ``redact``.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
from smm.errors import CredentialsError, MaybePostedError, NetworkError
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, redact, register_secret, send, status_error

REAL_API = "https://api.telegram.org"
MAX_ALBUM = 10


def post_url(chat: str | int, message_id: int | str, username: str | None = None) -> str:
    """The t.me link of a message: public channels by @username, private ones by /c/<id>/."""
    chat = str(chat)
    if username:
        return f"https://t.me/{username}/{message_id}"
    if chat.startswith("@"):
        return f"https://t.me/{chat[1:]}/{message_id}"
    # Bot API ids of channels are -100<channel id>; t.me/c/ links use the bare channel id
    bare = chat[4:] if chat.startswith("-100") else chat.lstrip("-")
    return f"https://t.me/c/{bare}/{message_id}"


class Telegram(HttpAdapter):
    """Posts to a channel the bot administers; ``Account.settings['chat']`` is @name or -100… id."""

    id = "telegram"
    real_api = REAL_API
    # Bot FAQ: about 20 messages a minute to one group or channel (PLATFORMS.md §1)
    limiter = RateLimiter(calls=20, period=60.0)

    def publish(self, outgoing: Outgoing) -> Published:
        """Send the post; raises RetryableError, MaybePostedError or NetworkError."""
        account, rendered = outgoing.account, outgoing.rendered
        chat = _chat(account)
        token = _token(account)
        images = rendered.images
        if len(images) > MAX_ALBUM:
            raise NetworkError(self.id, f"{len(images)} images: an album holds at most {MAX_ALBUM}")
        files = [_read(outgoing, image.src) for image in images]
        self.limiter.wait((self.api_base, chat))
        if not images:
            preview: dict[str, Any] = {"is_disabled": bool(account.settings.get("disable_link_preview", False))}
            if rendered.link:
                preview["url"] = rendered.link  # the post's own link, not whichever URL comes first
            result = self._call(token, "sendMessage", data={
                "chat_id": chat, "text": rendered.text, "parse_mode": "HTML",
                "link_preview_options": json.dumps(preview)})
        elif len(images) == 1:
            result = self._call(token, "sendPhoto", data={
                "chat_id": chat, "caption": rendered.text, "parse_mode": "HTML"},
                files={"photo": files[0]})
        else:
            media = [{"type": "photo", "media": f"attach://photo{i}"} for i in range(len(files))]
            media[0].update(caption=rendered.text, parse_mode="HTML")  # the album's caption
            result = self._call(token, "sendMediaGroup", data={"chat_id": chat, "media": json.dumps(media)},
                                files={f"photo{i}": f for i, f in enumerate(files)})
        messages = result if isinstance(result, list) else [result]
        try:
            first = messages[0]
            message_id = int(first["message_id"])
            username = first.get("chat", {}).get("username")
        except (IndexError, KeyError, TypeError, ValueError):
            raise MaybePostedError(self.id, "the answer carries no message id") from None
        if message_id == 0:  # Bot API 10.1: "the server may schedule the message" and answer id 0
            raise MaybePostedError(self.id, "Telegram accepted the message but scheduled it (message_id 0): "
                                   "no link to record; check the channel")
        extra: dict[str, Any] = {"chat_id": first["chat"].get("id")}
        if len(messages) > 1:
            extra["message_ids"] = [m["message_id"] for m in messages]
        return Published(id=str(message_id), url=post_url(chat, message_id, username), extra=extra)

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """Always raises NotImplementedError: the Bot API cannot read a channel's history.

        A bot sees only updates that arrive after it asks (getUpdates/webhooks) and has no method
        to list or search past channel posts, so a claim left without a result cannot be checked
        here; the publisher reports it as ``unknown`` for a person to look at the channel.
        """
        raise NotImplementedError("telegram: the Bot API cannot list a channel's history, so a post "
                                  "that may have been sent cannot be looked up; check the channel by hand")

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, float]]:
        """Always raises NotImplementedError: a bot cannot ask for a channel post's figures.

        The Bot API's Message has no views field and no method returns views, forwards or
        comment counts (only a user account can, over MTProto: messages.getMessagesViews).
        Reaction totals reach a bot only as ``message_reaction_count`` updates, pushed (grouped,
        up to minutes late) when they change, kept at most 24 h and gone once confirmed; a
        scheduled job cannot read them for a given post at 1 h, 24 h or 7 days.
        """
        raise NotImplementedError("telegram: the Bot API gives no views, forwards or comment counts for channel "
                                  "posts (views need the MTProto user API), and reaction totals arrive only as "
                                  "pushed updates that a scheduled run cannot ask for; nothing is recorded")

    def _call(self, token: str, method: str, **kwargs: Any) -> Any:
        url = f"{self.api_base}/bot{token}/{method}"
        response = send(self.client, self.id, "POST", url, secrets=[token], **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("ok") is True and response.status_code == 200:
            return body.get("result")
        if not isinstance(body, dict):
            message = f"HTTP {response.status_code} without a Bot API answer"
            raise status_error(self.id, response.status_code, message, response.status_code)
        code = int(body.get("error_code") or response.status_code)
        description = redact(str(body.get("description") or "no description"), [token])
        retry_after = (body.get("parameters") or {}).get("retry_after")
        raise status_error(self.id, code, f"{method}: {description}", code,
                           retry_after=float(retry_after) if retry_after is not None else None)


def _chat(account: Account) -> str:
    chat = account.settings.get("chat")
    if chat in (None, ""):
        raise NetworkError("telegram", "the brand's telegram account has no 'chat' (@channel or -100… id)")
    return str(chat)


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"telegram: no bot token: set {name} in the environment")
    register_secret(token)
    return token


def _read(outgoing: Outgoing, src: str) -> tuple[str, bytes]:
    path = outgoing.root / src
    try:
        return path.name, read_user_file(outgoing.root, src, MAX_IMAGE_BYTES)
    except OSError as exc:
        raise NetworkError("telegram", f"cannot read image {src}: {exc.strerror}") from None
