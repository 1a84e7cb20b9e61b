"""The Bluesky adapter over real HTTP against the sandbox's PDS on 127.0.0.1 (no mocks): one
session per account and process, uploads, the record under the claim's key, exactly once on every
retry, reconcile by getRecord, metrics from getPosts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from livecase import Live, start

from smm.content.model import Image
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnsupportedError,
)
from smm.networks.base import Account, Outgoing, Published
from smm.networks.bluesky import Bluesky
from smm.networks.bsky_record import claim_tid
from smm.networks.bsky_xrpc import forget_sessions
from smm.networks.compose import Rendered
from smm.networks.http import RateLimiter, with_retries
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
HANDLE = "nordlicht.bsky.social"
PASSWORD = "abcd-efgh-ijkl-mnop"
CLAIMED = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
IMAGE = "assets/nordlicht/aurora-camp-1280x720.jpg"


def outgoing(
    text: str = "Polarlichter über dem Zeltplatz 🏕️ #Nordlicht",
    images: list[tuple[str, str]] = (),
    link: str | None = None,
    title: str | None = None,
    password: str | None = PASSWORD,
    marker: str = "smm-00000000000000b1",
    claimed: datetime | None = CLAIMED,
    settings: dict[str, object] | None = None,
) -> Outgoing:
    rendered = Rendered(
        network="bluesky",
        text=text,
        visible=text,
        counter="bluesky",
        limit=None,
        limit_key="text.limit",
        unit="graphemes",
        images=[Image(src, alt, ()) for src, alt in images],
        hashtags=[],
        link=link,
        marking=None,
        title=title,
    )
    account = Account(
        "bluesky",
        settings
        or {
            "handle": HANDLE,
            "app_password_env": "SMM_NORDLICHT_BLUESKY_APP_PASSWORD",
            "langs": ["de"],
        },
        {"app_password": password} if password else {},
    )
    return Outgoing(rendered, account, ROOT, marker, claimed)


def adapter(client: httpx.Client, url: str) -> Bluesky:
    return Bluesky(client, url, limiter=RateLimiter(1000, 1.0))


@contextmanager
def live(state_dir: Path | None = None, **options: Any) -> Iterator[Live[Bluesky]]:
    """The PDS knowing PASSWORD (``options`` on top), a client and the adapter, not pacing
    itself; each starts a fresh process's worth of sessions."""
    forget_sessions()
    try:
        with start(adapter, state_dir, **{"bluesky_passwords": [PASSWORD], **options}) as on:
            yield on
    finally:
        forget_sessions()


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with live() as on:
        yield on.sb


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


def net(client: httpx.Client, sb: Sandbox) -> Bluesky:
    return adapter(client, sb.url)


def _api(sb: Sandbox) -> Any:
    assert sb._server is not None
    return next(a for a in sb._server.apis if a.network == "bluesky")


def _sessions(sb: Sandbox) -> int:
    created: int = _api(sb).sessions.created
    return created


def test_publish_puts_the_record_under_the_claims_key_with_facets_image_and_langs(
    sb: Sandbox, client: httpx.Client
) -> None:
    post = outgoing(images=[(IMAGE, "Zelte unter grünem Polarlicht")])
    published = net(client, sb).publish(post)
    rkey = claim_tid(CLAIMED, post.marker)
    assert published.id.endswith(f"/app.bsky.feed.post/{rkey}") and published.id.startswith(
        "at://did:plc:"
    )
    assert published.url == f"https://bsky.app/profile/{HANDLE}/post/{rkey}"
    [stored] = sb.posts("bluesky")
    assert stored["rkey"] == rkey and stored["langs"] == ["de"]
    assert stored["createdAt"] == "2026-12-03T08:00:00.000Z"
    assert stored["facet_texts"] == ["#Nordlicht"]
    [image] = stored["images"]
    assert image["alt"] == "Zelte unter grünem Polarlicht"
    assert image["aspectRatio"] == {"width": 1280, "height": 720}
    assert image["mimeType"] == "image/jpeg"
    assert image["size"] == (ROOT / IMAGE).stat().st_size  # the file as it is, never re-encoded


def test_a_link_without_images_becomes_a_card_titled_by_the_post(
    sb: Sandbox, client: httpx.Client
) -> None:
    link = "https://nordlicht.example/winter?utm_source=bluesky"
    net(client, sb).publish(outgoing(text=f"Neu im Shop: {link}", link=link, title="Wintersale"))
    [stored] = sb.posts("bluesky")
    assert stored["embed"] == {
        "$type": "app.bsky.embed.external",
        "external": {"uri": link, "title": "Wintersale", "description": ""},
    }
    assert stored["facet_texts"] == [link]


