"""`smm publish` to Threads (Meta) with real git, real HTTP and real processes: once, with its
topic tag and alt text; a thread of posts as a reply chain, a lost part found again (harness.py,
a Threads brand, and a loopback file server as the public URL Meta fetches images from). Faults
and a SIGKILL at every step are in test_faults.py and test_crash.py (the harness's META
scenario). Named apart from test_threads.py, which is about threads of posts on every network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

from .harness import Publisher, git, published, sandbox_at_now, write_repo

TOKEN = "THAAsandboxThreadsTokenForZerno"
USER = "25000000000000001"
POST = "posts/zerno/2026/12/01-winter-menu.md"
CHAIN = "posts/zerno/2026/12/01-brewing-thread.md"
IMAGE = "assets/zerno/winter-drinks-1280x720.jpg"
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "late_after": "2h",
    "accounts": {"threads": {"user_id": USER, "token_env": "SMM_ZERNO_THREADS"}},
}
MENU = f"""\
---
title: Открываем зимнее меню
time: "2026-12-01 10:00"
network: threads
hashtags: [зимнееменю]
images:
  - src: {IMAGE}
    alt: Латте с корицей на деревянном столе
---
Зима началась — по крайней мере, в наших чашках. Латте с корицей уже в кофейнях.
"""
BREWING = """\
---
title: Как мы варим фильтр
time: "2026-12-01 10:15"
network: threads
---
Как мы варим фильтр-кофе: три шага.

---

Первый: помол средний, 60 г на литр.

---

Второй и третий: вода 94 °C, две минуты настаивания.
"""


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: MENU}, BRAND)
    (root / "assets/zerno").mkdir(parents=True)
    (root / IMAGE).write_bytes((Path(__file__).resolve().parents[2] / IMAGE).read_bytes())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add a Threads post for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(  # its clock at the run's --now: reconcile reads posts since the claim
        tmp_path / "sandbox",
        threads_tokens=[TOKEN],
        threads_users=[USER],
        threads_processing=0.05,
    ) as sb:
        yield sb


@pytest.fixture
def files(seed: Path) -> Iterator[FileServer]:
    with FileServer(seed) as server:  # what raw.githubusercontent.com would serve for main
        yield server


@pytest.fixture
def env(files: FileServer) -> dict[str, str]:
    return {"SMM_ZERNO_THREADS": TOKEN, "SMM_PUBLIC_BASE_URL": files.url}


def test_a_threads_post_is_published_once_with_its_topic_tag(
    pub: Publisher, env: dict[str, str]
) -> None:
    clone = pub.clone()
    run = pub.run(clone, env=env)
    assert run.code == 0, run.stdout + run.stderr
    [post] = pub.posts("threads")
    assert post["text"].startswith("Зима началась") and post["topic_tag"] == "зимнееменю"
    assert post["media_type"] == "IMAGE" and post["alt_texts"] == [
        "Латте с корицей на деревянном столе"
    ]
    entry = published(clone / POST)["threads"]
    assert entry["state"] == "published" and entry["id"] == post["id"]
    assert entry["url"] == post["permalink"]
    again = pub.run(pub.clone(), env=env)
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert len(pub.posts("threads")) == 1
    assert TOKEN not in run.stdout + run.stderr + git(clone, "log", "-p")


def test_a_thread_of_posts_is_a_reply_chain_and_a_lost_part_is_found_again(
    pub: Publisher, env: dict[str, str], seed: Path
) -> None:
    write_repo(seed, {CHAIN: BREWING}, BRAND)
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "A thread for Threads")
    git(seed, "push", "--quiet")
    # the third answer (a part of the chain, after the menu post and part 1) is lost after
    # Threads stored it: a part is found again among the replies, the menu post among the threads
    pub.sandbox.inject("threads", "drop_after_store", method="threads_publish", after=2)
    clone = pub.clone()
    run = pub.run(clone, env=env)
    assert run.code == 0, run.stdout + run.stderr
    chain = [p for p in pub.posts("threads") if p["media_type"] == "TEXT_POST"]
    assert [p["text"].split(":")[0] for p in chain] == [
        "Как мы варим фильтр-кофе",
        "Первый",
        "Второй и третий",
    ]
    assert [p["reply_to"] for p in chain] == [None, chain[0]["id"], chain[1]["id"]]
    entry = published(clone / CHAIN)["threads"]
    assert entry["state"] == "published" and [p["id"] for p in entry["parts"]] == [
        p["id"] for p in chain
    ]
    assert pub.run(pub.clone(), env=env).code == 0 and len(pub.posts("threads")) == 4
