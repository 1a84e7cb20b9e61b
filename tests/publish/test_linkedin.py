"""`smm publish` to LinkedIn with real git, real HTTP and real processes: once, escaped for the
little format, with its images and alt text. Faults (a lost answer found again among the
organization's posts, a dropped request, 500, the daily 429) and a SIGKILL at every step are in
test_faults.py and test_crash.py (the harness's META scenario)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smm.sandbox import Sandbox

from .harness import Publisher, git, published, sandbox_at_now, write_repo

TOKEN = "AQVlinkedinSandboxTokenForZerno"
POST = "posts/zerno/2026/12/01-winter-menu.md"
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "late_after": "2h",
    "accounts": {"linkedin": {"page_id": 4242, "token_env": "SMM_ZERNO_LINKEDIN"}},
}
IMAGES = ("new-year-carousel-1.jpg", "new-year-carousel-2.jpg")
MENU = """\
---
title: Winter menu
time: "2026-12-01 10:00"
network: linkedin
hashtags: [winter]
images:
  - src: assets/zerno/new-year-carousel-1.jpg
    alt: Cinnamon latte on a wooden table
  - src: assets/zerno/new-year-carousel-2.jpg
    alt: Spiced raf (with orange peel)
---
Winter starts in our cups (from today): cinnamon latte & spiced raf — *all* branches, 10:00–22:00.
"""


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: MENU}, BRAND)
    (root / "assets/zerno").mkdir(parents=True)
    for name in IMAGES:
        image = Path(__file__).resolve().parents[2] / "assets/zerno" / name
        (root / "assets/zerno" / name).write_bytes(image.read_bytes())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add a LinkedIn post for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(tmp_path / "sandbox", linkedin_tokens=[TOKEN]) as sb:
        yield sb


ENV = {"SMM_ZERNO_LINKEDIN": TOKEN}


def test_a_linkedin_post_is_published_once_and_shows_whole(pub: Publisher) -> None:
    clone = pub.clone()
    run = pub.run(clone, env=ENV)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("linkedin")
    assert post["text"].startswith("Winter starts in our cups (from today)")
    assert not post["truncated"] and "#winter" in post["text"]
    assert post["account"] == "urn:li:organization:4242"
    assert [i["alt"] for i in post["images"]] == [
        "Cinnamon latte on a wooden table",
        "Spiced raf (with orange peel)",
    ]
    entry = published(clone / POST)["linkedin"]
    assert entry["state"] == "published" and entry["id"] == post["id"]
    again = pub.run(pub.clone(), env=ENV)
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert len(pub.posts("linkedin")) == 1
    assert TOKEN not in run.stdout + run.stderr + git(clone, "log", "-p")
