"""Mentions of the brand outside its posts' threads (Mastodon notifications, Bluesky
listNotifications) in the inbox: listed once (a reply under a post is not listed again), left out
once the brand answered, paged through, and bounded by --since."""

from __future__ import annotations

import httpx

from publish.harness import THREE_TOKENS
from smm.inbox import inbox
from smm.sandbox.bsky_auth import did_for

from .conftest import Live


def mention(live: Live, network: str, author: str, text: str, date: str) -> str:
    made = live.sandbox.audience(
        "mentions", network=network, post=live.ids[network], author=author, text=text, date=date
    )
    return str(made["id"])


def test_mentions_anywhere_join_the_inbox_once_and_leave_when_answered(live: Live):
    live.comment("mastodon", "vera@social.example", "под постом", "2026-12-02T08:00:00+03:00")
    live.comment("bluesky", "gleb.bsky.social", "под постом", "2026-12-02T08:30:00+03:00")
    toot = mention(
        live, "mastodon", "anna@social.example", "@zerno вы открыты?", "2026-12-03T09:00:00+03:00"
    )
    sky = mention(
        live, "bluesky", "boris.bsky.social", "советую зерно", "2026-12-03T10:00:00+03:00"
    )
    mention(live, "bluesky", "dina.bsky.social", "кто был в зерне?", "2026-12-04T10:00:00+03:00")

    found = inbox(live.root, live.settings())
    rows = [(f.network, f.handle, f.kind, path) for path, f in found.items]
    assert rows == [
        ("mastodon", "vera@social.example", "comment", "posts/zerno/2026/12/01-giveaway.md"),
        ("bluesky", "gleb.bsky.social", "comment", "posts/zerno/2026/12/01-giveaway.md"),
        ("mastodon", "anna@social.example", "mention", ""),
        ("bluesky", "boris.bsky.social", "mention", ""),
        ("bluesky", "dina.bsky.social", "mention", ""),
    ]  # the replies under the post come once, as comments, though they notify the brand too
    assert found.items[2][1].id == toot and found.items[3][1].id == sky
    assert found.items[3][1].url.startswith("https://bsky.app/profile/boris.bsky.social/post/")

    # the brand answers both through the APIs: the Mastodon mention and Boris's post leave
    token = THREE_TOKENS["SMM_ZERNO_MASTODON"]
    answer = httpx.post(
        f"{live.sandbox.url}/api/v1/statuses",
        data={"status": "@anna да!", "in_reply_to_id": toot},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    live.sandbox.audience(
        "comments",
        network="bluesky",
        post=sky,
        author="zerno.bsky.social",
        author_id=did_for("zerno.bsky.social"),
        text="спасибо!",
        reply_to=sky,
    )
    after = inbox(live.root, live.settings())
    assert [(f.handle, f.kind) for _, f in after.items if f.kind == "mention"] == [
        ("dina.bsky.social", "mention")
    ]
    since = inbox(live.root, live.settings(), since=found.items[4][1].at)
    assert [f.handle for _, f in since.items] == ["dina.bsky.social"]


def test_mentions_are_read_page_by_page(live: Live):
    for n in range(85):  # Mastodon's notifications come 80 a page at most
        mention(
            live, "mastodon", f"fan{n}@social.example", "@zerno привет", "2026-12-02T08:00:00+03:00"
        )
    for n in range(105):  # Bluesky's 100
        mention(live, "bluesky", f"fan{n}.bsky.social", "зерно!", "2026-12-02T08:00:00+03:00")
    found = inbox(live.root, live.settings())
    kinds = [f.network for _, f in found.items if f.kind == "mention"]
    assert (kinds.count("mastodon"), kinds.count("bluesky")) == (85, 105)


def test_the_control_endpoint_keeps_mentions_on_mastodon_and_bluesky_only(live: Live):
    refused = httpx.post(
        f"{live.sandbox.url}/_sandbox/mentions",
        json={"network": "vk", "post": live.ids["vk"], "author": "anna", "text": "@zerno"},
    )
    assert refused.status_code == 400 and "keeps no mentions" in refused.json()["error"]
