"""What TDLib does to a bot's text after parsing it, before it counts it: ported from tdlib/td.

``fix_formatted_text`` follows td/telegram/MessageEntity.cpp fix_formatted_text (skip_trim off,
as for a message or caption a bot sends): clean the text (clean_input_string_with_entities:
control characters but '\\n' become spaces, '\\r', U+2028..U+202E and the combining marks U+030A,
U+0333, U+033F are removed; runs of LRM/RLM become ZWNJs but the last), drop entities left empty,
then trim: trailing spaces and newlines always, leading ones only up to the first entity. A text
left empty is an error unless ``allow_empty``; one of only "empty" characters (misc.cpp
strip_empty_characters: ZWSP, NBSP, BOM, the Unicode spaces, Braille blank...) likewise.
``fix_entities`` is TDLib's: entities may not intersect, Pre/Code hold no other entity, and bold,
italic, underline, strikethrough and spoiler are merged where they touch and split around the
others. Not emulated: entities Telegram finds itself in the text (links, hashtags, mentions).

Behaviour re-implemented from TDLib (tdlib/td, Copyright Aliaksei Levin and Arseny Smirnov
2014-2026), which is distributed under the Boost Software License 1.0; its text is in
tests/sandbox/data/LICENSE_1_0.txt.
"""

from __future__ import annotations

from smm.sandbox.tg_entities import Entity, sort_key

SPLITTABLE = ("Bold", "Italic", "Underline", "Strikethrough", "Spoiler")
BLOCKQUOTE = {"BlockQuote", "ExpandableBlockQuote"}
PRE = {"Pre", "Code", "PreCode", "FormattedDate"}
CONTINUOUS = {
    "Mention",
    "Hashtag",
    "BotCommand",
    "Url",
    "EmailAddress",
    "TextUrl",
    "MentionName",
    "Cashtag",
    "PhoneNumber",
    "BankCardNumber",
    "MediaTimestamp",
    "CustomEmoji",
}
_REMOVED = {"\r", "\u030a", "\u0333", "\u033f", *map(chr, range(0x2028, 0x202F))}
_TO_SPACE = {chr(c) for c in range(0x20) if c not in (0x0A, 0x0D)}
# strip_empty_characters: replaced by a space, then trimmed; and the characters that count as empty
_SPACES = {
    "\u1680",
    "\u180e",
    *map(chr, range(0x2000, 0x200B)),
    "\u202f",
    "\u205f",
    "\u2800",
    "\u3000",
    "\ufffc",
    *map(chr, range(0xE0000, 0xE0080)),
}
_EMPTY = {" ", "\n", *map(chr, range(0x200B, 0x2010)), "\u202e", "\ufeff", "\u00a0"}


class TextError(ValueError):
    """TDLib refuses the text; str() is its message ("Text must be non-empty")."""


def _units(ch: str) -> int:
    return 2 if ord(ch) > 0xFFFF else 1


def clean(text: str, entities: list[Entity]) -> str:
    """clean_input_string_with_entities: the cleaned text; entity offsets follow removed characters."""
    kept: list[str] = []
    where = {0: 0}  # old UTF-16 offset -> new one, at every character boundary
    old = new = 0
    for ch in text:
        old += _units(ch)
        if ch not in _REMOVED:
            kept.append(" " if ch in _TO_SPACE else ch)
            new += _units(ch)
        where[old] = new
    for entity in entities:
        start, end = where[entity["offset"]], where[entity["offset"] + entity["length"]]
        entity["offset"], entity["length"] = start, end - start
    out = "".join(kept)
    # replace_offending_characters: in a run of LRM/RLM marks, all but the last become ZWNJ
    marks = [i for i, ch in enumerate(out) if ch in "\u200e\u200f"]
    run = {i for i in marks if i + 1 < len(out) and out[i + 1] in "\u200e\u200f"}
    return "".join("\u200c" if i in run else ch for i, ch in enumerate(out)) if run else out


def is_empty(text: str) -> bool:
    """is_empty_string: nothing but spaces, newlines and characters that show nothing."""
    return all(ch in _EMPTY or ch in _SPACES for ch in text)


def fix_formatted_text(
    text: str, entities: list[Entity], allow_empty: bool
) -> tuple[str, list[Entity]]:
    """The text and entities TDLib keeps; raises TextError for a text it refuses."""
    entities = [dict(e) for e in entities if e["length"] > 0]
    if entities:
        entities = fix_entities(entities)
    text = clean(text, entities)
    entities = [e for e in entities if e["length"] > 0]
    stripped = text.rstrip(" \n")
    if not stripped:
        if allow_empty:
            return "", []
        raise TextError("Text must be non-empty")
    entities = fix_entities(entities)
    end = sum(map(_units, stripped))
    entities = sorted(
        (
            {**e, "length": min(e["length"], end - e["offset"])}
            for e in entities
            if e["offset"] < end
        ),
        key=sort_key,
    )
    first = entities[0]["offset"] if entities else len(stripped)
    lead = 0
    while lead < first and stripped[lead] in " \n":
        lead += 1
    for entity in entities:
        entity["offset"] -= lead
    text = stripped[lead:]
    if is_empty(text) and not allow_empty:
        raise TextError("Text must be non-empty")
    return text, entities


