"""The Mastodon sandbox answers as an instance does (sources in sandbox/mastodon.py's docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest

from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
JPEG = (ROOT / "assets/zerno/winter-drinks-1280x720.jpg").read_bytes()
AUTH = {"Authorization": "Bearer token-a"}
REPLY_NOT_FOUND = "The post you are trying to reply to does not appear to exist."


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(mastodon_tokens=["token-a", "token-b"], mastodon_max_characters=100) as sandbox:
        yield sandbox


@pytest.fixture
def http(sb: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sb.url, timeout=3.0) as client:
        yield client


def test_the_instance_states_its_configuration(http: httpx.Client) -> None:
    config = http.get("/api/v2/instance").json()["configuration"]
    assert config["statuses"] == {
        "max_characters": 100,
        "max_media_attachments": 4,
        "characters_reserved_per_url": 23,
    }
    assert config["media_attachments"]["description_limit"] == 1500


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}])
def test_a_missing_or_wrong_token_is_401_with_doorkeepers_message(
    http: httpx.Client, headers: dict[str, str]
) -> None:
    answer = http.post("/api/v1/statuses", data={"status": "hi"}, headers=headers)
    assert (answer.status_code, answer.json()) == (401, {"error": "The access token is invalid"})


def test_validation_errors_have_mastodons_body(http: httpx.Client) -> None:
    def post(**form: str) -> tuple[int, object]:
        answer = http.post("/api/v1/statuses", data=form, headers=AUTH)
        return answer.status_code, answer.json()

    over = {"error": "Validation failed: Text character limit of 100 exceeded"}
    assert post(status="x" * 101) == (422, over)
    assert post(status="x" * 60, spoiler_text="y" * 41) == (422, over)  # counted together
    url = "https://example.com/" + "a" * 200  # a URL counts 23
    assert post(status=f"{'x' * 76} {url}")[0] == 200
    assert post(status=f"{'x' * 76} {url}.") == (422, over)  # the full stop is no part of it
    assert post(status=f"{'x' * 76} https://zerno.example/menu")[0] == 422  # no link: 26 in full
    assert post(status="  ") == (422, {"error": "Validation failed: Text can't be blank"})
    assert post(status="hi", in_reply_to_id="42") == (404, {"error": REPLY_NOT_FOUND})


def test_an_image_of_exactly_image_size_limit_bytes_is_refused() -> None:
    # Paperclip's validates_attachment_size less_than: the limit itself is one byte too many
    for limit, code in ((len(JPEG), 422), (len(JPEG) + 1, 200)):
        with (
            Sandbox(mastodon_tokens=["token-a"], mastodon_image_size_limit=limit) as sb,
            httpx.Client(base_url=sb.url, timeout=3.0) as http,
        ):
            up = http.post("/api/v2/media", files={"file": ("a.jpg", JPEG)}, headers=AUTH)
        assert up.status_code == code, up.text
        if code == 422:
            assert up.json()["error"].startswith(
                "Validation failed: File file size must be less than"
            )


def test_a_reply_to_a_missing_or_deleted_status_is_set_threads_404(http: httpx.Client) -> None:
    """StatusesController#set_thread (a before_action, so ahead of validation and of the
    Idempotency-Key) answers statuses.errors.in_reply_not_found for a parent that is not there,
    deleted ones included (Status's default scope keeps only undeleted statuses)."""

    def post(key: str, **form: str) -> tuple[int, object]:
        headers = {**AUTH, "Idempotency-Key": key}
        answer = http.post("/api/v1/statuses", data=form, headers=headers)
        return answer.status_code, answer.json()

    parent = http.post("/api/v1/statuses", data={"status": "first"}, headers=AUTH).json()["id"]
    assert post("k1", status="second", in_reply_to_id=parent)[0] == 200
    assert post("k2", status="x" * 101, in_reply_to_id="42") == (404, {"error": REPLY_NOT_FOUND})
    assert http.delete(f"/api/v1/statuses/{parent}", headers=AUTH).status_code == 200
    gone = (404, {"error": REPLY_NOT_FOUND})
    assert post("k3", status="third", in_reply_to_id=parent) == gone
    assert post("k1", status="second", in_reply_to_id=parent) == gone  # before the key's answer


def test_media_is_202_then_206_until_processed_and_a_status_waits_for_it() -> None:
    with (
        Sandbox(mastodon_processing=60.0) as sb,
        httpx.Client(base_url=sb.url, timeout=3.0) as http,
    ):
        up = http.post(
            "/api/v2/media",
            files={"file": ("a.jpg", JPEG)},
            data={"description": "alt"},
            headers=AUTH,
        )
        assert up.status_code == 202 and up.json()["url"] is None
        media_id = up.json()["id"]
        assert http.get(f"/api/v1/media/{media_id}", headers=AUTH).status_code == 206
        early = http.post(
            "/api/v1/statuses", data={"status": "x", "media_ids[]": [media_id]}, headers=AUTH
        )
        assert early.status_code == 422 and "not finished processing" in early.json()["error"]
        sb.advance_clock(60.0)  # as if the minute had passed, without waiting
        done = http.get(f"/api/v1/media/{media_id}", headers=AUTH)
        assert done.status_code == 200 and done.json()["url"]
        status = http.post(
            "/api/v1/statuses", data={"status": "x", "media_ids[]": [media_id]}, headers=AUTH
        ).json()
        assert [m["description"] for m in status["media_attachments"]] == ["alt"]


def test_uploads_that_are_not_images_or_too_long_an_alt_are_refused(http: httpx.Client) -> None:
    bad = http.post("/api/v2/media", files={"file": ("a.jpg", b"not a picture")}, headers=AUTH)
    assert bad.json() == {"error": "File type of uploaded media could not be verified"}
    long = http.post(
        "/api/v2/media",
        files={"file": ("a.jpg", JPEG)},
        data={"description": "a" * 1501},
        headers=AUTH,
    )
    assert long.status_code == 422 and "maximum is 1500 characters" in long.json()["error"]


def test_many_media_ids_are_joined_in_order_and_a_fifth_is_refused(http: httpx.Client) -> None:
    ids = [
        http.post("/api/v2/media", files={"file": ("a.jpg", JPEG)}, headers=AUTH).json()["id"]
        for _ in range(5)
    ]
    five = http.post("/api/v1/statuses", data={"media_ids[]": ids}, headers=AUTH)
    assert five.json() == {"error": "Cannot attach more than 4 files"}
    four = http.post("/api/v1/statuses", data={"media_ids[]": ids[3::-1]}, headers=AUTH).json()
    assert [m["id"] for m in four["media_attachments"]] == ids[3::-1]


def test_an_idempotency_key_is_per_account_and_lasts_an_hour(
    sb: Sandbox, http: httpx.Client
) -> None:
    def post(token: str, text: str) -> str:
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "smm-1"}
        answer = http.post("/api/v1/statuses", data={"status": text}, headers=headers)
        return str(answer.json()["id"])

    first = post("token-a", "eins")
    assert post("token-a", "anders") == first  # the status made the first time
    assert len(sb.posts("mastodon")) == 1
    other = post("token-b", "eins")  # another account: its own key space
    sb.config.clock_offset += 3601
    assert len({first, other, post("token-a", "eins")}) == 3


