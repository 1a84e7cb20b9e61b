"""The Threads emulation spoken to directly over HTTP: Graph answer and error shapes, the container
life cycle, the publishing limits, listings, insights and the shared faults (sandbox/threads.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer
from smm.sandbox.threads_media import threads_length

ROOT = Path(__file__).resolve().parents[2]
TOKEN, USER = "THAAgood", "25000000000000001"
IMAGE = "assets/nordlicht/aurora-camp-1280x720.jpg"


#: how long a container is IN_PROGRESS; the tests move the sandbox's clock past it rather than
#: sleep, so a loaded machine sees the same statuses as an idle one
PROCESSING = 60.0


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path, threads_tokens=[TOKEN], threads_processing=PROCESSING, threads_quota=2
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


def url(sb: Sandbox, path: str) -> str:
    return f"{sb.url}/_graph.threads.net/v1.0/{path}"


def post(http: httpx.Client, sb: Sandbox, path: str, **data: Any) -> httpx.Response:
    return http.post(url(sb, path), data={"access_token": TOKEN, **data})


def get(http: httpx.Client, sb: Sandbox, path: str, **params: Any) -> httpx.Response:
    return http.get(url(sb, path), params={"access_token": TOKEN, **params})


def error(answer: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = answer.json()["error"]
    return body


def publish_text(http: httpx.Client, sb: Sandbox, text: str, **extra: str) -> str:
    container = post(http, sb, f"{USER}/threads", media_type="TEXT", text=text, **extra).json()
    sb.advance_clock(PROCESSING)
    answer = post(http, sb, f"{USER}/threads_publish", creation_id=container["id"])
    media: str = answer.json()["id"]
    return media


def test_graph_error_shape_and_tokens(sb: Sandbox, http: httpx.Client) -> None:
    missing = http.get(url(sb, f"{USER}/threads"))
    assert missing.status_code == 400 and error(missing)["code"] == 104
    assert error(missing)["type"] == "OAuthException" and error(missing)["fbtrace_id"]
    bad = http.get(url(sb, f"{USER}/threads"), params={"access_token": "nope"})
    assert error(bad)["code"] == 190
    bearer = http.get(url(sb, "me/threads"), headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 200 and bearer.json() == {"data": []}
    field = get(http, sb, f"{USER}/threads_publishing_limit", fields="quota_usage,bogus")
    assert "nonexisting field (bogus)" in error(field)["message"]


def test_instagram_paths_stay_instagrams(sb: Sandbox, http: httpx.Client) -> None:
    # the real host shares /v1.0/<node>/<edge> with the Graph API: the sandbox keeps it apart
    answer = http.get(f"{sb.url}/v1.0/{USER}/threads", params={"access_token": TOKEN})
    assert "Unknown path components" in error(answer)["message"]


def test_a_container_is_in_progress_then_finished_then_published(
    sb: Sandbox, http: httpx.Client
) -> None:
    made = post(
        http, sb, f"{USER}/threads", media_type="TEXT", text="Hallo #Winter", topic_tag="Winter"
    )
    container = made.json()["id"]
    assert get(http, sb, container, fields="id,status").json() == {
        "id": container,
        "status": "IN_PROGRESS",
    }
    early = post(http, sb, f"{USER}/threads_publish", creation_id=container)
    assert error(early)["code"] == 24
    sb.advance_clock(PROCESSING)
    assert get(http, sb, container, fields="status").json()["status"] == "FINISHED"
    media = post(http, sb, f"{USER}/threads_publish", creation_id=container).json()["id"]
    assert get(http, sb, container, fields="status").json()["status"] == "PUBLISHED"
    again = post(http, sb, f"{USER}/threads_publish", creation_id=container)
    assert error(again)["code"] == 100 and len(sb.posts("threads")) == 1
    fields = "id,text,media_type,topic_tag,permalink,owner,is_reply"
    read = get(http, sb, media, fields=fields).json()
    assert read["text"] == "Hallo #Winter" and read["media_type"] == "TEXT_POST"
    assert read["topic_tag"] == "Winter" and read["owner"] == {"id": USER}
    assert read["permalink"].startswith("https://www.threads.net/@") and read["is_reply"] is False


@pytest.mark.parametrize(
    "params,words",
    [
        ({"media_type": "TEXT", "text": "x" * 501}, "at most 500"),
        ({"media_type": "TEXT", "text": "😀" * 126}, "at most 500"),  # 4 bytes each: 504
        (
            {"media_type": "TEXT", "text": " ".join(f"https://e.de/{n}" for n in range(6))},
            "LINK_LIMIT",
        ),
        ({"media_type": "TEXT", "text": "a", "topic_tag": "a.b"}, "topic_tag"),
        ({"media_type": "TEXT", "text": "a", "topic_tag": "x" * 51}, "topic_tag"),
        ({"media_type": "TEXT"}, "text is required"),
        ({"media_type": "VIDEO"}, "TEXT, IMAGE or CAROUSEL"),
        ({"media_type": "IMAGE"}, "image_url is required"),
        ({"media_type": "TEXT", "text": "a", "reply_to_id": "1"}, "reply_to_id"),
        ({"media_type": "CAROUSEL", "children": "1"}, "at least 2 and up to 20"),
        ({"media_type": "IMAGE", "image_url": "http://127.0.0.1:9/x.jpg"}, "download has failed"),
    ],
)
def test_containers_are_refused_as_meta_refuses_them(
    sb: Sandbox, http: httpx.Client, params: dict[str, str], words: str
) -> None:
    answer = post(http, sb, f"{USER}/threads", **params)
    assert answer.status_code == 400 and words in error(answer)["message"]


def test_emoji_count_as_their_utf8_bytes() -> None:
    assert threads_length("abc") == 3 and threads_length("😀") == 4 and threads_length("☀") == 3


def test_images_are_fetched_and_a_carousel_keeps_each_alt_text(
    sb: Sandbox, http: httpx.Client, files: FileServer
) -> None:
    children = [
        post(
            http,
            sb,
            f"{USER}/threads",
            media_type="IMAGE",
            image_url=f"{files.url}/{IMAGE}",
            is_carousel_item="true",
            alt_text=f"Bild {n}",
        ).json()["id"]
        for n in (1, 2)
    ]
    carousel = post(
        http, sb, f"{USER}/threads", media_type="CAROUSEL", children=",".join(children), text="Zwei"
    ).json()["id"]
    alone = post(http, sb, f"{USER}/threads_publish", creation_id=children[0])
    assert "not a valid media container" in error(alone)["message"]  # a carousel item
    sb.advance_clock(PROCESSING)
    post(http, sb, f"{USER}/threads_publish", creation_id=carousel)
    [stored] = sb.posts("threads")
    assert stored["media_type"] == "CAROUSEL_ALBUM" and stored["alt_texts"] == ["Bild 1", "Bild 2"]
    assert stored["images"][0]["width"] == 1280 and stored["text"] == "Zwei"


def test_publishing_limits_of_posts_and_replies(sb: Sandbox, http: httpx.Client) -> None:
    first = publish_text(http, sb, "eins")
    publish_text(http, sb, "zwei")
    publish_text(http, sb, "Antwort", reply_to_id=first)
    limit = get(
        http,
        sb,
        f"{USER}/threads_publishing_limit",
        fields="quota_usage,config,reply_quota_usage,reply_config",
    ).json()["data"][0]
    assert limit == {
        "quota_usage": 2,
        "config": {"quota_total": 2, "quota_duration": 86400},
        "reply_quota_usage": 1,
        "reply_config": {"quota_total": 1000, "quota_duration": 86400},
    }
    container = post(http, sb, f"{USER}/threads", media_type="TEXT", text="drei").json()["id"]
    sb.advance_clock(PROCESSING)
    refused = post(http, sb, f"{USER}/threads_publish", creation_id=container)
    assert error(refused)["code"] == 9 and len(sb.posts("threads")) == 3


def test_threads_and_replies_are_listed_apart_newest_first_with_cursors(
    sb: Sandbox, http: httpx.Client
) -> None:
    first = publish_text(http, sb, "eins")
    second = publish_text(http, sb, "zwei")
    reply = publish_text(http, sb, "Antwort", reply_to_id=first)
    page = get(http, sb, f"{USER}/threads", fields="id,text", limit=1).json()
    assert page["data"] == [{"id": second, "text": "zwei"}] and page["paging"]["next"]
    after = get(http, sb, f"{USER}/threads", limit=1, after=page["paging"]["cursors"]["after"])
    assert after.json()["data"] == [{"id": first}] and "next" not in after.json()["paging"]
    replies = get(http, sb, f"{USER}/replies", fields="id,replied_to,root_post").json()["data"]
    assert replies == [{"id": reply, "replied_to": {"id": first}, "root_post": {"id": first}}]
    future = get(http, sb, f"{USER}/threads", since=int(sb.config.now()) + 3600).json()
    assert future == {"data": []}
    assert [p["reply_to"] for p in sb.posts("threads")] == [None, None, first]


def test_insights_are_lifetime_values_of_the_six_metrics(sb: Sandbox, http: httpx.Client) -> None:
    media = publish_text(http, sb, "Zahlen")
    sb.set_metrics("threads", media, views=10, likes=2, quotes=1)
    data = get(http, sb, f"{media}/insights", metric="views,likes,replies,reposts,quotes,shares")
    values = {d["name"]: d["values"][0]["value"] for d in data.json()["data"]}
    assert values == {"views": 10, "likes": 2, "replies": 0, "reposts": 0, "quotes": 1, "shares": 0}
    assert (
        "must be one of"
        in error(get(http, sb, f"{media}/insights", metric="impressions"))["message"]
    )
    assert error(get(http, sb, "18999999999999999/insights", metric="views"))["code"] == 100


@pytest.mark.parametrize("kind,status,code", [("429", 400, 4), ("500", 500, 2), ("error", 500, 1)])
def test_shared_faults_answer_in_graphs_shape(
    sb: Sandbox, http: httpx.Client, kind: str, status: int, code: int
) -> None:
    sb.inject("threads", kind, method="threads_publish")
    answer = post(http, sb, f"{USER}/threads_publish", creation_id="1")
    assert answer.status_code == status and error(answer)["code"] == code


def test_a_drop_after_store_keeps_the_post(sb: Sandbox, http: httpx.Client) -> None:
    container = post(http, sb, f"{USER}/threads", media_type="TEXT", text="weg").json()["id"]
    sb.advance_clock(PROCESSING)
    sb.inject("threads", "drop_after_store", method="threads_publish")
    with pytest.raises(httpx.TransportError):
        post(http, sb, f"{USER}/threads_publish", creation_id=container)
    assert [p["text"] for p in sb.posts("threads")] == ["weg"]


def test_an_echo_fault_quotes_the_request(sb: Sandbox, http: httpx.Client) -> None:
    sb.inject("threads", "echo", method="threads")
    answer = post(http, sb, f"{USER}/threads", media_type="TEXT", text="echo")
    assert TOKEN in error(answer)["message"] and TOKEN in error(answer)["fbtrace_id"]
