"""The "echo" fault: each network's own error answer, quoting the whole request back (path, query,
body, headers and the parameters it read), at the network's usual error status or at 429 / 5xx.

It stands in for an API that puts the request into its error text (VK's request_params do so for
real), so that tests can prove a secret never comes back out of smm; here we check that the echo
really carries the token in every form a client could meet: verbatim, percent-encoded and
JSON-escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from smm.sandbox import Sandbox

#: base64-like: '+', '/' and '=' are percent-encoded in a form body and '/' JSON-escaped as '\/'
TOKEN = "vk1.a.Zx+9/echoSecret=="
FORMS = (TOKEN, quote(TOKEN, safe=""), TOKEN.replace("/", "\\/"))


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path / "state") as sandbox:
        yield sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as client:
        yield client


def _carries_the_request(text: str, path: str) -> None:
    assert (
        f"POST {path}" in text and "content-type: application/x-www-form-urlencoded" in text.lower()
    )
    for form in FORMS:
        assert form in text, form


@pytest.mark.parametrize(
    "status, want_status, want_code", [(None, 200, 100), (429, 429, 6), (503, 503, 10)]
)
def test_vk_quotes_the_request_in_error_msg_and_request_params(
    sb: Sandbox, http: httpx.Client, status: int | None, want_status: int, want_code: int
) -> None:
    sb.inject("vk", "echo", method="wall.post", status=status)
    answer = http.post(
        f"{sb.url}/method/wall.post", data={"access_token": TOKEN, "v": "5.199", "message": "Hi"}
    )
    error = answer.json()["error"]
    assert (answer.status_code, error["error_code"]) == (want_status, want_code)
    _carries_the_request(error["error_msg"], "/method/wall.post")
    assert {"key": "access_token", "value": TOKEN} in error["request_params"]
    assert sb.posts() == []


@pytest.mark.parametrize("status, want", [(None, 400), (429, 429), (500, 500)])
def test_telegram_quotes_the_request_in_description(
    sb: Sandbox, http: httpx.Client, status: int | None, want: int
) -> None:
    sb.inject("telegram", "echo", status=status, retry_after=9)
    path = "/bot123:AAH-echo_token/sendMessage"
    answer = http.post(f"{sb.url}{path}", data={"chat_id": "@zerno", "text": "Hi", "secret": TOKEN})
    body = answer.json()
    assert (answer.status_code, body["ok"], body["error_code"]) == (want, False, want)
    _carries_the_request(body["description"], path)
    assert "123:AAH-echo_token" in body["description"]
    assert body.get("parameters") == ({"retry_after": 9} if want == 429 else None)


@pytest.mark.parametrize(
    "status, want_status, want_code", [(None, 200, 100), (429, 429, 8), (502, 502, 1)]
)
def test_ok_quotes_the_request_in_error_msg_and_error_data(
    sb: Sandbox, http: httpx.Client, status: int | None, want_status: int, want_code: int
) -> None:
    sb.inject("ok", "echo", method="mediatopic.post", status=status)
    answer = http.post(
        f"{sb.url}/api/mediatopic/post", data={"access_token": TOKEN, "application_key": "CBA"}
    )
    body = answer.json()
    assert (answer.status_code, body["error_code"]) == (want_status, want_code)
    for field in ("error_msg", "error_data"):
        _carries_the_request(body[field], "/api/mediatopic/post")


@pytest.mark.parametrize(
    "status, code, want_status, want_code",
    [(None, None, 400, 100), (429, 9, 429, 9), (500, None, 500, 1)],
)
def test_instagram_quotes_the_request_in_every_text_field(
    sb: Sandbox,
    http: httpx.Client,
    status: int | None,
    code: int | None,
    want_status: int,
    want_code: int,
) -> None:
    sb.inject("instagram", "echo", method="media_publish", status=status, code=code)
    path = "/v24.0/17841400000000001/media_publish"
    answer = http.post(f"{sb.url}{path}", data={"access_token": TOKEN, "creation_id": "1"})
    error = answer.json()["error"]
    assert (answer.status_code, error["code"], error["type"]) == (
        want_status,
        want_code,
        "OAuthException",
    )
    for field in ("message", "error_user_title", "error_user_msg", "fbtrace_id"):
        _carries_the_request(error[field], path)


def test_a_query_string_and_headers_are_echoed_too(sb: Sandbox, http: httpx.Client) -> None:
    sb.inject("instagram", "echo", method="node")
    answer = http.get(
        f"{sb.url}/v24.0/1789",
        params={"fields": "permalink", "access_token": TOKEN},
        headers={"X-Probe": "header-value"},
    )
    message: Any = answer.json()["error"]["message"]
    assert f"GET /v24.0/1789?fields=permalink&access_token={quote(TOKEN, safe='')}" in message
    assert "X-Probe: header-value" in message and f"access_token={TOKEN}" in message
    assert json.dumps(TOKEN).replace("/", "\\/")[1:-1] in message


def test_echo_through_the_control_endpoint(sb: Sandbox, http: httpx.Client) -> None:
    spec = {"network": "vk", "kind": "echo", "method": "wall.get", "status": 504}
    assert http.post(f"{sb.url}/_sandbox/faults", json=spec).json() == {"ok": True}
    assert http.get(f"{sb.url}/_sandbox/faults").json()[0]["status"] == 504
    assert http.post(f"{sb.url}/method/wall.get", data={"access_token": TOKEN}).status_code == 504
