"""Bluesky's post record (networks/bsky_record.py): TIDs fixed by the claim, facets in UTF-8 byte
offsets (app.bsky.richtext.facet), embeds. Pure functions: no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from smm.networks.bsky_record import (
    TID_ALPHABET,
    TID_PATTERN,
    claim_tid,
    created_at,
    facets,
    image_embed,
    link_card,
    mentioned_handles,
    post_record,
    tid,
)

CLAIMED = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _decode_tid(key: str) -> tuple[int, int]:
    value = 0
    for char in key:
        value = value * 32 + TID_ALPHABET.index(char)
    return value >> 10, value & 0x3FF


def test_a_tid_is_13_sortable_characters_of_microseconds_and_clock_id() -> None:
    key = tid(1_700_000_000_123_456, 7)
    assert TID_PATTERN.match(key) and len(key) == 13
    assert _decode_tid(key) == (1_700_000_000_123_456, 7)
    # base32-sortable: a later time sorts later as text
    assert tid(1_700_000_000_123_457, 0) > tid(1_700_000_000_123_456, 1023)


def test_the_claims_record_key_is_the_same_on_every_retry_and_differs_between_claims() -> None:
    marker = "smm-0123456789abcdef"
    key = claim_tid(CLAIMED, marker)
    assert key == claim_tid(CLAIMED, marker)  # a retry, a reconcile in another process
    micros, _ = _decode_tid(key)
    assert micros // 1_000_000 == int(CLAIMED.timestamp())  # the claim's second
    others = {claim_tid(CLAIMED, f"smm-{n:016x}") for n in range(200)}
    assert len(others) == 200  # 200 posts claimed in the same second: 200 keys
    assert claim_tid(CLAIMED + timedelta(seconds=1), marker) != key


def test_created_at_is_the_claims_time_in_utc_with_milliseconds() -> None:
    berlin = CLAIMED.astimezone(timezone(timedelta(hours=1)))  # 10:00 in Berlin
    assert created_at(berlin) == "2026-12-03T09:00:00.000Z"


def _covered(text: str, facet: dict) -> str:
    data = text.encode("utf-8")
    return data[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")


def test_facets_count_utf8_bytes_in_multibyte_text() -> None:
    text = (
        "🎿 Größe zählt: Зимняя распродажа 🏔️ bei @nordlicht.bsky.social — "
        "https://nordlicht.example/ski?utm_source=bluesky. #Winterwandern #Полярное 👣"
    )
    dids = {"nordlicht.bsky.social": "did:plc:abc"}
    found = facets(text, dids)
    assert [_covered(text, f) for f in found] == [
        "@nordlicht.bsky.social",
        "https://nordlicht.example/ski?utm_source=bluesky",
        "#Winterwandern",
        "#Полярное",
    ]
    assert [f["features"][0] for f in found] == [
        {"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:abc"},
        {
            "$type": "app.bsky.richtext.facet#link",
            "uri": "https://nordlicht.example/ski?utm_source=bluesky",
        },
        {"$type": "app.bsky.richtext.facet#tag", "tag": "Winterwandern"},
        {"$type": "app.bsky.richtext.facet#tag", "tag": "Полярное"},
    ]
    # byte offsets, not characters: the mention starts after 🎿 (4 bytes), ö, ä (2 bytes each)...
    start = found[0]["index"]["byteStart"]
    assert start == len(text[: text.index("@")].encode("utf-8")) != text.index("@")


def test_a_mention_that_did_not_resolve_and_non_tags_stay_plain_text() -> None:
    text = "Frag @niemand.example oder mail an info@nordlicht.example; #2026 ist kein Tag, (#ok)"
    assert mentioned_handles(text) == ["niemand.example"]
    assert facets(text, {}) == []  # '(#ok)': a tag follows a space or starts the text


def test_trailing_punctuation_ends_links_and_tags() -> None:
    text = "Mehr (https://nordlicht.example/a) und https://nordlicht.example/b, #Schnee!"
    assert [_covered(text, f) for f in facets(text, {})] == [
        "https://nordlicht.example/a",
        "https://nordlicht.example/b",
        "#Schnee",
    ]


def test_the_record_carries_langs_facets_and_one_embed() -> None:
    blob = {"$type": "blob", "ref": {"$link": "bafkrei"}, "mimeType": "image/jpeg", "size": 9}
    images = image_embed([{"blob": blob, "alt": "Zelt", "width": 1280, "height": 720}])
    assert images["images"][0] == {
        "alt": "Zelt",
        "image": blob,
        "aspectRatio": {"width": 1280, "height": 720},
    }
    card = link_card("https://nordlicht.example", "Winter")
    assert card["external"] == {
        "uri": "https://nordlicht.example",
        "title": "Winter",
        "description": "",
    }
    record = post_record("Hallo", "2026-12-03T09:00:00.000Z", langs=["de"], embed=card)
    assert record == {
        "$type": "app.bsky.feed.post",
        "text": "Hallo",
        "createdAt": "2026-12-03T09:00:00.000Z",
        "langs": ["de"],
        "embed": card,
    }
