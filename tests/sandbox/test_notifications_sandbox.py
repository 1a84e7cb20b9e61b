"""The sandbox's notification lists answer as the networks' servers do (docs/inbox.md#sources):
Mastodon's GET /api/v1/notifications (Api::V1::NotificationsController) and Bluesky's
app.bsky.notification.listNotifications (the AppView in bluesky-social/atproto packages/bsky)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from smm.sandbox import Sandbox

MASTODON = {"Authorization": "Bearer token-a"}
BRAND = "zerno.bsky.social"


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(
        mastodon_tokens=["token-a"],
        bluesky_passwords=["app-pass"],
        bluesky_priority_notifications=["priority.bsky.social"],
    ) as sandbox:
        yield sandbox


@pytest.fixture
def http(sb: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sb.url, timeout=10) as client:
        yield client


def _links(answer: httpx.Response) -> dict[str, dict[str, list[str]]]:
    """rel -> the query of its URL, from a Link header."""
    out = {}
    for part in answer.headers.get("link", "").split(","):
        if part.strip():
            url, rel = part.split(";")
            out[rel.split('"')[1]] = parse_qs(urlsplit(url.strip()[1:-1]).query)
    return out


def test_mastodon_notifications_have_their_own_ids_and_links_that_keep_the_filter(
    sb: Sandbox, http: httpx.Client
) -> None:
    toot = http.post("/api/v1/statuses", data={"status": "Кофе"}, headers=MASTODON).json()
    made = [
        sb.audience("mentions", network="mastodon", post=toot["id"], author=f"fan{n}", text="@z")
        for n in range(3)
    ]
    query = {"types[]": "mention", "limit": "2"}
    first = http.get("/api/v1/notifications", params=query, headers=MASTODON)
    assert first.status_code == 200
    page = first.json()
    assert [n["status"]["id"] for n in page] == [made[2]["id"], made[1]["id"]]
    assert [n["type"] for n in page] == ["mention", "mention"]
    ids = [n["id"] for n in page]
    assert not set(ids) & {m["id"] for m in made}  # numbered apart from the statuses
    assert int(ids[0]) > int(ids[1])
    links = _links(first)
    assert links["next"] == {"limit": ["2"], "types[]": ["mention"], "max_id": [ids[1]]}
    assert links["prev"] == {"limit": ["2"], "types[]": ["mention"], "min_id": [ids[0]]}
    rest = http.get("/api/v1/notifications", params=links["next"], headers=MASTODON)
    assert [n["status"]["id"] for n in rest.json()] == [made[0]["id"]]
    again = http.get("/api/v1/notifications", params=query, headers=MASTODON).json()
    assert [n["id"] for n in again] == ids  # a notification keeps its id
    newer = http.get(
        "/api/v1/notifications", params={"min_id": rest.json()[0]["id"]}, headers=MASTODON
    )
    assert [n["id"] for n in newer.json()] == ids
    for other in ({"types[]": "follow"}, {"exclude_types[]": "mention"}):
        none = http.get("/api/v1/notifications", params=other, headers=MASTODON)
        assert none.json() == [] and "link" not in none.headers
    assert http.get("/api/v1/notifications").status_code == 401


def _session(http: httpx.Client, handle: str) -> dict[str, str]:
    answer = http.post(
        "/xrpc/com.atproto.server.createSession",
        json={"identifier": handle, "password": "app-pass"},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return {"did": body["did"], "auth": f"Bearer {body['accessJwt']}"}


def _post(http: httpx.Client, who: dict[str, str], text: str, **more: Any) -> dict[str, str]:
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-12-03T08:00:00Z"}
    answer = http.post(
        "/xrpc/com.atproto.repo.createRecord",
        json={"repo": who["did"], "collection": "app.bsky.feed.post", "record": record | more},
        headers={"Authorization": who["auth"]},
    )
    assert answer.status_code == 200, answer.text
    return {"uri": answer.json()["uri"], "cid": answer.json()["cid"]}


def _notifications(http: httpx.Client, who: dict[str, str], **params: Any) -> httpx.Response:
    return http.get(
        "/xrpc/app.bsky.notification.listNotifications",
        params=params,
        headers={"Authorization": who["auth"]},
    )


def test_bluesky_a_mention_goes_before_a_reply_and_replies_notify_four_levels_up(
    sb: Sandbox, http: httpx.Client
) -> None:
    brand, reader = _session(http, BRAND), _session(http, "anna.bsky.social")
    post = _post(http, brand, "Кофе")
    at = f"@{BRAND} "
    mention = {"index": {"byteStart": 0, "byteEnd": len(at.encode()) - 1}}
    mention["features"] = [{"$type": "app.bsky.richtext.facet#mention", "did": brand["did"]}]
    both = _post(http, reader, at + "да!", reply={"root": post, "parent": post}, facets=[mention])
    chain, parent = [], post["uri"]
    for depth in range(1, 6):  # replies under replies, deeper each time
        made = sb.audience(
            "comments",
            network="bluesky",
            post=post["uri"],
            author=f"r{depth}.bsky.social",
            text=f"уровень {depth}",
            reply_to=parent if depth > 1 else None,
        )
        chain.append(made["id"])
        parent = made["id"]
    answer = _notifications(http, brand)
    assert answer.status_code == 200
    listed = {
        n["uri"]: (n["reason"], n.get("reasonSubject")) for n in answer.json()["notifications"]
    }
    assert (
        listed
        == {
            both["uri"]: ("mention", None),  # once, as a mention, though it replies too
            **dict.fromkeys(chain[:4], ("reply", post["uri"])),  # the brand's post 1-4 levels up
        }
    )
    assert answer.json()["priority"] is False
    only = _notifications(http, brand, reasons=["mention"]).json()["notifications"]
    assert [n["uri"] for n in only] == [both["uri"]]


def test_bluesky_priority_seen_at_and_limit_are_taken_as_the_appview_takes_them(
    sb: Sandbox, http: httpx.Client
) -> None:
    brand = _session(http, "priority.bsky.social")
    post = _post(http, brand, "Кофе")
    sb.audience(
        "mentions", network="bluesky", post=post["uri"], author="anna.bsky.social", text="!"
    )
    default = _notifications(http, brand).json()
    assert (default["priority"], default["notifications"]) == (True, [])  # follows nobody
    everyone = _notifications(http, brand, priority="false").json()
    assert (everyone["priority"], len(everyone["notifications"])) == (False, 1)
    refused = {
        "seenAt": ("2026-12-03T08:00:00Z", "The seenAt parameter is unsupported"),
        "limit": ("101", "Params/limit can not be greater than 100"),
    }
    for name, (value, message) in refused.items():
        answer = _notifications(http, brand, **{name: value})
        assert answer.status_code == 400
        assert answer.json() == {"error": "InvalidRequest", "message": message}
