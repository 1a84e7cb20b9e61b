"""The Bluesky sandbox answers as a PDS does (bluesky-social/atproto packages/pds, lexicons):
sessions and their limits, token errors, uploads, record checks, the write conflicts that make
exactly-once work, rate-limit headers, faults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
IMAGE = ROOT / "assets/nordlicht/aurora-camp-1280x720.jpg"
RKEY = "3lbcdefghijk2"


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(bluesky_passwords=["app-pass"], bluesky_sessions_per_window=3) as sandbox:
        yield sandbox


@pytest.fixture
def http(sb: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{sb.url}/xrpc/", timeout=10) as client:
        yield client


def _login(http: httpx.Client, handle: str = "nordlicht.bsky.social") -> dict[str, Any]:
    answer = http.post(
        "com.atproto.server.createSession", json={"identifier": handle, "password": "app-pass"}
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _auth(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['accessJwt']}"}


def _put(http: httpx.Client, session: dict[str, Any], text: str, **extra: Any) -> httpx.Response:
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-12-03T08:00:00.000Z"}
    body = {"repo": session["did"], "collection": "app.bsky.feed.post", "rkey": RKEY}
    return http.post(
        "com.atproto.repo.putRecord",
        json={**body, "record": record, **extra},
        headers=_auth(session),
    )


def test_create_session_answers_tokens_and_a_did_and_is_limited_per_identifier(
    http: httpx.Client,
) -> None:
    session = _login(http)
    assert session["did"].startswith("did:plc:") and session["handle"] == "nordlicht.bsky.social"
    assert session["accessJwt"].count(".") == 2 and session["refreshJwt"] != session["accessJwt"]
    _login(http), _login(http)  # 3 per window here (30 per 5 minutes on a PDS)
    refused = http.post(
        "com.atproto.server.createSession",
        json={"identifier": "nordlicht.bsky.social", "password": "app-pass"},
    )
    assert refused.status_code == 429
    assert refused.json() == {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
    assert (
        int(refused.headers["Retry-After"]) >= 1 and refused.headers["RateLimit-Remaining"] == "0"
    )
    wrong = http.post(
        "com.atproto.server.createSession",
        json={"identifier": "other.bsky.social", "password": "x"},
    )
    assert wrong.status_code == 401
    assert wrong.json() == {
        "error": "AuthenticationRequired",
        "message": "Invalid identifier or password",
    }


def test_token_errors_are_the_pds_ones(http: httpx.Client) -> None:
    assert (
        http.get("app.bsky.feed.getPosts", params={"uris": "at://x"}).json()["error"]
        == "AuthMissing"
    )
    bad = http.get(
        "app.bsky.feed.getPosts",
        params={"uris": "at://x"},
        headers={"Authorization": "Bearer a.b.c"},
    )
    assert (bad.status_code, bad.json()["error"]) == (400, "InvalidToken")
    session = _login(http)
    refreshed = http.post(
        "com.atproto.server.refreshSession",
        headers={"Authorization": f"Bearer {session['refreshJwt']}"},
    )
    assert refreshed.status_code == 200 and refreshed.json()["did"] == session["did"]
    again = http.post(
        "com.atproto.server.refreshSession",
        headers={"Authorization": f"Bearer {session['refreshJwt']}"},
    )
    assert again.json()["error"] == "InvalidToken"  # a refresh token is used once


def test_an_expired_access_token_is_400_expired_token() -> None:
    with Sandbox(bluesky_access_ttl=0.0) as sb, httpx.Client(base_url=f"{sb.url}/xrpc/") as http:
        session = _login(http)
        answer = http.get(
            "app.bsky.feed.getPosts", params={"uris": "at://x"}, headers=_auth(session)
        )
    assert answer.status_code == 400
    assert answer.json() == {"error": "ExpiredToken", "message": "Token has expired"}


def test_upload_blob_takes_the_raw_body_and_refuses_one_over_the_limit() -> None:
    data = IMAGE.read_bytes()
    with (
        Sandbox(bluesky_blob_limit=len(data)) as sb,
        httpx.Client(base_url=f"{sb.url}/xrpc/") as http,
    ):
        session = _login(http)
        headers = {**_auth(session), "Content-Type": "image/jpeg"}
        blob = http.post("com.atproto.repo.uploadBlob", content=data, headers=headers).json()[
            "blob"
        ]
        assert blob["$type"] == "blob" and blob["ref"]["$link"].startswith("bafkrei")
        assert (blob["mimeType"], blob["size"]) == ("image/jpeg", len(data))
        big = http.post("com.atproto.repo.uploadBlob", content=data + b"x", headers=headers)
    assert big.status_code == 413
    assert big.json() == {"error": "PayloadTooLarge", "message": "request entity too large"}


def test_put_record_create_only_is_a_no_op_for_the_same_record_and_invalid_swap_otherwise(
    sb: Sandbox, http: httpx.Client
) -> None:
    session = _login(http)
    first = _put(http, session, "Hallo", swapRecord=None)
    assert first.status_code == 200 and first.json()["uri"].endswith(f"/app.bsky.feed.post/{RKEY}")
    assert first.headers["RateLimit-Policy"] == "5000;w=3600"
    same = _put(http, session, "Hallo", swapRecord=None)
    assert same.status_code == 200 and same.json()["cid"] == first.json()["cid"]
    other = _put(http, session, "Anders", swapRecord=None)
    assert other.status_code == 400
    assert other.json() == {
        "error": "InvalidSwap",
        "message": f"Record was at {first.json()['cid']}",
    }
    assert [p["text"] for p in sb.posts("bluesky")] == ["Hallo"]


def test_create_record_at_a_taken_key_is_a_bare_500_as_on_a_pds(http: httpx.Client) -> None:
    session = _login(http)
    record = {"$type": "app.bsky.feed.post", "text": "x", "createdAt": "2026-12-03T08:00:00.000Z"}
    body = {
        "repo": session["did"],
        "collection": "app.bsky.feed.post",
        "rkey": RKEY,
        "record": record,
    }
    assert (
        http.post("com.atproto.repo.createRecord", json=body, headers=_auth(session)).status_code
        == 200
    )
    again = http.post("com.atproto.repo.createRecord", json=body, headers=_auth(session))
    assert again.status_code == 500
    assert again.json() == {"error": "InternalServerError", "message": "Internal Server Error"}


def test_records_are_checked_against_the_post_lexicon(http: httpx.Client) -> None:
    session = _login(http)
    long = _put(http, session, "ä" * 301)
    assert (
        long.status_code == 400
        and "grapheme too big (maximum 300, got 301)" in long.json()["message"]
    )
    bytes_ = _put(http, session, "👨‍👩‍👧‍👦" * 121)  # 121 graphemes, 3025 bytes
    assert "string too big (maximum 3000" in bytes_.json()["message"]
    ghost = {"$type": "blob", "ref": {"$link": "bafkreighost"}, "mimeType": "image/jpeg", "size": 1}
    embed = {"$type": "app.bsky.embed.images", "images": [{"alt": "", "image": ghost}]}
    record = {"$type": "app.bsky.feed.post", "text": "x", "createdAt": "2026", "embed": embed}
    body = {
        "repo": session["did"],
        "collection": "app.bsky.feed.post",
        "rkey": RKEY,
        "record": record,
    }
    missing = http.post("com.atproto.repo.putRecord", json=body, headers=_auth(session))
    assert missing.json() == {
        "error": "BlobNotFound",
        "message": "Could not find blob: bafkreighost",
    }
    not_tid = http.post(
        "com.atproto.repo.putRecord", json={**body, "rkey": "self"}, headers=_auth(session)
    )
    assert "Invalid record key" in not_tid.json()["message"]


def test_get_record_answers_the_record_or_record_not_found(http: httpx.Client) -> None:
    session = _login(http)
    params = {"repo": session["did"], "collection": "app.bsky.feed.post", "rkey": RKEY}
    absent = http.get("com.atproto.repo.getRecord", params=params)
    assert absent.status_code == 400 and absent.json()["error"] == "RecordNotFound"
    _put(http, session, "Hallo")
    found = http.get("com.atproto.repo.getRecord", params=params).json()
    assert found["value"]["text"] == "Hallo" and found["uri"].startswith("at://did:plc:")


def test_get_posts_takes_repeated_uris_at_most_25(sb: Sandbox, http: httpx.Client) -> None:
    session = _login(http)
    uri = _put(http, session, "Hallo").json()["uri"]
    sb.set_metrics("bluesky", uri, likes=7, quotes=1)
    params = [("uris", uri), ("uris", uri.replace(RKEY, "3lbcdefghijk3"))]
    [view] = http.get("app.bsky.feed.getPosts", params=params, headers=_auth(session)).json()[
        "posts"
    ]
    assert (view["likeCount"], view["quoteCount"], view["repostCount"]) == (7, 1, 0)
    many = http.get("app.bsky.feed.getPosts", params=[("uris", uri)] * 26, headers=_auth(session))
    assert many.status_code == 400


def test_faults_answer_in_xrpc_shape(sb: Sandbox, http: httpx.Client) -> None:
    session = _login(http)
    sb.inject("bluesky", "429", method="com.atproto.repo.putRecord", retry_after=7)
    limited = _put(http, session, "x")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    assert limited.json()["error"] == "RateLimitExceeded"
    sb.inject("bluesky", "500", method="com.atproto.repo.putRecord")
    assert _put(http, session, "x").json()["error"] == "InternalServerError"
    sb.inject("bluesky", "drop_after_store", method="com.atproto.repo.putRecord")
    with pytest.raises(httpx.TransportError):
        _put(http, session, "stored")
    assert [p["text"] for p in sb.posts("bluesky")] == ["stored"]


def test_a_reply_needs_root_and_parent_strong_refs_and_a_broken_one_is_listed_so(
    sb: Sandbox, http: httpx.Client
) -> None:
    session = _login(http)
    record = {
        "$type": "app.bsky.feed.post",
        "text": "Teil 2",
        "createdAt": "2026-12-03T08:00:00.000Z",
    }
    body = {"repo": session["did"], "collection": "app.bsky.feed.post", "rkey": RKEY}
    nowhere = {"uri": f"at://{session['did']}/app.bsky.feed.post/3kzzzzzzzzzzz", "cid": "bafyrei"}
    no_cid = {**record, "reply": {"root": {"uri": nowhere["uri"]}, "parent": nowhere}}
    refused = http.post(
        "com.atproto.repo.putRecord", json={**body, "record": no_cid}, headers=_auth(session)
    )
    assert refused.status_code == 400 and refused.json()["error"] == "InvalidRequest"
    assert 'Record/reply/root must have the property "cid"' in refused.json()["message"]
    assert sb.posts("bluesky") == []
    # a reply to a post that is not there is stored, as a PDS stores it; the thread is broken
    dangling = {**record, "reply": {"root": nowhere, "parent": nowhere}}
    stored = http.post(
        "com.atproto.repo.putRecord", json={**body, "record": dangling}, headers=_auth(session)
    )
    assert stored.status_code == 200
    [post] = sb.posts("bluesky")
    assert (post["reply_to"], post["reply_valid"]) == (nowhere["uri"], False)