def test_a_mention_is_resolved_to_its_did_and_an_unknown_handle_stays_text(
    client: httpx.Client,
) -> None:
    forget_sessions()
    with Sandbox(bluesky_handles=["bergfreunde.bsky.social", HANDLE]) as sb:
        text = "Mit 👋 @bergfreunde.bsky.social und @niemand.bsky.social"
        net(client, sb).publish(outgoing(text=text))
        [stored] = sb.posts("bluesky")
    assert stored["facet_texts"] == ["@bergfreunde.bsky.social"]
    [facet] = stored["facets"]
    assert facet["features"][0]["did"].startswith("did:plc:")


def test_one_session_for_many_posts_and_adapters(sb: Sandbox, client: httpx.Client) -> None:
    for n in range(5):  # run.py makes one adapter per post: the session is the process's
        net(client, sb).publish(outgoing(text=f"Post {n}", marker=f"smm-{n:016x}"))
    assert len(sb.posts("bluesky")) == 5
    assert _sessions(sb) == 1


def test_an_expired_access_token_is_refreshed_not_a_new_session(client: httpx.Client) -> None:
    forget_sessions()
    with Sandbox(bluesky_access_ttl=60.0) as sb:
        net(client, sb).publish(outgoing(marker="smm-1"))
        sb.advance_clock(
            61.0
        )  # the access token has expired: 400 ExpiredToken, then refreshSession
        net(client, sb).publish(outgoing(marker="smm-2"))
        assert len(sb.posts("bluesky")) == 2
        assert _sessions(sb) == 1 and _api(sb).sessions.refreshed == 1
    forget_sessions()


def test_a_retry_after_a_dropped_answer_makes_no_second_post(
    sb: Sandbox, client: httpx.Client
) -> None:
    sb.inject("bluesky", "drop_after_store", method="com.atproto.repo.putRecord")
    with pytest.raises(MaybePostedError):
        net(client, sb).publish(outgoing())
    again = net(client, sb).publish(outgoing())  # same claim: same key, same bytes: a no-op
    assert len(sb.posts("bluesky")) == 1
    assert again.id == sb.posts("bluesky")[0]["id"]


def test_a_different_record_at_the_key_is_found_not_overwritten(
    sb: Sandbox, client: httpx.Client
) -> None:
    first = net(client, sb).publish(outgoing(text="Erste Fassung"))
    # the post was edited after its claim: the record at the key is ours, and stays as sent
    again = net(client, sb).publish(outgoing(text="Zweite Fassung"))
    assert again.id == first.id and again.extra["reconciled"] is True
    assert [p["text"] for p in sb.posts("bluesky")] == ["Erste Fassung"]


def test_reconcile_finds_the_record_by_key_or_says_it_is_absent(
    sb: Sandbox, client: httpx.Client
) -> None:
    assert net(client, sb).reconcile(outgoing()) is None
    sb.inject("bluesky", "drop_after_store", method="com.atproto.repo.putRecord")
    with pytest.raises(MaybePostedError):
        net(client, sb).publish(outgoing())
    found = net(client, sb).reconcile(outgoing())
    assert found is not None and found.id == sb.posts("bluesky")[0]["id"]
    assert found.extra["reconciled"] is True
    with pytest.raises(UnsupportedError):
        net(client, sb).reconcile(outgoing(claimed=None))


def test_429_and_500_are_retryable_and_the_retry_posts_once(
    sb: Sandbox, client: httpx.Client
) -> None:
    sb.inject("bluesky", "429", method="com.atproto.repo.putRecord", retry_after=2)
    with pytest.raises(RetryableError) as info:
        net(client, sb).publish(outgoing())
    assert info.value.retry_after == 2.0 and info.value.code == "RateLimitExceeded"
    sb.inject("bluesky", "500", method="com.atproto.repo.putRecord")
    waits: list[float] = []
    with_retries(lambda: net(client, sb).publish(outgoing()), sleep=waits.append)
    assert len(sb.posts("bluesky")) == 1 and len(waits) == 1


def test_refusals_are_network_errors_with_the_xrpc_error_name(
    sb: Sandbox, client: httpx.Client
) -> None:
    with pytest.raises(NetworkError, match="Invalid identifier or password") as info:
        net(client, sb).publish(outgoing(password="wrong"))
    assert info.value.code == "AuthenticationRequired"
    forget_sessions()
    with pytest.raises(NetworkError, match="grapheme too big") as info:
        net(client, sb).publish(outgoing(text="🏔️" * 301))
    assert info.value.code == "InvalidRequest" and sb.posts("bluesky") == []


