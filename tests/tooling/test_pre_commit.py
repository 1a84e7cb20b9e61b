"""The pre-commit hook, run through pre-commit itself.

A content repository in a temp folder uses this project as a hook repository (a git repository
made from the project's files, pinned by commit): pre-commit clones it, installs the package
into its own virtualenv from the package registry and runs `smm lint` on the staged posts.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT, copy_project, git, git_init, make_env, run

POST = "posts/zerno/2026/12/01-winter-menu.md"
BROKEN = "posts/zerno/2026/12/02-broken.md"
BROKEN_TEXT = """---
network: telegramm
time: 2026-12-02 10:00
campaign: new-year-2026
---
Пряный раф снова в меню.
"""


def pre_commit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pre_commit", *args]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """(path, commit, env): this project as a hook repository, and an env whose PRE_COMMIT_HOME
    is shared by the tests of this module, so the hook's virtualenv is built once."""
    base = tmp_path_factory.mktemp("hooks")
    env = make_env(base / "home")
    env["PRE_COMMIT_HOME"] = str(base / "pre-commit-home")
    repo = copy_project(
        base / "smm", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "tools/smm"
    )
    git_init(repo, env)
    rev = git(repo, env, "rev-parse", "HEAD").strip()
    return repo, rev, env


@pytest.fixture
def content_repo(
    tmp_path: Path, hook_repo: tuple[Path, str, dict[str, str]]
) -> tuple[Path, dict[str, str]]:
    """A content repository with one brand, its campaign, one post and its image, committed, and a
    .pre-commit-config.yaml that takes smm-lint from the hook repository."""
    repo_path, rev, env = hook_repo
    root = copy_project(
        tmp_path / "content",
        "brands/zerno.yaml",
        "campaigns/zerno/new-year-2026.yaml",
        POST,
        "assets/zerno/winter-menu-1080.jpg",
    )
    config = {"repos": [{"repo": str(repo_path), "rev": rev, "hooks": [{"id": "smm-lint"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    git_init(root, env)
    return root, env


def test_the_hooks_manifest_is_valid(tool_env):
    proc = run(pre_commit("validate-manifest", ".pre-commit-hooks.yaml"), PROJECT, tool_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run(pre_commit("validate-config", ".pre-commit-config.yaml"), PROJECT, tool_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (hook,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["language"], hook["entry"]) == ("smm-lint", "python", "smm lint")
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    for path in (
        "posts/zerno/2026/12/01-a.md",
        "posts/a.md",
        "brands/zerno.yaml",
        "campaigns/zerno/bf.yaml",
        "campaigns/zerno/2026/bf.yaml",
    ):
        assert files.search(path), path
    for path in (
        "README.md",
        "brands/old/zerno.yaml",
        "assets/zerno/a.jpg",
        "posts/zerno/a.txt",
        "tools/smm/x.yaml",
    ):
        assert not files.search(path), path
    # this repository's own local hook checks the same files
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    (local,) = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "smm-lint"]
    assert local["files"] == hook["files"]


def test_a_clean_post_passes(content_repo):
    root, env = content_repo
    proc = run(pre_commit("run", "--files", POST), root, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "smm lint" in proc.stdout and "Passed" in proc.stdout


def test_a_broken_post_fails_with_the_rule_id(content_repo):
    root, env = content_repo
    (root / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    git(root, env, "add", BROKEN)
    proc = run(pre_commit("run", "--files", BROKEN), root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{BROKEN}:2:1: error schema/network" in proc.stdout
    assert "Failed" in proc.stdout


def test_a_broken_brand_fails(content_repo):
    root, env = content_repo
    brand = root / "brands/zerno.yaml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace(
            "timezone: Europe/Moscow", "timezone: Europe/Moskva"
        ),
        encoding="utf-8",
    )
    proc = run(pre_commit("run", "--files", "brands/zerno.yaml"), root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "brand/timezone" in proc.stdout


def test_files_the_hook_does_not_own_are_skipped(content_repo):
    root, env = content_repo
    (root / "notes.md").write_text("---\nnetwork: telegramm\n---\nnot a post\n", encoding="utf-8")
    git(root, env, "add", "notes.md")
    proc = run(pre_commit("run", "--files", "notes.md"), root, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(no files to check)Skipped" in proc.stdout


def test_the_installed_hook_rejects_a_commit_and_accepts_the_fix(content_repo):
    root, env = content_repo
    proc = run(pre_commit("install"), root, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    before = git(root, env, "rev-parse", "HEAD")

    (root / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    git(root, env, "add", BROKEN)
    proc = run(["git", "commit", "-m", "Add a post"], root, env)
    assert proc.returncode != 0
    assert "schema/network" in proc.stdout + proc.stderr
    assert git(root, env, "rev-parse", "HEAD") == before

    (root / BROKEN).write_text(BROKEN_TEXT.replace("telegramm", "telegram"), encoding="utf-8")
    git(root, env, "add", BROKEN)
    proc = run(["git", "commit", "-m", "Add a post"], root, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert git(root, env, "rev-parse", "HEAD") != before


def test_this_repositorys_own_config_passes_and_fails(tmp_path: Path, tool_env):
    """.pre-commit-config.yaml of this project: local hooks only, no download."""
    env = {**tool_env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text())
    assert [r["repo"] for r in config["repos"]] == ["local"] * len(config["repos"])
    assert "smm-lint" in {h["id"] for r in config["repos"] for h in r["hooks"]}

    root = copy_project(tmp_path / "clone")
    git_init(root, env)
    proc = run(pre_commit("run", "--all-files"), root, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "smm lint" in proc.stdout

    (root / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    git(root, env, "add", BROKEN)
    proc = run(pre_commit("run", "--files", BROKEN), root, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "schema/network" in proc.stdout
