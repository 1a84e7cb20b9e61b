"""Helpers for the repository-tooling tests: copies of this project in temp folders (never the
checkout itself: tests/project_copy.py), real git, and an environment in which the real tools
(pre-commit, node, pip, git) run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from project_copy import PROJECT, copy_project  # noqa: F401 (the tooling tests import them from here)

#: The example posts are dated Dec 2026 - Feb 2027; check them as of before their dates.
NOW = "2026-11-28T09:00:00Z"


def run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, input=input
    )


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = run(["git", *args], cwd, env)
    assert proc.returncode == 0, f"git {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def git_init(root: Path, env: dict[str, str]) -> None:
    """Make ``root`` a repository with everything in it committed on main."""
    git(root, env, "init", "-q", "-b", "main")
    git(root, env, "add", ".")
    git(root, env, "commit", "-q", "-m", "Start")


def make_env(home: Path) -> dict[str, str]:
    """The environment for the real tools: this interpreter's scripts first on PATH, the clock
    pinned, and git with a fixed identity and no user or system configuration."""
    home.mkdir(parents=True, exist_ok=True)
    gitconfig = home / "gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        {
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
            "SMM_NOW": NOW,
            "GIT_CONFIG_GLOBAL": str(gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test Writer",
            "GIT_AUTHOR_EMAIL": "writer@example.com",
            "GIT_COMMITTER_NAME": "Test Writer",
            "GIT_COMMITTER_EMAIL": "writer@example.com",
            "NO_COLOR": "1",
        }
    )
    return env


@pytest.fixture
def tool_env(tmp_path: Path) -> dict[str, str]:
    return make_env(tmp_path / "home")
