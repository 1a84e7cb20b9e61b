"""Telegram's HTML parse mode, ported from TDLib: markup -> text + entities, or the API's error.

A port of ``parse_html`` and ``decode_html_entity`` in td/telegram/MessageEntity.cpp (tdlib/td at
the commit tdlib/telegram-bot-api pins), which the Bot API server runs for ``parse_mode=HTML``.
It works on UTF-8 bytes as TDLib does, so quirks carry over: ``&lt`` needs no semicolon; only
``&lt; &gt; &amp; &quot;`` and numeric references (``&#x`` lower-case) decode, in text and in
quoted attribute values alike; a reference to a surrogate fails the whole text; unknown
attributes are ignored; ``</>`` closes any tag; an ``<a>`` without href links its own text; an
href is normalised (networks/tg_links.py) or, if no valid link, dropped. Error messages are TDLib's, with
UTF-8 byte offsets. Entities come in TDLib's form and order (type names as MessageEntity::Type,
offsets in UTF-16 units); ``bot_api_entity`` (tg_entities.py) writes one as the Bot API's
MessageEntity.
tests/sandbox/data/tdlib_parse_html.json holds TDLib's own cases for this function.

Behaviour re-implemented from TDLib (tdlib/td, Copyright Aliaksei Levin and Arseny Smirnov
2014-2026), which is distributed under the Boost Software License 1.0; its text is in
tests/sandbox/data/LICENSE_1_0.txt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smm.networks.tg_links import checked_link, link_user_id
from smm.sandbox.tg_entities import DATE_FLAGS, Entity, sort_key
from smm.sandbox.tg_entities import bot_api_entity as bot_api_entity  # where callers find it

TAGS = {
    b"a",
    b"b",
    b"strong",
    b"i",
    b"em",
    b"s",
    b"strike",
    b"del",
    b"u",
    b"ins",
    b"tg-spoiler",
    b"tg-emoji",
    b"tg-time",
    b"span",
    b"pre",
    b"code",
    b"blockquote",
}
SIMPLE = {
    b"i": "Italic",
    b"em": "Italic",
    b"b": "Bold",
    b"strong": "Bold",
    b"s": "Strikethrough",
    b"strike": "Strikethrough",
    b"del": "Strikethrough",
    b"u": "Underline",
    b"ins": "Underline",
    b"tg-spoiler": "Spoiler",
}
_SPACE = b" \t\r\n\0\v"  # tdutils is_space
_SURROGATES = (
    "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
    "surrogate code units"
)


class ParseError(ValueError):
    """The markup is invalid; str() is TDLib's message, which the Bot API prefixes with
    "Bad Request: can't parse entities: "."""


def _decode_entity(s: bytes, pos: int) -> tuple[int, int]:
    """decode_html_entity: (code point or 0, position after the reference)."""
    at = _reader(s)
    end, code = pos + 1, 0
    if at(pos + 1) == ord("#"):
        end += 1
        digits, base = (
            (b"0123456789abcdefABCDEF", 16) if at(pos + 2) == ord("x") else (b"0123456789", 10)
        )
        end += base == 16
        while at(end) and at(end) in digits:
            code = code * base + int(chr(at(end)), 16)
            end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while 0x61 <= (at(end) | 0x20) <= 0x7A:  # is_alpha: ASCII letters
            end += 1
        code = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}.get(s[pos + 1 : end], 0)
        if not code:
            return 0, pos
    return code, end + (at(end) == ord(";"))


def _reader(s: bytes) -> Callable[[int], int]:
    """text[i] as C++ sees a NUL-terminated string: 0 past the end."""
    n = len(s)
    return lambda i: s[i] if i < n else 0


def _utf8(code: int) -> bytes:
    return chr(code).encode(
        "utf-8", "surrogatepass"
    )  # append_utf8_character_unsafe writes surrogates too


def parse_html(html: str) -> tuple[str, list[Entity]]:
    """TDLib's parse_html of ``html`` (valid UTF-8): the text and its entities, or ParseError."""
    s = html.encode("utf-8")
    at = _reader(s)
    out = bytearray()
    entities: list[Entity] = []
    stack: list[dict[str, Any]] = []
    utf16, i = 0, 0
    while i < len(s):
        c = s[i]
        if c == ord("&"):
            code, end = _decode_entity(s, i)
            if code:
                utf16 += 1 + (code > 0xFFFF)
                out += _utf8(code)
                i = end
                continue
        if c != ord("<"):
            utf16 += (c & 0xC0 != 0x80) * (
                1 + (c >= 0xF0)
            )  # a character's first byte; 4 bytes = 2 units
            out.append(c)
            i += 1
            continue
        begin, i = i, i + 1
        if at(i) != ord("/"):
            i = _start_tag(s, begin, stack, utf16, len(out))
        else:
            i = _end_tag(s, begin, stack, utf16, out, entities)
        i += 1
    if stack:
        raise ParseError(
            f'Can\'t find end tag corresponding to start tag "{_name(stack[-1]["tag"])}"'
        )
    for entity in entities:
        if entity["type"] == "Code":
            entity.pop("argument", None)
    entities.sort(key=sort_key)
    try:
        return out.decode("utf-8"), entities
    except UnicodeDecodeError:  # only a decoded surrogate can make it invalid (TDLib rechecks then)
        raise ParseError(_SURROGATES) from None


