"""Fixtures for contests and the inbox: real git (a bare origin, a clone), the sandbox on
127.0.0.1, and a contest post of the zerno brand published for real to VK, Mastodon and Bluesky.

    live     (clone, sandbox, ids): the clone after `publish()`, and each network's post id
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publish.harness import (
    BRAND,
    NOW,
    THREE_TOKENS,
    TOKENS,
    VK_TOKEN,
    bare_origin,
    git,
    sandbox_at_now,
    write_repo,
)
from publish.harness import published as published_block
from smm.publish.run import publish
from smm.sandbox import Sandbox
from smm.settings import Settings

CONTEST = "posts/zerno/2026/12/01-giveaway.md"
NETWORKS = ("vk", "mastodon", "bluesky")
ENV = {**TOKENS, **THREE_TOKENS}
ACCOUNTS = {
    "vk": {"owner_id": -1, "token_env": "SMM_ZERNO_VK"},
    "mastodon": {"instance": "https://mastodon.example", "token_env": "SMM_ZERNO_MASTODON"},
    "bluesky": {"handle": "zerno.bsky.social", "app_password_env": "SMM_ZERNO_BSKY_APP_PASSWORD"},
}


def contest_post(entry: str = "comment", winners: int = 2) -> str:
    return f"""\
---
network: [vk, mastodon, bluesky]
time: 2026-12-01 10:00
title: Розыгрыш годового абонемента
kind: contest
contest: {{ends: "2026-12-05 18:00", winners: {winners}, entry: {entry}, rules: "https://zerno.example/rules"}}
---
Разыгрываем годовой абонемент на кофе! Условия: {entry} до 5 декабря, 18:00.
"""


@dataclass
class Live:
    root: Path
    sandbox: Sandbox
    ids: dict[str, str]  # network -> the post's id there
    origin: Path

    def settings(self, **changes: Any) -> Settings:
        return Settings(api_base=self.sandbox.url, env=ENV, **changes)

    def comment(self, network: str, author: str, text: str, date: str, **more: Any) -> str:
        made = self.sandbox.audience(
            "comments",
            network=network,
            post=self.ids[network],
            author=author,
            text=text,
            date=date,
            **more,
        )
        return str(made["id"])


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(
        tmp_path / "sandbox",
        vk_tokens=[VK_TOKEN],
        vk_owners=[-1],
        vk_per_second=100,
        mastodon_tokens=[THREE_TOKENS["SMM_ZERNO_MASTODON"]],
        bluesky_passwords=[THREE_TOKENS["SMM_ZERNO_BSKY_APP_PASSWORD"]],
    ) as sb:
        yield sb


def go_live(tmp_path: Path, sandbox: Sandbox, post: str) -> Live:
    origin = bare_origin(tmp_path)
    seed = tmp_path / "seed"
    write_repo(seed, {CONTEST: post}, {**BRAND, "accounts": ACCOUNTS})
    git(seed, "init", "--quiet", "-b", "main")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "A contest for 1 December")
    git(seed, "remote", "add", "origin", str(origin))
    git(seed, "push", "--quiet", "-u", "origin", "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(origin), str(clone))
    git(clone, "config", "user.name", "smm test")
    git(clone, "config", "user.email", "smm@example.invalid")
    report = publish(root=clone, now=NOW, settings=Settings(api_base=sandbox.url, env=ENV))
    assert report.counts() == {"published": 3}, report.table()
    block = published_block(clone / CONTEST)
    return Live(clone, sandbox, {n: str(block[n]["id"]) for n in NETWORKS}, origin)


@pytest.fixture
def live(tmp_path: Path, sandbox: Sandbox) -> Live:
    return go_live(tmp_path, sandbox, contest_post())
