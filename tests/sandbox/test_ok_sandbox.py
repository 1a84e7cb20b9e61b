"""The OK sandbox on its own: signed calls by hand, the upload host, attachment checks, persistence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smm.networks.ok import signature
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
LOGO = (ROOT / "assets/zerno/logo.png").read_bytes()
TOKEN, APP_KEY, SECRET, GID = "tok", "APPKEY", "appsecret", "70000001234567"


def call(http: httpx.Client, url: str, method: str, **params: Any) -> Any:
    data = {**{k: str(v) for k, v in params.items()}, "application_key": APP_KEY, "format": "json"}
    data.update(sig=signature(data, TOKEN, SECRET), access_token=TOKEN)
    group, name = method.split(".")
    return http.post(f"{url}/api/{group}/{name}", data=data).json()


def post(http: httpx.Client, url: str, media: Any, **extra: Any) -> Any:
    return call(
        http,
        url,
        "mediatopic.post",
        type="GROUP_THEME",
        gid=GID,
        attachment=json.dumps({"media": media}),
        **extra,
    )


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path / "state",
        ok_tokens=[TOKEN],
        ok_groups=[GID],
        ok_app_secrets={APP_KEY: SECRET},
        ok_per_second=1000,
    ) as sandbox:
        yield sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def test_upload_flow_gives_one_token_per_pic_part(sb: Sandbox, http: httpx.Client) -> None:
    server = call(http, sb.url, "photosV2.getUploadUrl", gid=GID, count=2)
    assert len(server["photo_ids"]) == 2 and server["upload_url"].startswith(f"{sb.url}/upload/ok/")
    wrong_field = http.post(server["upload_url"], files={"photo": ("logo.png", LOGO)}).json()
    assert wrong_field["error_code"] == 505
    not_image = http.post(server["upload_url"], files={"pic1": ("a.png", b"not an image")}).json()
    assert not_image["error_code"] == 503
    uploaded = http.post(
        server["upload_url"], files={"pic1": ("a.png", LOGO), "pic2": ("b.png", LOGO)}
    ).json()
    assert set(uploaded["photos"]) == set(server["photo_ids"])
    tokens = [uploaded["photos"][p]["token"] for p in server["photo_ids"]]
    topic = post(
        http,
        sb.url,
        [
            {"type": "text", "text": "two logos"},
            {"type": "photo", "list": [{"id": t} for t in tokens]},
        ],
    )
    assert isinstance(topic, str) and topic.isdigit()
    assert (
        http.post(f"{sb.url}/upload/ok/00ff", files={"pic1": ("a.png", LOGO)}).json()["error_code"]
        == 100
    )


@pytest.mark.parametrize(
    "media, code",
    [
        ([], 100),
        (
            [{"type": "photo", "list": [{"id": "made-up-token"}]}, {"type": "text", "text": "x"}],
            100,
        ),
        ([{"type": "link", "url": "https://zerno.example"}], 100),  # no text item
        ([{"type": "text", "text": "   "}], 100),
        ([{"type": "poll", "question": "?"}, {"type": "text", "text": "x"}], 100),
        ([{"type": "text", "text": "я" * 16001}], 601),
    ],
)
def test_attachments_the_api_would_refuse(
    sb: Sandbox, http: httpx.Client, media: Any, code: int
) -> None:
    assert post(http, sb.url, media)["error_code"] == code and sb.posts() == []


def test_type_gid_and_json_are_checked(sb: Sandbox, http: httpx.Client) -> None:
    assert (
        call(http, sb.url, "mediatopic.post", gid=GID, attachment='{"media": []}')["error_code"]
        == 100
    )
    assert (
        call(http, sb.url, "mediatopic.post", type="GROUP_THEME", gid=GID, attachment="{not json")[
            "error_code"
        ]
        == 100
    )
    assert (
        call(
            http,
            sb.url,
            "mediatopic.post",
            type="GROUP_THEME",
            gid="42",
            attachment=json.dumps({"media": [{"type": "text", "text": "x"}]}),
        )["error_code"]
        == 10
    )
    assert call(http, sb.url, "mediatopic.nothing")["error_msg"] == "METHOD : Method does not exist"


def test_topics_list_newest_first_and_survive_a_restart(tmp_path: Path, http: httpx.Client) -> None:
    config: dict[str, Any] = {
        "ok_tokens": [TOKEN],
        "ok_app_secrets": {APP_KEY: SECRET},
        "ok_per_second": 1000,
    }
    with Sandbox(state_dir=tmp_path / "s", **config) as sb:
        first = post(http, sb.url, [{"type": "text", "text": "first"}])
        second = post(
            http,
            sb.url,
            [{"type": "text", "text": "second"}, {"type": "link", "url": "https://z.example"}],
        )
    with Sandbox(state_dir=tmp_path / "s", **config) as sb:
        third = post(http, sb.url, [{"type": "text", "text": "third"}])
        topics = call(http, sb.url, "mediatopic.getTopics", gid=GID, count=10)["media_topics"]
    assert [t["id"] for t in topics] == [third, second, first] and int(third) == int(second) + 1
    assert topics[1]["media"] == [
        {"type": "text", "text": "second"},
        {"type": "link", "url": "https://z.example"},
    ]


def test_the_default_sandbox_accepts_the_publishers_stand_in_secret(http: httpx.Client) -> None:
    """`smm publish --sandbox` gives "sandbox-token" for every missing secret: token, app key, secret."""
    with Sandbox() as sb:
        data = {
            "application_key": "sandbox-token",
            "format": "json",
            "gid": "1",
            "type": "GROUP_THEME",
            "attachment": json.dumps({"media": [{"type": "text", "text": "hi"}]}),
        }
        data.update(
            sig=signature(data, "sandbox-token", "sandbox-token"), access_token="sandbox-token"
        )
        assert http.post(f"{sb.url}/api/mediatopic/post", data=data).json().isdigit()
        data["sig"] = signature(data, "sandbox-token", "another-secret")
        assert http.post(f"{sb.url}/api/mediatopic/post", data=data).json()["error_code"] == 104


def test_faults_for_ok_through_the_control_endpoint(sb: Sandbox, http: httpx.Client) -> None:
    assert http.post(
        f"{sb.url}/_sandbox/faults",
        json={"network": "ok", "kind": "500", "method": "mediatopic.post"},
    ).json() == {"ok": True}
    answer = http.post(f"{sb.url}/api/mediatopic/post", data={})
    assert answer.status_code == 500 and sb.posts() == []


def test_a_topic_is_dated_on_the_sandbox_clock_and_its_figures_grow_from_then(
    sb: Sandbox, http: httpx.Client
) -> None:
    sb.config.clock_offset = 400 * 86400  # a run pinned with --now, a long way from today
    topic = post(http, sb.url, [{"type": "text", "text": "Зимнее меню"}])

    def read() -> dict[str, Any]:
        [got] = call(http, sb.url, "mediatopic.getByIds", topic_ids=topic)["media_topics"]
        return dict(got)

    just_out = read()
    assert abs(just_out["created_ms"] / 1000 - sb.config.now()) < 60
    assert just_out["views_count"] == 0 and just_out["like_summary"] == {"count": 0}
    sb.config.clock_offset += 86400  # a day later
    day = read()
    assert day["views_count"] > 0 and 0 <= day["like_summary"]["count"] <= day["views_count"]