def _name(tag: bytes) -> str:
    return tag.decode("utf-8", "replace")


def _start_tag(s: bytes, begin: int, stack: list[dict[str, Any]], utf16: int, out_pos: int) -> int:
    """Reads ``<tag attr=...>`` from ``begin``; returns the position of its '>'."""
    at = _reader(s)
    i = begin + 1
    while at(i) not in _SPACE and at(i) != ord(">"):
        i += 1
    if at(i) == 0:
        raise ParseError(f"Unclosed start tag at byte offset {begin}")
    tag = s[begin + 1 : i].lower()
    if tag not in TAGS:
        raise ParseError(f'Unsupported start tag "{_name(tag)}" at byte offset {begin}')
    argument, date = b"", 0
    while at(i) != ord(">"):
        while at(i) and at(i) in _SPACE:
            i += 1
        if at(i) == ord(">"):
            break
        name_begin = i
        while at(i) not in _SPACE and at(i) not in b"=>/\"'":
            i += 1
        name = s[name_begin:i]
        if not name:
            raise ParseError(
                f'Empty attribute name in the tag "{_name(tag)}" at byte offset {begin}'
            )
        while at(i) and at(i) in _SPACE:
            i += 1
        if at(i) != ord("="):
            if at(i) == 0:
                raise ParseError(f'Unclosed start tag "{_name(tag)}" at byte offset {begin}')
            if tag == b"blockquote" and name == b"expandable":
                argument = b"1"
            continue
        i += 1
        while at(i) and at(i) in _SPACE:
            i += 1
        if at(i) == 0:
            raise ParseError(f'Unclosed start tag "{_name(tag)}" at byte offset {begin}')
        if at(i) not in b"'\"":  # a name token: letters, digits, '.', '-'; not case sensitive
            token_begin = i
            while at(i) and ((chr(at(i)).isascii() and chr(at(i)).isalnum()) or at(i) in b".-"):
                i += 1
            value = s[token_begin:i].lower()
            if at(i) not in _SPACE and at(i) != ord(">"):
                raise ParseError(f"Unexpected end of name token at byte offset {token_begin}")
        else:  # a string literal, with references decoded
            quote, decoded = at(i), bytearray()
            i += 1
            while at(i) != quote and at(i) != 0:
                if at(i) == ord("&"):
                    code, end = _decode_entity(s, i)
                    if code:
                        decoded += _utf8(code)
                        i = end
                        continue
                decoded.append(at(i))
                i += 1
            i += at(i) == quote
            value = bytes(decoded)
        if at(i) == 0:
            raise ParseError(f"Unclosed start tag at byte offset {begin}")
        if (tag, name) in ((b"a", b"href"), (b"tg-emoji", b"emoji-id"), (b"tg-time", b"format")):
            argument = value
        elif tag == b"code" and name == b"class" and value.startswith(b"language-"):
            argument = value[9:]
        elif tag == b"span" and name == b"class" and value.startswith(b"tg-"):
            argument = value[3:]
        elif tag == b"blockquote" and name == b"expandable":
            argument = b"1"
        elif tag == b"tg-time" and name == b"unix":
            date = _to_int(value, 32)
    if tag == b"span" and argument != b"spoiler":
        raise ParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    stack.append(
        {"tag": tag, "argument": argument, "date": date, "offset": utf16, "begin": out_pos}
    )
    return i


