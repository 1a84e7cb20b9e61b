"""`smm publish` to Instagram with real git, real HTTP and real processes: once, and never twice
after a SIGKILL between the answer and its commit (the harness of harness.py, an Instagram brand,
and a loopback file server as the public URL Meta fetches images from)."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image as PILImage

from smm.publish.failpoints import POINTS as FAILPOINTS
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

from .harness import Publisher, git, published, write_repo

TOKEN = "EAAGsandboxInstagramTokenForZerno"
USER = "17841400000000001"
POST = "posts/zerno/2026/12/01-winter-menu.md"
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "jurisdiction": "RU",
    "late_after": "2h",
    "accounts": {"instagram": {"user_id": USER, "token_env": "SMM_ZERNO_IG"}},
    "ad_marking": {"advertiser": {"name": "ООО «Зерно»", "inn": "7701234560"}},
}
MENU = """\
---
title: Открываем зимнее меню
time: "2026-12-01 10:00"
network: instagram
kind: organic
hashtags: [зимнееменю, кофе]
images:
  - src: assets/zerno/menu.jpg
    alt: Латте с корицей на деревянном столе
---
Зима началась — по крайней мере, в наших чашках. Латте с корицей и пряный раф уже в кофейнях.
"""


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: MENU}, BRAND)
    (root / "assets/zerno").mkdir(parents=True)
    PILImage.new("RGB", (1080, 1080), (180, 120, 60)).save(root / "assets/zerno/menu.jpg", "JPEG")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add an Instagram post for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path / "sandbox",
        instagram_tokens=[TOKEN],
        instagram_users=[USER],
        instagram_processing=0.05,
    ) as sb:
        yield sb


@pytest.fixture
def files(seed: Path) -> Iterator[FileServer]:
    with FileServer(seed) as server:  # what raw.githubusercontent.com would serve for main
        yield server


@pytest.fixture
def env(files: FileServer) -> dict[str, str]:
    return {"SMM_ZERNO_IG": TOKEN, "SMM_PUBLIC_BASE_URL": files.url}


def test_an_instagram_post_is_published_once(pub: Publisher, env: dict[str, str]) -> None:
    clone = pub.clone()
    run = pub.run(clone, env=env)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("instagram")
    assert post["text"].startswith("Зима началась") and "#зимнееменю" in post["text"]
    assert post["alt_texts"] == ["Латте с корицей на деревянном столе"]
    entry = published(clone / POST)["instagram"]
    assert (
        entry["state"] == "published"
        and entry["id"] == post["id"]
        and entry["url"] == post["permalink"]
    )
    again = pub.run(pub.clone(), env=env)
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert len(pub.posts("instagram")) == 1
    assert TOKEN not in run.stdout + run.stderr + git(clone, "log", "-p")


@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize("point", FAILPOINTS)
def test_killed_at_each_step_the_next_run_never_posts_twice(
    pub: Publisher, env: dict[str, str], point: str, where: str
) -> None:
    clone = pub.clone()
    killed = pub.run(clone, failpoint=point, env=env)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    sent = [p["id"] for p in pub.posts("instagram")]
    assert len(sent) == (
        1 if point in ("after-answer", "after-result-write", "before-result-push") else 0
    )

    again = clone if where == "same-clone" else pub.clone()
    run = pub.run(again, env=env)
    assert run.data is not None, run.stdout + run.stderr
    posts = pub.posts("instagram")
    assert len(posts) <= 1  # never twice
    entry = published(again / POST)["instagram"]
    if point in ("before-claim", "after-claim-write", "after-claim-commit"):
        # no claim reached origin, so nothing was sent: the rerun is a first run
        assert run.code == 0 and entry["state"] == "published" and entry["id"] == posts[0]["id"]
    elif sent:  # found on the profile by its caption (or its result, written or committed before the kill, pushed first)
        assert run.code == 0 and entry["state"] == "published" and entry["id"] == sent[0]
        assert entry["url"] == posts[0]["permalink"]
        assert all(o["note"] == "reconciled" for o in run.data["outcomes"])
    else:  # claimed, never sent: not found, so a person decides; it is not sent blindly
        assert posts == [] and entry["state"] == "unknown" and run.code == 1


def test_an_image_not_at_the_public_url_fails_without_a_container(
    pub: Publisher, env: dict[str, str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with FileServer(empty) as nowhere:
        run = pub.run(pub.clone(), env={**env, "SMM_PUBLIC_BASE_URL": nowhere.url})
    assert run.code == 1
    [outcome] = run.data["outcomes"] if run.data else []
    assert outcome["state"] == "failed" and "answers HTTP 404" in outcome["error"]
    assert pub.posts("instagram") == [] and pub.sandbox.state.data.get("ig_containers", {}) == {}


def test_a_spam_restriction_fails_the_post_for_a_person_and_is_never_retried(
    pub: Publisher, env: dict[str, str]
) -> None:
    # one refusal only: a retry would go through and publish, so a post on the profile means a retry
    pub.sandbox.inject("instagram", "error", method="media_publish", code=4, subcode=2207051)
    clone = pub.clone()
    run = pub.run(clone, env=env)
    assert run.code == 1, run.stdout + run.stderr
    [outcome] = run.data["outcomes"] if run.data else []
    assert outcome["state"] == "failed" and pub.posts("instagram") == []
    assert "We restrict certain activity to protect our community" in outcome["error"]
    assert (
        "subcode 2207051" in outcome["error"]
        and "publish it in the Instagram app" in outcome["error"]
    )
    entry = published(clone / POST)["instagram"]
    assert entry["state"] == "failed" and "2207051" in entry["error"]


def test_a_temporary_media_builder_error_is_waited_out_and_published_in_the_same_run(
    pub: Publisher, env: dict[str, str]
) -> None:
    pub.sandbox.inject("instagram", "error", method="media_publish", code=24, subcode=2207008)
    started = time.monotonic()
    run = pub.run(pub.clone(), env=env, timeout=120)
    assert run.code == 0, run.stdout + run.stderr
    assert (
        time.monotonic() - started >= 30
    )  # Meta: "Try again ... in the next 30 seconds to 2 minutes"
    [post] = pub.posts("instagram")
    [outcome] = run.data["outcomes"] if run.data else []
    assert outcome["state"] == "published" and outcome["id"] == post["id"]
