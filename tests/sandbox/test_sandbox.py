"""The sandbox itself: answer shapes, checks, control API, persistence, and `smm sandbox`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
LOGO = (ROOT / "assets/zerno/logo.png").read_bytes()


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path / "state",
        telegram_tokens=["1:good"],
        vk_tokens=["good"],
        vk_per_second=1000,
    ) as sandbox:
        yield sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


# --- Telegram answers -----------------------------------------------------------------------


def test_telegram_answer_shapes(sb: Sandbox, http: httpx.Client) -> None:
    ok = http.post(
        f"{sb.url}/bot1:good/sendMessage",
        json={"chat_id": "@zerno", "text": "<b>Hi</b>", "parse_mode": "HTML"},
    )
    assert ok.status_code == 200
    body = ok.json()
    assert (
        body["ok"] is True
        and body["result"]["text"] == "Hi"
        and body["result"]["chat"]["username"] == "zerno"
    )
    assert body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]
    denied = http.post(f"{sb.url}/bot1:bad/sendMessage", data={"chat_id": "@zerno", "text": "Hi"})
    assert (denied.status_code, denied.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert (
        http.post(f"{sb.url}/bot/sendMessage", data={"chat_id": "@zerno", "text": "Hi"}).status_code
        == 404
    )
    sb.inject("telegram", "429", retry_after=7)
    flood = http.post(f"{sb.url}/bot1:good/sendMessage", data={"chat_id": "@zerno", "text": "Hi"})
    assert (flood.status_code, flood.json()) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )


@pytest.mark.parametrize(
    "method, data, files, description",
    [
        (
            "sendMessage",
            {"chat_id": "@zerno", "text": "x" * 4097},
            None,
            "Bad Request: message is too long",
        ),
        (
            "sendMessage",
            {"chat_id": "@zerno", "text": ""},
            None,
            "Bad Request: message text is empty",
        ),
        (
            "sendMessage",
            {"chat_id": "@zerno", "text": "<b></b>", "parse_mode": "HTML"},
            None,
            "Bad Request: text must be non-empty",
        ),
        ("sendMessage", {"text": "Hi"}, None, "Bad Request: chat_id is empty"),
        (
            "sendMessage",
            {"chat_id": "@zerno", "text": "Hi", "link_preview_options": "{"},
            None,
            "Bad Request: can't parse link preview options JSON object",
        ),
        (
            "sendMessage",
            {"chat_id": "@zerno", "text": "Hi", "link_preview_options": "[1]"},
            None,
            "Bad Request: object expected as link preview options",
        ),
        ("sendPhoto", {"chat_id": "@zerno"}, None, "Bad Request: there is no photo in the request"),
        (
            "sendPhoto",
            {"chat_id": "@zerno"},
            {"photo": ("a.png", b"not an image")},
            "Bad Request: IMAGE_PROCESS_FAILED",
        ),
        (
            "sendPhoto",
            {"chat_id": "@zerno"},
            {"photo": ("a.png", png((50, 1100)))},
            "Bad Request: PHOTO_INVALID_DIMENSIONS",
        ),
        (
            "sendMediaGroup",
            {"chat_id": "@zerno", "media": json.dumps([{"type": "photo", "media": "attach://a"}])},
            {"a": ("a.png", LOGO)},
            "Bad Request: media must include 2-10 items",
        ),
    ],
)
def test_telegram_rejects_what_the_bot_api_rejects(
    sb: Sandbox, http: httpx.Client, method: str, data: dict, files: dict | None, description: str
) -> None:
    answer = http.post(f"{sb.url}/bot1:good/{method}", data=data, files=files)
    assert answer.status_code == 400 and answer.json()["description"] == description
    assert sb.posts() == []


def test_telegram_album_needs_every_attach_part(sb: Sandbox, http: httpx.Client) -> None:
    media = [
        {"type": "photo", "media": "attach://a", "caption": "Альбом"},
        {"type": "photo", "media": "attach://b"},
    ]
    missing = http.post(
        f"{sb.url}/bot1:good/sendMediaGroup",
        data={"chat_id": "@zerno", "media": json.dumps(media)},
        files={"a": ("a.png", LOGO)},
    )
    assert missing.status_code == 400 and "MEDIA_EMPTY" in missing.json()["description"]
    ok = http.post(
        f"{sb.url}/bot1:good/sendMediaGroup",
        data={"chat_id": "@zerno", "media": json.dumps(media)},
        files={"a": ("a.png", LOGO), "b": ("b.png", LOGO)},
    )
    messages = ok.json()["result"]
    assert [m["message_id"] for m in messages] == [1, 2] and messages[0]["caption"] == "Альбом"
    assert messages[0]["media_group_id"] == messages[1]["media_group_id"]


def test_unknown_chats_are_not_found_when_the_sandbox_knows_its_chats(http: httpx.Client) -> None:
    with Sandbox(telegram_chats=["@zerno"]) as sb:
        answer = http.post(f"{sb.url}/bot1:x/sendMessage", data={"chat_id": "@other", "text": "Hi"})
        assert answer.json()["description"] == "Bad Request: chat not found"


# --- VK answers ------------------------------------------------------------------------------


def vk(http: httpx.Client, sb: Sandbox, method: str, token: str = "good", **params: object) -> dict:
    return http.post(
        f"{sb.url}/method/{method}", data={**params, "access_token": token, "v": "5.199"}
    ).json()


def test_vk_error_shape_keeps_the_token_out_of_request_params(
    sb: Sandbox, http: httpx.Client
) -> None:
    error = vk(http, sb, "wall.post", token="bad", owner_id=-1, message="Hi")["error"]
    assert error["error_code"] == 5 and error["error_msg"].startswith("User authorization failed")
    assert {"key": "owner_id", "value": "-1"} in error["request_params"]
    assert all(p["key"] != "access_token" for p in error["request_params"])
    assert vk(http, sb, "wall.pin", owner_id=-1)["error"]["error_code"] == 3
    no_version = http.post(f"{sb.url}/method/wall.get", data={"access_token": "good"}).json()
    assert no_version["error"]["error_code"] == 8


def test_vk_upload_flow_checks_field_name_and_hash(sb: Sandbox, http: httpx.Client) -> None:
    server = vk(http, sb, "photos.getWallUploadServer", group_id=7)["response"]
    assert server["upload_url"].startswith(f"{sb.url}/upload/vk/")
    wrong_field = http.post(server["upload_url"], files={"file": ("a.png", LOGO)}).json()
    assert wrong_field["photo"] == "[]"
    assert (
        vk(http, sb, "photos.saveWallPhoto", group_id=7, **wrong_field)["error"]["error_code"]
        == 100
    )
    uploaded = http.post(server["upload_url"], files={"photo": ("a.png", LOGO)}).json()
    assert (
        vk(http, sb, "photos.saveWallPhoto", group_id=7, **{**uploaded, "hash": "0"})["error"][
            "error_code"
        ]
        == 121
    )
    [photo] = vk(http, sb, "photos.saveWallPhoto", group_id=7, **uploaded)["response"]
    assert photo["owner_id"] == -7
    attachment = f"photo{photo['owner_id']}_{photo['id']}"
    post_id = vk(
        http, sb, "wall.post", owner_id=-7, from_group=1, message="С фото", attachments=attachment
    )["response"]["post_id"]
    [item] = vk(http, sb, "wall.getById", posts=f"-7_{post_id}")["response"]["items"]
    assert item["text"] == "С фото" and item["attachments"][0]["photo"]["id"] == photo["id"]
    assert (
        vk(http, sb, "wall.post", owner_id=-7, attachments="photo-7_999")["error"]["error_code"]
        == 100
    )
    bad = http.post(server["upload_url"], files={"photo": ("a.png", b"GIF89a nope")}).json()
    assert bad["error"].startswith("ERR_UPLOAD_FILE_NOT_IMAGE")


def test_vk_wall_get_lists_newest_first(sb: Sandbox, http: httpx.Client) -> None:
    for text in ("first", "second", "third"):
        vk(http, sb, "wall.post", owner_id=-3, from_group=1, message=text)
    wall = vk(http, sb, "wall.get", owner_id=-3, count=2)["response"]
    assert wall["count"] == 3 and [i["text"] for i in wall["items"]] == ["third", "second"]


# --- control API, latency, persistence --------------------------------------------------------


def test_faults_through_the_control_endpoint(sb: Sandbox, http: httpx.Client) -> None:
    spec = {"network": "vk", "method": "wall.post", "kind": "500", "count": 2}
    assert http.post(f"{sb.url}/_sandbox/faults", json=spec).json() == {"ok": True}
    assert http.get(f"{sb.url}/_sandbox/faults").json()[0]["count"] == 2
    assert (
        http.post(
            f"{sb.url}/method/wall.post", data={"access_token": "good", "v": "5.199"}
        ).status_code
        == 500
    )
    assert (
        http.post(
            f"{sb.url}/_sandbox/faults", json={"network": "vk", "kind": "explode"}
        ).status_code
        == 400
    )
    assert http.delete(f"{sb.url}/_sandbox/faults").json() == {"ok": True}
    assert http.get(f"{sb.url}/_sandbox/faults").json() == []


def test_latency_is_added_to_every_api_answer(http: httpx.Client) -> None:
    with Sandbox(latency=0.1) as sb:
        start = time.monotonic()
        vk(http, sb, "wall.get", owner_id=-1)
        assert time.monotonic() - start >= 0.1


def test_posts_survive_a_restart_and_ids_continue(tmp_path: Path, http: httpx.Client) -> None:
    with Sandbox(state_dir=tmp_path) as sb:
        vk(http, sb, "wall.post", owner_id=-3, message="before")
    assert json.loads((tmp_path / "sandbox.json").read_text())["posts"][0]["text"] == "before"
    with Sandbox(state_dir=tmp_path) as sb:
        assert vk(http, sb, "wall.post", owner_id=-3, message="after")["response"]["post_id"] == 2
        assert [p["text"] for p in http.get(f"{sb.url}/_sandbox/posts").json()] == [
            "before",
            "after",
        ]
    assert [p.name for p in tmp_path.iterdir()] == ["sandbox.json"]  # no temp files left behind


def test_smm_sandbox_command_serves_and_keeps_posts(tmp_path: Path, http: httpx.Client) -> None:
    env = {**os.environ, "SMM_SANDBOX_TELEGRAM_TOKENS": "1:good 2:also-good"}
    for round_ in ("first", "second"):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "smm",
                "sandbox",
                "--port",
                "0",
                "--state",
                str(tmp_path),
                "--latency-ms",
                "1",
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            line = proc.stdout.readline()  # type: ignore[union-attr]
            assert line.startswith("smm sandbox: listening on http://127.0.0.1:")
            url = line.split()[-1]
            if round_ == "first":
                sent = http.post(
                    f"{url}/bot2:also-good/sendMessage", data={"chat_id": "@zerno", "text": "Hi"}
                )
                assert sent.json()["ok"] is True
                assert (
                    http.post(
                        f"{url}/bot3:other/sendMessage", data={"chat_id": "@zerno", "text": "Hi"}
                    ).status_code
                    == 401
                )
            posts = http.get(f"{url}/_sandbox/posts").json()
            assert [(p["network"], p["account"], p["id"], p["text"]) for p in posts] == [
                ("telegram", "@zerno", "1", "Hi")
            ]
        finally:
            proc.terminate()
            proc.wait(timeout=5)
