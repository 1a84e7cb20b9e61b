"""`smm publish` to Mastodon with real git, real HTTP and real processes: once, with its content
warning and alt text; and a status whose answer was lost is found again, never sent twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smm.publish.due import marker
from smm.sandbox import Sandbox

from .harness import Publisher, git, published, sandbox_at_now, write_repo

TOKEN = "mastodon-sandbox-token-for-zerno"
POST = "posts/zerno/2026/12/01-winter-menu.md"
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "late_after": "2h",
    "accounts": {
        "mastodon": {
            "instance": "https://mastodon.example",
            "token_env": "SMM_ZERNO_MASTODON",
            "language": "ru",
        }
    },
}
MENU = """\
---
title: Открываем зимнее меню
time: "2026-12-01 10:00"
network: mastodon
content_warning: "Еда, кофе"
hashtags: [зимнееменю]
images:
  - src: assets/zerno/winter-drinks-1280x720.jpg
    alt: Латте с корицей на деревянном столе
---
Зима началась — по крайней мере, в наших чашках. Латте с корицей уже в кофейнях.
"""


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: MENU}, BRAND)
    image = Path(__file__).resolve().parents[2] / "assets/zerno/winter-drinks-1280x720.jpg"
    (root / "assets/zerno").mkdir(parents=True)
    (root / "assets/zerno/winter-drinks-1280x720.jpg").write_bytes(image.read_bytes())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add a Mastodon post for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(
        tmp_path / "sandbox", mastodon_tokens=[TOKEN], mastodon_processing=0.05
    ) as sb:
        yield sb


ENV = {"SMM_ZERNO_MASTODON": TOKEN}


def test_a_mastodon_post_is_published_once(pub: Publisher) -> None:
    clone = pub.clone()
    run = pub.run(clone, env=ENV)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("mastodon")
    assert post["text"].startswith("Зима началась") and "#зимнееменю" in post["text"]
    assert (post["spoiler_text"], post["language"]) == ("Еда, кофе", "ru")
    assert [i["alt"] for i in post["images"]] == ["Латте с корицей на деревянном столе"]
    entry = published(clone / POST)["mastodon"]
    assert entry["state"] == "published" and entry["id"] == post["id"]
    assert post["idempotency_key"] == marker(POST, "mastodon", "2026-12-01 10:00")
    again = pub.run(pub.clone(), env=ENV)
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert len(pub.posts("mastodon")) == 1
    assert TOKEN not in run.stdout + run.stderr + git(clone, "log", "-p")


def test_a_status_whose_answer_was_lost_is_reconciled_not_sent_again(pub: Publisher) -> None:
    pub.sandbox.inject("mastodon", "drop_after_store", method="statuses.create")
    clone = pub.clone()
    run = pub.run(clone, env=ENV)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("mastodon")
    [outcome] = run.data["outcomes"] if run.data else []
    assert outcome["state"] == "published" and outcome["note"] == "reconciled"
    assert published(clone / POST)["mastodon"]["id"] == post["id"]
    assert pub.run(pub.clone(), env=ENV).code == 0 and len(pub.posts("mastodon")) == 1


def test_a_status_never_stored_stays_unknown_for_a_person(pub: Publisher) -> None:
    pub.sandbox.inject("mastodon", "drop_before_store", method="statuses.create")
    clone = pub.clone()
    run = pub.run(clone, env=ENV)
    assert run.code == 1 and pub.posts("mastodon") == []
    entry = published(clone / POST)["mastodon"]
    assert entry["state"] == "unknown" and "not found on mastodon" in entry["error"]
