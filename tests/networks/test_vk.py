"""The VK adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import hashlib
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
from smm.networks.vk import VK
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "vk1.a.sandbox-user-token"
OWNER = -218000001
PHOTOS = ["assets/zerno/winter-drinks-1280x720.jpg", "assets/zerno/logo.png"]
FAST = RateLimiter(1000, 1.0)  # tests that are not about pacing skip the 3/s wait


def outgoing(
    text: str,
    images: list[str] = (),
    owner: int = OWNER,
    token: str | None = TOKEN,
    marker: str = "posts/zerno/2026/12/01-menu.md#vk",
) -> Outgoing:
    rendered = Rendered(
        network="vk",
        text=text,
        visible=text,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(s, None, ()) for s in images],
        hashtags=[],
        link=None,
        marking=None,
    )
    account = Account(
        "vk",
        {"owner_id": owner, "token_env": "SMM_ZERNO_VK_TOKEN"},
        {"token": token} if token else {},
    )
    return Outgoing(rendered=rendered, account=account, root=ROOT, marker=marker)


SANDBOX: dict[str, Any] = {
    "vk_tokens": [TOKEN],
    "vk_owners": [OWNER],
    # a high rate limit here: the tests about the 3/s limit start a sandbox with the real one
    "vk_per_second": 1000,
}


def adapter(client: httpx.Client, url: str) -> VK:
    return VK(client, url, limiter=FAST)


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[VK]]:
    """The sandbox knowing the token and the community (``options`` on top), a client and
    the adapter, neither pacing itself."""
    return start(adapter, state_dir, **{**SANDBOX, **options})


on, sb, vk = fixtures(live)


@pytest.fixture
def strict() -> Iterator[Sandbox]:
    with Sandbox(vk_tokens=[TOKEN], vk_owners=[OWNER]) as sandbox:  # 3 requests a second per token
        yield sandbox


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def test_text_post_goes_on_the_community_wall_with_our_guid(sb: Sandbox, vk: VK) -> None:
    published = vk.publish(outgoing("Зимнее меню уже в кофейнях #зерно"))
    assert published.url == f"https://vk.com/wall{OWNER}_{published.id}"
    [post] = sb.posts("vk")
    assert (post["account"], post["id"], post["text"]) == (
        str(OWNER),
        published.id,
        "Зимнее меню уже в кофейнях #зерно",
    )
    assert post["from_id"] == OWNER  # from_group=1: the community posts, not the token's user
    assert post["guid"] == "posts/zerno/2026/12/01-menu.md#vk"


def test_two_photos_go_through_the_three_step_upload(sb: Sandbox, vk: VK) -> None:
    published = vk.publish(outgoing("Напитки недели", PHOTOS))
    [post] = sb.posts("vk")
    assert (
        post["attachments"]
        == published.extra["attachments"]
        == [f"photo{OWNER}_1", f"photo{OWNER}_2"]
    )
    assert [i["sha256"] for i in post["images"]] == [
        hashlib.sha256((ROOT / s).read_bytes()).hexdigest() for s in PHOTOS
    ]
    assert [i["format"] for i in post["images"]] == ["JPEG", "PNG"]


def test_a_wrong_token_is_error_5_and_never_shown(sb: Sandbox, vk: VK) -> None:
    with pytest.raises(NetworkError) as info:
        vk.publish(outgoing("Hello", token="vk1.a.stolen-token"))
    assert type(info.value) is NetworkError and info.value.code == 5
    assert "stolen" not in str(info.value) and sb.posts() == []


def test_a_missing_token_names_the_variable(vk: VK) -> None:
    with pytest.raises(CredentialsError, match="SMM_ZERNO_VK_TOKEN"):
        vk.publish(outgoing("Hello", token=None))


def test_a_wall_the_token_cannot_post_on_is_214(sb: Sandbox, vk: VK) -> None:
    with pytest.raises(NetworkError) as info:
        vk.publish(outgoing("Hello", owner=-5))
    assert type(info.value) is NetworkError and info.value.code == 214 and sb.posts() == []


def test_the_51st_post_of_a_day_on_a_wall_is_214_with_vks_message(
    sb: Sandbox, vk: VK, client: httpx.Client
) -> None:
    for n in range(50):
        vk.publish(outgoing(f"Пост номер {n}", marker=f"posts/zerno/2026/12/01-n{n}.md#vk"))
    with pytest.raises(NetworkError) as info:
        vk.publish(outgoing("Пятьдесят первый", marker="posts/zerno/2026/12/01-n50.md#vk"))
    assert type(info.value) is NetworkError and info.value.code == 214  # a failure, never a retry
    assert (
        str(info.value)
        == "vk: wall.post: Access to adding post denied: you can only add 50 posts a day (code 214)"
    )
    assert len(sb.posts("vk")) == 50
    sb.config.clock_offset = (
        24 * 3600
    )  # a day later in the sandbox's clock the wall takes posts again
    assert (
        vk.publish(outgoing("Пятьдесят первый", marker="posts/zerno/2026/12/01-n50.md#vk")).id
        == "51"
    )


@pytest.mark.parametrize("code", [14, 219])
def test_captcha_and_ad_limit_are_not_retryable(sb: Sandbox, vk: VK, code: int) -> None:
    sb.inject("vk", "error", method="wall.post", code=code)
    with pytest.raises(NetworkError) as info:
        vk.publish(outgoing("Hello"))
    assert type(info.value) is NetworkError and info.value.code == code and sb.posts() == []


def test_too_many_requests_per_second_is_error_6_retryable(
    strict: Sandbox, client: httpx.Client
) -> None:
    sb, vk = strict, VK(client, strict.url, limiter=FAST)
    vk.publish(
        outgoing("one", PHOTOS[:1], marker="one")
    )  # getWallUploadServer, saveWallPhoto, wall.post
    with pytest.raises(RetryableError) as info:
        vk.publish(outgoing("two", marker="two"))  # the 4th request within the second
    assert info.value.code == 6 and info.value.retry_after == 1.0
    assert [p["text"] for p in sb.posts()] == ["one"]


def test_the_adapter_paces_itself_at_three_requests_a_second(
    strict: Sandbox, client: httpx.Client
) -> None:
    sb, paced = strict, VK(client, strict.url, limiter=RateLimiter(3, 1.0))
    start = time.monotonic()
    paced.publish(
        outgoing("one", PHOTOS, marker="one")
    )  # 4 API calls: the 4th waits for the window
    paced.publish(outgoing("two", marker="two"))
    assert len(sb.posts()) == 2 and time.monotonic() - start >= 1.0


def test_retry_helper_waits_and_sends_again_after_error_6(sb: Sandbox, vk: VK) -> None:
    sb.inject("vk", "429", method="wall.post")
    waits: list[float] = []
    published = with_retries(lambda: vk.publish(outgoing("Hello")), sleep=waits.append)
    assert waits == [1.0] and [p["id"] for p in sb.posts()] == [published.id]


def test_a_500_page_is_retryable(sb: Sandbox, vk: VK) -> None:
    sb.inject("vk", "500", method="wall.post")
    with pytest.raises(RetryableError) as info:
        vk.publish(outgoing("Hello"))
    assert info.value.code == 500 and sb.posts() == []


def test_internal_error_is_maybe_posted_for_wall_post_but_retryable_for_reads(
    sb: Sandbox, vk: VK
) -> None:
    sb.inject("vk", "error", method="wall.post", code=10)
    with pytest.raises(MaybePostedError):
        vk.publish(outgoing("Hello"))
    sb.inject("vk", "error", method="photos.getWallUploadServer", code=10)
    with pytest.raises(RetryableError):
        vk.publish(outgoing("Hello", PHOTOS[:1]))


def test_dropped_after_store_may_have_posted_and_reconcile_finds_it(sb: Sandbox, vk: VK) -> None:
    sb.inject("vk", "drop_after_store", method="wall.post")
    with pytest.raises(MaybePostedError):
        vk.publish(outgoing("Новое меню", PHOTOS))
    [post] = sb.posts()
    found = vk.reconcile(outgoing("Новое меню", PHOTOS))
    assert (
        found is not None and found.id == post["id"] and found.url.endswith(f"{OWNER}_{post['id']}")
    )


def test_dropped_before_store_leaves_nothing_and_a_resend_is_deduped_by_guid(
    sb: Sandbox, vk: VK
) -> None:
    sb.inject("vk", "drop_before_store", method="wall.post")
    with pytest.raises(MaybePostedError):  # the client cannot tell it from a drop after the store
        vk.publish(outgoing("Новое меню"))
    assert sb.posts() == [] and vk.reconcile(outgoing("Новое меню")) is None
    first = vk.publish(outgoing("Новое меню"))
    again = vk.publish(outgoing("Новое меню"))  # the same marker: VK answers with the first post
    assert first.id == again.id and len(sb.posts()) == 1


def test_a_failed_upload_is_retryable_because_nothing_is_on_the_wall(sb: Sandbox, vk: VK) -> None:
    sb.inject("vk", "drop_after_store", method="upload")
    with pytest.raises(RetryableError):
        vk.publish(outgoing("Hello", PHOTOS))
    assert sb.posts() == []
    vk.publish(outgoing("Hello", PHOTOS))
    assert len(sb.posts()) == 1


def test_reconcile_matches_text_and_photo_count_newest_first(sb: Sandbox, vk: VK) -> None:
    vk.publish(outgoing("Same text", marker="a"))
    newer = vk.publish(outgoing("Same text", marker="b"))
    vk.publish(outgoing("Same text", PHOTOS[:1], marker="c"))
    assert vk.reconcile(outgoing("Same text")).id == newer.id
    assert vk.reconcile(outgoing("Other text")) is None


# --- edits and retractions (networks/base.py Editing, Retracting) ------------------------------


def test_an_edit_sends_the_message_and_every_attachment_again_and_keeps_the_id(
    sb: Sandbox, vk: VK
) -> None:
    live = vk.publish(outgoing("Старый текст", PHOTOS))
    vk.edit(outgoing("Новый текст", PHOTOS[:1]), live)
    (post,) = sb.posts("vk")
    assert post["id"] == live.id and post["text"] == "Новый текст"
    assert len(post["attachments"]) == 1 and len(post["edited"]) == 1  # wall.edit replaces both
    assert vk.live_text(outgoing("").account, live) == "Новый текст"


def test_a_retraction_deletes_once_and_again_is_no_error(sb: Sandbox, vk: VK) -> None:
    live = vk.publish(outgoing("Пост на удаление"))
    account = outgoing("").account
    vk.retract(account, live)
    vk.retract(account, live)  # a retry after a crash: the post is gone, which is what was asked
    assert [p.get("deleted") for p in sb.posts("vk")] == [True]
    assert vk.live_text(account, live) is None
    with pytest.raises(NetworkError, match="no such post"):  # nothing to edit any more
        vk.edit(outgoing("Поздно"), live)
