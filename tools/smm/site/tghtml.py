"""Telegram's HTML of a post, kept to the markup Telegram itself shows, as safe page HTML.

A post's Telegram payload comes from smm's renderer, but its text is the writer's: anything
that is not one of Telegram's entities (bold, italic, underline, strikethrough, spoiler, code,
pre, blockquote, a link Telegram makes) is dropped with its tags, its text kept and escaped, so a post can never
put markup, a script or a request to another origin into the page.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from smm.networks.tg_links import checked_link, link_user_id

#: Telegram's tags -> the tag the page uses (with a class for the ones a browser lacks)
TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "ins": "u",
    "s": "s",
    "strike": "s",
    "del": "s",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": 'span class="tg-spoiler"',
    "a": "a",
}
SAFE_SCHEMES = ("http://", "https://", "tg://")


def telegram_href(href: str) -> str:
    """The address Telegram links the text to (TDLib's check, networks/tg_links.py), "" when it
    links it nowhere: the bubble shows what readers get, not what smm sent (``mailto:a@b.c``
    is read as a web host: ``http://mailto:a@b.c/``; a path or ``javascript:`` is plain text)."""
    return href if link_user_id(href) else checked_link(href)


class _Keeper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and ("class", "tg-spoiler") in attrs:
            tag = "tg-spoiler"
        if tag not in TAGS:
            return
        opening = TAGS[tag]
        if tag == "a":
            href = telegram_href(dict(attrs).get("href") or "")
            if not href.lower().startswith(SAFE_SCHEMES):
                return
            opening = f'a href="{html.escape(href)}" rel="noopener noreferrer nofollow"'
        self.out.append(f"<{opening}>")
        self.open.append(opening.split(" ")[0])

    def handle_endtag(self, tag: str) -> None:
        tag = "tg-spoiler" if tag == "span" and self.open and self.open[-1] == "span" else tag
        closing = TAGS.get(tag, "").split(" ")[0]
        if closing and closing in self.open:
            while self.open:  # close what is still open inside it, as a browser would
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == closing:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))


def safe_markup(telegram_html: str) -> str:
    """The page HTML of a Telegram payload: its entities, every other tag dropped."""
    keeper = _Keeper()
    keeper.feed(telegram_html)
    keeper.close()
    return "".join(keeper.out) + "".join(f"</{t}>" for t in reversed(keeper.open))
