"""Fixtures for `smm metrics`: real git (a bare origin, clones), the sandbox on 127.0.0.1, and the
publishing harness's brand and posts, published for real before each test reads them back.

    origin, seed, sandbox   as in tests/publish (brand zerno: telegram @zerno, vk -1)
    published               a clone in which `publish()` has sent both posts to both networks
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.harness import (
    NOW,
    TG_TOKEN,
    TOKENS,
    VK_TOKEN,
    bare_origin,
    push_and_clone,
    sandbox_at_now,
    write_repo,
)
from smm.publish.run import publish
from smm.sandbox import Sandbox
from smm.settings import Settings


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    return bare_origin(tmp_path)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(
        tmp_path / "sandbox",
        telegram_tokens=[TG_TOKEN],
        vk_tokens=[VK_TOKEN],
        telegram_chats=["@zerno"],
        vk_owners=[-1],
        vk_per_second=50,
    ) as sb:
        yield sb


@pytest.fixture
def published(tmp_path: Path, origin: Path, sandbox: Sandbox) -> Path:
    """A clone of origin whose two posts went out to telegram and vk (claims and results pushed)."""
    seed = tmp_path / "seed"
    seed.mkdir()
    write_repo(seed)
    clone = push_and_clone(
        seed, origin, tmp_path / "clone", "Add the zerno brand and two posts for 1 December"
    )
    report = publish(root=clone, now=NOW, settings=Settings(api_base=sandbox.url, env=TOKENS))
    assert report.counts() == {"published": 4}, report.table()
    return clone
