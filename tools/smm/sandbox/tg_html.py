"""Telegram's HTML parse mode: markup -> visible text + MessageEntity list, or the API's error.

Follows core.telegram.org/bots/api#html-style: only the listed tags, only &lt; &gt; &amp; &quot;
and numeric entities are decoded (any other ``&`` stays literal), entity offsets count UTF-16
units, and malformed markup fails with the Bot API's "can't parse entities" wording, whose byte
offsets are UTF-8 offsets into the original string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SIMPLE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
          "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
          "code": "code", "pre": "pre", "blockquote": "blockquote", "a": "text_link", "span": "spoiler",
          "tg-emoji": "custom_emoji", "tg-time": "date_time"}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_NAME = re.compile(r"[a-zA-Z0-9-]*")
_ATTR = re.compile(r"""\s*([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


class ParseError(ValueError):
    """The markup is invalid; str() is the part after "Bad Request: can't parse entities: "."""


@dataclass
class _Open:
    tag: str
    type: str
    offset: int
    attrs: dict[str, str]


def parse(html: str) -> tuple[str, list[dict[str, Any]]]:
    """The visible text and entities of ``html``; raises ParseError like the Bot API."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    u16 = 0
    i, n = 0, len(html)
    while i < n:
        ch = html[i]
        if ch == "&":
            m = _ENTITY.match(html, i)
            text = _decode(m.group(1)) if m else None
            if text is None:
                text, end = "&", i + 1  # not an entity Telegram knows: a literal ampersand
            else:
                end = m.end()  # type: ignore[union-attr]
            out.append(text)
            u16 += _u16(text)
            i = end
            continue
        if ch != "<":
            out.append(ch)
            u16 += _u16(ch)
            i += 1
            continue
        at = len(html[:i].encode("utf-8"))
        close = html.find(">", i)
        if close < 0:
            raise ParseError(f"Unclosed start tag at byte offset {at}")
        if html.startswith("</", i):
            name = _NAME.match(html, i + 2).group(0).lower()  # type: ignore[union-attr]
            if not stack:
                raise ParseError(f"Unexpected end tag at byte offset {at}")
            top = stack.pop()
            if name and name != top.tag:
                raise ParseError(f'Unmatched end tag at byte offset {at}, expected "</{top.tag}>", found "</{name}>"')
            _close(top, u16, entities, stack)
        else:
            name = _NAME.match(html, i + 1).group(0).lower()  # type: ignore[union-attr]
            attrs = {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "")
                     for m in _ATTR.finditer(html[i + 1 + len(name):close].rstrip("/"))}
            if name not in SIMPLE or (name == "span" and attrs.get("class") != "tg-spoiler"):
                raise ParseError(f'Unsupported start tag "{name}" at byte offset {at}')
            stack.append(_Open(name, SIMPLE[name], u16, attrs))
        i = close + 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close(top: _Open, u16: int, entities: list[dict[str, Any]], stack: list[_Open]) -> None:
    length = u16 - top.offset
    if length <= 0:
        return  # Telegram drops empty entities
    entity: dict[str, Any] = {"type": top.type, "offset": top.offset, "length": length}
    if top.tag == "a":
        if not top.attrs.get("href"):
            return
        entity["url"] = top.attrs["href"]
    elif top.tag == "blockquote" and "expandable" in top.attrs:
        entity["type"] = "expandable_blockquote"
    elif top.tag == "tg-emoji":
        entity["custom_emoji_id"] = top.attrs.get("emoji-id", "")
    elif top.tag == "code" and stack and stack[-1].tag == "pre":
        # <pre><code class="language-x"> is one pre entity with a language, not two
        stack[-1].attrs["language"] = top.attrs.get("class", "").removeprefix("language-")
        return
    elif top.tag == "pre" and top.attrs.get("language"):
        entity["language"] = top.attrs["language"]
    entities.append(entity)


def _decode(ref: str) -> str | None:
    if ref.startswith("#"):
        value = int(ref[2:], 16) if ref[1:2] in ("x", "X") else int(ref[1:])
        return chr(value) if 0 < value <= 0x10FFFF else None
    return NAMED.get(ref)


def _u16(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def utf16_length(text: str) -> int:
    return _u16(text)
