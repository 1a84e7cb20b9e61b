"""The X sandbox answers as X API v2 does: OAuth 1.0a checks, shapes, limits, refusals (raw HTTP)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from smm.networks.x_oauth import authorization, percent_encode
from smm.sandbox import Sandbox

APP, APP_SECRET = "ck", "cs"
TOKEN, TOKEN_SECRET = "42-tok", "ts"
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(x_apps={APP: APP_SECRET}, x_tokens={TOKEN: TOKEN_SECRET}) as running:
        yield running


def call(
    sb: Sandbox,
    method: str,
    path: str,
    query: dict[str, str] | None = None,
    secret: str = TOKEN_SECRET,
    **kwargs: Any,
) -> httpx.Response:
    url = sb.url + path
    if query:
        url += "?" + "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in query.items())
    header = authorization(
        method,
        url,
        (),
        consumer_key=APP,
        consumer_secret=APP_SECRET,
        token=TOKEN,
        token_secret=secret,
    )
    return httpx.request(method, url, headers={"Authorization": header}, timeout=5, **kwargs)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


def test_unsigned_badly_signed_and_replayed_requests_are_401_with_xs_body(sb: Sandbox) -> None:
    answer = httpx.post(sb.url + "/2/tweets", json={"text": "hi"})
    assert answer.status_code == 401 and answer.json() == UNAUTHORIZED
    assert call(sb, "POST", "/2/tweets", json={"text": "hi"}, secret="wrong").status_code == 401
    url = sb.url + "/2/tweets"
    header = authorization(
        "POST",
        url,
        (),
        consumer_key=APP,
        consumer_secret=APP_SECRET,
        token=TOKEN,
        token_secret=TOKEN_SECRET,
    )
    assert (
        httpx.post(url, json={"text": "one"}, headers={"Authorization": header}).status_code == 201
    )
    replay = httpx.post(url, json={"text": "two"}, headers={"Authorization": header})
    assert replay.status_code == 401  # the same nonce and timestamp again
    stale = authorization(
        "POST",
        url,
        (),
        consumer_key=APP,
        consumer_secret=APP_SECRET,
        token=TOKEN,
        token_secret=TOKEN_SECRET,
        timestamp=int(time.time()) - 3600,
    )
    assert (
        httpx.post(url, json={"text": "three"}, headers={"Authorization": stale}).status_code == 401
    )
    assert [p["text"] for p in sb.posts("x")] == ["one"]


def test_the_query_is_signed_and_a_json_body_is_not(sb: Sandbox) -> None:
    url = sb.url + "/2/users/42/tweets?max_results=5"
    header = authorization(
        "GET",
        sb.url + "/2/users/42/tweets?max_results=10",
        (),
        consumer_key=APP,
        consumer_secret=APP_SECRET,
        token=TOKEN,
        token_secret=TOKEN_SECRET,
    )
    assert httpx.get(url, headers={"Authorization": header}).status_code == 401
    assert call(sb, "GET", "/2/users/42/tweets", {"max_results": "5"}).status_code == 200


def test_upload_metadata_and_create_answer_in_v2_shapes(sb: Sandbox) -> None:
    upload = call(
        sb,
        "POST",
        "/2/media/upload",
        files={"media": ("a.jpg", jpeg())},
        data={"media_category": "tweet_image"},
    )
    assert upload.status_code == 200
    media = upload.json()["data"]
    assert media["media_key"] == f"3_{media['id']}" and media["size"] > 0
    assert media["image"] == {"image_type": "image/jpeg", "w": 64, "h": 48}
    meta = {"id": media["id"], "metadata": {"alt_text": {"text": "Ein Pass"}}}
    assert call(sb, "POST", "/2/media/metadata", json=meta).status_code == 200
    created = call(
        sb,
        "POST",
        "/2/tweets",
        json={"text": "Tom & Jerry https://example.com", "media": {"media_ids": [media["id"]]}},
    )
    assert created.status_code == 201
    data = created.json()["data"]
    assert data["edit_history_tweet_ids"] == [data["id"]]
    assert (
        data["text"].startswith("Tom &amp; Jerry https://t.co/")
        and data["text"].count("https://t.co/") == 2
    )
    [post] = sb.posts("x")
    assert post["alt_texts"] == ["Ein Pass"] and post["account"] == "42"
    assert all(
        h in created.headers
        for h in ("x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset")
    )


def test_refusals_carry_xs_messages(sb: Sandbox) -> None:
    assert call(sb, "POST", "/2/tweets", json={"text": "a"}).status_code == 201
    duplicate = call(sb, "POST", "/2/tweets", json={"text": "a"})
    assert duplicate.status_code == 403
    assert (
        duplicate.json()["detail"]
        == "You are not allowed to create a Tweet with duplicate content."
    )
    assert call(sb, "POST", "/2/tweets", json={"text": "x" * 281}).status_code == 403
    bad_media = call(sb, "POST", "/2/tweets", json={"text": "b", "media": {"media_ids": ["1"]}})
    assert bad_media.status_code == 400 and bad_media.json()["title"] == "Invalid Request"
    not_image = call(sb, "POST", "/2/media/upload", files={"media": ("a.jpg", b"not an image")})
    assert not_image.status_code == 400
    long_alt = call(
        sb,
        "POST",
        "/2/media/metadata",
        json={"id": "1", "metadata": {"alt_text": {"text": "a" * 1001}}},
    )
    assert long_alt.status_code == 400


def test_timeline_pages_and_lookup_with_errors(sb: Sandbox) -> None:
    for n in range(7):
        assert call(sb, "POST", "/2/tweets", json={"text": f"post {n}"}).status_code == 201
    page = call(
        sb, "GET", "/2/users/42/tweets", {"max_results": "5", "tweet.fields": "created_at"}
    ).json()
    assert [t["text"] for t in page["data"]] == [f"post {n}" for n in (6, 5, 4, 3, 2)]
    assert page["meta"]["result_count"] == 5 and "created_at" in page["data"][0]
    rest = call(
        sb,
        "GET",
        "/2/users/42/tweets",
        {"max_results": "5", "pagination_token": page["meta"]["next_token"]},
    ).json()
    assert [t["text"] for t in rest["data"]] == ["post 1", "post 0"] and "next_token" not in rest[
        "meta"
    ]
    assert call(sb, "GET", "/2/users/7/tweets", {"max_results": "5"}).json() == {
        "meta": {"result_count": 0}
    }
    first = page["data"][0]["id"]
    sb.set_metrics("x", first, like_count=5)
    looked = call(
        sb, "GET", "/2/tweets", {"ids": f"{first},123", "tweet.fields": "public_metrics"}
    ).json()
    assert looked["data"][0]["public_metrics"]["like_count"] == 5
    assert (
        looked["errors"][0]["title"] == "Not Found Error" and looked["errors"][0]["value"] == "123"
    )


def test_a_spent_window_answers_429_without_retry_after() -> None:
    limits = {"tweets.create": 1}
    with Sandbox(x_apps={APP: APP_SECRET}, x_tokens={TOKEN: TOKEN_SECRET}, x_limits=limits) as sb:
        first = call(sb, "POST", "/2/tweets", json={"text": "a"})
        assert first.headers["x-rate-limit-remaining"] == "0"
        second = call(sb, "POST", "/2/tweets", json={"text": "b"})
        assert second.status_code == 429 and "retry-after" not in second.headers
        assert second.json()["title"] == "Too Many Requests"
        assert int(second.headers["x-rate-limit-reset"]) > time.time()
        assert len(sb.posts("x")) == 1


def test_faults_answer_as_x_does(sb: Sandbox) -> None:
    sb.inject("x", "429", method="tweets", retry_after=30)
    answer = call(sb, "POST", "/2/tweets", json={"text": "a"})
    assert answer.status_code == 429 and answer.headers["x-rate-limit-remaining"] == "0"
    sb.inject("x", "500")
    assert call(sb, "POST", "/2/tweets", json={"text": "a"}).json()["status"] == 500
    sb.inject("x", "echo", method="tweets")
    echoed = call(sb, "POST", "/2/tweets", json={"text": "a"})
    assert echoed.status_code == 400 and "oauth_signature" in echoed.json()["detail"]
    sb.inject("x", "drop_before_store", method="tweets")
    with pytest.raises(httpx.TransportError):
        call(sb, "POST", "/2/tweets", json={"text": "dropped"})
    assert sb.posts("x") == []


def test_the_free_tier_reads_nothing() -> None:
    with Sandbox(x_tier="free") as free:
        url = free.url + "/2/users/1/tweets"
        header = authorization(
            "GET",
            url,
            (),
            consumer_key="any",
            consumer_secret="sandbox-token",
            token="t",
            token_secret="sandbox-token",
        )
        answer = httpx.get(url, headers={"Authorization": header})
        assert answer.status_code == 403 and answer.json()["reason"] == "client-not-enrolled"