def fix_entities(entities: list[Entity]) -> list[Entity]:
    """fix_entities: a valid, sorted entity list (see the module doc)."""
    entities = sorted(entities, key=sort_key)
    if _valid(entities):
        return entities
    continuous = _drop_intersecting(
        [e for e in entities if e["type"] not in SPLITTABLE and e["type"] not in BLOCKQUOTE]
    )
    quotes = [e for e in entities if e["type"] in BLOCKQUOTE]
    if quotes:
        quotes = _drop_intersecting(quotes)
        continuous = sorted(_outside_quotes(continuous, quotes) + quotes, key=sort_key)
    splittable = [e for e in entities if e["type"] in SPLITTABLE]
    if not splittable:
        return continuous
    return sorted(_split(splittable, continuous) + continuous, key=sort_key)


def _valid(entities: list[Entity]) -> bool:
    """are_entities_valid: nothing to fix (the fast path)."""
    ends = dict.fromkeys(SPLITTABLE, -1)
    stack: list[Entity] = []
    for entity in entities:
        while stack and entity["offset"] >= stack[-1]["offset"] + stack[-1]["length"]:
            stack.pop()
        if stack:
            types, parent = {e["type"] for e in stack}, stack[-1]
            if (
                entity["offset"] + entity["length"] > parent["offset"] + parent["length"]
                or entity["type"] in types
                or parent["type"] in PRE
                or (entity["type"] in PRE and types - BLOCKQUOTE)
                or (
                    (entity["type"] in CONTINUOUS or entity["type"] in BLOCKQUOTE)
                    and types & CONTINUOUS
                )
                or (entity["type"] in BLOCKQUOTE and types & BLOCKQUOTE)
                or types & set(SPLITTABLE)
            ):
                return False
        if entity["type"] in SPLITTABLE:
            if ends[entity["type"]] >= entity["offset"]:
                return False  # two of a kind that touch: they can be merged
            ends[entity["type"]] = entity["offset"] + entity["length"]
        stack.append(entity)
    return True


def _drop_intersecting(entities: list[Entity]) -> list[Entity]:
    """remove_intersecting_entities: each entity that begins before the previous kept one ends goes."""
    kept, last_end = [], 0
    for entity in entities:
        if entity["offset"] >= last_end:
            last_end = entity["offset"] + entity["length"]
            kept.append(entity)
    return kept


def _outside_quotes(entities: list[Entity], quotes: list[Entity]) -> list[Entity]:
    """remove_entities_intersecting_blockquote: an entity may sit inside a blockquote, not across one."""
    kept, q = [], 0
    for entity in entities:
        start, end = entity["offset"], entity["offset"] + entity["length"]
        while q < len(quotes) and quotes[q]["offset"] + quotes[q]["length"] <= start:
            q += 1
        if q < len(quotes) and (
            quotes[q]["offset"] + quotes[q]["length"] < end or start < quotes[q]["offset"] < end
        ):
            continue
        kept.append(entity)
    return kept


def _split(splittable: list[Entity], others: list[Entity]) -> list[Entity]:
    """split_entities: merge touching splittable entities, cut them at the others' edges, and
    drop the parts inside Pre, Code and dates."""
    begin = dict.fromkeys(SPLITTABLE, 0)
    end = dict.fromkeys(SPLITTABLE, 0)
    result: list[Entity] = []
    queue = iter(splittable)
    pending = next(queue, None)

    def flush(offset: int) -> None:
        for kind in SPLITTABLE:
            if end[kind] != 0 and begin[kind] < offset:
                stop = min(end[kind], offset)
                result.append({"type": kind, "offset": begin[kind], "length": stop - begin[kind]})
                begin[kind], end[kind] = (0, 0) if end[kind] <= offset else (offset, end[kind])

    def add(until: int) -> None:
        nonlocal pending
        while pending is not None and pending["offset"] < until:
            kind, start, stop = (
                pending["type"],
                pending["offset"],
                pending["offset"] + pending["length"],
            )
            if start <= end[kind] and end[kind] != 0:
                end[kind] = max(end[kind], stop)
            else:
                flush(start)
                begin[kind], end[kind] = start, stop
            pending = next(queue, None)
        flush(until)

    stack: list[Entity] = []

    def advance(offset: int) -> None:
        while stack and offset >= stack[-1]["offset"] + stack[-1]["length"]:
            size = len(result)
            add(stack[-1]["offset"] + stack[-1]["length"])
            if stack.pop()["type"] in PRE:
                del result[size:]
        add(offset)

    for other in others:
        advance(other["offset"])
        stack.append(other)
    advance(1 << 31)
    return sorted(result, key=sort_key)
