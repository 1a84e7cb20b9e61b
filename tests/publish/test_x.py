"""`smm publish` to X with real git, real HTTP and real processes: once, and never twice after a
dropped answer (the harness of harness.py, a brand with an X account). A SIGKILL at every step,
429s, 5xx and dropped connections: test_crash.py and test_faults.py, scenario THREE."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage

from smm.sandbox import Sandbox

from .harness import Publisher, git, published, sandbox_at_now, write_repo

USER = "1580000000000000007"
KEYS = {
    "SMM_ZERNO_X_API_KEY": "xSandboxApiKeyZerno",
    "SMM_ZERNO_X_API_SECRET": "xSandboxApiSecretZerno",
    "SMM_ZERNO_X_ACCESS_TOKEN": f"{USER}-xSandboxAccessTokenZerno",
    "SMM_ZERNO_X_ACCESS_SECRET": "xSandboxAccessSecretZerno",
}
POST = "posts/zerno/2026/12/01-winter-menu.md"
ACCOUNT = {
    "handle": "@zerno",
    "user_id": USER,
    "api_key_env": "SMM_ZERNO_X_API_KEY",
    "api_secret_env": "SMM_ZERNO_X_API_SECRET",
    "access_token_env": "SMM_ZERNO_X_ACCESS_TOKEN",
    "access_secret_env": "SMM_ZERNO_X_ACCESS_SECRET",
}
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "jurisdiction": "RU",
    "late_after": "2h",
    "accounts": {"x": ACCOUNT},
    "ad_marking": {"advertiser": {"name": "ООО «Зерно»", "inn": "7701234560"}},
}
MENU = """\
---
title: Открываем зимнее меню
time: "2026-12-01 10:00"
network: x
kind: organic
hashtags: [зимнееменю]
images:
  - src: assets/zerno/menu.jpg
    alt: Латте с корицей на деревянном столе
---
Зима началась: латте с корицей и пряный раф уже в кофейнях. https://zerno.example/menu
"""


def seed_repo(root: Path, origin: Path, brand: dict[str, object]) -> Path:
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: MENU}, brand)
    (root / "assets/zerno").mkdir(parents=True)
    PILImage.new("RGB", (1200, 675), (180, 120, 60)).save(root / "assets/zerno/menu.jpg", "JPEG")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add an X post for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    return seed_repo(tmp_path / "seed", origin, BRAND)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    apps = {KEYS["SMM_ZERNO_X_API_KEY"]: KEYS["SMM_ZERNO_X_API_SECRET"]}
    tokens = {KEYS["SMM_ZERNO_X_ACCESS_TOKEN"]: KEYS["SMM_ZERNO_X_ACCESS_SECRET"]}
    with sandbox_at_now(tmp_path / "sandbox", x_apps=apps, x_tokens=tokens) as sb:
        yield sb


def test_an_x_post_is_published_once_with_its_alt_text(pub: Publisher) -> None:
    clone = pub.clone()
    run = pub.run(clone, env=KEYS)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("x")
    assert post["text"].startswith("Зима началась") and "#зимнееменю" in post["text"]
    assert post["alt_texts"] == ["Латте с корицей на деревянном столе"] and post["account"] == USER
    entry = published(clone / POST)["x"]
    assert entry["state"] == "published" and entry["id"] == post["id"]
    assert entry["url"] == f"https://x.com/zerno/status/{post['id']}"
    again = pub.run(pub.clone(), env=KEYS)
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert len(pub.posts("x")) == 1
    output = run.stdout + run.stderr + git(clone, "log", "-p")
    assert not any(secret in output for secret in KEYS.values())


def test_a_dropped_answer_is_reconciled_from_the_timeline_not_sent_again(pub: Publisher) -> None:
    pub.sandbox.inject("x", "drop_after_store", method="tweets")
    clone = pub.clone()
    run = pub.run(clone, env=KEYS)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("x")
    [outcome] = run.data["outcomes"] if run.data else []
    assert outcome["state"] == "published" and outcome["note"] == "reconciled"
    assert published(clone / POST)["x"]["id"] == post["id"]


def test_on_the_free_tier_a_dropped_answer_is_unknown_and_never_sent_again(
    tmp_path: Path, origin: Path, sandbox: Sandbox
) -> None:
    free = {**BRAND, "accounts": {"x": {**ACCOUNT, "tier": "free"}}}
    seed_repo(tmp_path / "free-seed", origin, free)
    pub = Publisher(tmp_path, origin, sandbox)
    sandbox.inject("x", "drop_after_store", method="tweets")
    clone = pub.clone()
    run = pub.run(clone, env=KEYS)
    assert run.code == 1, run.stdout + run.stderr
    entry = published(clone / POST)["x"]
    assert entry["state"] == "unknown" and "free API tier cannot read" in entry["error"]
    assert len(pub.posts("x")) == 1
    assert pub.run(pub.clone(), env=KEYS).data is not None and len(pub.posts("x")) == 1
