"""`smm inbox`: unanswered comments under published posts, from the sandbox, oldest first, with
links; a comment the brand answered is left out; Telegram is named in a note."""

from __future__ import annotations

import json

import httpx

from publish.harness import THREE_TOKENS
from smm.inbox import inbox
from smm.sandbox.bsky_auth import did_for

from .conftest import CONTEST, ENV, Live
from .test_draw import smm


def test_the_inbox_lists_what_nobody_answered_oldest_first_with_links(live: Live):
    asked = live.comment("vk", "anna", "А когда итоги?", "2026-12-02T09:00:00+03:00")
    live.comment(
        "vk", "zerno", "6 декабря!", "2026-12-02T10:00:00+03:00", author_id="-1", reply_to=asked
    )
    live.comment("vk", "boris", "Где забрать приз?", "2026-12-03T11:00:00+03:00")
    toot = live.comment(
        "mastodon", "vera@social.example", "Is it open abroad?", "2026-12-02T08:00:00+03:00"
    )
    sky = live.comment("bluesky", "gleb.bsky.social", "классно", "2026-12-04T08:00:00+03:00")
    live.comment(
        "bluesky",
        "zerno.bsky.social",
        "спасибо!",
        "2026-12-04T09:00:00+03:00",
        author_id=did_for("zerno.bsky.social"),
        reply_to=sky,
    )
    live.comment("bluesky", "dina.bsky.social", "а я?", "2026-12-04T10:00:00+03:00")

    found = inbox(live.root, live.settings())
    assert [(f.network, f.handle, f.text) for _, f in found.items] == [
        ("mastodon", "vera@social.example", "Is it open abroad?"),
        ("vk", f"id{_vk('boris')}", "Где забрать приз?"),
        ("bluesky", "dina.bsky.social", "а я?"),
    ]
    assert all(path == CONTEST for path, _ in found.items)
    vk = found.items[1][1]
    assert vk.url.startswith(f"https://vk.com/wall-1_{live.ids['vk']}?reply=")
    assert found.items[0][1].id == toot

    # the brand answers the Mastodon question through the API itself: it leaves the inbox
    token = THREE_TOKENS["SMM_ZERNO_MASTODON"]
    answer = httpx.post(
        f"{live.sandbox.url}/api/v1/statuses",
        data={"status": "Yes, everywhere!", "in_reply_to_id": toot},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    since = inbox(live.root, live.settings(), since=found.items[1][1].at)
    assert [f.handle for _, f in since.items] == [f"id{_vk('boris')}", "dina.bsky.social"]


def test_inbox_json_and_markdown_name_networks_that_give_none(live: Live, tmp_path):
    live.comment("vk", "anna", "Вопрос | с трубой", "2026-12-02T09:00:00+03:00")
    text = (live.root / CONTEST).read_text(encoding="utf-8")
    (live.root / CONTEST).write_text(
        text.replace(
            "published:\n",
            "published:\n  telegram: {id: '5', url: 'https://t.me/zerno/5', at: '2026-12-01T10:00:00+03:00'}\n",
        ),
        encoding="utf-8",
    )
    found = inbox(live.root, live.settings())
    assert "linked discussion group" in found.notes["telegram"]
    data = json.loads(found.json())
    assert data["items"][0]["handle"] == f"id{_vk('anna')}" and data["items"][0]["post"] == CONTEST
    markdown = found.markdown()
    assert "Вопрос \\| с трубой" in markdown and "note: telegram:" in markdown

    run = smm(live.root, "inbox", "--api-base", live.sandbox.url, "--format", "json", **ENV)
    assert run.returncode == 0, run.stderr  # the sandbox accepts these tokens only: env names them
    assert json.loads(run.stdout)["items"][0]["text"] == "Вопрос | с трубой"
    unset = smm(live.root, "inbox", "--api-base", live.sandbox.url, "--format", "json")
    assert "SMM_ZERNO_BSKY_APP_PASSWORD" in json.loads(unset.stdout)["notes"][f"bluesky {CONTEST}"]
    bad = smm(live.root, "inbox", "--since", "yesterday")
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "smm: --since: 'yesterday' is neither an ISO 8601 time nor an age like 1d"
    )
    for now, handles in (
        ("2026-12-03T05:00:00Z", [f"id{_vk('anna')}"]),
        ("2026-12-04T07:00:00Z", []),
    ):
        day = smm(
            live.root,
            "inbox",
            "--api-base",
            live.sandbox.url,
            "--since",
            "1d",
            "--format",
            "json",
            SMM_NOW=now,
            **ENV,
        )
        assert [i["handle"] for i in json.loads(day.stdout)["items"]] == handles


def _vk(handle: str) -> str:
    from smm.sandbox.audience import person_id

    return person_id("vk", handle)


def test_inbox_counts_its_since_age_back_from_its_now(live: Live):
    """`--since 1d` is the day before `--now` (the clock every command takes): a comment from
    before it is left out, one after it listed."""
    live.comment("vk", "anna", "Старый вопрос", "2026-12-02T09:00:00+03:00")
    live.comment("vk", "boris", "Новый вопрос", "2026-12-03T11:00:00+03:00")
    args = ("inbox", "--api-base", live.sandbox.url, "--format", "json", "--since", "1d")
    run = smm(live.root, *args, "--now", "2026-12-04T10:00:00+03:00", **ENV)
    assert run.returncode == 0, run.stderr
    assert [i["text"] for i in json.loads(run.stdout)["items"]] == ["Новый вопрос"]
