"""One brand's run depends on that brand's files only: its posts, its brand file, its campaigns.

Zerno's people can break zerno's files in every way they like (a post whose YAML recurses, a
5,000-digit budget, a broken brand file and campaign, a FIFO where a post should be):
`smm publish --brand nordlicht` (and its dry run, `smm metrics --brand nordlicht`, `smm plan
--brand nordlicht`) still does nordlicht's work, and never opens a file of zerno's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from smm.publish.run import publish
from smm.sandbox import Sandbox
from smm.settings import Settings

from .harness import BRAND, NOW, NOW_ISO, Publisher, git, published, write_repo

NL_TOKEN = "987654321:AAHsandboxSecretTokenForNordlicht"
NL_BRAND = {
    "name": "Nordlicht Outdoor",
    "timezone": "Europe/Berlin",
    "currency": "EUR",
    "jurisdiction": "DE",
    "late_after": "2h",
    "accounts": {"telegram": {"chat": "@nordlicht", "token_env": "SMM_NORDLICHT_TG"}},
    "ad_marking": {"advertiser": {"name": "Nordlicht Outdoor GmbH"}},
}
NL_POST = "posts/nordlicht/2026/12/01-winter-jackets.md"
NL_TEXT = """\
---
network: telegram
time: 2026-12-01 08:00
kind: organic
---
Our winter jackets are in the shop in Berlin: warm, light and made to last for years.
"""
ZERNO_BAD = {
    "posts/zerno/2026/12/01-recursive.md": "---\nnetwork: telegram\ntime: 2026-12-01 10:00\ntitle: &a [*a]\n---\nТекст.\n",
    "posts/zerno/2026/12/01-digits.md": "---\nnetwork: telegram\ntime: 2026-12-01 10:00\nbudget: "
    + "9" * 5000
    + "\n---\nТекст поста с огромным бюджетом.\n",
    "campaigns/zerno/winter.yaml": "name: Зима\nbudget: {amount: "
    + "9" * 5000
    + ", currency: RUB}\nstart: &s [*s]\n",
}
FIFO = "posts/zerno/2026/12/01-pipe.md"


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    """Overrides conftest's seed: zerno (every file of it broken) and nordlicht with one due post."""
    root = tmp_path / "seed"
    git(tmp_path, "init", "--quiet", "-b", "main", str(root))
    write_repo(root, {NL_POST: NL_TEXT, **ZERNO_BAD}, BRAND)
    (root / "brands/nordlicht.yaml").write_text(
        yaml.safe_dump(NL_BRAND, sort_keys=False), encoding="utf-8"
    )
    (root / "brands/zerno.yaml").write_text(
        "name: &n [*n]\ntimezone: " + "9" * 5000 + "\n", encoding="utf-8"
    )
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Nordlicht's jackets, and zerno's broken files")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path / "sandbox", telegram_tokens=[NL_TOKEN], telegram_chats=["@nordlicht"]
    ) as sb:
        yield sb


def _with_fifo(clone: Path) -> Path:
    """A FIFO where a zerno post would be (git cannot hold one: a runner's disk can)."""
    os.mkfifo(clone / FIFO)
    return clone


def test_a_brands_run_is_not_stopped_by_another_brands_files(pub: Publisher) -> None:
    clone = _with_fifo(pub.clone())
    env = {"SMM_NORDLICHT_TG": NL_TOKEN}
    dry = pub.run(clone, "--brand", "nordlicht", "--dry-run", env=env, timeout=30)
    assert dry.code == 0, dry.stdout + dry.stderr
    assert dry.state_of() == {(NL_POST, "telegram"): "due"}

    run = pub.run(clone, "--brand", "nordlicht", env=env, timeout=30)
    assert run.code == 0 and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert run.state_of() == {(NL_POST, "telegram"): "published"}
    assert published(clone / NL_POST)["telegram"]["state"] == "published"
    [post] = pub.posts("telegram")
    assert post["text"].startswith("Our winter jackets")
    assert "zerno" not in run.stdout + run.stderr

    for command in (
        ["metrics", "--api-base", pub.sandbox.url],
        ["plan", "--from", "2026-12-01", "--to", "2026-12-01"],
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "smm",
                *command,
                "--brand",
                "nordlicht",
                "--now",
                NOW_ISO,
                "--format",
                "json",
            ],
            cwd=clone,
            env=pub.env(**env),
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, (
            command,
            done.stdout,
            done.stderr,
        )
        assert "zerno" not in done.stdout


def test_a_brands_run_opens_none_of_another_brands_files(pub: Publisher) -> None:
    """Whatever a file of zerno's holds, nordlicht's run cannot trip on it: it never reads one."""
    clone = _with_fifo(pub.clone())
    opened: list[str] = []
    watching = [True]

    def audit(event: str, args: tuple) -> None:
        if watching[0] and event == "open" and isinstance(args[0], (str, os.PathLike)):
            opened.append(os.fspath(args[0]))

    sys.addaudithook(audit)
    try:
        from smm.metrics.run import select
        from smm.plan.calendar import plan as content_plan

        settings = Settings(
            api_base=pub.sandbox.url,
            push=False,
            brand="nordlicht",
            env={"SMM_NORDLICHT_TG": NL_TOKEN},
        )
        assert publish(clone, NOW, dry_run=True, settings=settings).exit_code == 0
        assert publish(clone, NOW, settings=settings).counts() == {"published": 1}
        select(clone, NOW, "nordlicht")
        content_plan(clone, brand="nordlicht", now=NOW)
    finally:
        watching[0] = False
    zerno = [p for p in opened if "/zerno" in p.replace(os.sep, "/")]
    assert not zerno, zerno
    assert any(p.endswith(NL_POST) for p in opened)  # the hook did see the files it read