def test_an_image_over_the_blob_limit_is_refused_unchanged(client: httpx.Client) -> None:
    forget_sessions()
    size = (ROOT / IMAGE).stat().st_size
    with Sandbox(bluesky_blob_limit=size - 1) as sb:
        with pytest.raises(NetworkError, match="request entity too large") as info:
            net(client, sb).publish(outgoing(images=[(IMAGE, "Zelte")]))
        assert info.value.code == "PayloadTooLarge" and sb.posts("bluesky") == []


def test_a_picture_pillow_refuses_is_one_error_not_a_traceback(
    sb: Sandbox, client: httpx.Client, tmp_path: Path
) -> None:
    """A header that declares 65,535 x 65,535 pixels (a decompression bomb) or a file cut short:
    refused before any upload, in one line naming the file (lint blocks such a post first)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 65535, 65535, 8, 2, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    (tmp_path / "bomb.png").write_bytes(bomb)
    (tmp_path / "cut.jpg").write_bytes((ROOT / IMAGE).read_bytes()[:9])
    for name in ("bomb.png", "cut.jpg"):
        picture = replace(outgoing(images=[(name, "")]), root=tmp_path)
        with pytest.raises(NetworkError, match=f"{name} is not an image Pillow can read"):
            net(client, sb).publish(picture)
    assert sb.posts("bluesky") == []


def test_missing_settings_and_secrets_are_clear(sb: Sandbox, client: httpx.Client) -> None:
    with pytest.raises(ConfigError, match="'handle'"):
        net(client, sb).publish(outgoing(settings={"app_password_env": "X"}))
    with pytest.raises(CredentialsError, match="SMM_NORDLICHT_BLUESKY_APP_PASSWORD"):
        net(client, sb).publish(outgoing(password=None))
    assert sb.posts("bluesky") == []


def test_metrics_map_likes_replies_reposts_quotes_and_bookmarks_in_batches_of_25(
    sb: Sandbox, client: httpx.Client
) -> None:
    ids = [
        net(client, sb).publish(outgoing(text=f"Post {n}", marker=f"smm-{n:016x}")).id
        for n in range(27)
    ]
    sb.set_metrics("bluesky", ids[0], likes=12, reposts=3, quotes=2, replies=4, bookmarks=1)
    sb.set_metrics("bluesky", ids[26], likes=5)
    gone = ids[0].rsplit("/", 1)[0] + "/3zzzzzzzzzzzz"
    figures = net(client, sb).metrics(outgoing().account, [*ids, gone])
    assert figures[ids[0]] == {"likes": 12, "comments": 4, "shares": 5, "saves": 1}
    assert figures[ids[26]]["likes"] == 5
    assert len(figures) == 27 and gone not in figures


def test_a_threads_parts_reply_with_the_first_as_root_and_the_one_before_as_parent(
    sb: Sandbox, client: httpx.Client
) -> None:
    bsky = net(client, sb)
    first = bsky.publish(outgoing("Teil 1", marker="smm-t"))
    second = bsky.publish(replace(outgoing("Teil 2", marker="smm-t-2"), thread=(first,)))
    third = bsky.publish(replace(outgoing("Teil 3", marker="smm-t-3"), thread=(first, second)))
    posts = {p["id"]: p for p in sb.posts("bluesky")}
    assert "reply_to" not in posts[first.id]
    assert (posts[second.id]["reply_to"], posts[second.id]["reply_root"]) == (first.id, first.id)
    assert (posts[third.id]["reply_to"], posts[third.id]["reply_root"]) == (second.id, first.id)
    assert posts[third.id]["record"]["reply"]["parent"]["cid"] == second.extra["cid"]
    assert all(posts[p.id]["reply_valid"] for p in (second, third))


def test_a_part_whose_entry_kept_no_cid_reads_it_back_before_replying(
    sb: Sandbox, client: httpx.Client
) -> None:
    bsky = net(client, sb)
    first = bsky.publish(outgoing("Teil 1", marker="smm-t"))
    without_cid = Published(first.id, first.url)  # an entry written before smm kept cids
    second = bsky.publish(replace(outgoing("Teil 2", marker="smm-t-2"), thread=(without_cid,)))
    record = {p["id"]: p for p in sb.posts("bluesky")}[second.id]["record"]
    assert record["reply"]["root"] == {"uri": first.id, "cid": first.extra["cid"]}


def test_a_reply_to_a_post_the_repo_lacks_is_refused_before_anything_is_stored(
    sb: Sandbox, client: httpx.Client
) -> None:
    gone = Published(f"at://did:plc:nobody/app.bsky.feed.post/{claim_tid(CLAIMED, 'x')}", "")
    with pytest.raises(NetworkError, match="not found"):
        net(client, sb).publish(replace(outgoing("Teil 2", marker="smm-t-2"), thread=(gone,)))
    assert sb.posts("bluesky") == []
