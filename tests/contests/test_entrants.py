"""Entrants by like and repost through the sandbox's real endpoints: every page read (Mastodon's
Link header, Bluesky's cursor), the brand left out, undated entries said in a note; the control
endpoint refuses what it cannot store."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from smm.contests.draw import draw
from smm.sandbox import Sandbox
from smm.sandbox.bsky_auth import did_for

from .conftest import CONTEST, contest_post, go_live
from .test_draw import AFTER, FOLDER


@pytest.mark.parametrize("entry", ["like", "repost"])
def test_likes_and_reposts_are_read_page_by_page_on_three_networks(
    tmp_path: Path, sandbox: Sandbox, entry: str
):
    live = go_live(tmp_path, sandbox, contest_post(entry=entry, winners=3))
    what = f"{entry}s"
    for n in range(85):  # more than one page of Mastodon's 80
        sandbox.audience(what, network="mastodon", post=live.ids["mastodon"], author=f"fan{n}")
    for n in range(105):  # more than one page of Bluesky's 100
        sandbox.audience(
            what, network="bluesky", post=live.ids["bluesky"], author=f"fan{n}.bsky.social"
        )
    sandbox.audience(
        what,
        network="bluesky",
        post=live.ids["bluesky"],
        author="zerno.bsky.social",
        author_id=did_for("zerno.bsky.social"),
    )
    for n in range(3):
        sandbox.audience(what, network="vk", post=live.ids["vk"], author=f"fan{n}")
    sandbox.audience(what, network="vk", post=live.ids["vk"], author="zerno", author_id="-1")

    report = draw(live.root, CONTEST, AFTER, live.settings())
    assert report.per_network == {"bluesky": 105, "mastodon": 85, "vk": 3}
    assert len(report.winners) == 3
    undated = {"like": ["mastodon", "vk"], "repost": ["bluesky", "mastodon"]}[entry]
    assert [n.split(":")[0] for n in report.notes if "gives no time" in n] == undated
    data = json.loads((live.root / FOLDER / "entrants.json").read_text(encoding="utf-8"))
    assert data["entry"] == entry
    assert "zerno.bsky.social" not in {e["handle"] for e in data["entrants"]}


def test_the_control_endpoint_refuses_an_unknown_post_or_network(sandbox: Sandbox):
    unknown = httpx.post(
        f"{sandbox.url}/_sandbox/comments",
        json={"network": "vk", "post": "999", "author": "anna", "text": "?"},
    )
    assert unknown.status_code == 400 and "no vk post 999" in unknown.json()["error"]
    telegram = httpx.post(
        f"{sandbox.url}/_sandbox/likes", json={"network": "telegram", "post": "1", "author": "a"}
    )
    assert telegram.status_code == 400 and "keeps no audience" in telegram.json()["error"]
