"""Fixtures for the publishing tests (the harness, its helpers and the scenarios, are in harness.py).

scenario the brand, posts, networks and secrets: SEED (Telegram + VK) unless a test
         parametrizes it (``@pytest.mark.parametrize("scenario", [SEED, THREE])``)
origin   a bare repository (``git init --bare -b main``)
seed     the content repository (``git init -b main``): the scenario's brand and due posts, pushed
sandbox  the sandbox on 127.0.0.1 accepting only the scenario's secrets, its state in tmp
pub      clones of origin and ``smm publish`` run in them as a subprocess
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

from .harness import SEED, Publisher, Scenario, bare_origin, git, sandbox_at_now, write_repo

PROJECT = Path(__file__).resolve().parents[2]  # the example repository: its assets


@pytest.fixture
def scenario() -> Scenario:
    return SEED


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    return bare_origin(tmp_path)


@pytest.fixture
def seed(tmp_path: Path, origin: Path, scenario: Scenario) -> Path:
    """The content repository: brand and due posts, committed on main and pushed to origin."""
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, scenario.posts, scenario.brand)
    for asset in scenario.assets:
        (root / asset).parent.mkdir(parents=True, exist_ok=True)
        (root / asset).write_bytes((PROJECT / asset).read_bytes())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add the zerno brand and two posts for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path, scenario: Scenario) -> Iterator[Sandbox]:
    with sandbox_at_now(tmp_path / "sandbox", latency=0.002, **scenario.sandbox) as sb:
        yield sb


@pytest.fixture
def pub(
    tmp_path: Path, origin: Path, seed: Path, sandbox: Sandbox, scenario: Scenario
) -> Iterator[Publisher]:
    publisher = Publisher(tmp_path, origin, sandbox, scenario)
    if not scenario.public_files:
        yield publisher
        return
    with FileServer(seed) as files:  # what raw.githubusercontent.com would serve for main
        publisher.extra_env["SMM_PUBLIC_BASE_URL"] = files.url
        yield publisher
