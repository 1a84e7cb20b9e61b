"""The sandbox's copy of t.me/s (sandbox/tme.py): the markup t.me serves, paging, views as t.me
shows them, no page for a private channel or an unknown name, faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from smm.networks.tme import parse
from smm.sandbox import Sandbox
from smm.sandbox.tme import shown

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "1:good"


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(telegram_tokens=[TOKEN], telegram_per_minute=1000) as sandbox:
        yield sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def send(
    sb: Sandbox, http: httpx.Client, html: str, chat: str = "@zerno", photos: list[str] = ()
) -> dict:
    data = {"chat_id": chat, "parse_mode": "HTML"}
    if not photos:
        answer = http.post(f"{sb.url}/bot{TOKEN}/sendMessage", data={**data, "text": html})
    elif len(photos) == 1:
        answer = http.post(
            f"{sb.url}/bot{TOKEN}/sendPhoto",
            data={**data, "caption": html},
            files={"photo": ("p.png", (ROOT / photos[0]).read_bytes())},
        )
    else:
        media = [{"type": "photo", "media": f"attach://p{i}"} for i in range(len(photos))]
        media[0].update(caption=html, parse_mode="HTML")
        answer = http.post(
            f"{sb.url}/bot{TOKEN}/sendMediaGroup",
            data={"chat_id": chat, "media": json.dumps(media)},
            files={f"p{i}": ("p.jpg", (ROOT / p).read_bytes()) for i, p in enumerate(photos)},
        )
    assert answer.status_code == 200, answer.text
    return answer.json()["result"]


def test_a_post_is_written_as_t_me_writes_it(sb: Sandbox, http: httpx.Client) -> None:
    send(
        sb,
        http,
        '<b>Меню</b> ☕ it\'s $5 &amp; <a href="https://zerno.example/m">меню</a>\n#кофе @zerno_coffee',
    )
    page = http.get(f"{sb.url}/_t.me/s/zerno")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<section class="tgme_channel_history js-message_history">' in html
    assert (
        'class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="zerno/1"'
        in html
    )
    assert (
        '<div class="tgme_widget_message_text js-message_text" dir="auto"><b>Меню</b> <i class="emoji" style="'
        "background-image:url('//telegram.org/img/emoji/40/E29895.png')\"><b>☕</b></i> it&#39;s &#036;5 &amp; "
        '<a href="https://zerno.example/m" target="_blank" rel="noopener" onclick="return confirm(\'Open this link?'
        '\\n\\n\'+this.href);">меню</a><br/><a href="?q=%23%D0%BA%D0%BE%D1%84%D0%B5">#кофе</a> '
        '<a href="https://t.me/zerno_coffee" target="_blank">@zerno_coffee</a></div>'
    ) in html
    assert (
        '<span class="tgme_widget_message_views">0</span><span class="copyonly"> views</span>'
        in html
    )
    [post] = parse(html).posts
    assert post.text == sb.posts("telegram")[0]["visible"]  # what a reader sees, read back exactly
    assert post.date == datetime.fromtimestamp(sb.posts("telegram")[0]["date"], UTC)


def test_photos_and_albums_and_views(sb: Sandbox, http: httpx.Client) -> None:
    send(sb, http, "Одно фото", photos=["assets/zerno/logo.png"])
    album = send(
        sb, http, "Карусель", photos=[f"assets/zerno/new-year-carousel-{n}.jpg" for n in (1, 2, 3)]
    )
    sb.set_metrics("telegram", 1, views=27_450)
    html = http.get(f"{sb.url}/_t.me/s/zerno").text
    assert html.count('class="tgme_widget_message_photo_wrap') == 4
    for message in album:
        assert f'href="https://t.me/zerno/{message["message_id"]}?single"' in html
    photo, carousel = parse(html).posts
    assert (photo.id, photo.photos, photo.views) == (1, 1, "27.4K")
    assert (carousel.id, carousel.photos, carousel.text) == (2, 3, "Карусель")


@pytest.mark.parametrize(
    "views,text",
    [
        (0, "0"),
        (999, "999"),
        (1000, "1K"),
        (1234, "1.23K"),
        (1200, "1.2K"),
        (10_050, "10K"),
        (27_450, "27.4K"),
        (208_999, "208K"),
        (999_999, "999K"),
        (1_000_000, "1M"),
        (18_960_000, "18.9M"),
    ],
)
def test_views_are_shown_with_three_digits_from_a_thousand_on(views: int, text: str) -> None:
    assert shown(views) == text


def test_twenty_posts_a_page_and_older_ones_before_an_id(sb: Sandbox, http: httpx.Client) -> None:
    for n in range(1, 46):
        send(sb, http, f"Пост {n}")
    newest = parse(http.get(f"{sb.url}/_t.me/s/zerno").text)
    assert [p.id for p in newest.posts] == list(range(26, 46)) and newest.before == 26
    middle = parse(http.get(f"{sb.url}/_t.me/s/zerno", params={"before": 26}).text)
    assert [p.id for p in middle.posts] == list(range(6, 26)) and middle.before == 6
    oldest = parse(http.get(f"{sb.url}/_t.me/s/zerno", params={"before": 6}).text)
    assert [p.id for p in oldest.posts] == [1, 2, 3, 4, 5] and oldest.before is None


def test_no_page_for_a_private_channel_or_an_unknown_name(http: httpx.Client) -> None:
    with Sandbox(telegram_tokens=[TOKEN], telegram_chats=["@zerno", "-1001234567890"]) as sb:
        send(sb, http, "Секрет", chat="-1001234567890")
        send(sb, http, "Публичный", chat="@zerno")
        assert [p.text for p in parse(http.get(f"{sb.url}/_t.me/s/zerno").text).posts] == [
            "Публичный"
        ]
        gone = http.get(f"{sb.url}/_t.me/s/somebody_else")
        assert gone.status_code == 302 and gone.headers["location"] == "/_t.me/somebody_else"


def test_page_faults_are_their_own(sb: Sandbox, http: httpx.Client) -> None:
    sb.inject("t.me", "500", method="s")
    send(sb, http, "Пост")  # a t.me fault is not the Bot API's
    assert http.get(f"{sb.url}/_t.me/s/zerno").status_code == 500
    sb.inject("t.me", "429")
    assert http.get(f"{sb.url}/_t.me/s/zerno").status_code == 429
    assert http.get(f"{sb.url}/_t.me/s/zerno").status_code == 200
