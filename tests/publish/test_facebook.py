"""`smm publish` to a Facebook Page with real git, real HTTP and real processes: once, photos
attached. Faults (429, 500, a lost answer, a dropped request) and a SIGKILL at every step are in
test_faults.py and test_crash.py (the harness's META scenario)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smm.sandbox import Sandbox

from .harness import Publisher, git, published, sandbox_at_now, write_repo

TOKEN = "facebook-sandbox-page-token-for-zerno"
PAGE = "100000000000001"
POST = "posts/zerno/2026/12/01-winter-menu.md"
IMAGE = "assets/zerno/winter-drinks-1280x720.jpg"
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "late_after": "2h",
    "accounts": {"facebook": {"page_id": PAGE, "token_env": "SMM_ZERNO_FACEBOOK"}},
}
MENU = f"""\
---
title: Открываем зимнее меню
time: "2026-12-01 10:00"
network: facebook
hashtags: [зимнееменю]
images:
  - src: {IMAGE}
    alt: Латте с корицей на деревянном столе
---
Зима началась — по крайней мере, в наших чашках. Латте с корицей уже в кофейнях.
"""
ENV = {"SMM_ZERNO_FACEBOOK": TOKEN}


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: MENU}, BRAND)
    (root / IMAGE).parent.mkdir(parents=True)
    (root / IMAGE).write_bytes((Path(__file__).resolve().parents[2] / IMAGE).read_bytes())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add a Facebook post for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(tmp_path / "sandbox", facebook_tokens=[TOKEN], facebook_pages=[PAGE]) as sb:
        yield sb


def test_a_facebook_post_is_published_once_with_its_photo(pub: Publisher) -> None:
    clone = pub.clone()
    run = pub.run(clone, env=ENV)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("facebook")
    assert post["text"].startswith("Зима началась") and "#зимнееменю" in post["text"]
    assert [i["format"] for i in post["images"]] == ["JPEG"]
    entry = published(clone / POST)["facebook"]
    assert entry["state"] == "published" and entry["id"] == post["id"]
    assert entry["url"] == post["permalink_url"]
    again = pub.run(pub.clone(), env=ENV)
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert len(pub.posts("facebook")) == 1
    assert TOKEN not in run.stdout + run.stderr + git(clone, "log", "-p")