def _end_tag(
    s: bytes,
    begin: int,
    stack: list[dict[str, Any]],
    utf16: int,
    out: bytearray,
    entities: list[Entity],
) -> int:
    """Reads ``</tag>`` from ``begin`` and adds the entity it closes; returns the position of '>'."""
    at = _reader(s)
    if not stack:
        raise ParseError(f"Unexpected end tag at byte offset {begin}")
    i = begin + 1
    while at(i) not in _SPACE and at(i) != ord(">"):
        i += 1
    end_name = s[begin + 2 : i].lower()
    while at(i) and at(i) in _SPACE:
        i += 1
    if at(i) != ord(">"):
        raise ParseError(f"Unclosed end tag at byte offset {begin}")
    top = stack[-1]
    tag = top["tag"]
    if end_name and end_name != tag:
        raise ParseError(
            f'Unmatched end tag at byte offset {begin}, expected "</{_name(tag)}>", '
            f'found "</{_name(end_name)}>"'
        )
    if utf16 > top["offset"]:
        _add_entity(top, utf16 - top["offset"], bytes(out[top["begin"] :]), entities)
    stack.pop()
    return i


def _add_entity(top: dict[str, Any], length: int, content: bytes, entities: list[Entity]) -> None:
    tag, argument, offset = top["tag"], top["argument"], top["offset"]
    last = (
        entities[-1]
        if entities and (entities[-1]["offset"], entities[-1]["length"]) == (offset, length)
        else None
    )
    if tag in SIMPLE or tag == b"span":
        entities.append({"type": SIMPLE.get(tag, "Spoiler"), "offset": offset, "length": length})
    elif tag == b"tg-emoji":
        document_id = argument.decode(
            "utf-8", "replace"
        )  # to_integer_safe<int64>: exactly an integer, not 0
        if str(_to_int(argument, 64)) != document_id or document_id == "0":
            raise ParseError("Invalid custom emoji identifier specified")
        entities.append(
            {
                "type": "CustomEmoji",
                "offset": offset,
                "length": length,
                "custom_emoji_id": document_id,
            }
        )
    elif tag == b"tg-time":
        flags = _date_flags(argument.decode("utf-8", "replace"))
        if top["date"] > 0:
            entities.append(
                {
                    "type": "FormattedDate",
                    "offset": offset,
                    "length": length,
                    "date": top["date"],
                    "date_flags": flags,
                }
            )
    elif tag == b"a":
        url = (argument or content).decode("utf-8", "surrogatepass")
        user_id = link_user_id(url)
        if user_id:
            entities.append(
                {"type": "MentionName", "offset": offset, "length": length, "user_id": user_id}
            )
        elif checked := checked_link(url):
            entities.append(
                {"type": "TextUrl", "offset": offset, "length": length, "argument": checked}
            )
    elif tag == b"pre":
        if last and last["type"] == "Code" and last.get("argument"):
            last["type"] = "PreCode"
        else:
            entities.append({"type": "Pre", "offset": offset, "length": length})
    elif tag == b"code":
        if last and last["type"] == "Pre" and argument:
            last.update(type="PreCode", argument=argument.decode("utf-8", "replace"))
        else:
            entities.append(
                {
                    "type": "Code",
                    "offset": offset,
                    "length": length,
                    "argument": argument.decode("utf-8", "replace"),
                }
            )
    else:  # blockquote
        kind = "ExpandableBlockQuote" if argument else "BlockQuote"
        entities.append({"type": kind, "offset": offset, "length": length})


def _date_flags(date_format: str) -> int:
    """get_date_flags: "r"/"R" is relative (1); else each of t T d D w W adds its flag."""
    if date_format in ("r", "R"):
        return 1
    if any(c not in DATE_FLAGS for c in date_format):
        raise ParseError("Invalid date format used")
    return sum({DATE_FLAGS[c] for c in date_format})


def _to_int(value: bytes, bits: int) -> int:
    """tdutils to_integer<intN>: an optional '-', then digits up to the first non-digit, wrapping."""
    negative = value.startswith(b"-")
    digits = value[negative:]
    number = 0
    for byte in digits:
        if not 0x30 <= byte <= 0x39:
            break
        number = (number * 10 + byte - 0x30) % (1 << bits)
    number = (-number if negative else number) % (1 << bits)
    return number - (1 << bits) if number >= 1 << (bits - 1) else number
