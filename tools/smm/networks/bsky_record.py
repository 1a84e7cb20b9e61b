"""Bluesky's post record, built from a rendered post: the record key, rich-text facets, embeds.

Pure functions, no HTTP (networks/bluesky.py sends what they build). Shapes from the atproto
lexicons: app.bsky.feed.post (``text``, ``createdAt``, ``langs``, ``facets``, ``embed``,
``reply``), app.bsky.richtext.facet (``index.byteStart/byteEnd`` count BYTES of the UTF-8 text,
``features`` #link/#tag/#mention), app.bsky.embed.images (alt required, ``aspectRatio``),
app.bsky.embed.external (``uri``, ``title``, ``description``). Which spans become facets follows
the official client's detection (packages/api/src/rich-text/detection.ts): http(s) URLs, #tags
after a space or line start, @handles that look like domain names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from smm.networks.counters import graphemes

COLLECTION = "app.bsky.feed.post"
#: the TID alphabet: base32, sortable (atproto spec "Record Key Type: tid")
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID_PATTERN = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")

# characters that end a #tag besides whitespace (soft hyphen, word joiner, zero-width spaces)
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_LINK = re.compile(r"(?:^|(?<=[\s(]))(https?://\S+)", re.IGNORECASE)
_TAG = re.compile(rf"(?:^|(?<=\s))[#＃]([^\s{_INVISIBLE}]+)")
_MENTION = re.compile(r"(?:^|(?<=[\s(]))@([a-zA-Z0-9.-]+)")
_HANDLE = re.compile(r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z][a-zA-Z0-9-]*$")
MAX_TAG_GRAPHEMES = 64


def tid(micros: int, clock_id: int) -> str:
    """A TID: 53 bits of microseconds since the epoch and a 10-bit clock id, as 13 characters."""
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    return "".join(TID_ALPHABET[(value >> (5 * (12 - i))) & 31] for i in range(13))


def claim_tid(claimed_at: datetime, marker: str) -> str:
    """The record key of a claimed post: the claim's second, its microseconds and clock id from a
    hash of the marker, so every retry and every reconcile of this claim use the same key, and two
    posts claimed in the same second get different ones."""
    digest = int.from_bytes(hashlib.blake2b(marker.encode(), digest_size=8).digest(), "big")
    micros = int(claimed_at.timestamp()) * 1_000_000 + digest % 1_000_000
    return tid(micros, digest >> 54)


def created_at(claimed_at: datetime) -> str:
    """``createdAt`` of the record: the claim's time, so a resent record is byte-identical."""
    return claimed_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def mentioned_handles(text: str) -> list[str]:
    """The @handles in ``text`` that may become mention facets, lower-cased, each once."""
    seen: dict[str, None] = {}
    for _, _, handle in _mentions(text):
        seen.setdefault(handle, None)
    return list(seen)


def facets(text: str, dids: Mapping[str, str]) -> list[dict[str, Any]]:
    """Link, tag and mention facets of ``text`` in byte offsets, in text order; a mention whose
    handle is not in ``dids`` (it did not resolve) stays plain text, as in the official app."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for match in _LINK.finditer(text):
        uri, end = match.group(1), match.end(1)
        if uri[-1] in ".,;:!?":
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        found.append((match.start(1), end, {"$type": "app.bsky.richtext.facet#link", "uri": uri}))
    for match in _TAG.finditer(text):
        tag = _strip_punctuation(match.group(1))
        if _usable_tag(tag):
            start = match.start(1) - 1  # the '#'
            found.append(
                (start, start + 1 + len(tag), {"$type": "app.bsky.richtext.facet#tag", "tag": tag})
            )
    for start, end, handle in _mentions(text):
        if handle in dids:
            feature = {"$type": "app.bsky.richtext.facet#mention", "did": dids[handle]}
            found.append((start, end, feature))
    found.sort(key=lambda item: item[0])
    return [
        {
            "index": {"byteStart": _bytes(text, start), "byteEnd": _bytes(text, end)},
            "features": [feature],
        }
        for start, end, feature in found
    ]


def image_embed(images: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """app.bsky.embed.images from ``{"blob", "alt", "width", "height"}`` of each uploaded image."""
    return {
        "$type": "app.bsky.embed.images",
        "images": [
            {
                "alt": image["alt"],
                "image": image["blob"],
                "aspectRatio": {"width": image["width"], "height": image["height"]},
            }
            for image in images
        ],
    }


def link_card(uri: str, title: str | None) -> dict[str, Any]:
    """app.bsky.embed.external for the post's link; smm fetches no page, so no description or
    thumbnail (both optional to readers), and the post's title, else the link, as the title."""
    return {
        "$type": "app.bsky.embed.external",
        "external": {"uri": uri, "title": title or uri, "description": ""},
    }


def post_record(
    text: str,
    created: str,
    *,
    langs: Sequence[str] = (),
    facet_list: Sequence[Mapping[str, Any]] = (),
    embed: Mapping[str, Any] | None = None,
    reply: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An app.bsky.feed.post record; ``reply`` ({root, parent} strong refs) makes it an answer."""
    record: dict[str, Any] = {"$type": COLLECTION, "text": text, "createdAt": created}
    if langs:
        record["langs"] = list(langs)
    if facet_list:
        record["facets"] = list(facet_list)
    if embed:
        record["embed"] = dict(embed)
    if reply:
        record["reply"] = dict(reply)
    return record


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, handle) of each @handle; the span includes the '@'."""
    out = []
    for match in _MENTION.finditer(text):
        handle = match.group(1).rstrip(".-")
        if _HANDLE.match(handle):
            out.append((match.start(), match.start(1) + len(handle), handle.lower()))
    return out


def _strip_punctuation(tag: str) -> str:
    while tag and unicodedata.category(tag[-1]).startswith("P"):
        tag = tag[:-1]
    return tag


def _usable_tag(tag: str) -> bool:
    """A tag needs a character that is no digit and no punctuation (#2026 is not a tag)."""
    if not tag or tag.startswith("\ufe0f"):
        return False
    if not any(not ch.isdigit() and not unicodedata.category(ch).startswith("P") for ch in tag):
        return False
    return graphemes(tag) <= MAX_TAG_GRAPHEMES


def _bytes(text: str, index: int) -> int:
    """The UTF-8 byte offset of the character at ``index``."""
    return len(text[:index].encode("utf-8"))
