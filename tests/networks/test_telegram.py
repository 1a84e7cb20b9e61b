"""The Telegram adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from smm.content.model import Image
from smm.errors import CredentialsError, MaybePostedError, NetworkError, RetryableError
from smm.networks.base import Account, Outgoing
from smm.networks.compose import Rendered
from smm.networks.http import RateLimiter, with_retries
from smm.networks.telegram import Telegram, post_url
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:sandbox-secret-token"
ALBUM = [f"assets/zerno/new-year-carousel-{n}.jpg" for n in (1, 2, 3)]


def outgoing(text: str, images: list[str] = (), chat: str = "@zerno_coffee", token: str | None = TOKEN,
             link: str | None = None) -> Outgoing:
    rendered = Rendered(network="telegram", text=text, visible=text, counter="utf16", limit=None,
                        limit_key="text.limit", unit="UTF-16 units", images=[Image(s, None, ()) for s in images],
                        hashtags=[], link=link, marking=None)
    account = Account("telegram", {"chat": chat, "token_env": "SMM_ZERNO_TELEGRAM_TOKEN"},
                      {"token": token} if token else {})
    return Outgoing(rendered=rendered, account=account, root=ROOT, marker="posts/zerno/x.md#telegram")


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path / "state", telegram_tokens=[TOKEN]) as sandbox:
        yield sandbox


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def test_text_message_is_sent_as_html_with_the_posts_link_previewed(sb: Sandbox, client: httpx.Client) -> None:
    text = '<b>Зимнее меню</b> 🎄 <a href="https://zerno.example/menu?utm_source=telegram">меню</a>'
    published = Telegram(client, sb.url).publish(outgoing(text, link="https://zerno.example/menu?utm_source=telegram"))
    assert published.url == f"https://t.me/zerno_coffee/{published.id}"
    [post] = sb.posts("telegram")
    assert (post["account"], post["id"], post["text"]) == ("@zerno_coffee", published.id, text)
    assert post["visible"] == "Зимнее меню 🎄 меню"
    # offsets in UTF-16 units: the emoji counts 2, so the link starts at 11 + 1 + 2 + 1 = 15
    assert post["entities"] == [{"type": "bold", "offset": 0, "length": 11},
                                {"type": "text_link", "offset": 15, "length": 4,
                                 "url": "https://zerno.example/menu?utm_source=telegram"}]
    assert post["link_preview_options"] == {"is_disabled": False, "url": "https://zerno.example/menu?utm_source=telegram"}


def test_private_channel_links_use_the_id_without_minus_100(sb: Sandbox, client: httpx.Client) -> None:
    published = Telegram(client, sb.url).publish(outgoing("Hello", chat="-1001234567890"))
    assert published.url == f"https://t.me/c/1234567890/{published.id}"
    assert post_url("-1001234567890", 5, username="zerno_coffee") == "https://t.me/zerno_coffee/5"
    assert post_url("@zerno_coffee", 7) == "https://t.me/zerno_coffee/7"


def test_one_photo_goes_with_the_text_as_caption(sb: Sandbox, client: httpx.Client) -> None:
    src = "assets/zerno/latte-cinnamon-1080x1350.jpg"
    published = Telegram(client, sb.url).publish(outgoing("<i>Латте</i> с корицей", [src]))
    [post] = sb.posts()
    assert post["method"] == "sendPhoto" and post["visible"] == "Латте с корицей"
    assert post["images"][0]["sha256"] == hashlib.sha256((ROOT / src).read_bytes()).hexdigest()
    assert (post["images"][0]["width"], post["images"][0]["height"]) == (1080, 1350)
    assert published.id == post["id"]


def test_album_of_three_is_one_media_group_uploaded_through_attach(sb: Sandbox, client: httpx.Client) -> None:
    published = Telegram(client, sb.url).publish(outgoing("Новогодняя карусель", ALBUM))
    [post] = sb.posts()
    assert post["method"] == "sendMediaGroup"
    assert [i["sha256"] for i in post["images"]] == [hashlib.sha256((ROOT / s).read_bytes()).hexdigest() for s in ALBUM]
    assert post["visible"] == "Новогодняя карусель"
    assert published.extra["message_ids"] == post["message_ids"] and len(post["message_ids"]) == 3
    assert published.id == str(post["message_ids"][0])


def test_a_wrong_token_is_401_and_never_shown(sb: Sandbox, client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    bad = "999:leaked-if-you-can-read-this"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(NetworkError) as info:
        Telegram(client, sb.url).publish(outgoing("Hello", token=bad))
    assert not isinstance(info.value, (RetryableError, MaybePostedError))
    assert info.value.code == 401 and "Unauthorized" in str(info.value)
    assert "leaked" not in str(info.value) and "leaked" not in caplog.text
    assert "/bot***/sendMessage" in caplog.text  # httpx's own request log, redacted
    assert sb.posts() == []


def test_a_missing_token_names_the_variable_not_a_value(sb: Sandbox, client: httpx.Client) -> None:
    with pytest.raises(CredentialsError, match="SMM_ZERNO_TELEGRAM_TOKEN"):
        Telegram(client, sb.url).publish(outgoing("Hello", token=None))


@pytest.mark.parametrize("html, detail", [
    ("<p>Абзац</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("Жирный <b>текст", 'Can\'t find end tag corresponding to start tag "b"'),
    ("a<br>b", 'Unsupported start tag "br" at byte offset 1'),
])
def test_unsupported_html_is_a_400_cant_parse_entities(sb: Sandbox, client: httpx.Client, html: str, detail: str) -> None:
    with pytest.raises(NetworkError) as info:
        Telegram(client, sb.url).publish(outgoing(html))
    assert type(info.value) is NetworkError and info.value.code == 400
    assert f"can't parse entities: {detail}" in str(info.value)
    assert sb.posts() == []


def test_caption_limit_is_1024_utf16_units_after_parsing(sb: Sandbox, client: httpx.Client) -> None:
    tg = Telegram(client, sb.url)
    fits = "<b>" + "🎄" * 512 + "</b>"  # 512 emoji = 1024 UTF-16 units; the tags do not count
    tg.publish(outgoing(fits, ["assets/zerno/logo.png"]))
    with pytest.raises(NetworkError, match="caption is too long"):
        tg.publish(outgoing(fits + "!", ["assets/zerno/logo.png"]))
    assert len(sb.posts()) == 1


def test_flood_limit_answers_429_with_retry_after(tmp_path: Path, client: httpx.Client) -> None:
    with Sandbox(telegram_per_minute=2) as sb:
        tg = Telegram(client, sb.url, limiter=RateLimiter(100, 60))  # no pacing: meet the server's limit
        tg.publish(outgoing("one"))
        tg.publish(outgoing("two"))
        with pytest.raises(RetryableError) as info:
            tg.publish(outgoing("three"))
        assert info.value.code == 429 and 55 <= info.value.retry_after <= 60
        assert [p["visible"] for p in sb.posts()] == ["one", "two"]


def test_the_adapter_paces_itself_under_the_chat_limit(client: httpx.Client) -> None:
    with Sandbox(telegram_per_minute=2, telegram_window=0.4) as sb:
        tg = Telegram(client, sb.url, limiter=RateLimiter(2, 0.4))
        for n in range(4):
            tg.publish(outgoing(f"post {n}"))  # the third and fourth wait instead of meeting 429
        assert len(sb.posts()) == 4


def test_retry_helper_honours_retry_after(sb: Sandbox, client: httpx.Client) -> None:
    sb.inject("telegram", "429", method="sendMessage", retry_after=2)
    waits: list[float] = []
    published = with_retries(lambda: Telegram(client, sb.url).publish(outgoing("Hello")), sleep=waits.append)
    assert waits == [2.0] and [p["id"] for p in sb.posts()] == [published.id]


def test_500_is_retryable_and_nothing_is_stored(sb: Sandbox, client: httpx.Client) -> None:
    sb.inject("telegram", "500")
    with pytest.raises(RetryableError) as info:
        Telegram(client, sb.url).publish(outgoing("Hello"))
    assert info.value.code == 500 and sb.posts() == []


def test_connection_dropped_after_store_may_have_posted(sb: Sandbox, client: httpx.Client) -> None:
    sb.inject("telegram", "drop_after_store", method="sendPhoto")
    with pytest.raises(MaybePostedError):
        Telegram(client, sb.url).publish(outgoing("Hello", ["assets/zerno/logo.png"]))
    assert [p["visible"] for p in sb.posts()] == ["Hello"]


def test_connection_dropped_before_store_is_indistinguishable_so_never_retried_blindly(
        sb: Sandbox, client: httpx.Client) -> None:
    # The server got the request and closed without storing it; the client saw exactly what it
    # sees after a store (no answer), so it must not call this retryable.
    sb.inject("telegram", "drop_before_store")
    with pytest.raises(MaybePostedError):
        Telegram(client, sb.url).publish(outgoing("Hello"))
    assert sb.posts() == []
    Telegram(client, sb.url).publish(outgoing("Hello"))  # the pooled client recovers on a new connection
    assert len(sb.posts()) == 1


def test_a_slow_answer_past_the_timeout_may_have_posted(sb: Sandbox) -> None:
    sb.inject("telegram", "slow", delay=1.0)
    with httpx.Client(timeout=0.3) as impatient, pytest.raises(MaybePostedError) as info:
        Telegram(impatient, sb.url).publish(outgoing("Hello"))
    assert TOKEN not in str(info.value)
    assert len(sb.posts()) == 1


def test_refused_connection_is_retryable_and_the_token_stays_out(client: httpx.Client) -> None:
    with Sandbox() as gone:
        url = gone.url
    with pytest.raises(RetryableError) as info:
        Telegram(client, url).publish(outgoing("Hello"))
    assert "cannot connect" in str(info.value) and TOKEN not in str(info.value)


def test_reconcile_is_impossible_through_the_bot_api(sb: Sandbox, client: httpx.Client) -> None:
    with pytest.raises(NotImplementedError, match="cannot list a channel's history"):
        Telegram(client, sb.url).reconcile(outgoing("Hello"))
