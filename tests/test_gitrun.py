"""gitrun: the one way the package runs git (history, review, the publisher's ledger), against a
real repository; and no other module starts git by itself."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from smm.errors import GitError
from smm.gitrun import Started, git, git_bytes, start

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "smm"
RUNNER = PACKAGE / "gitrun.py"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    (tmp_path / "crlf.md").write_bytes(b"line one\r\nzwei \xc3\xbc\r\n")
    for args in (["add", "."], ["-c", "user.name=a", "-c", "user.email=a@x", "commit", "-qm", "c"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    return tmp_path


def test_text_output_and_bytes_output_as_git_wrote_them(repo):
    assert git(repo, "show", "HEAD:crlf.md").stdout == "line one\nzwei ü\n"
    assert git_bytes(repo, "show", "HEAD:crlf.md").stdout == b"line one\r\nzwei \xc3\xbc\r\n"


def test_no_prompt_c_locale_options_and_extra_environment_reach_git(repo):
    shown = git(
        repo,
        "show-env",
        env={"SMM_EXTRA": "yes"},
        options=("-c", 'alias.show-env=!printf %s "$LC_ALL $GIT_TERMINAL_PROMPT $SMM_EXTRA"'),
    )
    assert shown.stdout == "C 0 yes"


def test_a_git_started_to_run_meanwhile_has_the_same_environment(repo):
    running = start(
        repo,
        "show-env",
        options=("-c", 'alias.show-env=!printf %s "$LC_ALL $GIT_TERMINAL_PROMPT"'),
    )
    out, _ = running.communicate()
    assert (running.returncode, out) == (0, b"C 0")


def test_a_started_git_writes_all_it_has_before_it_is_read(repo):
    """Into a file, not a pipe: git runs to its end beside the caller however much it writes."""
    big = b"x" * 300_000 + b"\n"  # several pipes' worth
    (repo / "big.txt").write_bytes(big)
    subprocess.run(["git", "add", "big.txt"], cwd=repo, check=True)
    started = Started(repo, "show", ":big.txt")
    for _ in range(500):  # up to 5 s for git to end with nothing read yet
        if started._process.poll() is not None:
            break
        time.sleep(0.01)
    assert started._process.returncode == 0
    assert started.result().stdout == big
    with pytest.raises(GitError, match=r"^git show: fatal: .*nothing"):
        Started(repo, "show", "HEAD:nothing").result()
    assert Started(repo, "show", "HEAD:nothing").result(check=False).returncode != 0
    running = Started(repo, "nap", options=("-c", "alias.nap=!sleep 30"))
    begun = time.monotonic()
    running.stop()  # not wanted after all: ended at once
    assert running._process.returncode is not None and time.monotonic() - begun < 10


def test_input_is_passed_to_git(repo):
    out = git_bytes(repo, "cat-file", "--batch-check", input=b"HEAD:crlf.md\nHEAD:none\n").stdout
    assert out.endswith(b" blob 19\nHEAD:none missing\n")
    blob = hashlib.sha1(b"blob 3\0x\r\n").hexdigest()
    assert git(repo, "hash-object", "--stdin", input="x\r\n").stdout == blob + "\n"


def test_a_failure_is_one_git_error_line_unless_the_caller_checks_itself(repo):
    with pytest.raises(GitError) as failed:
        git(repo, "rev-parse", "--verify", "no-such-ref")
    assert str(failed.value) == "git rev-parse: fatal: Needed a single revision"
    with pytest.raises(GitError, match=r"^git show: fatal: "):
        git_bytes(repo, "show", "HEAD:none")
    assert git(repo, "rev-parse", "--verify", "--quiet", "no-such-ref", check=False).returncode == 1
    assert git_bytes(repo, "show", "HEAD:none", check=False).returncode == 128


def _starts_git(node: ast.AST) -> bool:
    """A subprocess call whose command list starts with "git"."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "subprocess"
        and node.args
        and isinstance(node.args[0], ast.List)
        and node.args[0].elts
    ):
        return False
    first = node.args[0].elts[0]
    return isinstance(first, ast.Constant) and first.value == "git"


def test_no_module_but_gitrun_starts_git_itself():
    starters = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != RUNNER
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _starts_git(node)
    ]
    assert starters == [], "run git through smm.gitrun: " + ", ".join(starters)
    assert any(map(_starts_git, ast.walk(ast.parse("subprocess.run(['git', 'status'])"))))
