"""docs/add-a-network.md, followed literally: a copy of the package gets the toy network from the
guide's own blocks (its three files and its registry line, then `smm schema`), and real `smm`
processes lint a brand with a toy account and publish to the toy sandbox. Only the files the guide
names change."""

from __future__ import annotations

import filecmp
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from project_copy import PROJECT, copy_project

GUIDE = (PROJECT / "docs" / "add-a-network.md").read_text(encoding="utf-8")
NOW = "2026-11-28T09:00:00Z"  # when the publisher runs: the post is due
WRITTEN = "2026-11-27T12:00:00Z"
BRAND = """\
name: Toy Co
timezone: UTC
accounts:
  toy: {board: news, token_env: SMM_TOYCO_TOY_TOKEN}
"""
POST = """\
---
network: toy
time: 2026-11-28T08:55:00Z
---
Hello from the toy network.
"""
#: What the guide says to write or regenerate, and nothing else.
GUIDE_FILES = {
    "networks/toy.py",
    "rules/toy.yaml",
    "sandbox/toy.py",
    "networks/registry.py",
    "schemas/brand.schema.json",
    "schemas/post.schema.json",
    "schemas/campaign.schema.json",
}


def _blocks() -> dict[str, str]:
    """The guide's code blocks by the path in their first line (``# tools/smm/<path>``)."""
    found = re.findall(r"```(?:python|yaml)\n# tools/smm/(\S+?)(:[^\n]*)?\n(.*?)```", GUIDE, re.S)
    return {path: body for path, _, body in found}


def _follow_the_guide(package: Path) -> None:
    blocks = _blocks()
    assert set(blocks) == {
        "rules/toy.yaml",
        "networks/toy.py",
        "sandbox/toy.py",
        "networks/registry.py",
    }
    for path in ("rules/toy.yaml", "networks/toy.py", "sandbox/toy.py"):
        (package / path).write_text(blocks[path], encoding="utf-8")
    registry = package / "networks" / "registry.py"
    text = registry.read_text(encoding="utf-8")
    start = text.index("NETWORKS = (\n")
    end = text.index("\n)\n", start) + 1  # "after the last one"
    registry.write_text(text[:end] + blocks["networks/registry.py"] + text[end:], encoding="utf-8")


def _changed(original: Path, copy: Path) -> set[str]:
    """Files (relative to the package) added to or different in ``copy``."""
    out = set()
    for path in copy.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.relative_to(copy).as_posix()
            if not (original / name).is_file() or not filecmp.cmp(
                original / name, path, shallow=False
            ):
                out.add(name)
    return out


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of the package with the toy network added as the guide says; the environment to run it."""
    top = tmp_path_factory.mktemp("toy")
    package = top / "tools" / "smm"
    copy_project(top, "tools/smm")  # the package as a commit of the work tree holds it
    _follow_the_guide(package)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMM_", "GIT_"))}
    env |= {
        "PYTHONPATH": str(top / "tools"),
        "SMM_NOW": NOW,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    schema = _smm(top, env, "schema", "--out", "tools/smm/schemas")  # the guide's bash block
    assert schema.returncode == 0, schema.stderr
    return package, env


def _smm(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smm", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository whose one brand has a toy account and one post due for toy."""
    root = tmp_path / "content"
    (root / "brands").mkdir(parents=True)
    (root / "brands" / "toyco.yaml").write_text(BRAND, encoding="utf-8")
    (root / "posts" / "toyco" / "2026" / "11").mkdir(parents=True)
    (root / "posts" / "toyco" / "2026" / "11" / "28-hello.md").write_text(POST, encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "content")
    return root


def test_the_guide_adds_a_network_that_lints_and_publishes(toy, repo: Path) -> None:
    package, env = toy
    where = _smm(repo, env, "--version")
    assert where.returncode == 0
    found = subprocess.run(
        [sys.executable, "-c", "import smm; print(smm.__file__)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert Path(found.stdout.strip()).parent == package  # the copy runs, not the checkout

    lint = _smm(repo, env, "lint", "--now", WRITTEN)  # as the writer sees it, before its time
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stderr == "1 posts: 0 errors, 0 warnings\n"

    publish = _smm(repo, env, "publish", "--sandbox", "--no-push")
    assert publish.returncode == 0, publish.stdout + publish.stderr
    stored = json.loads((repo / ".smm" / "sandbox" / "sandbox.json").read_text(encoding="utf-8"))
    [post] = stored["posts"]
    assert (post["network"], post["account"], post["text"]) == (
        "toy",
        "news",
        "Hello from the toy network.",
    )
    written = (repo / "posts" / "toyco" / "2026" / "11" / "28-hello.md").read_text(encoding="utf-8")
    result = yaml.safe_load(written.split("---\n")[1])["published"]["toy"]
    assert (result["state"], result["id"], result["url"]) == (
        "published",
        "1",
        "https://toy.example/news/1",
    )
    assert _git(repo, "status", "--porcelain") == ""  # the result was committed
    assert "toy" in _git(repo, "log", "-1", "--format=%s")


def test_the_brand_schema_and_sandbox_flags_come_from_the_new_modules(toy, repo: Path) -> None:
    package, env = toy
    (repo / "brands" / "toyco.yaml").write_text(BRAND.replace("board:", "bord:"), encoding="utf-8")
    lint = _smm(repo, env, "lint", "brands/toyco.yaml")
    assert lint.returncode == 1
    assert "schema/unknown-key unknown key 'bord' (did you mean 'board'?)" in lint.stdout
    assert "missing required key 'board'" in lint.stdout
    brand_schema = json.loads((package / "schemas" / "brand.schema.json").read_text())
    assert "board" in brand_schema["properties"]["accounts"]["properties"]["toy"]["properties"]
    help_text = _smm(repo, env, "sandbox", "--help").stdout
    assert "--toy-token" in help_text and "the only toy tokens accepted" in help_text


def test_only_the_files_the_guide_names_change(toy) -> None:
    package, _ = toy
    assert _changed(PROJECT / "tools" / "smm", package) == GUIDE_FILES
    registry = (package / "networks" / "registry.py").read_text().splitlines()
    original = (PROJECT / "tools" / "smm" / "networks" / "registry.py").read_text().splitlines()
    assert [line for line in registry if line not in original] == [
        '    Entry("toy", "smm.networks.toy", "Toy", "smm.sandbox.toy"),'
    ]
    assert len(registry) == len(original) + 1
