"""The OK adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
from livecase import Live, fixtures, start

from smm.content.model import Image
from smm.errors import CredentialsError, MaybePostedError, NetworkError, RetryableError
from smm.networks.base import Account, Outgoing
from smm.networks.compose import Rendered
from smm.networks.http import RateLimiter, with_retries
from smm.networks.ok import OK, signature
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "tkn1.sandboxOkAccessTokenForZerno"
APP_KEY = "CBAFKEYSANDBOX"
SECRET = "0123456789ABCDEFsandboxSecret"
GID = "70000001234567"
PHOTOS = ["assets/zerno/winter-drinks-1280x720.jpg", "assets/zerno/logo.png"]
FAST = RateLimiter(1000, 1.0)  # tests that are not about pacing skip the 3/s wait
SETTINGS = {
    "group_id": GID,
    "token_env": "SMM_ZERNO_OK_TOKEN",
    "app_key_env": "SMM_ZERNO_OK_APP_KEY",
    "secret_env": "SMM_ZERNO_OK_SECRET",
}


def outgoing(
    text: str,
    images: list[str] = (),
    gid: str = GID,
    link: str | None = None,
    secrets: dict[str, str] | None = None,
) -> Outgoing:
    rendered = Rendered(
        network="ok",
        text=text,
        visible=text,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(s, None, ()) for s in images],
        hashtags=[],
        link=link,
        marking=None,
    )
    keys = {"token": TOKEN, "app_key": APP_KEY, "secret": SECRET} if secrets is None else secrets
    account = Account("ok", {**SETTINGS, "group_id": gid}, keys)
    return Outgoing(
        rendered=rendered, account=account, root=ROOT, marker="posts/zerno/2026/12/01-menu.md#ok"
    )


SANDBOX: dict[str, Any] = {
    "ok_tokens": [TOKEN],
    "ok_groups": [GID],
    "ok_app_secrets": {APP_KEY: SECRET},
    "ok_per_second": 1000,
}


def adapter(client: httpx.Client, url: str) -> OK:
    return OK(client, url, limiter=FAST)


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[OK]]:
    """The sandbox knowing the token, group and application (``options`` on top), a client
    and the adapter, neither pacing itself."""
    return start(adapter, state_dir, **{**SANDBOX, **options})


on, sb, ok = fixtures(live)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def test_signature_follows_the_documented_rule() -> None:
    # apiok.ru/en/dev/methods: secret = md5(token + app secret); sig = md5(sorted k=v + secret)
    params = {
        "method": "friends.get",
        "application_key": "KEY",
        "format": "json",
        "access_token": "tok",
        "sig": "x",
    }
    secret = hashlib.md5(b"tokSEC").hexdigest()
    expected = hashlib.md5(
        f"application_key=KEYformat=jsonmethod=friends.get{secret}".encode()
    ).hexdigest()
    assert signature(params, "tok", "SEC") == expected


def test_text_post_goes_to_the_group_as_the_group(sb: Sandbox, ok: OK) -> None:
    published = ok.publish(outgoing("Зимнее меню уже в кофейнях #зерно"))
    assert published.url == f"https://ok.ru/group/{GID}/topic/{published.id}"
    [post] = sb.posts("ok")
    assert (post["account"], post["id"], post["text"]) == (
        GID,
        published.id,
        "Зимнее меню уже в кофейнях #зерно",
    )
    assert post["type"] == "GROUP_THEME" and post["on_behalf_of_group"] is True
    assert post["media"] == [{"type": "text", "text": "Зимнее меню уже в кофейнях #зерно"}]


def test_two_photos_go_through_one_upload_and_the_link_is_a_link_item(sb: Sandbox, ok: OK) -> None:
    link = "https://zerno.example/menu?utm_source=ok"
    ok.publish(outgoing("Напитки недели", PHOTOS, link=link))
    [post] = sb.posts("ok")
    assert [i["sha256"] for i in post["images"]] == [
        hashlib.sha256((ROOT / s).read_bytes()).hexdigest() for s in PHOTOS
    ]
    assert [i["format"] for i in post["images"]] == ["JPEG", "PNG"]
    assert [m["type"] for m in post["media"]] == ["text", "photo", "link"]
    assert len(post["media"][1]["list"]) == 2 and post["links"] == [link]


def test_a_wrong_application_secret_is_an_invalid_signature(sb: Sandbox, ok: OK) -> None:
    with pytest.raises(NetworkError) as info:
        ok.publish(
            outgoing(
                "Hello", secrets={"token": TOKEN, "app_key": APP_KEY, "secret": "stolen-secret"}
            )
        )
    assert type(info.value) is NetworkError and info.value.code == 104
    assert "PARAM_SIGNATURE : Invalid signature" in str(info.value)
    assert "stolen" not in str(info.value) and sb.posts() == []


def test_the_sandbox_checks_the_signature_over_exactly_what_was_sent(
    sb: Sandbox, client: httpx.Client
) -> None:
    params = {"application_key": APP_KEY, "format": "json", "gid": GID, "count": "1"}
    good = {**params, "sig": signature(params, TOKEN, SECRET), "access_token": TOKEN}
    answer = client.post(f"{sb.url}/api/photosV2/getUploadUrl", data=good).json()
    assert (
        set(answer) == {"upload_url", "photo_ids", "expires_ms"} and len(answer["photo_ids"]) == 1
    )
    tampered = {**good, "count": "2"}  # a parameter changed after signing
    assert client.post(f"{sb.url}/api/photosV2/getUploadUrl", data=tampered).json() == {
        "error_code": 104,
        "error_msg": "PARAM_SIGNATURE : Invalid signature",
        "error_data": None,
    }
    unsigned = {k: v for k, v in good.items() if k != "sig"}
    assert (
        client.post(f"{sb.url}/api/photosV2/getUploadUrl", data=unsigned).json()["error_msg"]
        == "PARAM_SIGNATURE : No signature specified"
    )
    # the fb.do form signs `method` too
    fb = {**params, "method": "photosV2.getUploadUrl"}
    fb.update(sig=signature(fb, TOKEN, SECRET), access_token=TOKEN)
    assert "upload_url" in client.post(f"{sb.url}/fb.do", data=fb).json()


def test_a_wrong_token_or_app_key_is_refused_and_never_shown(sb: Sandbox, ok: OK) -> None:
    with pytest.raises(NetworkError) as info:
        ok.publish(
            outgoing(
                "Hello",
                secrets={"token": "tkn1.stolen-token", "app_key": APP_KEY, "secret": SECRET},
            )
        )
    assert (
        type(info.value) is NetworkError
        and info.value.code == 102
        and "stolen" not in str(info.value)
    )
    with pytest.raises(NetworkError) as info:
        ok.publish(
            outgoing("Hello", secrets={"token": TOKEN, "app_key": "OTHERAPP", "secret": SECRET})
        )
    assert type(info.value) is NetworkError and info.value.code == 101 and sb.posts() == []


def test_missing_secrets_name_their_variables(ok: OK) -> None:
    with pytest.raises(CredentialsError, match="SMM_ZERNO_OK_SECRET"):
        ok.publish(outgoing("Hello", secrets={"token": TOKEN, "app_key": APP_KEY}))
    with pytest.raises(CredentialsError, match="SMM_ZERNO_OK_TOKEN"):
        ok.publish(outgoing("Hello", secrets={}))


def test_a_group_the_token_cannot_post_in_is_permission_denied(sb: Sandbox, ok: OK) -> None:
    with pytest.raises(NetworkError) as info:
        ok.publish(outgoing("Hello", gid="5"))
    assert type(info.value) is NetworkError and info.value.code == 10 and sb.posts() == []


@pytest.mark.parametrize("code", [7, 100, 300, 601])
def test_parameter_and_permission_errors_are_not_retryable(sb: Sandbox, ok: OK, code: int) -> None:
    sb.inject("ok", "error", method="mediatopic.post", code=code)
    with pytest.raises(NetworkError) as info:
        ok.publish(outgoing("Hello"))
    assert type(info.value) is NetworkError and info.value.code == code and sb.posts() == []


def test_flood_and_service_errors_are_retryable_and_a_method_quota_waits_long(
    sb: Sandbox, ok: OK
) -> None:
    for code, wait in ((8, None), (2, None), (11, 3600.0)):
        sb.inject("ok", "error", method="mediatopic.post", code=code)
        with pytest.raises(RetryableError) as info:
            ok.publish(outgoing("Hello"))
        assert info.value.code == code and info.value.retry_after == wait
    assert sb.posts() == []


def test_too_many_calls_a_second_is_flood_blocked(client: httpx.Client) -> None:
    with Sandbox(
        ok_tokens=[TOKEN], ok_app_secrets={APP_KEY: SECRET}
    ) as strict:  # 3 calls a second per token
        ok = OK(client, strict.url, limiter=FAST)
        ok.publish(
            outgoing("one", PHOTOS[:1])
        )  # getUploadUrl, mediatopic.post (the upload is not counted)
        ok.publish(outgoing("two"))
        with pytest.raises(RetryableError) as info:
            ok.publish(outgoing("three"))  # the 4th API call within the second
        assert info.value.code == 8 and [p["text"] for p in strict.posts()] == ["one", "two"]


def test_the_adapter_paces_itself(client: httpx.Client) -> None:
    with Sandbox(ok_tokens=[TOKEN], ok_app_secrets={APP_KEY: SECRET}) as strict:
        paced = OK(client, strict.url, limiter=RateLimiter(3, 1.0))
        start = time.monotonic()
        for text in ("one", "two", "three", "four"):
            paced.publish(outgoing(text))
        assert len(strict.posts()) == 4 and time.monotonic() - start >= 1.0


def test_retry_helper_waits_and_sends_again_after_a_429_fault(sb: Sandbox, ok: OK) -> None:
    sb.inject("ok", "429", method="mediatopic.post")
    waits: list[float] = []
    published = with_retries(lambda: ok.publish(outgoing("Hello")), sleep=waits.append)
    assert waits == [1.0] and [p["id"] for p in sb.posts()] == [published.id]


def test_a_500_page_is_retryable(sb: Sandbox, ok: OK) -> None:
    sb.inject("ok", "500", method="mediatopic.post")
    with pytest.raises(RetryableError) as info:
        ok.publish(outgoing("Hello"))
    assert info.value.code == 500 and sb.posts() == []


def test_unknown_error_may_have_posted_for_mediatopic_post_but_is_retryable_for_reads(
    sb: Sandbox, ok: OK
) -> None:
    sb.inject("ok", "error", method="mediatopic.post", code=1)
    with pytest.raises(MaybePostedError):
        ok.publish(outgoing("Hello"))
    sb.inject("ok", "error", method="photosV2.getUploadUrl", code=1)
    with pytest.raises(RetryableError):
        ok.publish(outgoing("Hello", PHOTOS[:1]))


def test_slow_answer_after_storing_may_have_posted(sb: Sandbox, client: httpx.Client) -> None:
    sb.inject("ok", "slow", method="mediatopic.post", delay=1.0)
    with httpx.Client(timeout=0.3) as impatient, pytest.raises(MaybePostedError):
        OK(impatient, sb.url, limiter=FAST).publish(outgoing("Медленно"))
    assert [p["text"] for p in sb.posts()] == ["Медленно"]


def test_dropped_after_store_may_have_posted_and_reconcile_finds_it(sb: Sandbox, ok: OK) -> None:
    sb.inject("ok", "drop_after_store", method="mediatopic.post")
    with pytest.raises(MaybePostedError):
        ok.publish(outgoing("Новое меню", PHOTOS))
    [post] = sb.posts()
    found = ok.reconcile(outgoing("Новое меню", PHOTOS))
    assert (
        found is not None
        and found.id == post["id"]
        and found.url.endswith(f"/group/{GID}/topic/{post['id']}")
    )


def test_dropped_before_store_leaves_nothing_to_find(sb: Sandbox, ok: OK) -> None:
    sb.inject("ok", "drop_before_store", method="mediatopic.post")
    with pytest.raises(MaybePostedError):  # the client cannot tell it from a drop after the store
        ok.publish(outgoing("Новое меню"))
    assert sb.posts() == [] and ok.reconcile(outgoing("Новое меню")) is None


def test_a_failed_upload_is_retryable_because_nothing_is_in_the_group(sb: Sandbox, ok: OK) -> None:
    sb.inject("ok", "drop_after_store", method="upload")
    with pytest.raises(RetryableError):
        ok.publish(outgoing("Hello", PHOTOS))
    assert sb.posts() == []
    ok.publish(outgoing("Hello", PHOTOS))
    assert len(sb.posts()) == 1


def test_reconcile_matches_text_and_photo_count_newest_first(sb: Sandbox, ok: OK) -> None:
    ok.publish(outgoing("Same text"))
    newer = ok.publish(outgoing("Same text"))
    ok.publish(outgoing("Same text", PHOTOS[:1]))
    assert ok.reconcile(outgoing("Same text")).id == newer.id
    assert ok.reconcile(outgoing("Other text")) is None


def test_metrics_come_batched_from_get_by_ids(sb: Sandbox, ok: OK) -> None:
    first = ok.publish(outgoing("one"))
    second = ok.publish(outgoing("two"))
    api = next(a for a in sb._server.apis if a.network == "ok")  # type: ignore[union-attr]
    api.set_metrics(first.id, likes=12, comments=3, reshares=2, views=480)
    account = outgoing("x").account
    figures = ok.metrics(account, [first.id, second.id, "155000000999999"])
    assert figures == {
        first.id: {"likes": 12, "comments": 3, "shares": 2, "views": 480},
        second.id: {"likes": 0, "comments": 0, "shares": 0, "views": 0},
    }


def test_error_json_and_fault_answers_have_the_ok_shape(sb: Sandbox, client: httpx.Client) -> None:
    sb.inject("ok", "429", method="mediatopic.getTopics")
    params = {"application_key": APP_KEY, "format": "json", "gid": GID}
    data = {**params, "sig": signature(params, TOKEN, SECRET), "access_token": TOKEN}
    body = client.post(f"{sb.url}/api/mediatopic/getTopics", data=data).json()
    assert set(body) == {"error_code", "error_msg", "error_data"} and body["error_code"] == 8
    assert json.dumps(
        client.post(f"{sb.url}/api/mediatopic/getTopics", data=data).json()
    ).startswith('{"media_topics"')


def test_an_echoed_request_shows_no_spelling_of_the_application_key() -> None:
    """OK quoting the form body back: the key with a space arrives as 'OKAPPKEY+with+space'."""
    key = "OKAPPKEY with space"
    with live(ok_app_secrets={key: SECRET}) as on_air:
        on_air.sb.inject("ok", "echo", method="mediatopic.post")
        keys = {"token": TOKEN, "app_key": key, "secret": SECRET}
        with pytest.raises(NetworkError) as info:
            on_air.adapter.publish(outgoing("Hello", secrets=keys))
    text = str(info.value)
    assert "application_key=" in text and "format=json" in text, text
    assert "OKAPPKEY" not in text and "with+space" not in text and TOKEN not in text
