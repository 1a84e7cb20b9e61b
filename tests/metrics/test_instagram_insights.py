"""Instagram's insights of a new post through the CLI, as the quick start runs it: `smm publish
--sandbox` and `smm metrics --sandbox` pinned with --now, real git, the in-process sandbox whose
clock follows --now. Meta may answer a new post's insights with an empty data set for up to 48 h:
smm then records no reach at all, so no report shows a reach of 0 that never happened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

from publish.harness import NOW, bare_origin, front, git, write_repo

POST = "posts/zerno/2026/12/01-winter-menu.md"
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "jurisdiction": "RU",
    "late_after": "2h",
    "accounts": {"instagram": {"user_id": "17841400000000001", "token_env": "SMM_ZERNO_IG"}},
}
MENU = """\
---
title: Открываем зимнее меню
time: "2026-12-01 10:00"
network: instagram
budget: 1200 RUB
images:
  - src: assets/zerno/menu.jpg
    alt: Латте с корицей на деревянном столе
---
Зима началась: латте с корицей и пряный раф уже в кофейнях.
"""


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    origin = bare_origin(tmp_path)
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "--quiet", "-b", "main")
    write_repo(seed, {POST: MENU}, BRAND)
    (seed / "assets/zerno").mkdir(parents=True)
    PILImage.new("RGB", (1080, 1080), (180, 120, 60)).save(seed / "assets/zerno/menu.jpg", "JPEG")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "An Instagram post for 1 December")
    git(seed, "remote", "add", "origin", str(origin))
    git(seed, "push", "--quiet", "-u", "origin", "main")
    git(tmp_path, "clone", "--quiet", str(origin), str(tmp_path / "clone"))
    return tmp_path / "clone"


def smm(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SMM_NOW", "GITHUB_STEP_SUMMARY", "SMM_PUBLIC_BASE_URL")
    }
    return subprocess.run(
        [sys.executable, "-m", "smm", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_new_posts_missing_insights_are_recorded_as_nothing_not_as_zero_reach(
    clone: Path,
) -> None:
    published = smm(clone, "publish", "--sandbox", "--now", NOW.isoformat())
    assert published.returncode == 0, published.stdout + published.stderr

    early = smm(
        clone, "metrics", "--sandbox", "--now", "2026-12-01T09:00:00+00:00", "--format", "json"
    )
    assert early.returncode == 0, early.stdout + early.stderr
    first = front(clone / POST)["metrics"]["instagram"]
    assert set(first) == {"at", "likes", "comments"}  # 1 h 30 min: no reach, views ...
    assert first["at"] == "2026-12-01T12:00:00+03:00"
    assert "no insights yet for 1 post(s)" in early.stdout
    report = smm(
        clone,
        "report",
        "--brand",
        "zerno",
        "--format",
        "json",
        "--now",
        "2026-12-01T09:00:00+00:00",
    )
    [instagram] = json.loads(report.stdout)["campaigns"][0]["networks"]
    assert instagram["published"] == 1 and instagram["reach"] is None and instagram["cpm"] is None

    later = smm(
        clone, "metrics", "--sandbox", "--now", "2026-12-02T08:00:00+00:00", "--format", "json"
    )
    assert later.returncode == 0, later.stdout + later.stderr
    figures = front(clone / POST)["metrics"]["instagram"]
    assert all(isinstance(figures[k], int) for k in ("reach", "views", "saves", "shares"))
    assert 0 < figures["reach"] <= figures["views"]  # a day later the sandbox reports them
    assert figures["likes"] >= first["likes"] and figures["comments"] >= first["comments"]
    assert "no insights yet" not in later.stdout
