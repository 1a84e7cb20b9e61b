"""t.me's public web preview of the sandbox's Telegram channels: GET /_t.me/s/<channel>.

The page https://t.me/s/<channel> serves for a public channel, under a prefix on the sandbox's
port (networks/telegram.py reads ``<api_base>/_t.me``): the channel's posts, 20 a page, oldest
first, a "more" link (``data-before``) when older ones exist, ``?before=<id>`` for the page
below an id. Each post is the block t.me renders, as seen in saved pages: ``tgme_widget_message``
with ``data-post="<channel>/<id>"``; the text as HTML in ``tgme_widget_message_text`` (newlines
as ``<br/>``, emoji wrapped as ``<i class="emoji"><b>…</b></i>``, entities as tags, detected
links, hashtags and mentions as ``<a>``, ``'`` and ``$`` as character references); photos as
``tgme_widget_message_photo_wrap`` links (an album: one per message, ``…/<id>?single``); views in
``tgme_widget_message_views`` as t.me rounds them; the time in the date link's ``<time datetime>``.

Only channels posted to by @username are shown (a private channel has no page); a name the
sandbox does not know redirects to the channel's card, as t.me does for a name without a
preview. Faults for these pages are injected as network "t.me", method "s". Views come from
``Sandbox.set_metrics("telegram", id, views=N)``, else grow with the post's age (growth.py).
Not emulated: videos, polls, replies,
forwards, link previews, reactions, the single-post embed page.
"""

from __future__ import annotations

import base64
import html
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from smm.sandbox import growth
from smm.sandbox.forms import Request
from smm.sandbox.state import Config, Fault, State
from smm.sandbox.tg_edits import message_gone

if TYPE_CHECKING:
    from smm.sandbox.telegram import TelegramOptions  # which lists this API: no import cycle

Reply = tuple[Any, ...]
PAGE = 20  # posts a t.me/s page shows
FIGURES = ("views",)  # what a channel's page shows of a post
_PATH = re.compile(r"^/_t\.me/s/([A-Za-z0-9_]{1,64})/?$")
_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "$": "&#036;",
    "\n": "<br/>",
}
_EMOJI_BASE = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
_EMOJI = re.compile(
    f"{_EMOJI_BASE}[\ufe0f\U0001f3fb-\U0001f3ff]*(?:\u200d{_EMOJI_BASE}[\ufe0f\U0001f3fb-\U0001f3ff]*)*"
)
# what Telegram detects in plain text and the page turns into links (a simplified detector)
_DETECTED = re.compile(
    r"(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)])|(?<![\w#@/])(?P<hashtag>#\w+)"
    r"|(?<![\w@/])(?P<mention>@[A-Za-z][A-Za-z0-9_]{3,31})"
)
_CONFIRM = "return confirm('Open this link?\\n\\n'+this.href);"
_TAGS = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "spoiler": "tg-spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "expandable_blockquote": "blockquote",
    "custom_emoji": "tg-emoji",
}


