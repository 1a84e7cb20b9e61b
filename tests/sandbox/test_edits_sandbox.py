"""The sandbox's edit and delete endpoints over raw HTTP, as a client other than smm meets them:
GET /_sandbox/posts shows the current text, the ``edited`` list and ``deleted: true``; the
endpoints check the token and answer each network's own error bodies."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from smm.sandbox import Sandbox

FB_TOKEN, PAGE = "fb-page-token", "100000000000002"
LI_TOKEN = "AQVsandboxLinkedInToken"
LI_HEADERS = {
    "Authorization": f"Bearer {LI_TOKEN}",
    "Linkedin-Version": "202610",
    "X-Restli-Protocol-Version": "2.0.0",
}


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(
        facebook_tokens=[FB_TOKEN],
        facebook_pages=[PAGE],
        linkedin_tokens=[LI_TOKEN],
        clock_offset=0,
    ) as sandbox:
        yield sandbox


def test_control_api_shows_the_edit_history_and_the_deletion(sb: Sandbox) -> None:
    with httpx.Client(base_url=sb.url, timeout=5) as http:
        feed = f"/v24.0/{PAGE}/feed"
        post = http.post(feed, data={"message": "Tippfehler", "access_token": FB_TOKEN}).json()
        node = f"/v24.0/{post['id']}"
        for text in ("Kein Tippfehler", "Kein Tippfehler mehr"):
            done = http.post(node, data={"message": text, "access_token": FB_TOKEN})
            assert done.json() == {"success": True}
        [shown] = http.get("/_sandbox/posts", params={"network": "facebook"}).json()
        assert (shown["id"], shown["text"]) == (post["id"], "Kein Tippfehler mehr")
        assert [e["text"] for e in shown["edited"]] == ["Kein Tippfehler", "Kein Tippfehler mehr"]
        assert "deleted" not in shown
        gone = http.delete(node, params={"access_token": FB_TOKEN})
        assert gone.json() == {"success": True}
        [shown] = http.get("/_sandbox/posts", params={"network": "facebook"}).json()
        assert shown["deleted"] is True and shown["id"] == post["id"]
        again = http.delete(node, params={"access_token": FB_TOKEN}).json()["error"]
        assert (again["code"], again["error_subcode"]) == (100, 33)
        assert http.get(feed, params={"access_token": FB_TOKEN}).json()["data"] == []


def test_graph_edit_and_delete_need_the_page_token(sb: Sandbox) -> None:
    with httpx.Client(base_url=sb.url, timeout=5) as http:
        post = http.post(
            f"/v24.0/{PAGE}/feed", data={"message": "x", "access_token": FB_TOKEN}
        ).json()
        node = f"/v24.0/{post['id']}"
        assert http.delete(node).json()["error"]["code"] == 104
        refused = http.post(node, data={"message": "y", "access_token": "stolen"})
        assert refused.json()["error"]["code"] == 190
        assert http.post(node, data={"access_token": FB_TOKEN}).json()["error"]["code"] == 100
        assert http.get("/_sandbox/posts").json()[0]["text"] == "x"


def test_linkedin_partial_update_takes_the_commentary_alone_with_its_method_header(
    sb: Sandbox,
) -> None:
    with httpx.Client(base_url=sb.url, timeout=5) as http:
        body = {
            "author": "urn:li:organization:90000002",
            "commentary": "Alt",
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED"},
            "lifecycleState": "PUBLISHED",
        }
        urn = http.post("/rest/posts", json=body, headers=LI_HEADERS).headers["x-restli-id"]
        path = f"/rest/posts/{urn.replace(':', '%3A')}"
        patch = {"patch": {"$set": {"commentary": "Neu \\(2026\\)"}}}
        assert http.post(path, json=patch, headers=LI_HEADERS).status_code == 400  # no method
        update = {**LI_HEADERS, "X-RestLi-Method": "PARTIAL_UPDATE"}
        other = {"patch": {"$set": {"commentary": "x", "visibility": "CONNECTIONS"}}}
        refused = http.post(path, json=other, headers=update)
        assert refused.status_code == 422 and "visibility" in refused.json()["message"]
        assert http.post(path, json=patch, headers=update).status_code == 204
        read = http.get(path, headers=LI_HEADERS).json()
        assert read["commentary"] == "Neu \\(2026\\)"
        assert read["lifecycleStateInfo"]["isEditedByAuthor"] is True
        [shown] = http.get("/_sandbox/posts", params={"network": "linkedin"}).json()
        assert shown["text"] == "Neu (2026)" and len(shown["edited"]) == 1
        assert http.delete(path, headers=LI_HEADERS).status_code == 204
        assert http.delete(path, headers=LI_HEADERS).status_code == 204  # idempotent
        assert http.get(path, headers=LI_HEADERS).status_code == 404
        unauthorized = http.delete(path, headers={**LI_HEADERS, "Authorization": "Bearer x"})
        assert unauthorized.status_code == 401
