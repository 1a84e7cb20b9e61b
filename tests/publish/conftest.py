"""Fixtures for the publishing tests (the harness, its helpers and the scenario, are in harness.py).

origin   a bare repository (``git init --bare -b main``)
seed     the content repository (``git init -b main``): brand zerno and two due posts, pushed
sandbox  the Telegram + VK sandbox on 127.0.0.1, its state in tmp
pub      clones of origin and ``smm publish`` run in them as a subprocess
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smm.sandbox import Sandbox

from .harness import TG_TOKEN, VK_TOKEN, Publisher, bare_origin, git, sandbox_at_now, write_repo


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    return bare_origin(tmp_path)


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    """The content repository: brand and due posts, committed on main and pushed to origin."""
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add the zerno brand and two posts for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(
        tmp_path / "sandbox",
        latency=0.002,
        telegram_tokens=[TG_TOKEN],
        vk_tokens=[VK_TOKEN],
        telegram_chats=["@zerno"],
        vk_owners=[-1],
    ) as sb:
        yield sb


@pytest.fixture
def pub(tmp_path: Path, origin: Path, seed: Path, sandbox: Sandbox) -> Publisher:
    return Publisher(tmp_path, origin, sandbox)
