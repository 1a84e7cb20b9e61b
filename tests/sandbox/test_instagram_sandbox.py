"""The Instagram emulation spoken to directly over HTTP: Graph answer and error shapes, the
container life cycle, the quota, and the loopback file server that stands in for a public URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm.networks.compose import mentions_in
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer
from smm.sandbox.instagram import InstagramOptions, mentioned

ROOT = Path(__file__).resolve().parents[2]
TOKEN, USER, V = "EAAGgood", "17841400000000001", "v24.0"
IMAGE = "assets/zerno/winter-menu-1080.jpg"
#: how long a container is IN_PROGRESS; the tests move the sandbox's clock past it, not sleep
PROCESSING = 60.0


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path,
        instagram_tokens=[TOKEN],
        instagram_users=[USER],
        instagram_processing=PROCESSING,
        instagram_quota=2,
    ) as sandbox:
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
    assert (
        http.get(f"{sb.url}/{V}/{USER}/media", params={"access_token": "bad"}).json()["error"][
            "code"
        ]
        == 190
    )
    unknown = get(http, sb, "17841499999999999/media").json()["error"]
    assert (unknown["code"], unknown["error_subcode"]) == (100, 33)
    field = get(http, sb, f"{USER}/content_publishing_limit", fields="quota_usage,bogus").json()[
        "error"
    ]
    assert "nonexisting field (bogus)" in field["message"]


def test_container_is_in_progress_then_finished_and_publishing_early_is_9007(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    container = post(
        http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", caption="c", alt_text="a"
    ).json()["id"]
    assert get(http, sb, container, fields="status_code").json() == {"status_code": "IN_PROGRESS"}
    early = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["error"]
    assert (early["code"], early["error_subcode"]) == (9007, 2207027)
    sb.advance_clock(PROCESSING)
    assert get(http, sb, container, fields="id,status_code").json() == {
        "id": container,
        "status_code": "FINISHED",
    }
    media = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["id"]
    assert get(http, sb, container, fields="status_code").json()["status_code"] == "PUBLISHED"
    fields = get(http, sb, media, fields="permalink,caption,media_type").json()
    assert (
        fields["caption"] == "c"
        and fields["media_type"] == "IMAGE"
        and fields["permalink"].startswith("https://")
    )
    listing = get(http, sb, f"{USER}/media", fields="id,caption").json()
    assert listing["data"] == [{"id": media, "caption": "c"}]


def test_carousels_need_two_to_ten_children_of_the_same_account(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    child = post(
        http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", is_carousel_item="true"
    ).json()["id"]
    one = post(
        http, sb, f"{USER}/media", media_type="CAROUSEL", children=child, caption="x"
    ).json()["error"]
    assert one["code"] == 100
    bad = post(
        http, sb, f"{USER}/media", media_type="CAROUSEL", children=f"{child},123", caption="x"
    ).json()["error"]
    assert "invalid id: 123" in bad["message"]
    alone = post(http, sb, f"{USER}/media_publish", creation_id=child).json()["error"]
    assert alone["code"] == 100


def test_quota_is_counted_and_enforced_at_media_publish(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    made = [
        post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()["id"]
        for _ in range(3)
    ]
    sb.advance_clock(PROCESSING)
    for container in made[:2]:
        assert "id" in post(http, sb, f"{USER}/media_publish", creation_id=container).json()
    limit = get(http, sb, f"{USER}/content_publishing_limit", fields="quota_usage,config").json()
    assert limit == {
        "data": [{"quota_usage": 2, "config": {"quota_total": 2, "quota_duration": 86400}}]
    }
    over = post(http, sb, f"{USER}/media_publish", creation_id=made[2]).json()["error"]
    assert (over["code"], over["error_subcode"]) == (9, 2207042)


def test_insights_refuse_metrics_deprecated_in_v22(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    container = post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()["id"]
    sb.advance_clock(PROCESSING)
    media = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["id"]
    sb.set_metrics("instagram", media, reach=180, views=290)
    sb.config.clock_offset = 3 * 3600  # three hours later: past the insights delay
    data = get(http, sb, f"{media}/insights", metric="reach,views").json()["data"]
    assert [(d["name"], d["values"][0]["value"]) for d in data] == [("reach", 180), ("views", 290)]
    old = get(http, sb, f"{media}/insights", metric="impressions").json()["error"]
    assert old["code"] == 100 and "v22.0" in old["message"]
    assert (
        http.get(
            f"{sb.url}/v21.0/{media}/insights",
            params={"metric": "impressions", "access_token": TOKEN},
        ).status_code
        == 200
    )


def test_a_new_posts_insights_are_an_empty_data_set_for_its_first_hours(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    container = post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()["id"]
    sb.advance_clock(PROCESSING)
    media = post(http, sb, f"{USER}/media_publish", creation_id=container).json()["id"]
    sb.set_metrics("instagram", media, reach=40, likes=3)
    for hours, expected in ((0, []), (1.9, []), (2.1, [("reach", 40)])):
        sb.config.clock_offset = (
            hours * 3600
        )  # the sandbox's clock, as a run pinned with --now moves it
        data = get(http, sb, f"{media}/insights", metric="reach").json()["data"]
        assert [(d["name"], d["values"][0]["value"]) for d in data] == expected, hours
    sb.config.clock_offset = 0
    assert get(http, sb, media, fields="like_count").json() == {
        "like_count": 3
    }  # fields are there at once


def test_a_caption_over_2200_characters_is_36004(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    assert (
        "id"
        in post(
            http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", caption="ж" * 2200
        ).json()
    )
    error = post(
        http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", caption="ж" * 2201
    ).json()["error"]
    assert (error["code"], error["error_subcode"]) == (36004, 2207010)
    assert (
        "caption was 2201 characters long" in error["error_user_msg"]
        and "is 2200." in error["error_user_msg"]
    )


def test_more_than_20_people_mentioned_is_100_2207040(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    people = " ".join(f"@barista_{n}" for n in range(20))
    twice = f"{people} и снова @Barista_0, пишите на hello@zerno.example"  # one person twice, an e-mail: still 20
    assert (
        "id"
        in post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", caption=twice).json()
    )
    answer = post(
        http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}", caption=people + " @roaster."
    )
    error = answer.json()["error"]
    assert answer.status_code == 400 and (error["code"], error["error_subcode"]) == (100, 2207040)
    assert error["error_user_msg"] == "Cannot use more than 20 tags per created media."
    carousel = post(
        http, sb, f"{USER}/media", media_type="CAROUSEL", children="1,2", caption=people + " @x"
    ).json()
    assert carousel["error"]["error_subcode"] == 2207040  # the caption of a carousel counts too


def test_containers_are_limited_per_rolling_24_hours(
    tmp_path: Path, http: httpx.Client, files: FileServer
) -> None:
    assert (
        InstagramOptions().containers == 400
    )  # ig-user/media: 400 containers within a rolling 24 hours
    with Sandbox(state_dir=tmp_path, instagram_containers=3) as sb:
        for _ in range(3):
            assert "id" in post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()
        error = post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()["error"]
        assert (
            error["code"] == 9
            and "3 containers within a rolling 24 hour period" in error["error_user_msg"]
        )
        assert (
            "id"
            in post(http, sb, "17841400000000002/media", image_url=f"{files.url}/{IMAGE}").json()
        )  # per account
        sb.config.clock_offset = 24 * 3600 + 1  # a day later the window has moved on
        assert "id" in post(http, sb, f"{USER}/media", image_url=f"{files.url}/{IMAGE}").json()


def test_an_injected_spam_restriction_reads_as_meta_words_it(
    sb: Sandbox, http: httpx.Client
) -> None:
    sb.inject("instagram", "error", method="media_publish", code=4, subcode=2207051)
    answer = post(http, sb, f"{USER}/media_publish", creation_id="1")
    error = answer.json()["error"]
    assert answer.status_code == 403 and (error["code"], error["error_subcode"]) == (4, 2207051)
    assert error["error_user_msg"].startswith(
        "We restrict certain activity to protect our community."
    )
    sb.inject("instagram", "error", method="media_publish", code=24)
    error = post(http, sb, f"{USER}/media_publish", creation_id="17900000000000007").json()["error"]
    assert (error["code"], error["error_subcode"]) == (24, 2207008)
    assert "creation id = 17900000000000007 does not exist" in error["error_user_msg"]


def test_image_url_must_be_fetchable(sb: Sandbox, http: httpx.Client, files: FileServer) -> None:
    for url in (
        f"{files.url}/assets/none.jpg",
        "ftp://example.org/x.jpg",
        f"{files.url}/README.md",
    ):
        error = post(http, sb, f"{USER}/media", image_url=url).json()["error"]
        assert (error["code"], error["error_subcode"]) == (9004, 2207052), url


def test_faults_for_instagram_through_the_control_endpoint(sb: Sandbox, http: httpx.Client) -> None:
    assert (
        http.post(
            f"{sb.url}/_sandbox/faults",
            json={"network": "instagram", "kind": "429", "method": "media"},
        ).status_code
        == 200
    )
    answer = get(http, sb, f"{USER}/media")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 4
    assert get(http, sb, f"{USER}/media").status_code == 200


def test_file_server_serves_files_with_their_type_and_nothing_outside(
    files: FileServer, http: httpx.Client
) -> None:
    ok = http.head(f"{files.url}/{IMAGE}")
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/jpeg"
    assert http.get(f"{files.url}/{IMAGE}").content == (ROOT / IMAGE).read_bytes()
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.git/HEAD", "/", "/assets"):
        assert http.get(f"{files.url}{path}").status_code == 404, path


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "@",
                    "@a",
                    "@Zerno",
                    "@zerno.",
                    "a@b.c",
                    ".",
                    "_",
                    "x" * 31,
                    " ",
                    "\n",
                    "ж",
                    "@@b",
                    "@a.b_c",
                    "mail@zerno.example",
                    "#кофе",
                ]
            ),
            st.text(max_size=4),
        ),
        max_size=40,
    ).map("".join)
)
def test_lint_and_the_sandbox_see_the_same_mentions(caption: str) -> None:
    """Two readings of a caption, written apart on purpose (lint's and Meta's stand-in): they agree."""
    assert {name.casefold() for name in mentions_in(caption)} == mentioned(caption)


def test_an_image_of_exactly_8_mib_is_too_large(
    sb: Sandbox, http: httpx.Client, tmp_path: Path
) -> None:
    # "It should be less than 8 MiB": 8,388,608 bytes is refused, one byte fewer is taken
    picture = (ROOT / IMAGE).read_bytes()
    for size, refused in ((8 * 1024 * 1024, True), (8 * 1024 * 1024 - 1, False)):
        (tmp_path / "big.jpg").write_bytes(picture + bytes(size - len(picture)))
        with FileServer(tmp_path) as files:
            made = post(http, sb, f"{USER}/media", image_url=f"{files.url}/big.jpg").json()
        assert ("error" in made) is refused, made
        if refused:
            assert (made["error"]["code"], made["error"]["error_subcode"]) == (36000, 2207004)