def test_account_statuses_are_newest_first_and_paged_by_max_id(http: httpx.Client) -> None:
    ids = [
        http.post("/api/v1/statuses", data={"status": f"s{n}"}, headers=AUTH).json()["id"]
        for n in range(5)
    ]
    me = http.get("/api/v1/accounts/verify_credentials", headers=AUTH).json()["id"]
    page = http.get(f"/api/v1/accounts/{me}/statuses", params={"limit": 2}, headers=AUTH).json()
    assert [s["id"] for s in page] == ids[:2:-1][:2]
    rest = http.get(
        f"/api/v1/accounts/{me}/statuses", params={"max_id": page[-1]["id"]}, headers=AUTH
    ).json()
    assert [s["id"] for s in rest] == ids[2::-1]
    assert rest[0]["content"] == "<p>s2</p>"


def test_rate_limit_headers_count_down_and_429_names_the_reset() -> None:
    with (
        Sandbox(mastodon_api_limit=2) as sb,
        httpx.Client(base_url=sb.url, timeout=3.0) as http,
    ):
        first = http.get("/api/v1/accounts/verify_credentials", headers=AUTH)
        assert first.headers["X-RateLimit-Limit"] == "2"
        assert first.headers["X-RateLimit-Remaining"] == "1"
        http.get("/api/v1/accounts/verify_credentials", headers=AUTH)
        refused = http.get("/api/v1/accounts/verify_credentials", headers=AUTH)
        assert (refused.status_code, refused.json()) == (429, {"error": "Too many requests"})
        reset = datetime.fromisoformat(refused.headers["X-RateLimit-Reset"].replace("Z", "+00:00"))
        wait = (reset - parsedate_to_datetime(refused.headers["Date"])).total_seconds()
        assert 0 < wait <= 301 and reset.timestamp() % 300 == 0  # windows aligned to the epoch


