"""Telegram Bot API adapter: a rendered post goes to a channel as one message, photo or album.

docs/networks.md#telegram: sendMessage (text, HTML parse mode, link preview), sendPhoto (one photo with
the text as caption), sendMediaGroup (2-10 photos uploaded as ``attach://<name>`` parts, the text
as the first item's caption). The token lives in the URL path (/bot<token>/<method>); an
error that quotes it is masked where the error becomes text (smm.redaction), like every error.

The Bot API cannot read a channel back: no method lists or searches its history, and a bot is
never sent updates about its own messages (telegram-bot-api, Client::need_skip_update_message
skips outgoing messages; TDLib reports a sent message as updateMessageSendSucceeded, which only
answers the pending request). A public channel (``chat: "@name"``) has a web page anyone can
read, t.me/s/<name> (tme.py): reconcile and metrics read that; a private one has nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from smm.content.types import Field, Obj, Str
from smm.content.userfile import MAX_IMAGE_BYTES, read_user_file
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    UnconfirmedError,
    UnsupportedError,
)
from smm.networks.accounts import TOKEN_ENV
from smm.networks.base import Account, HttpAdapter, Outgoing, Published
from smm.networks.http import RateLimiter, send, status_error

if TYPE_CHECKING:  # tme.py (an HTML parser) is loaded only when a channel's page is read
    from smm.networks.tme import WebPost

REAL_API = "https://api.telegram.org"

#: accounts.telegram in a brand file: the channel and the bot token's variable.
ACCOUNT = Obj(
    {
        "chat": Field(Str(), description="Telegram: @channel or -100... id"),
        "token_env": TOKEN_ENV,
    }
)

MAX_ALBUM = 10
# The runner's clock against Telegram's: both NTP-synced, so a minute is ample, and far shorter
# than the gap between two runs that could each have sent the same text.
CLOCK_SKEW = timedelta(seconds=60)
RECONCILE_PAGES = 5  # t.me/s pages (about 20 posts each) a reconcile reads back to the claim
CANNOT_LIST = "the Bot API cannot list a channel's history"


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
    # Bot FAQ: about 20 messages a minute to one group or channel (docs/networks.md#telegram)
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
            preview: dict[str, Any] = {
                "is_disabled": bool(account.settings.get("disable_link_preview", False))
            }
            if rendered.link:
                preview["url"] = rendered.link  # the post's own link, not whichever URL comes first
            result = self._call(
                token,
                "sendMessage",
                data={
                    "chat_id": chat,
                    "text": rendered.text,
                    "parse_mode": "HTML",
                    "link_preview_options": json.dumps(preview),
                },
            )
        elif len(images) == 1:
            result = self._call(
                token,
                "sendPhoto",
                data={"chat_id": chat, "caption": rendered.text, "parse_mode": "HTML"},
                files={"photo": files[0]},
            )
        else:
            media = [{"type": "photo", "media": f"attach://photo{i}"} for i in range(len(files))]
            media[0].update(caption=rendered.text, parse_mode="HTML")  # the album's caption
            result = self._call(
                token,
                "sendMediaGroup",
                data={"chat_id": chat, "media": json.dumps(media)},
                files={f"photo{i}": f for i, f in enumerate(files)},
            )
        messages = result if isinstance(result, list) else [result]
        try:
            first = messages[0]
            message_id = int(first["message_id"])
            username = first.get("chat", {}).get("username")
        except (IndexError, KeyError, TypeError, ValueError):
            raise MaybePostedError(self.id, "the answer carries no message id") from None
        if message_id == 0:  # Bot API 10.1: "the server may schedule the message" and answer id 0
            raise MaybePostedError(
                self.id,
                "Telegram accepted the message but scheduled it (message_id 0): "
                "no link to record; check the channel",
            )
        extra: dict[str, Any] = {"chat_id": first["chat"].get("id")}
        if len(messages) > 1:
            extra["message_ids"] = [m["message_id"] for m in messages]
        return Published(id=str(message_id), url=post_url(chat, message_id, username), extra=extra)

    def edit(self, outgoing: Outgoing, live: Published) -> Published:
        from smm.networks import telegram_edits

        return telegram_edits.edit(self, outgoing, live)

    def live_text(self, account: Account, live: Published) -> str | None:
        from smm.networks import telegram_edits

        return telegram_edits.live_text(self, account, live)

    def retract(self, account: Account, live: Published) -> None:
        from smm.networks import telegram_edits

        telegram_edits.retract(self, account, live)

    @property
    def web_base(self) -> str:
        """t.me, or the sandbox's copy of it (under /_t.me) when ``api_base`` points at a sandbox."""
        from smm.networks.tme import REAL_WEB

        return REAL_WEB if self.api_base == REAL_API else f"{self.api_base}/_t.me"

    def reconcile(self, outgoing: Outgoing) -> Published | None:
        """The post on its public channel's web page, else None; see the module doc for why there.

        Found only on proof: the page's newest posts are read back to the claim (the claim was
        pushed before anything was sent, so ours cannot be older, give or take CLOCK_SKEW), and
        exactly one of them must show our text, exactly, with our number of photos. Two such
        posts since the claim, or more posts than RECONCILE_PAGES pages can show, raise
        UnconfirmedError; a private channel (a numeric chat id) has no page: UnsupportedError.
        """
        from smm.networks.tme import WebPreview

        chat, rendered = _chat(outgoing.account), outgoing.rendered
        if not chat.startswith("@"):
            raise UnsupportedError(
                "telegram",
                f"{CANNOT_LIST}, and a private channel (chat {chat}, no @username) "
                "has no public web page to look at; check the channel by hand",
            )
        if outgoing.claimed_at is None:
            raise UnconfirmedError(
                self.id, "no claim time to bound the search by; check the channel by hand"
            )
        web, channel = WebPreview(self.client, self.web_base), chat[1:]
        since = outgoing.claimed_at - CLOCK_SKEW
        want = _norm(rendered.visible)
        found: list[WebPost] = []
        before: int | None = None
        for _ in range(RECONCILE_PAGES):
            page = web.page(channel, before)
            if not page.has_history:
                raise UnsupportedError(
                    "telegram",
                    f"{CANNOT_LIST}, and {web.url(channel)} shows no posts "
                    f"(no public web page for @{channel}); check the channel by hand",
                )
            # a post the page gives no time for might be ours: it counts, so it can only add doubt
            found += [
                post
                for post in page.posts
                if (post.date is None or post.date >= since)
                and post.photos == len(rendered.images)
                and _norm(post.text) == want
            ]
            dates = [post.date for post in page.posts if post.date is not None]
            if page.before is None or (dates and min(dates) < since):
                break  # nothing older, or back before the claim: the window is covered
            before = page.before
        else:
            raise UnconfirmedError(
                self.id,
                f"more posts since the claim ({outgoing.claimed_at:%Y-%m-%d %H:%M %Z}) than "
                f"{RECONCILE_PAGES} pages of {web.url(channel)} show; check the channel by hand",
            )
        if len(found) > 1:
            ids = ", ".join(str(post.id) for post in found)
            raise UnconfirmedError(
                self.id,
                f"{len(found)} posts since the claim show this text (ids {ids}) on "
                f"{web.url(channel)}: cannot tell which is ours; check the channel by hand",
            )
        if not found:
            return None
        post = found[0]
        if post.date is None:
            raise UnconfirmedError(
                self.id,
                f"post {post.id} on {web.url(channel)} shows this text but no time, so it "
                "may be older than the claim; check the channel by hand",
            )
        return Published(
            id=str(post.id),
            url=post_url(chat, post.id, post.channel),
            extra={"reconciled": True, "date": post.date.isoformat()}
            | ({"message_ids": sorted(post.ids)} if len(post.ids) > 1 else {}),
        )

    def metrics(self, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Views of a public channel's posts, as its web page shows them; nothing else.

        The Bot API gives none (a Message has no views; views, forwards and comment counts need
        the MTProto user API; reaction totals only arrive as pushed updates), so for a private
        channel this raises UnsupportedError. t.me/s/<channel>?before=<id> shows the ~20 posts
        below an id, so one page serves several posts; it is asked from an album's length above
        the post, in case an album's block carries a later id of its group. From 1,000 on the
        page rounds ("1.2K"): the figure is the shown value, with ``views_shown`` and
        ``views_rounded``.
        """
        from smm.networks.tme import WebPreview

        self.notes = []
        chat = _chat(account)
        if not chat.startswith("@"):
            raise UnsupportedError(
                "telegram",
                f"a private channel (chat {chat}) has no public web page, and the Bot "
                "API gives no views, forwards or comment counts for channel posts (views need "
                "the MTProto user API); nothing is recorded",
            )
        web, channel = WebPreview(self.client, self.web_base), chat[1:]
        shown: dict[int, WebPost] = {}
        lowest_read: int | None = (
            None  # every id from here up to the first one asked for has been seen
        )
        for message_id in sorted({int(i) for i in ids if str(i).isdigit()}, reverse=True):
            if lowest_read is not None and message_id >= lowest_read:
                continue  # on a page read already (or deleted: then it is missing from the answer)
            page = web.page(channel, before=message_id + MAX_ALBUM + 1)
            if not page.has_history:
                raise UnsupportedError(
                    "telegram",
                    f"{web.url(channel)} shows no posts (no public web page for "
                    f"@{channel}), and the Bot API gives no figures; nothing is recorded",
                )
            shown.update({post.id: post for post in page.posts})
            lowest_read = min((post.id for post in page.posts), default=0)
        out: dict[str, dict[str, Any]] = {}
        for asked in ids:
            post = shown.get(int(asked)) if str(asked).isdigit() else None
            if post is not None:
                out[str(asked)] = _views(post.views)
        if out:
            self.notes.append(
                f"telegram: views only, from the public page {web.url(channel)}, which rounds from "
                "1,000 on (1.2K): such figures are recorded as shown and marked views_rounded"
            )
        return out

    def _call(self, token: str, method: str, **kwargs: Any) -> Any:
        url = f"{self.api_base}/bot{token}/{method}"
        response = send(self.client, self.id, "POST", url, **kwargs)
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
        description = str(body.get("description") or "no description")
        retry_after = (body.get("parameters") or {}).get("retry_after")
        raise status_error(
            self.id,
            code,
            f"{method}: {description}",
            code,
            retry_after=float(retry_after) if retry_after is not None else None,
        )


def _chat(account: Account) -> str:
    chat = account.settings.get("chat")
    if chat in (None, ""):
        raise ConfigError(
            "telegram: the brand's telegram account has no 'chat' (@channel or -100… id)"
        )
    return str(chat)


def _token(account: Account) -> str:
    token = account.secrets.get("token")
    if not token:
        name = account.settings.get("token_env", "the token variable")
        raise CredentialsError(f"telegram: no bot token: set {name} in the environment")
    return token


def _read(outgoing: Outgoing, src: str) -> tuple[str, bytes]:
    path = outgoing.root / src
    try:
        return path.name, read_user_file(outgoing.root, src, MAX_IMAGE_BYTES)
    except OSError as exc:
        raise NetworkError("telegram", f"cannot read image {src}: {exc.strerror}") from None


def _views(shown: str | None) -> dict[str, Any]:
    """The views figure of a shown count; a rounded one keeps what was shown beside it."""
    from smm.networks.tme import count

    counted = count(shown) if shown else None
    if counted is None:
        return {}
    value, rounded = counted
    return (
        {"views": value, "views_shown": shown, "views_rounded": True}
        if rounded
        else {"views": value}
    )


def _norm(text: str) -> str:
    """Text compared as a reader sees it: the ends trimmed (Telegram trims them), line ends alike."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
