"""The Telegram adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks): the Bot API for
sending, the public channel page (t.me/s, served by the sandbox) for reconcile and metrics."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from smm.content.model import Image
from smm.errors import (
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
    UnsupportedError,
)
from smm.networks.base import Account, Outgoing, Published
from smm.networks.compose import Rendered
from smm.networks.counters import telegram_text
from smm.networks.http import RateLimiter, with_retries
from smm.networks.http import client as http_client
from smm.networks.telegram import Telegram, post_url
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:sandbox-secret-token"
ALBUM = [f"assets/zerno/new-year-carousel-{n}.jpg" for n in (1, 2, 3)]


def outgoing(
    text: str,
    images: list[str] = (),
    chat: str = "@zerno_coffee",
    token: str | None = TOKEN,
    link: str | None = None,
    claimed: datetime | None = None,
) -> Outgoing:
    visible = telegram_text(text)  # what compose.render computes for Telegram
    rendered = Rendered(
        network="telegram",
        text=text,
        visible=visible,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(s, None, ()) for s in images],
        hashtags=[],
        link=link,
        marking=None,
    )
    account = Account(
        "telegram",
        {"chat": chat, "token_env": "SMM_ZERNO_TELEGRAM_TOKEN"},
        {"token": token} if token else {},
    )
    return Outgoing(
        rendered=rendered,
        account=account,
        root=ROOT,
        marker="posts/zerno/x.md#telegram",
        claimed_at=claimed,
    )


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    # in memory, and the channel's own rate out of the way: some tests fill a channel with posts
    with Sandbox(telegram_tokens=[TOKEN], telegram_per_minute=1000) as sandbox:
        yield sandbox


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with http_client(timeout=3.0) as c:  # as smm makes them: its request log redacted
        yield c


def test_text_message_is_sent_as_html_with_the_posts_link_previewed(
    sb: Sandbox, client: httpx.Client
) -> None:
    text = '<b>Зимнее меню</b> 🎄 <a href="https://zerno.example/menu?utm_source=telegram">меню</a>'
    published = Telegram(client, sb.url).publish(
        outgoing(text, link="https://zerno.example/menu?utm_source=telegram")
    )
    assert published.url == f"https://t.me/zerno_coffee/{published.id}"
    [post] = sb.posts("telegram")
    assert (post["account"], post["id"], post["text"]) == ("@zerno_coffee", published.id, text)
    assert post["visible"] == "Зимнее меню 🎄 меню"
    # offsets in UTF-16 units: the emoji counts 2, so the link starts at 11 + 1 + 2 + 1 = 15
    assert post["entities"] == [
        {"type": "bold", "offset": 0, "length": 11},
        {
            "type": "text_link",
            "offset": 15,
            "length": 4,
            "url": "https://zerno.example/menu?utm_source=telegram",
        },
    ]
    assert post["link_preview_options"] == {
        "is_disabled": False,
        "url": "https://zerno.example/menu?utm_source=telegram",
    }


def test_private_channel_links_use_the_id_without_minus_100(
    sb: Sandbox, client: httpx.Client
) -> None:
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


def test_album_of_three_is_one_media_group_uploaded_through_attach(
    sb: Sandbox, client: httpx.Client
) -> None:
    published = Telegram(client, sb.url).publish(outgoing("Новогодняя карусель", ALBUM))
    [post] = sb.posts()
    assert post["method"] == "sendMediaGroup"
    assert [i["sha256"] for i in post["images"]] == [
        hashlib.sha256((ROOT / s).read_bytes()).hexdigest() for s in ALBUM
    ]
    assert post["visible"] == "Новогодняя карусель"
    assert published.extra["message_ids"] == post["message_ids"] and len(post["message_ids"]) == 3
    assert published.id == str(post["message_ids"][0])


def test_a_wrong_token_is_401_and_never_shown(
    sb: Sandbox, client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
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


@pytest.mark.parametrize(
    "html, detail",
    [
        ("<p>Абзац</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("Жирный <b>текст", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a<br>b", 'Unsupported start tag "br" at byte offset 1'),
    ],
)
def test_unsupported_html_is_a_400_cant_parse_entities(
    sb: Sandbox, client: httpx.Client, html: str, detail: str
) -> None:
    with pytest.raises(NetworkError) as info:
        Telegram(client, sb.url).publish(outgoing(html))
    assert type(info.value) is NetworkError and info.value.code == 400
    assert f"can't parse entities: {detail}" in str(info.value)
    assert sb.posts() == []


def test_caption_limit_is_1024_code_points_after_parsing(sb: Sandbox, client: httpx.Client) -> None:
    tg = Telegram(client, sb.url)
    fits = (
        "<b>" + "🎄" * 1024 + "</b>"
    )  # 1024 emoji: 1024 code points (2048 UTF-16 units); tags do not count
    tg.publish(outgoing(fits, ["assets/zerno/logo.png"]))
    with pytest.raises(NetworkError, match="caption is too long"):
        tg.publish(outgoing(fits + "!", ["assets/zerno/logo.png"]))
    assert len(sb.posts()) == 1


def test_flood_limit_answers_429_with_retry_after(tmp_path: Path, client: httpx.Client) -> None:
    with Sandbox(telegram_per_minute=2) as sb:
        tg = Telegram(
            client, sb.url, limiter=RateLimiter(100, 60)
        )  # no pacing: meet the server's limit
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
    published = with_retries(
        lambda: Telegram(client, sb.url).publish(outgoing("Hello")), sleep=waits.append
    )
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
    sb: Sandbox, client: httpx.Client
) -> None:
    # The server got the request and closed without storing it; the client saw exactly what it
    # sees after a store (no answer), so it must not call this retryable.
    sb.inject("telegram", "drop_before_store")
    with pytest.raises(MaybePostedError):
        Telegram(client, sb.url).publish(outgoing("Hello"))
    assert sb.posts() == []
    Telegram(client, sb.url).publish(
        outgoing("Hello")
    )  # the pooled client recovers on a new connection
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


# --- reconcile and metrics: the public channel's web page (t.me/s) --------------------------


def lost(sb: Sandbox, client: httpx.Client, out: Outgoing, method: str = "sendMessage") -> dict:
    """Send ``out`` with its answer lost (stored, then the connection reset): the stored post."""
    sb.inject("telegram", "drop_after_store", method=method)
    with pytest.raises(MaybePostedError):
        Telegram(client, sb.url).publish(out)
    return sb.posts()[-1]


def also_sent(
    sb: Sandbox, client: httpx.Client, html: str, chat: str = "@zerno_coffee", times: int = 1
) -> None:
    """Messages someone else sent to the channel (straight to the Bot API, no pacing)."""
    for _ in range(times):
        answer = client.post(
            f"{sb.url}/bot{TOKEN}/sendMessage",
            data={"chat_id": chat, "text": html, "parse_mode": "HTML"},
        )
        assert answer.status_code == 200, answer.text


RICH = (
    '<b>Зимнее меню</b> ☕❄️ — it\'s $5 &amp; <a href="https://zerno.example/menu?a=1&amp;b=2">меню</a>\n\n'
    "• латте\n• раф\n\n#зимнееменю @zerno_coffee https://zerno.example/x"
)


def test_reconcile_finds_the_post_on_the_channels_page_by_its_exact_text(
    sb: Sandbox, client: httpx.Client
) -> None:
    claimed = datetime.now(UTC)
    also_sent(sb, client, "Вчерашний пост")
    stored = lost(sb, client, outgoing(RICH, claimed=claimed))
    also_sent(sb, client, "Пост после нашего")
    found = Telegram(client, sb.url).reconcile(outgoing(RICH, claimed=claimed))
    assert found is not None and found.id == stored["id"] == "2"
    assert found.url == "https://t.me/zerno_coffee/2" and found.extra["reconciled"] is True
    # one character off, or another number of photos, is not our post
    assert (
        Telegram(client, sb.url).reconcile(outgoing(RICH.replace("латте", "лате"), claimed=claimed))
        is None
    )
    assert (
        Telegram(client, sb.url).reconcile(
            outgoing(RICH, ["assets/zerno/logo.png"], claimed=claimed)
        )
        is None
    )


def test_reconcile_finds_a_photo_and_an_album_by_their_first_message(
    sb: Sandbox, client: httpx.Client
) -> None:
    claimed = datetime.now(UTC)
    photo = lost(
        sb, client, outgoing("С фото", ["assets/zerno/logo.png"], claimed=claimed), "sendPhoto"
    )
    album = lost(sb, client, outgoing("Карусель", ALBUM, claimed=claimed), "sendMediaGroup")
    adapter = Telegram(client, sb.url)
    assert (
        adapter.reconcile(outgoing("С фото", ["assets/zerno/logo.png"], claimed=claimed)).id
        == photo["id"]
    )  # type: ignore[union-attr]
    found = adapter.reconcile(outgoing("Карусель", ALBUM, claimed=claimed))
    assert (
        found is not None
        and found.id == str(album["message_ids"][0])
        and len(album["message_ids"]) == 3
    )
    assert adapter.reconcile(outgoing("Карусель", ALBUM[:2], claimed=claimed)) is None


def test_reconcile_ignores_the_same_text_from_before_the_claim(
    sb: Sandbox, client: httpx.Client
) -> None:
    sb.config.clock_offset = -3600.0  # an hour ago: last week's identical announcement
    also_sent(sb, client, "Каждую пятницу — живая музыка")
    sb.config.clock_offset = 0.0
    claimed = datetime.now(UTC)
    adapter = Telegram(client, sb.url)
    assert adapter.reconcile(outgoing("Каждую пятницу — живая музыка", claimed=claimed)) is None
    stored = lost(sb, client, outgoing("Каждую пятницу — живая музыка", claimed=claimed))
    assert (
        adapter.reconcile(outgoing("Каждую пятницу — живая музыка", claimed=claimed)).id
        == stored["id"]
        == "2"
    )  # type: ignore[union-attr]


def test_reconcile_refuses_two_posts_with_our_text_since_the_claim(
    sb: Sandbox, client: httpx.Client
) -> None:
    claimed = datetime.now(UTC)
    lost(sb, client, outgoing("Акция дня", claimed=claimed))
    also_sent(sb, client, "Акция дня")  # a person posted it again by hand
    with pytest.raises(
        UnconfirmedError, match=r"2 posts since the claim show this text \(ids 1, 2\).*by hand"
    ):
        Telegram(client, sb.url).reconcile(outgoing("Акция дня", claimed=claimed))


def test_reconcile_reads_back_page_by_page_to_the_claim_and_no_further(
    sb: Sandbox, client: httpx.Client
) -> None:
    claimed = datetime.now(UTC)
    stored = lost(sb, client, outgoing("Наш пост", claimed=claimed))
    also_sent(sb, client, "Другой пост", times=45)  # ours is on the third page back
    assert (
        Telegram(client, sb.url).reconcile(outgoing("Наш пост", claimed=claimed)).id == stored["id"]
    )  # type: ignore[union-attr]
    also_sent(sb, client, "Ещё пост", times=5 * 20)  # now more than five pages came after it
    with pytest.raises(UnconfirmedError, match=r"more posts since the claim .* than 5 pages"):
        Telegram(client, sb.url).reconcile(outgoing("Наш пост", claimed=claimed))


def test_reconcile_without_a_public_page_stays_for_a_person(
    tmp_path: Path, client: httpx.Client
) -> None:
    with Sandbox(
        state_dir=tmp_path / "s",
        telegram_tokens=[TOKEN],
        telegram_chats=["@zerno_coffee", "-1001234567890"],
    ) as sb:
        adapter, now = Telegram(client, sb.url), datetime.now(UTC)
        lost(sb, client, outgoing("Hello", chat="-1001234567890", claimed=now))
        with pytest.raises(
            UnsupportedError, match=r"private channel \(chat -1001234567890, no @username\)"
        ):
            adapter.reconcile(outgoing("Hello", chat="-1001234567890", claimed=now))
        with pytest.raises(
            UnsupportedError, match="shows no posts"
        ):  # t.me redirects a name it has no page for
            adapter.reconcile(outgoing("Hello", chat="@nobody_here", claimed=now))


def test_a_failing_page_is_retryable_reading(sb: Sandbox, client: httpx.Client) -> None:
    claimed = datetime.now(UTC)
    stored = lost(sb, client, outgoing("Hello", claimed=claimed))
    sb.inject("t.me", "500", method="s")
    with pytest.raises(RetryableError, match="HTTP 500"):
        Telegram(client, sb.url).reconcile(outgoing("Hello", claimed=claimed))
    sb.inject("t.me", "429", method="s")
    waits: list[float] = []
    found = with_retries(
        lambda: Telegram(client, sb.url).reconcile(outgoing("Hello", claimed=claimed)),
        sleep=waits.append,
    )
    assert found is not None and found.id == stored["id"] and waits == [1.0]


def test_metrics_are_the_views_the_page_shows_rounded_ones_marked(
    sb: Sandbox, client: httpx.Client
) -> None:
    adapter = Telegram(client, sb.url)
    ids = [adapter.publish(outgoing(f"Пост {n}")).id for n in range(3)]
    also_sent(sb, client, "Чужой пост", times=30)  # the first three are a page further back
    ids.append(adapter.publish(outgoing("Пост 3")).id)
    for post_id, views in zip(ids, (987, 1234, 2_000_000, 5)):
        sb.set_metrics("telegram", post_id, views=views)
    account = outgoing("").account
    pages: list[str] = []
    client.event_hooks = {"request": [lambda request: pages.append(request.url.path)]}
    assert adapter.metrics(account, [*ids, "999"]) == {
        ids[0]: {"views": 987},
        ids[1]: {"views": 1230, "views_shown": "1.23K", "views_rounded": True},
        ids[2]: {"views": 2_000_000, "views_shown": "2M", "views_rounded": True},
        ids[3]: {"views": 5},
    }  # 999: none
    assert (
        len(pages) == 2
    )  # the newest 20, down from 999 (none there) and with 34; then the one with 1-3
    assert "rounds from 1,000 on" in adapter.notes[0]
    with pytest.raises(UnsupportedError, match="private channel"):
        adapter.metrics(outgoing("", chat="-1001234567890").account, ["1"])


# --- edits and retractions (networks/base.py Editing, Retracting) ------------------------------


def test_an_edit_changes_the_text_or_the_caption_and_the_same_text_again_is_done(
    sb: Sandbox, client: httpx.Client
) -> None:
    tg = Telegram(client, sb.url)
    text = tg.publish(outgoing("Было <b>так</b>"))
    photo = tg.publish(outgoing("Подпись", ALBUM[:1]))
    tg.edit(outgoing("Стало <b>иначе</b>"), text)
    tg.edit(outgoing("Стало <b>иначе</b>"), text)  # "message is not modified": already done
    tg.edit(outgoing("Новая подпись", ALBUM[:1]), photo)  # editMessageCaption: the photo stays
    by_id = {p["id"]: p for p in sb.posts("telegram")}
    assert by_id[text.id]["visible"] == "Стало иначе" and len(by_id[text.id]["edited"]) == 1
    assert by_id[photo.id]["visible"] == "Новая подпись" and len(by_id[photo.id]["images"]) == 1
    assert tg.live_text(outgoing("").account, text) == "Стало иначе"  # from t.me's page


def test_a_retraction_within_48_hours_deletes_and_a_second_is_no_error(
    sb: Sandbox, client: httpx.Client
) -> None:
    tg = Telegram(client, sb.url)
    live = tg.publish(outgoing("Удалим"))
    account = outgoing("").account
    tg.retract(account, live)
    tg.retract(account, live)  # "message to delete not found": gone already, done
    assert sb.posts("telegram")[0]["deleted"] is True
    assert tg.live_text(account, live) is None


def test_an_album_is_retracted_whole_with_delete_messages_and_a_second_time_deletes_nothing(
    sb: Sandbox, client: httpx.Client
) -> None:
    """Each photo of an album is a message: deleteMessages takes them all, skipping those gone."""
    tg = Telegram(client, sb.url)
    live = tg.publish(outgoing("Альбом", ALBUM))
    assert len(live.extra["message_ids"]) == 3
    account = outgoing("").account
    tg.retract(account, live)
    [album] = sb.posts("telegram")
    assert album["deleted"] is True
    assert sorted(d["message_id"] for d in album["deleted_messages"]) == live.extra["message_ids"]
    tg.retract(account, live)  # all skipped: deleteMessages answers true, nothing more goes
    assert len(sb.posts("telegram")[0]["deleted_messages"]) == 3
    assert tg.live_text(account, live) is None


def test_deleting_the_first_message_of_an_album_alone_leaves_its_other_photos(
    sb: Sandbox, client: httpx.Client
) -> None:
    """What the retraction used to do (deleteMessage of the album's id): the sandbox shows that
    the rest of the album stays, as Telegram does."""
    tg = Telegram(client, sb.url)
    live = tg.publish(outgoing("Альбом", ALBUM[:2]))
    tg.retract(outgoing("").account, Published(live.id, live.url))  # no message_ids known
    [album] = sb.posts("telegram")
    assert not album.get("deleted") and len(album["deleted_messages"]) == 1
    page = client.get(f"{sb.url}/_t.me/s/zerno_coffee").text
    assert f"zerno_coffee/{live.extra['message_ids'][1]}?single" in page


def test_a_message_older_than_48_hours_cannot_be_deleted_by_the_bot(
    tmp_path: Path, client: httpx.Client
) -> None:
    """The Bot API: "A message can only be deleted if it was sent less than 48 hours ago"."""
    with Sandbox(telegram_tokens=[TOKEN], state_dir=tmp_path, clock_offset=-49 * 3600) as then:
        live = Telegram(client, then.url).publish(outgoing("Старое"))
    with Sandbox(telegram_tokens=[TOKEN], state_dir=tmp_path) as now:  # the same channel, 49 h on
        with pytest.raises(NetworkError, match="message can't be deleted"):
            Telegram(client, now.url).retract(outgoing("").account, live)
        assert not now.posts("telegram")[0].get("deleted")


def test_a_private_channel_cannot_be_read_back(client: httpx.Client, sb: Sandbox) -> None:
    tg = Telegram(client, sb.url)
    live = tg.publish(outgoing("Закрытый канал", chat="-1001234567890"))
    with pytest.raises(UnsupportedError, match="private channel"):
        tg.live_text(outgoing("", chat="-1001234567890").account, live)
