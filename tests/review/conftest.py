"""Pull requests in real git repositories: `workspace` content committed on main, a branch with
the change, and `smm review` run in it as a person (or CI) runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def git(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": "Writer",
            "GIT_AUTHOR_EMAIL": "writer@example.com",
            "GIT_COMMITTER_NAME": "Writer",
            "GIT_COMMITTER_EMAIL": "writer@example.com",
        }
    )
    proc = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)


def start(root: Path, branch: str = "change") -> None:
    """Commit what the workspace holds on main and switch to a new branch for the change."""
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "Start")
    git(root, "switch", "-q", "-c", branch)


def smm_review(root: Path, *args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
    """`smm review` in ``root`` with no pinned clock unless ``now`` is given."""
    env = {k: v for k, v in os.environ.items() if k != "SMM_NOW"}
    extra = ["--now", now] if now else []
    return subprocess.run(
        [sys.executable, "-m", "smm", "review", *args, *extra],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_golden(name: str, output: str, root: Path) -> None:
    """Compare with tests/review/golden/<name>; SMM_UPDATE_GOLDEN=1 rewrites it instead."""
    text = output.replace(str(root), "<repo>")  # the only thing that varies between runs
    path = GOLDEN / name
    if os.environ.get("SMM_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), (
        f"no golden file {path}: run with SMM_UPDATE_GOLDEN=1 and read what it wrote"
    )
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def root(workspace) -> Path:
    return workspace.root
