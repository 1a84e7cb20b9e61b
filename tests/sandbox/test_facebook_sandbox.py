"""The Facebook Pages sandbox answers as the Graph API does: auth, unpublished photos and
attached_media, Graph's error bodies, the usage headers and throttling, the shared Graph host."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smm.sandbox import Sandbox

TOKEN, PAGE = "fb-sandbox-token", "100000000000002"
IMAGE = Path(__file__).resolve().parents[2] / "assets/nordlicht/aurora-camp-1280x720.jpg"


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path, facebook_tokens=[TOKEN], facebook_pages=[PAGE], facebook_page_calls=8
    ) as sandbox:
        yield sandbox


def get(sb: Sandbox, path: str, token: str = TOKEN, **params: str) -> httpx.Response:
    return httpx.get(f"{sb.url}/v24.0/{path}", params={**params, "access_token": token})


def post(
    sb: Sandbox, path: str, data: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
) -> httpx.Response:
    body = {**data, "access_token": TOKEN}
    return httpx.post(f"{sb.url}/v24.0/{path}", data=body, files=files)


def photo(sb: Sandbox, content: bytes | None = None) -> str:
    source = ("aurora.jpg", content if content is not None else IMAGE.read_bytes())
    answer = post(sb, f"{PAGE}/photos", {"published": "false"}, {"source": source})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


def test_a_token_is_required_and_checked(sb: Sandbox) -> None:
    missing = httpx.get(f"{sb.url}/v24.0/{PAGE}/published_posts")
    assert missing.status_code == 400 and missing.json()["error"]["code"] == 104
    wrong = get(sb, f"{PAGE}/published_posts", token="nope")
    assert (
        wrong.json()["error"]["code"] == 190 and wrong.json()["error"]["type"] == "OAuthException"
    )


def test_an_unknown_page_is_graphs_unsupported_request(sb: Sandbox) -> None:
    error = post(sb, "999/feed", {"message": "hi"}).json()["error"]
    assert (error["code"], error["error_subcode"]) == (100, 33)
    assert error["message"].startswith("Unsupported post request.")


def test_unpublished_photos_show_nowhere_until_a_post_attaches_them(sb: Sandbox) -> None:
    first, second = photo(sb), photo(sb)
    assert sb.posts("facebook") == []  # published=false: nothing on the Page
    media = {
        f"attached_media[{i}]": json.dumps({"media_fbid": p}) for i, p in enumerate([first, second])
    }
    answer = post(sb, f"{PAGE}/feed", {"message": "Zwei Bilder", **media})
    [stored] = sb.posts("facebook")
    assert answer.json() == {"id": stored["id"]} and stored["id"].startswith(f"{PAGE}_")
    assert [i["id"] for i in stored["images"]] == [first, second]
    again = post(sb, f"{PAGE}/feed", {"message": "Noch einmal", **media}).json()["error"]
    assert again["code"] == 100 and "attached_media[0]" in again["message"]  # attached already


def test_a_photo_that_is_no_image_and_a_post_without_anything_are_refused(sb: Sandbox) -> None:
    refused = post(sb, f"{PAGE}/photos", {"published": "false"}, {"source": ("x.jpg", b"nope")})
    assert refused.json()["error"] == {**refused.json()["error"], "code": 324}
    assert refused.json()["error"]["message"] == "(#324) Missing or invalid image file"
    empty = post(sb, f"{PAGE}/feed", {"message": ""}).json()["error"]
    assert (empty["code"], empty["message"]) == (100, "(#100) Missing message or attachment")


def test_the_same_text_twice_in_a_row_is_a_duplicate_status(sb: Sandbox) -> None:
    assert post(sb, f"{PAGE}/feed", {"message": "Hallo"}).status_code == 200
    error = post(sb, f"{PAGE}/feed", {"message": "Hallo"}).json()["error"]
    assert (error["code"], error["message"]) == (506, "(#506) Duplicate status message")


def test_published_posts_page_newest_first_since_a_time(sb: Sandbox) -> None:
    ids = [post(sb, f"{PAGE}/feed", {"message": f"post {n}"}).json()["id"] for n in range(3)]
    first = get(sb, f"{PAGE}/published_posts", fields="id,message,created_time", limit="2").json()
    assert [p["id"] for p in first["data"]] == ids[:0:-1] and "next" in first["paging"]
    after = first["paging"]["cursors"]["after"]
    rest = get(sb, f"{PAGE}/published_posts", fields="id", limit="2", after=after).json()
    assert [p["id"] for p in rest["data"]] == [ids[0]] and "next" not in rest["paging"]
    assert get(sb, f"{PAGE}/published_posts", since="9999999999").json() == {"data": []}
    bad = get(sb, f"{PAGE}/published_posts", fields="id,impressions").json()["error"]
    assert (
        bad["message"]
        == "(#100) Tried accessing nonexisting field (impressions) on node type (Post)"
    )


def test_a_comment_is_listed_with_reply_to_and_counted_under_its_post(sb: Sandbox) -> None:
    post_id = post(sb, f"{PAGE}/feed", {"message": "Post"}).json()["id"]
    comment_id = post(sb, f"{post_id}/comments", {"message": "Erster!"}).json()["id"]
    [stored] = [p for p in sb.posts("facebook") if p.get("comment")]
    assert (stored["id"], stored["reply_to"], stored["comment"]) == (comment_id, post_id, True)
    listed = get(sb, f"{post_id}/comments", fields="id,message,from").json()["data"]
    assert listed == [{"id": comment_id, "message": "Erster!", "from": stored["from"]}]
    fields = get(sb, post_id, fields="comments.summary(true).limit(0)").json()
    assert fields["comments"]["summary"]["total_count"] == 1
    assert [p["id"] for p in get(sb, f"{PAGE}/published_posts").json()["data"]] == [post_id]


def test_insights_refuse_deprecated_metrics(sb: Sandbox) -> None:
    post_id = post(sb, f"{PAGE}/feed", {"message": "Post"}).json()["id"]
    sb.set_metrics("facebook", post_id, views=12)
    ok = get(sb, f"{post_id}/insights", metric="post_media_view").json()["data"]
    assert ok[0]["values"] == [{"value": 12}] and ok[0]["period"] == "lifetime"
    for gone in ("post_impressions", "post_impressions_unique", "post_engaged_users"):
        error = get(sb, f"{post_id}/insights", metric=gone).json()["error"]
        assert error["message"] == "(#100) The value must be a valid insights metric"
    none = get(sb, f"{post_id}/insights").json()["error"]
    assert (none["code"], none["error_subcode"]) == (3001, 1504028)


def test_usage_headers_count_the_page_budget_and_code_32_refuses_past_it(sb: Sandbox) -> None:
    seen = [get(sb, f"{PAGE}/published_posts") for _ in range(8)]
    usage = [json.loads(r.headers["x-page-usage"])["call_count"] for r in seen]
    assert usage == [13, 25, 38, 50, 63, 75, 88, 100]
    assert [r.status_code for r in seen] == [200] * 8  # the call that fills it is answered
    assert json.loads(seen[0].headers["x-app-usage"])["call_count"] >= 0
    over = get(sb, f"{PAGE}/published_posts")
    error, buc = over.json()["error"], json.loads(over.headers["x-business-use-case-usage"])
    assert (over.status_code, error["code"], error["message"]) == (
        400,
        32,
        "(#32) Page request limit reached",
    )
    [entry] = buc[PAGE]
    assert entry["type"] == "pages" and entry["call_count"] == 100
    assert entry["estimated_time_to_regain_access"] == 1440  # the oldest call leaves in 24 h


@pytest.mark.parametrize("kind", ["429", "500", "error"])
def test_injected_faults_answer_in_graphs_shape(sb: Sandbox, kind: str) -> None:
    sb.inject("facebook", kind, method="feed", code=613)
    error = post(sb, f"{PAGE}/feed", {"message": "x"}).json()["error"]
    want = {"429": 32, "500": 2, "error": 613}[kind]
    assert error["code"] == want and error["type"] == "OAuthException" and error["fbtrace_id"]
    assert sb.posts("facebook") == []


def test_instagram_and_facebook_share_the_graph_host(sb: Sandbox) -> None:
    assert get(sb, "17841400000000002/media").status_code == 200  # Instagram's media listing
    assert get(sb, f"{PAGE}/published_posts").json() == {"data": []}  # the Page's
