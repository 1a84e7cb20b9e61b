"""Fixtures for contests and the inbox: real git (a bare origin, a clone), the sandbox on
127.0.0.1, and a contest post of the zerno brand published for real to VK, Mastodon and Bluesky
(``live``) or to Instagram, Facebook and Threads (``meta_live``: Meta fetches the image from a
file server on 127.0.0.1, as it would from the repository's public URL).

    live, meta_live   (clone, sandbox, ids): the clone after `publish()`, each network's post id
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage

from publish.harness import (
    BRAND,
    FB_PAGE,
    META_TOKENS,
    NOW,
    THREADS_USER,
    THREE_TOKENS,
    TOKENS,
    VK_TOKEN,
    bare_origin,
    push_and_clone,
    sandbox_at_now,
    write_repo,
)
from publish.harness import published as published_block
from smm.publish.run import publish
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer
from smm.settings import Settings

CONTEST = "posts/zerno/2026/12/01-giveaway.md"
NETWORKS = ("vk", "mastodon", "bluesky")
ENV = {**TOKENS, **THREE_TOKENS}
ACCOUNTS = {
    "vk": {"owner_id": -1, "token_env": "SMM_ZERNO_VK"},
    "mastodon": {"instance": "https://mastodon.example", "token_env": "SMM_ZERNO_MASTODON"},
    "bluesky": {"handle": "zerno.bsky.social", "app_password_env": "SMM_ZERNO_BSKY_APP_PASSWORD"},
}
IG_USER, IG_TOKEN = "17841400000000001", "EAAGsandboxInstagramTokenForZerno"
META_NETWORKS = ("instagram", "facebook", "threads")
META_ENV = {**META_TOKENS, "SMM_ZERNO_IG": IG_TOKEN}
META_ACCOUNTS = {
    "instagram": {"user_id": IG_USER, "token_env": "SMM_ZERNO_IG"},
    "facebook": {"page_id": FB_PAGE, "token_env": "SMM_ZERNO_FACEBOOK"},
    "threads": {"user_id": THREADS_USER, "token_env": "SMM_ZERNO_THREADS"},
}
IMAGE = "assets/zerno/prize.jpg"
IMAGES = ("instagram", "threads")  # Meta fetches their images from a public URL


def contest_post(
    entry: str = "comment", winners: int = 2, networks: tuple[str, ...] = NETWORKS
) -> str:
    extra = "" if networks == NETWORKS else f"\nimages: [{{src: {IMAGE}, alt: Приз}}]"
    return f"""\
---
network: [vk, mastodon, bluesky]{extra}
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
    env: dict[str, str]

    def settings(self, **changes: Any) -> Settings:
        return Settings(api_base=self.sandbox.url, env=self.env, **changes)

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
        # the brand hears first from those it follows in the app: the inbox must still hear all
        bluesky_priority_notifications=["zerno.bsky.social"],
    ) as sb:
        yield sb


def go_live(
    tmp_path: Path,
    sandbox: Sandbox,
    post: str,
    networks: tuple[str, ...] = NETWORKS,
    accounts: dict[str, Any] = ACCOUNTS,
    env: dict[str, str] = ENV,
) -> Live:
    origin = bare_origin(tmp_path)
    seed = tmp_path / "seed"
    (seed / IMAGE).parent.mkdir(parents=True)
    PILImage.new("RGB", (1080, 1080), (180, 120, 60)).save(seed / IMAGE, "JPEG")
    with FileServer(seed) as files:  # what raw.githubusercontent.com would serve for main
        images = {"public_base_url": files.url}  # where Instagram and Threads fetch the image
        accounts = {n: {**a, **(images if n in IMAGES else {})} for n, a in accounts.items()}
        post = post.replace("network: [vk, mastodon, bluesky]", f"network: [{', '.join(networks)}]")
        write_repo(seed, {CONTEST: post}, {**BRAND, "accounts": accounts})
        clone = push_and_clone(seed, origin, tmp_path / "clone", "A contest for 1 December")
        report = publish(root=clone, now=NOW, settings=Settings(api_base=sandbox.url, env=env))
    assert report.counts() == {"published": len(networks)}, report.table()
    block = published_block(clone / CONTEST)
    return Live(clone, sandbox, {n: str(block[n]["id"]) for n in networks}, origin, env)


@pytest.fixture
def live(tmp_path: Path, sandbox: Sandbox) -> Live:
    return go_live(tmp_path, sandbox, contest_post())


@pytest.fixture
def meta_live(tmp_path: Path) -> Iterator[Live]:
    """The contest published to Instagram, Facebook and Threads."""
    with sandbox_at_now(
        tmp_path / "sandbox",
        instagram_tokens=[IG_TOKEN],
        instagram_users=[IG_USER],
        instagram_processing=0.05,
        facebook_tokens=[META_TOKENS["SMM_ZERNO_FACEBOOK"]],
        facebook_pages=[FB_PAGE],
        threads_tokens=[META_TOKENS["SMM_ZERNO_THREADS"]],
        threads_users=[THREADS_USER],
        threads_processing=0.05,
    ) as sb:
        post = contest_post(networks=META_NETWORKS)
        yield go_live(tmp_path, sb, post, META_NETWORKS, META_ACCOUNTS, META_ENV)
