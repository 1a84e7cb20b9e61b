"""The Instagram emulation spoken to directly over HTTP: Graph answer and error shapes, the
container life cycle, the quota, and the loopback file server that stands in for a public URL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN, USER, V = "EAAGgood", "17841400000000001", "v24.0"
IMAGE = "assets/zerno/winter-menu-1080.jpg"


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path, instagram_tokens=[TOKEN], instagram_users=[USER], instagram_processing=0.2,
                 instagram_quota=2) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def files() -> Iterator[FileServer]:
    with FileServer(ROOT) as server:
        yield server


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def post(http: httpx.Client, sb: Sandbox, path: str, **data: Any) -> httpx.Response:
    return http.post(f"{sb.url}/{V}/{path}", data={"access_token": TOKEN, **data})


def get(http: httpx.Client, sb: Sandbox, path: str, **params: Any) -> httpx.Response:
    return http.get(f"{sb.url}/{V}/{path}", params={"access_token": TOKEN, **params})


def test_graph_error_shape_and_token_checks(sb: Sandbox, http: httpx.Client) -> None:
    answer = http.get(f"{sb.url}/{V}/{USER}/media")
    error = answer.json()["error"]
    assert answer.status_code == 400 and error["code"] == 104 and error["type"] == "OAuthException"
    assert error["fbtrace_id"] and "is_transient" in error
    assert http.get(f"{sb.url}/{V}/{USER}/media", params={"access_token": "bad"}).json()["error"]["code"] == 190
    unknown = get(http, sb, "17841499999999999/media").json()["error"]
    assert (unknown["code"], unknown["error_subcode"]) == (100, 33)
    field = get(http, sb, f"{USER}/content_publishing_limit", fields="quota_usage,bogus").json()["error"]
    assert "nonexisting field (bogus)" in field["message"]


def test_container_is_in_progress_then_finished_and_publishing_early_is_9007(sb: Sandbox, http: httpx.Client,
                                                                             files: FileServer) -> None:
    container = post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", caption="c", alt_text="a").json()["id"]
    assert get(http, sb, container, fields="status_code").json() == {"status_code": "IN_PROGRESS"}
    early = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["error"]
    assert (early["code"], early["error_subcode"]) == (9007, 2207027)
    time.sleep(0.25)
    assert get(http, sb, container, fields="id,status_code").json() == {"id": container, "status_code": "FINISHED"}
    media = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["id"]
    assert get(http, sb, container, fields="status_code").json()["status_code"] == "PUBLISHED"
    fields = get(http, sb, media, fields="permalink,caption,media_type").json()
    assert fields["caption"] == "c" and fields["media_type"] == "IMAGE" and fields["permalink"].startswith("https://")
    listing = get(http, sb, f"{USER}/media", fields="id,caption").json()
    assert listing["data"] == [{"id": media, "caption": "c"}]


def test_carousels_need_two_to_ten_children_of_the_same_account(sb: Sandbox, http: httpx.Client,
                                                                files: FileServer) -> None:
    child = post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", is_carousel_item="true").json()["id"]
    one = post(http, sb, f"{USER}/media", media_type="CAROUSEL", children=child, caption="x").json()["error"]
    assert one["code"] == 100
    bad = post(http, sb, f"{USER}/media", media_type="CAROUSEL", children=f"{child},123", caption="x").json()["error"]
    assert "invalid id: 123" in bad["message"]
    alone = post(http, sb, f"{USER}/media_publish", creation_id=child).json()["error"]
    assert alone["code"] == 100


def test_quota_is_counted_and_enforced_at_media_publish(sb: Sandbox, http: httpx.Client, files: FileServer) -> None:
    made = [post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()["id"] for _ in range(3)]
    time.sleep(0.25)
    for container in made[:2]:
        assert "id" in post(http, sb, f"{USER}/media_publish", creation_id=container).json()
    limit = get(http, sb, f"{USER}/content_publishing_limit", fields="quota_usage,config").json()
    assert limit == {"data": [{"quota_usage": 2, "config": {"quota_total": 2, "quota_duration": 86400}}]}
    over = post(http, sb, f"{USER}/media_publish", creation_id=made[2]).json()["error"]
    assert (over["code"], over["error_subcode"]) == (9, 2207042)


def test_insights_refuse_metrics_deprecated_in_v22(sb: Sandbox, http: httpx.Client, files: FileServer) -> None:
    container = post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()["id"]
    time.sleep(0.25)
    media = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["id"]
    data = get(http, sb, f"{media}/insights", metric="reach,views").json()["data"]
    assert [(d["name"], d["values"][0]["value"]) for d in data] == [("reach", 0), ("views", 0)]
    old = get(http, sb, f"{media}/insights", metric="impressions").json()["error"]
    assert old["code"] == 100 and "v22.0" in old["message"]
    assert http.get(f"{sb.url}/v21.0/{media}/insights",
                    params={"metric": "impressions", "access_token": TOKEN}).status_code == 200


def test_image_url_must_be_fetchable(sb: Sandbox, http: httpx.Client, files: FileServer) -> None:
    for url in (f"{files.url}/assets/none.jpg", "ftp://example.org/x.jpg", f"{files.url}/README.md"):
        error = post(http, sb, f"{USER}/media", image_url=url).json()["error"]
        assert (error["code"], error["error_subcode"]) == (9004, 2207052), url


def test_faults_for_instagram_through_the_control_endpoint(sb: Sandbox, http: httpx.Client) -> None:
    assert http.post(f"{sb.url}/_sandbox/faults", json={"network": "instagram", "kind": "429",
                                                        "method": "media"}).status_code == 200
    answer = get(http, sb, f"{USER}/media")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 4
    assert get(http, sb, f"{USER}/media").status_code == 200


def test_file_server_serves_files_with_their_type_and_nothing_outside(files: FileServer, http: httpx.Client) -> None:
    ok = http.head(f"{files.url}/{IMAGE}")
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/jpeg"
    assert http.get(f"{files.url}/{IMAGE}").content == (ROOT / IMAGE).read_bytes()
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.git/HEAD", "/", "/assets"):
        assert http.get(f"{files.url}{path}").status_code == 404, path
