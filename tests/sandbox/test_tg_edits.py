"""The Telegram sandbox's deleteMessage and deleteMessages over raw HTTP, as any Bot API client
meets them: per-message deletion (each photo of an album is a message), missing messages skipped by
deleteMessages, the Bot API's error bodies, and GET /_sandbox/posts showing what went."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
LOGO = (ROOT / "assets/zerno/logo.png").read_bytes()
BOT = "/bot1:good"


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(telegram_tokens=["1:good"]) as sandbox:
        yield sandbox


@pytest.fixture
def http(sb: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sb.url, timeout=3.0) as client:
        yield client


def album(http: httpx.Client, photos: int = 3) -> list[int]:
    """Send an album of ``photos`` photos to @zerno; its message ids."""
    media = [{"type": "photo", "media": f"attach://p{n}"} for n in range(photos)]
    media[0]["caption"] = "Альбом"
    sent = http.post(
        f"{BOT}/sendMediaGroup",
        data={"chat_id": "@zerno", "media": json.dumps(media)},
        files={f"p{n}": (f"p{n}.png", LOGO) for n in range(photos)},
    )
    return [m["message_id"] for m in sent.json()["result"]]


def test_delete_messages_takes_the_whole_album_and_skips_what_is_gone(
    sb: Sandbox, http: httpx.Client
) -> None:
    ids = album(http)
    text = http.post(f"{BOT}/sendMessage", data={"chat_id": "@zerno", "text": "Останется"})
    gone = http.post(
        f"{BOT}/deleteMessages",
        data={"chat_id": "@zerno", "message_ids": json.dumps([*ids, 999])},  # 999: never sent
    )
    assert gone.json() == {"ok": True, "result": True}
    shown, kept = sb.posts("telegram")
    assert shown["deleted"] is True
    assert [d["message_id"] for d in shown["deleted_messages"]] == ids
    assert "deleted" not in kept and kept["id"] == str(text.json()["result"]["message_id"])
    again = http.post(
        f"{BOT}/deleteMessages", data={"chat_id": "@zerno", "message_ids": json.dumps(ids)}
    )
    assert again.json() == {"ok": True, "result": True}  # all skipped: nothing deleted twice
    assert len(sb.posts("telegram")[0]["deleted_messages"]) == 3
    one = http.post(f"{BOT}/deleteMessage", data={"chat_id": "@zerno", "message_id": ids[1]})
    assert one.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: message to delete not found",
    }


def test_delete_message_takes_one_photo_and_the_album_stays_until_its_last(
    sb: Sandbox, http: httpx.Client
) -> None:
    first, second = album(http, 2)
    http.post(f"{BOT}/deleteMessage", data={"chat_id": "@zerno", "message_id": first})
    [shown] = sb.posts("telegram")
    assert not shown.get("deleted") and len(shown["deleted_messages"]) == 1
    edit = http.post(
        f"{BOT}/editMessageCaption",
        data={"chat_id": "@zerno", "message_id": first, "caption": "Новая"},
    )
    assert edit.json()["description"] == "Bad Request: message to edit not found"
    http.post(f"{BOT}/deleteMessage", data={"chat_id": "@zerno", "message_id": second})
    assert sb.posts("telegram")[0]["deleted"] is True


@pytest.mark.parametrize(
    ("message_ids", "description"),
    [
        ("", "Bad Request: message identifiers are not specified"),
        ("[]", "Bad Request: message identifiers are not specified"),
        ("[1,", "Bad Request: can't parse message identifiers JSON object"),
        ('{"a": 1}', "Bad Request: expected an Array of message identifiers"),
        (json.dumps(list(range(1, 102))), "Bad Request: too many message identifiers specified"),
        ('[1, "x"]', "Bad Request: invalid message identifier specified"),
    ],
)
def test_delete_messages_refuses_what_the_bot_api_refuses(
    sb: Sandbox, http: httpx.Client, message_ids: str, description: str
) -> None:
    ids = album(http, 2)
    answer = http.post(
        f"{BOT}/deleteMessages", data={"chat_id": "@zerno", "message_ids": message_ids}
    )
    assert answer.status_code == 400
    assert answer.json() == {"ok": False, "error_code": 400, "description": description}
    assert "deleted_messages" not in sb.posts("telegram")[0] and len(ids) == 2


def test_an_album_older_than_48_hours_is_refused_whole(tmp_path: Path) -> None:
    old = Sandbox(telegram_tokens=["1:good"], state_dir=tmp_path, clock_offset=-49 * 3600)
    with old as then, httpx.Client(base_url=then.url, timeout=3.0) as http:
        ids = album(http, 2)
    later = Sandbox(telegram_tokens=["1:good"], state_dir=tmp_path)  # the same channel, 49 h on
    with later as now, httpx.Client(base_url=now.url, timeout=3.0) as http:
        answer = http.post(
            f"{BOT}/deleteMessages", data={"chat_id": "@zerno", "message_ids": json.dumps(ids)}
        )
        assert answer.json()["description"] == "Bad Request: message can't be deleted"
        assert "deleted_messages" not in now.posts("telegram")[0]
