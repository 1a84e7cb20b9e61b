"""Telegram's public web preview of a channel, read back: https://t.me/s/<channel>.

The Bot API cannot read a channel's history (telegram.py, reconcile), but a public channel (one
with a @username) has a page anyone can read: ``/s/<channel>`` lists its newest posts, about 20,
oldest first, with a "more" link to older ones (``/s/<channel>?before=<id>``). Each post is one
block (markup as t.me serves it; an album is one block with a photo link per message):

    <div class="tgme_widget_message js-widget_message" data-post="<channel>/<id>" data-view="...">
      <a class="tgme_widget_message_photo_wrap ..." href="https://t.me/<channel>/<id>?single">
      <div class="tgme_widget_message_text js-message_text" dir="auto">the text as HTML</div>
      <span class="tgme_widget_message_views">1.2K</span>
      <a class="tgme_widget_message_date" href="..."><time datetime="2026-12-01T07:00:03+00:00">

The text is HTML: a newline is ``<br/>``, an emoji is ``<i class="emoji" style=…><b>🎉</b></i>``,
links, hashtags and mentions are ``<a>``, and ``'`` or ``$`` come as character references.
``text`` reads it back as the text a reader sees (what ``Rendered.visible`` says Telegram shows).
Views are shown rounded from 1,000 on ("1.2K", "18.9M"); ``count`` reads them without
inventing precision. Parsed with the standard library's html.parser, which never fails on odd
markup: what it cannot place is simply not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import quote

from smm.networks.http import RateLimiter, send, status_error

if TYPE_CHECKING:
    import httpx

REAL_WEB = "https://t.me"
MAX_PAGE_BYTES = 5 * 1024 * 1024  # a page is ~100 KB; anything far larger is not a preview page
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_SINGLE = re.compile(r"/(\d+)\?single")
_COUNT = re.compile(r"(\d+(?:\.\d+)?)([KM]?)")
_SCALE = {"": 1, "K": 1_000, "M": 1_000_000}
# t.me's rate limit for pages is unpublished: a scraper's pace, well below what it tolerates
PAGE_LIMITER = RateLimiter(calls=30, period=60.0)


@dataclass
class WebPost:
    """One post as the page shows it."""

    id: int  # its first message (an album's smallest id), the id publish records
    channel: str  # the channel's name as the page spells it
    text: str = ""
    date: datetime | None = None
    views: str | None = None  # as shown: "987", "1.2K"
    photos: int = 0
    ids: set[int] = field(default_factory=set)


@dataclass
class Page:
    """A page of a channel: its posts (oldest first) and the id to ask for older ones, if any."""

    posts: list[WebPost]
    before: int | None
    has_history: bool  # False: t.me showed no channel history (no such public channel)


def count(shown: str) -> tuple[int, bool] | None:
    """(value, rounded) of a figure as t.me shows it: "987" -> (987, False), "1.2K" -> (1200, True)."""
    match = _COUNT.fullmatch(shown.strip())
    if match is None:
        return None
    number, suffix = match.groups()
    whole, _, fraction = number.partition(".")
    scale = _SCALE[suffix]
    # exact decimal arithmetic: "1.2K" is 1200, never 1199.9999
    value = int(whole) * scale + (int(fraction) * scale // 10 ** len(fraction) if fraction else 0)
    return value, bool(suffix)


def parse(html: str) -> Page:
    """The posts and paging of a t.me/s page (or of any page with the same blocks)."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    posts = [
        WebPost(
            id=min(b.ids),
            channel=b.channel,
            text="".join(b.text),
            date=b.date,
            views=b.views,
            photos=b.photos,
            ids=b.ids,
        )
        for b in parser.blocks
    ]
    return Page(posts, parser.before, parser.has_history)


