"""The LinkedIn sandbox answers as api.linkedin.com/rest does (sandbox/linkedin.py's sources)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smm.networks.linkedin import LINKEDIN_VERSION
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "AQVlinkedinSandboxToken"
ORG = "urn:li:organization:7"
HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Linkedin-Version": LINKEDIN_VERSION,
    "X-Restli-Protocol-Version": "2.0.0",
}
POST: dict[str, Any] = {
    "author": ORG,
    "commentary": "Hallo (Welt)",
    "visibility": "PUBLIC",
    "distribution": {"feedDistribution": "MAIN_FEED"},
    "lifecycleState": "PUBLISHED",
}


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(linkedin_tokens=[TOKEN], linkedin_posts_per_day=2) as sandbox:
        yield sandbox


def call(
    sb: Sandbox, verb: str, path: str, headers: dict[str, str] | None = None, **kw: Any
) -> httpx.Response:
    return httpx.request(
        verb, f"{sb.url}{path}", headers=HEADERS if headers is None else headers, **kw
    )


def image(sb: Sandbox, owner: str = ORG) -> str:
    init = call(
        sb,
        "POST",
        "/rest/images?action=initializeUpload",
        json={"initializeUploadRequest": {"owner": owner}},
    ).json()["value"]
    jpeg = (ROOT / "assets/nordlicht/fjell-jacket-1.jpg").read_bytes()
    put = httpx.put(init["uploadUrl"], content=jpeg, headers={"Authorization": f"Bearer {TOKEN}"})
    assert put.status_code == 201
    return str(init["image"])


def test_auth_and_version_are_checked_with_linkedins_error_bodies(sb: Sandbox) -> None:
    no_token = call(sb, "GET", "/rest/posts", headers={})
    assert no_token.status_code == 401 and no_token.json()["code"] == "EMPTY_ACCESS_TOKEN"
    wrong = call(sb, "GET", "/rest/posts", headers={**HEADERS, "Authorization": "Bearer x"})
    assert wrong.json() == {
        "status": 401,
        "message": "Invalid access token",
        "code": "INVALID_ACCESS_TOKEN",
        "serviceErrorCode": 65600,
    }
    no_version = {k: v for k, v in HEADERS.items() if k != "Linkedin-Version"}
    assert call(sb, "GET", "/rest/posts", headers=no_version).json()["code"] == "VERSION_MISSING"
    old = call(sb, "GET", "/rest/posts", headers={**HEADERS, "Linkedin-Version": "202301"})
    assert (
        old.status_code == 426 and old.json()["message"] == "Requested version 202301 is not active"
    )


def test_a_post_gets_its_urn_in_x_restli_id_and_an_unescaped_character_cuts_it(sb: Sandbox) -> None:
    made = call(sb, "POST", "/rest/posts", json=POST)
    assert made.status_code == 201 and made.headers["x-restli-id"].startswith("urn:li:share:")
    [post] = sb.posts("linkedin")
    assert (post["text"], post["truncated"]) == ("Hallo ", True)
    found = call(sb, "GET", f"/rest/posts?q=author&author={ORG}&count=10").json()
    assert [e["id"] for e in found["elements"]] == [made.headers["x-restli-id"]]
    assert found["elements"][0]["commentary"] == "Hallo "


def test_images_upload_by_put_and_multi_image_takes_2_to_20(sb: Sandbox) -> None:
    urn = image(sb)
    status = call(sb, "GET", f"/rest/images/{urn}").json()
    assert status["status"] == "AVAILABLE" and status["owner"] == ORG
    one = {"multiImage": {"images": [{"id": urn, "altText": "x"}]}}
    refused = call(sb, "POST", "/rest/posts", json={**POST, "content": one})
    assert refused.status_code == 422 and "2 to 20" in refused.json()["message"]
    foreign = call(
        sb,
        "POST",
        "/rest/posts",
        json={**POST, "content": {"media": {"id": image(sb, "urn:li:organization:8")}}},
    )
    assert foreign.status_code == 400
    waiting = call(
        sb,
        "POST",
        "/rest/images?action=initializeUpload",
        json={"initializeUploadRequest": {"owner": ORG}},
    ).json()["value"]
    status = call(sb, "GET", f"/rest/images/{waiting['image']}").json()["status"]
    assert status == "WAITING_UPLOAD"
    bad = httpx.put(
        waiting["uploadUrl"],
        content=b"not an image",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert bad.status_code == 400


def test_the_daily_limit_is_a_429_without_rate_limit_headers(sb: Sandbox) -> None:
    for _ in range(2):
        assert call(sb, "POST", "/rest/posts", json=POST).status_code == 201
    third = call(sb, "POST", "/rest/posts", json=POST)
    assert third.status_code == 429 and "throttle" in third.json()["message"]
    assert not [h for h in third.headers if h.lower().startswith(("retry-after", "x-ratelimit"))]


def test_scopes_decide_what_a_token_may_read(tmp_path: Path) -> None:
    with Sandbox(linkedin_scopes=["r_organization_social"]) as sb:
        denied = call(sb, "POST", "/rest/posts", json=POST)
        stats = call(
            sb,
            "GET",
            f"/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={ORG}",
        )
    assert denied.status_code == 403 and denied.json()["code"] == "ACCESS_DENIED"
    assert stats.status_code == 403 and stats.json()["serviceErrorCode"] == 100


def test_comments_are_listed_with_reply_to_and_comment_true(sb: Sandbox) -> None:
    urn = call(sb, "POST", "/rest/posts", json={**POST, "commentary": "Hallo"}).headers[
        "x-restli-id"
    ]
    body = {"actor": ORG, "object": urn, "message": {"text": "Erster (plain)!"}}
    made = call(sb, "POST", f"/rest/socialActions/{urn}/comments", json=body)
    assert made.status_code == 201 and made.json()["message"]["text"] == "Erster (plain)!"
    [comment] = [p for p in sb.posts("linkedin") if p.get("comment")]
    assert (comment["reply_to"], comment["comment"]) == (urn, True)
    listed = call(sb, "GET", f"/rest/socialActions/{urn}/comments").json()["elements"]
    assert [c["commentUrn"] for c in listed] == [comment["id"]]
    missing = call(sb, "POST", "/rest/socialActions/urn:li:share:1/comments", json=body)
    assert missing.status_code == 404


@pytest.mark.parametrize("kind", ["429", "500", "error", "echo"])
def test_injected_faults_answer_in_linkedins_shape(sb: Sandbox, kind: str) -> None:
    sb.inject("linkedin", kind, method="posts")
    answer = call(sb, "POST", "/rest/posts", json=POST)
    assert answer.status_code >= 400 and set(json.loads(answer.text)) >= {"status", "message"}
    assert sb.posts("linkedin") == []
