"""TDLib's message entities: their order, and how the Bot API writes them (MessageEntity).

tg_html.py makes entities from HTML and tg_text.py cleans the text they point into; both keep
TDLib's form (type names as MessageEntity::Type, offsets and lengths in UTF-16 units) and its
order (``sort_key``). ``bot_api_entity`` writes one as the Bot API's MessageEntity
(telegram-bot-api Client.cpp, JsonEntity). Behaviour re-implemented from TDLib and
telegram-bot-api (Boost Software License 1.0, tests/sandbox/data/LICENSE_1_0.txt).
"""

from __future__ import annotations

from typing import Any

Entity = dict[str, Any]
# MessageEntity::get_type_priority: the third sort key after offset and (descending) length
PRIORITY = {
    "Mention": 50,
    "Hashtag": 50,
    "BotCommand": 50,
    "Url": 50,
    "EmailAddress": 50,
    "Bold": 90,
    "Italic": 91,
    "Code": 20,
    "Pre": 11,
    "PreCode": 10,
    "TextUrl": 49,
    "MentionName": 49,
    "Cashtag": 50,
    "PhoneNumber": 50,
    "Underline": 92,
    "Strikethrough": 93,
    "BlockQuote": 0,
    "BankCardNumber": 50,
    "MediaTimestamp": 50,
    "Spoiler": 94,
    "CustomEmoji": 99,
    "ExpandableBlockQuote": 0,
    "FormattedDate": 30,
}
DATE_FLAGS = {
    "t": 2,
    "T": 4,
    "d": 8,
    "D": 16,
    "w": 32,
    "W": 32,
}  # FormattedDate::DateFlags; "r" alone is 1


def sort_key(entity: Entity) -> tuple[int, int, int]:
    """MessageEntity::operator<: by offset, longer first, then by type priority."""
    return entity["offset"], -entity["length"], PRIORITY[entity["type"]]


def bot_api_entity(entity: Entity) -> dict[str, Any]:
    """A TDLib entity as the Bot API writes it (telegram-bot-api Client.cpp, JsonEntity)."""
    kind = entity["type"]
    out: dict[str, Any] = {"offset": entity["offset"], "length": entity["length"]}
    if kind == "PreCode":
        out.update(type="pre", language=entity["argument"])
    elif kind == "TextUrl":
        out.update(type="text_link", url=entity["argument"])
    elif kind == "MentionName":
        out.update(type="text_mention", user={"id": entity["user_id"]})
    elif kind == "CustomEmoji":
        out.update(type="custom_emoji", custom_emoji_id=entity["custom_emoji_id"])
    elif kind == "FormattedDate":
        out.update(
            type="date_time",
            unix_time=entity["date"],
            date_time_format=_date_format(entity["date_flags"]),
        )
    else:
        out["type"] = {
            "Bold": "bold",
            "Italic": "italic",
            "Underline": "underline",
            "Strikethrough": "strikethrough",
            "Spoiler": "spoiler",
            "Code": "code",
            "Pre": "pre",
            "BlockQuote": "blockquote",
            "ExpandableBlockQuote": "expandable_blockquote",
        }[kind]
    return out


def _date_format(flags: int) -> str:
    """The Bot API's date_time_format of FormattedDate flags: "r", or w, d|D, t|T in that order."""
    if flags & 1:
        return "r"
    return (
        ("w" if flags & 32 else "")
        + ("d" if flags & 8 else "D" if flags & 16 else "")
        + ("t" if flags & 2 else "T" if flags & 4 else "")
    )