class TmeWeb:
    network = "t.me"
    probe = "/_t.me/s/sandbox"  # a path this API answers (tests/networks/test_registry.py)

    def __init__(self, options: TelegramOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state

    def route(self, path: str) -> tuple[str, str] | None:
        """("s", channel) for /_t.me/s/<channel>, else None."""
        match = _PATH.match(path)
        return ("s", match.group(1)) if match else None

    def bad_body(self, message: str) -> Reply:
        return 400, _document("Bad Request", "")

    def fault_reply(self, req: Request, fault: Fault) -> Reply:
        status = {"429": 429, "500": 500}.get(fault.kind, fault.code or 400)
        reason = {429: "Too Many Requests", 500: "Internal Server Error"}.get(status, "Error")
        return status, _document(fault.message or reason, "")

    def dispatch(self, method: str, channel: str, req: Request) -> Reply:
        name = f"@{channel}".casefold()
        known = self.options.chats
        if known is not None and name not in {chat.casefold() for chat in known}:
            return (
                302,
                "",
                {"Location": f"/_t.me/{channel}"},
            )  # t.me: no preview, the channel's card
        before = req.params.get("before", "")
        posts = sorted(
            (
                p
                for p in self.state.posts("telegram")
                if str(p["account"]).casefold() == name and not p.get("deleted")
            ),
            key=lambda p: p["message_ids"][0],
        )
        older = [p for p in posts if not before.isdigit() or p["message_ids"][0] < int(before)]
        page = older[-PAGE:]
        more = (
            _MORE.format(channel=channel, first=page[0]["message_ids"][0])
            if len(older) > len(page)
            else ""
        )
        blocks = "".join(
            _block(
                str(p["account"])[1:], p, growth.shown(self.config, p, p["date"], FIGURES)["views"]
            )
            for p in page
        )
        return 200, _document(
            channel,
            f'<section class="tgme_channel_history js-message_history">{more}{blocks}</section>',
        )


_DOCUMENT = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{name} – Telegram</title>
<meta property="og:title" content="{name}">
</head>
<body class="widget_frame_base tgme_webpreview emoji_image thin_box_shadow tme_mode no_transitions">
<main class="tgme_main" data-url="/{name}"><div class="tgme_container">{history}</div></main>
</body>
</html>
"""
_MORE = (
    '<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/_t.me/s/{channel}?before={first}" '
    'class="tme_messages_more js-messages_more" data-before="{first}"></a></div>'
)
_BLOCK = (
    '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
    '<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{channel}/{id}" data-view="{view}">'
    '<div class="tgme_widget_message_user"><a href="https://t.me/{channel}">'
    '<i class="tgme_widget_message_user_photo bgcolor4" data-content="{initial}"></i></a></div>'
    '<div class="tgme_widget_message_bubble">'
    '<div class="tgme_widget_message_author accent_color">'
    '<a class="tgme_widget_message_owner_name" href="https://t.me/{channel}"><span dir="auto">{channel}</span></a></div>'
    "{photos}{text}"
    '<div class="tgme_widget_message_footer compact js-message_footer">'
    '<div class="tgme_widget_message_info short js-message_info">'
    '<span class="tgme_widget_message_views">{views}</span><span class="copyonly"> views</span>'
    '<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/{channel}/{id}">'
    '<time datetime="{datetime}" class="time">{time}</time></a></span>'
    "</div></div></div></div></div>"
)
_TEXT = '<div class="tgme_widget_message_text js-message_text" dir="auto">{html}</div>'
_PHOTO = (
    '<a class="tgme_widget_message_photo_wrap {key} {id}" href="https://t.me/{channel}/{id}" '
    'style="width:800px;{background}"><div class="tgme_widget_message_photo" style="padding-top:{ratio:.3f}%"></div></a>'
)
_ALBUM = (
    '<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap"><div class="tgme_widget_message_grouped">'
    '<div class="tgme_widget_message_grouped_layer js-message_grouped_layer">{wraps}</div></div></div>'
)
_ALBUM_PHOTO = (
    '<a class="tgme_widget_message_photo_wrap grouped_media_wrap blured js-message_photo" style="{background}" '
    'data-ratio="{ratio:.5g}" href="https://t.me/{channel}/{id}?single"><div class="grouped_media_helper">'
    '<div class="tgme_widget_message_photo grouped_media"></div></div></a>'
)


def _document(title: str, history: str) -> str:
    return _DOCUMENT.format(name=html.escape(title), history=history)


def _block(channel: str, post: dict[str, Any], views: int) -> str:
    first = post["message_ids"][0]
    when = datetime.fromtimestamp(post["date"], UTC)
    view = json.dumps({"c": post["chat_id"], "p": first, "t": post["date"]}, separators=(",", ":"))
    text = (
        _TEXT.format(html=text_html(post["visible"], post["entities"])) if post["visible"] else ""
    )
    return _BLOCK.format(
        channel=channel,
        id=first,
        view=base64.urlsafe_b64encode(view.encode()).decode().rstrip("="),
        initial=html.escape(channel[:1].upper()),
        photos=_photos(channel, post),
        text=text,
        views=shown(views),
        datetime=when.isoformat(),
        time=f"{when:%H:%M}",
    )


def _photos(channel: str, post: dict[str, Any]) -> str:
    """A photo link, or an album's grid of them (one per message, ``?single``)."""
    images = post["images"]

    def background(image: dict[str, Any]) -> str:
        return f"background-image:url('https://cdn4.telesco.pe/file/{image['sha256'][:32]}.jpg')"

    if len(images) == 1:
        image, first = images[0], post["message_ids"][0]
        return _PHOTO.format(
            key=image["sha256"][:19],
            id=first,
            channel=channel,
            background=background(image),
            ratio=100 * image["height"] / max(image["width"], 1),
        )
    wraps = "".join(
        _ALBUM_PHOTO.format(
            background=background(image),
            ratio=image["width"] / max(image["height"], 1),
            channel=channel,
            id=message_id,
        )
        for message_id, image in zip(post["message_ids"], images)
        if not message_gone(post, message_id)  # a photo deleted on its own leaves the album
    )
    return _ALBUM.format(wraps=wraps) if wraps else ""


def shown(views: int) -> str:
    """Views as the page shows them: exact below 1,000, then three significant digits, cut (not
    rounded up) and without trailing zeros: 1234 -> 1.23K, 1200 -> 1.2K, 27450 -> 27.4K, 18.9M."""
    for scale, suffix in ((1_000_000, "M"), (1_000, "K")):
        if views >= scale:
            whole = views // scale
            decimals = max(0, 3 - len(str(whole)))
            fraction = (views % scale) * 10**decimals // scale
            digits = f"{fraction:0{decimals}d}".rstrip("0") if decimals else ""
            return f"{whole}.{digits}{suffix}" if digits else f"{whole}{suffix}"
    return str(views)


def text_html(visible: str, entities: list[dict[str, Any]]) -> str:
    """A message's text as the page writes it: its entities as tags, with what Telegram detects
    in plain text (links, hashtags, mentions) turned into links as well."""
    index = _utf16_index(visible)
    spans = [
        (index[e["offset"]], index[e["offset"] + e["length"]], e)
        for e in entities
        if e["offset"] in index and e["offset"] + e["length"] in index
    ]
    linked = [(start, end) for start, end, e in spans if e["type"] in ("text_link", "code", "pre")]
    for match in _DETECTED.finditer(visible):
        if not any(start < match.end() and match.start() < end for start, end in linked):
            spans.append(
                (match.start(), match.end(), {"type": match.lastgroup, "value": match.group()})
            )
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    stack: list[tuple[int, int, dict[str, Any]]] = []
    position = 0
    for boundary in sorted({0, len(visible), *(s[0] for s in spans), *(s[1] for s in spans)}):
        out.append(_escape(visible[position:boundary]))
        position = boundary
        while stack and stack[-1][1] <= boundary:
            out.append(_close(stack.pop()[2]))
        for span in (s for s in spans if s[0] == boundary and s[1] > boundary):
            out.append(_open(span[2]))
            stack.append(span)
    return "".join(out)


def _open(entity: dict[str, Any]) -> str:
    kind = entity["type"]
    if kind == "text_link":
        return f'<a href="{html.escape(entity["url"])}" target="_blank" rel="noopener" onclick="{_CONFIRM}">'
    if kind == "url":
        return f'<a href="{html.escape(entity["value"])}" target="_blank" rel="noopener">'
    if kind == "hashtag":
        return f'<a href="?q={quote(entity["value"])}">'
    if kind == "mention":
        return f'<a href="https://t.me/{entity["value"][1:]}" target="_blank">'
    return f"<{_TAGS.get(kind, 'span')}>"


def _close(entity: dict[str, Any]) -> str:
    kind = entity["type"]
    return (
        "</a>"
        if kind in ("text_link", "url", "hashtag", "mention")
        else f"</{_TAGS.get(kind, 'span')}>"
    )


def _escape(text: str) -> str:
    def emoji(match: re.Match[str]) -> str:
        name = match.group().replace("\ufe0f", "").encode("utf-8").hex().upper()
        return (
            f'<i class="emoji" style="background-image:url(\'//telegram.org/img/emoji/40/{name}.png\')">'
            f"<b>{match.group()}</b></i>"
        )

    parts, last = [], 0
    for match in _EMOJI.finditer(text):
        parts += ["".join(_ESCAPES.get(c, c) for c in text[last : match.start()]), emoji(match)]
        last = match.end()
    parts.append("".join(_ESCAPES.get(c, c) for c in text[last:]))
    return "".join(parts)


def _utf16_index(text: str) -> dict[int, int]:
    """UTF-16 offset -> index in ``text``, at every character boundary."""
    out, units = {0: 0}, 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        out[units] = i + 1
    return out
