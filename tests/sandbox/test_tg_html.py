"""The sandbox's Telegram text handling is the server's: TDLib's own parse_html cases, and what
the Bot API answers over HTTP for each text it refuses or changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smm.sandbox import Sandbox
from smm.sandbox.tg_html import ParseError, bot_api_entity, parse_html

DATA = Path(__file__).parent / "data"
TDLIB = json.loads((DATA / "tdlib_parse_html.json").read_text(encoding="utf-8"))


def test_tdlib_cases_carry_their_origin_and_licence():
    origin, licence = TDLIB["origin"], TDLIB["license"]
    assert origin["repository"] == "https://github.com/tdlib/td" and len(origin["commit"]) == 40
    assert (
        origin["path"] == "test/message_entities.cpp"
        and origin["test"] == "TEST(MessageEntities, parse_html)"
    )
    assert origin["taken_from"].startswith("the public-code search index")
    assert licence["spdx"] == "BSL-1.0"
    assert (DATA / licence["file"]).read_text().startswith("Boost Software License - Version 1.0")
    assert (DATA / origin["extracted_by"].rsplit("/", 1)[-1]).exists()
    assert len(TDLIB["cases"]) >= 79  # every check_parse_html call at that commit


@pytest.mark.parametrize("case", TDLIB["cases"], ids=[f"line{c['line']}" for c in TDLIB["cases"]])
def test_parse_html_agrees_with_every_tdlib_case(case):
    # check_parse_html: the same text and entities (TDLib's types, UTF-16 offsets, TDLib's order), or
    # an error with exactly TDLib's message
    if "error" in case:
        with pytest.raises(ParseError) as info:
            parse_html(case["html"])
        assert str(info.value) == case["error"]
    else:
        assert parse_html(case["html"]) == (case["text"], case["entities"])


@pytest.mark.parametrize(
    "tdlib, bot_api",
    [
        (
            {"type": "PreCode", "offset": 6, "length": 6, "argument": "fift"},
            {"type": "pre", "offset": 6, "length": 6, "language": "fift"},
        ),
        (
            {"type": "TextUrl", "offset": 0, "length": 1, "argument": "http://telegram.org/"},
            {"type": "text_link", "offset": 0, "length": 1, "url": "http://telegram.org/"},
        ),
        (
            {"type": "CustomEmoji", "offset": 5, "length": 2, "custom_emoji_id": "1"},
            {"type": "custom_emoji", "offset": 5, "length": 2, "custom_emoji_id": "1"},
        ),
        (
            {
                "type": "FormattedDate",
                "offset": 5,
                "length": 5,
                "date": 12345,
                "date_flags": 62,
            },  # t and T: t wins
            {
                "type": "date_time",
                "offset": 5,
                "length": 5,
                "unix_time": 12345,
                "date_time_format": "wdt",
            },
        ),
        (
            {"type": "FormattedDate", "offset": 0, "length": 1, "date": 7, "date_flags": 1},
            {
                "type": "date_time",
                "offset": 0,
                "length": 1,
                "unix_time": 7,
                "date_time_format": "r",
            },
        ),
        (
            {"type": "ExpandableBlockQuote", "offset": 0, "length": 4},
            {"type": "expandable_blockquote", "offset": 0, "length": 4},
        ),
    ],
)
def test_entities_are_written_as_the_bot_api_writes_them(tdlib, bot_api):
    assert bot_api_entity(tdlib) == bot_api


# --- over HTTP: what the sandbox answers, as the Bot API does ----------------------------------


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(telegram_per_minute=1000) as sandbox:
        yield sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def send(
    sb: Sandbox, http: httpx.Client, method: str = "sendMessage", **params: str
) -> tuple[int, dict]:
    files = (
        {
            "photo": (
                "a.png",
                (Path(__file__).resolve().parents[2] / "assets/zerno/logo.png").read_bytes(),
            )
        }
        if method == "sendPhoto"
        else None
    )
    answer = http.post(
        f"{sb.url}/bot1:x/{method}",
        data={"chat_id": "@zerno", "parse_mode": "HTML", **params},
        files=files,
    )
    return answer.status_code, answer.json()


def test_a_link_arrives_with_its_ampersands_decoded_and_its_address_normalised(sb, http):
    html = (
        '<a href="HTTPS://Zerno.Example?utm_source=telegram&amp;utm_medium=social">меню</a> &lt 3'
    )
    status, body = send(sb, http, text=html)
    assert status == 200 and body["result"]["text"] == "меню < 3"
    assert body["result"]["entities"] == [
        {
            "type": "text_link",
            "offset": 0,
            "length": 4,
            "url": "https://zerno.example/?utm_source=telegram&utm_medium=social",
        }
    ]


def test_a_link_without_href_links_its_own_text_and_a_bad_href_links_nothing(sb, http):
    _, body = send(sb, http, text="<a>zerno.example</a> <a href='/menu'>меню</a>")
    assert body["result"]["entities"] == [
        {"type": "text_link", "offset": 0, "length": 13, "url": "http://zerno.example/"}
    ]


def test_a_lone_surrogate_is_a_400_not_a_crash(sb, http):
    status, body = send(sb, http, text="&#57311;")
    assert status == 400 and body["description"] == (
        "Bad Request: can't parse entities: Text contains invalid Unicode characters after decoding HTML entities, "
        "check for unmatched surrogate code units"
    )
    assert sb.posts() == []


@pytest.mark.parametrize(
    "method, params, description",
    [
        ("sendMessage", {"text": "a" * 4097}, "Bad Request: message is too long"),
        ("sendMessage", {"text": "😀" * 4097}, "Bad Request: message is too long"),
        ("sendPhoto", {"caption": "😀" * 1025}, "Bad Request: message caption is too long"),
        (
            "sendMessage",
            {"text": f'<a href="https://zerno.example/{"x" * 32800}">a</a>'},
            "Bad Request: text is too long",
        ),
        ("sendPhoto", {"caption": "x" * 32769}, "Bad Request: text is too long"),
        ("sendMessage", {"text": " \n<b> </b>\r"}, "Bad Request: text must be non-empty"),
        ("sendMessage", {"text": "\u200b\u00a0"}, "Bad Request: text must be non-empty"),
        (
            "sendMessage",
            {"text": "<span>x</span>"},
            'Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0',
        ),
        (
            "sendMessage",
            {"text": "x", "parse_mode": "html5"},
            "Bad Request: unsupported parse_mode",
        ),
        (
            "sendMessage",
            {"text": "x", "link_preview_options": '{"is_disabled": 1}'},
            'Bad Request: field "is_disabled" must be of type Boolean',
        ),
        (
            "sendMessage",
            {"text": "x", "link_preview_options": '{"url": true}'},
            'Bad Request: field "url" must be of type String',
        ),
        (
            "sendMessage",
            {"text": "x", "link_preview_options": '{"url": null}'},
            'Bad Request: field "url" must be of type String',
        ),
    ],
)
def test_the_sandbox_refuses_what_the_bot_api_refuses(sb, http, method, params, description):
    status, body = send(sb, http, method, **params)
    assert (status, body["description"]) == (400, description)
    assert sb.posts() == []


@pytest.mark.parametrize(
    "method, params, kept",
    [
        ("sendMessage", {"text": "😀" * 4096}, "😀" * 4096),  # 4096 code points, 8192 UTF-16 units
        ("sendPhoto", {"caption": "a" * 990 + "😀" * 30}, "a" * 990 + "😀" * 30),
        (
            "sendMessage",
            {"text": " \n a\tb\r\n\u2028 \n"},
            "a b",
        ),  # cleaned, then trimmed, then counted
        ("sendMessage", {"text": "  " + "a" * 4096 + "\n\n"}, "a" * 4096),
        (
            "sendMessage",
            {"text": "x", "link_preview_options": '{"is_disabled": false, "future_option": [1]}'},
            "x",
        ),
        ("sendPhoto", {"caption": " \n"}, ""),
        (
            "sendMessage",
            {"text": "<b> </b>", "link_preview_options": '{"url": "https://zerno.example/"}'},
            "",
        ),
    ],
)
def test_the_sandbox_takes_what_the_bot_api_takes(sb, http, method, params, kept):
    status, body = send(sb, http, method, **params)
    assert status == 200, body
    assert body["result"].get("caption" if method == "sendPhoto" else "text", "") == kept


def test_leading_spaces_inside_the_first_entity_stay_and_count(sb, http):
    _, body = send(sb, http, text="  <pre>  code</pre>\n")
    assert body["result"]["text"] == "  code" and body["result"]["entities"] == [
        {"type": "pre", "offset": 0, "length": 6}
    ]
    status, body = send(sb, http, text="<pre>  " + "a" * 4095 + "</pre>")
    assert (status, body["description"]) == (400, "Bad Request: message is too long")


def test_album_captions_are_checked_like_captions(sb, http):
    logo = (Path(__file__).resolve().parents[2] / "assets/zerno/logo.png").read_bytes()
    media = [
        {"type": "photo", "media": "attach://a", "caption": "<b>x", "parse_mode": "HTML"},
        {"type": "photo", "media": "attach://b"},
    ]
    answer = http.post(
        f"{sb.url}/bot1:x/sendMediaGroup",
        data={"chat_id": "@zerno", "media": json.dumps(media)},
        files={"a": ("a.png", logo), "b": ("b.png", logo)},
    )
    assert answer.json()["description"] == (
        "Bad Request: can't parse InputMedia: Can't parse entities: Can't find "
        'end tag corresponding to start tag "b"'
    )