class WebPreview:
    """Reads a public channel's pages from t.me (or the sandbox's copy of it at ``base``)."""

    def __init__(self, client: httpx.Client, base: str) -> None:
        self.client, self.base = client, base.rstrip("/")

    def url(self, channel: str, before: int | None = None) -> str:
        return f"{self.base}/s/{quote(channel)}" + (
            f"?before={before}" if before is not None else ""
        )

    def page(self, channel: str, before: int | None = None) -> Page:
        """One page of the channel; a page without a channel history has ``has_history`` False.

        t.me answers a name without a public preview with a redirect to the channel's card,
        so any 3xx is "no history" too. Transport failures and 429/5xx are RetryableError: a
        page is only read, asking again is always safe.
        """
        PAGE_LIMITER.wait(self.base)
        response = send(self.client, "telegram", "GET", self.url(channel, before), writes=False)
        if 300 <= response.status_code < 400:
            return Page([], None, has_history=False)
        if response.status_code != 200:
            raise status_error(
                "telegram",
                response.status_code,
                f"{self.url(channel, before)}: HTTP {response.status_code}",
                writes=False,
            )
        if len(response.content) > MAX_PAGE_BYTES:
            raise status_error(
                "telegram",
                502,
                f"{self.url(channel, before)}: the page is over {MAX_PAGE_BYTES // 2**20} MB",
                writes=False,
            )
        return parse(response.text)


@dataclass
class _Block:
    """A post while its block is being read."""

    channel: str
    ids: set[int]
    text: list[str] = field(default_factory=list)
    has_text: bool = False
    date: datetime | None = None
    views: str | None = None
    photos: int = 0


class _Parser(HTMLParser):
    """Collects each ``tgme_widget_message`` block's id(s), text, date, views and photos."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.before: int | None = None
        self.has_history = False
        self._stack: list[tuple[str, str]] = []  # (tag, role) of every open element
        self._block: _Block | None = None
        self._into: list[str] | None = None  # where text data goes: the post's text or its views

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        role = self._role(tag, set(values.get("class", "").split()), values)
        if tag in _VOID:
            if tag == "br" and self._block is not None and self._inside("text"):
                self._block.text.append("\n")
            return
        self._stack.append((tag, role))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # <div/> opens nothing in HTML; close what handle_starttag pushed
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(open_tag == tag for open_tag, _ in self._stack):
            return  # a stray end tag: browsers ignore it, so do we
        while self._stack:
            open_tag, role = self._stack.pop()
            self._leave(role)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into.append(data)

    def _role(self, tag: str, classes: set[str], values: dict[str, str]) -> str:
        """What an element is to us; acts on the ones whose attributes carry what we read."""
        block = self._block
        if tag == "section" and "tgme_channel_history" in classes:
            self.has_history = True
        elif (
            tag == "a"
            and "tme_messages_more" in classes
            and values.get("data-before", "").isdigit()
        ):
            self.before = int(values["data-before"])
        elif block is None:
            channel, _, number = values.get("data-post", "").rpartition("/")
            if "tgme_widget_message" in classes and channel and number.isdigit():
                self._block = _Block(channel, {int(number)})
                self.blocks.append(self._block)
                return "post"
        elif (
            "tgme_widget_message_reply" in classes or "tgme_widget_message_link_preview" in classes
        ):
            return "quoted"  # another message's or a link's text: not this post's
        elif (
            "tgme_widget_message_text" in classes
            and not block.has_text
            and not self._inside("quoted")
        ):
            block.has_text, self._into = True, block.text
            return "text"
        elif "tgme_widget_message_views" in classes and block.views is None and self._into is None:
            self._into = []
            return "views"
        elif "tgme_widget_message_photo_wrap" in classes:
            block.photos += 1
            single = _SINGLE.search(values.get("href", ""))
            if single:
                block.ids.add(int(single.group(1)))
        elif (
            tag == "time" and self._inside("date") and values.get("datetime") and block.date is None
        ):
            block.date = _instant(values["datetime"])
        elif tag == "a" and "tgme_widget_message_date" in classes:
            return "date"
        return ""

    def _leave(self, role: str) -> None:
        if role == "post":
            self._block, self._into = None, None
        elif role == "text":
            self._into = None
        elif role == "views" and self._block is not None and self._into is not None:
            self._block.views, self._into = "".join(self._into).strip(), None

    def _inside(self, role: str) -> bool:
        return any(open_role == role for _, open_role in self._stack)


def _instant(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None  # a time without an offset cannot be placed