@pytest.mark.parametrize("offset", [0.0, 30 * 86400.0, -400 * 86400.0])
def test_the_reset_is_told_in_the_clock_of_the_date_header(offset: float) -> None:
    """A sandbox whose clock is set elsewhere (a test's NOW) counts its windows, and an injected
    429 its ``retry_after``, on that clock: Reset minus Date is the real wait."""

    def wait(answer: httpx.Response) -> float:
        reset = datetime.fromisoformat(answer.headers["X-RateLimit-Reset"].replace("Z", "+00:00"))
        return (reset - parsedate_to_datetime(answer.headers["Date"])).total_seconds()

    with (
        Sandbox(mastodon_api_limit=1, clock_offset=offset) as sb,
        httpx.Client(base_url=sb.url, timeout=3.0) as http,
    ):
        sb.inject("mastodon", "429", retry_after=7)
        injected = http.get("/api/v1/accounts/verify_credentials", headers=AUTH)
        assert injected.status_code == 429 and 7 <= wait(injected) < 8
        http.get("/api/v1/accounts/verify_credentials", headers=AUTH)
        refused = http.get("/api/v1/accounts/verify_credentials", headers=AUTH)
        assert refused.status_code == 429 and 0 < wait(refused) <= 301


def test_media_uploads_have_their_own_window_per_account() -> None:
    with (
        Sandbox(mastodon_media_limit=1) as sb,
        httpx.Client(base_url=sb.url, timeout=3.0) as http,
    ):
        assert (
            http.post("/api/v2/media", files={"file": ("a", JPEG)}, headers=AUTH).status_code == 200
        )
        again = http.post("/api/v2/media", files={"file": ("a", JPEG)}, headers=AUTH)
        assert again.status_code == 429 and again.headers["X-RateLimit-Limit"] == "1"
        # statuses are not uploads: the account still posts
        assert http.post("/api/v1/statuses", data={"status": "x"}, headers=AUTH).status_code == 200


def test_faults_answer_as_mastodon_and_drop_after_store_keeps_the_status(
    sb: Sandbox, http: httpx.Client
) -> None:
    sb.inject("mastodon", "429")
    refused = http.post("/api/v1/statuses", data={"status": "x"}, headers=AUTH)
    assert refused.status_code == 429 and refused.headers["X-RateLimit-Remaining"] == "0"
    sb.inject("mastodon", "500")
    assert http.post("/api/v1/statuses", data={"status": "x"}, headers=AUTH).status_code == 500
    sb.inject("mastodon", "error", code=422, message="Validation failed: nope")
    assert http.post("/api/v1/statuses", data={"status": "x"}, headers=AUTH).json() == {
        "error": "Validation failed: nope"
    }
    assert sb.posts("mastodon") == []
    sb.inject("mastodon", "drop_after_store", method="statuses.create")
    with pytest.raises(httpx.TransportError):
        http.post("/api/v1/statuses", data={"status": "kept"}, headers=AUTH)
    assert [p["text"] for p in sb.posts("mastodon")] == ["kept"]


def test_a_reset_forgets_statuses_media_and_keys(sb: Sandbox, http: httpx.Client) -> None:
    headers = AUTH | {"Idempotency-Key": "k"}
    first = http.post("/api/v1/statuses", data={"status": "a"}, headers=headers).json()["id"]
    assert http.post("/_sandbox/reset").status_code == 200
    assert http.post("/api/v2/media", files={"file": ("a", JPEG)}, headers=AUTH).status_code == 200
    again = http.post("/api/v1/statuses", data={"status": "a"}, headers=headers).json()["id"]
    assert len(sb.posts("mastodon")) == 1 and sb.posts("mastodon")[0]["id"] == again
    assert first  # ids restart after a reset, as every network's counters do


def test_an_alt_text_counts_code_points_as_mastodon_and_lint_count_it(http: httpx.Client) -> None:
    """MediaAttachment validates description with Rails' length validator: Ruby's String#length,
    one per code point (mastodon/mastodon app/models/media_attachment.rb), as lint counts it
    (lint/checks_media.py): 750 flags are 750 graphemes but 1,500 code points, and 751 too many."""
    flags = "🇩🇪" * 751
    long = http.post(
        "/api/v2/media", files={"file": ("a.jpg", JPEG)}, data={"description": flags}, headers=AUTH
    )
    assert long.status_code == 422 and "maximum is 1500 characters" in long.json()["error"]
    fits = http.post(
        "/api/v2/media",
        files={"file": ("a.jpg", JPEG)},
        data={"description": flags[:-2]},
        headers=AUTH,
    )
    assert fits.status_code in (200, 202)
