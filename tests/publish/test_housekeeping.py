"""The publisher's git commands never stop for git's housekeeping (publish/ledger.py
NO_HOUSEKEEPING): git starts no `maintenance run --auto` or `gc --auto` after the ledger's
commit, where it does after a person's (git's own trace says which children it started)."""

from __future__ import annotations

import subprocess

from smm.publish.ledger import Ledger

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


def _git(cwd, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def _children(trace) -> list[str]:
    lines = trace.read_text().splitlines() if trace.exists() else []
    trace.unlink(missing_ok=True)
    return [line.split("child_start", 1)[1] for line in lines if "child_start" in line]


def test_a_commit_of_the_publisher_starts_no_housekeeping(tmp_path, monkeypatch):
    root, trace = tmp_path / "repo", tmp_path / "trace.txt"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    monkeypatch.setenv("GIT_TRACE2", str(trace))
    (root / "a.md").write_text("a post\n")
    _git(root, "add", "-A")
    _children(trace)
    Ledger(root, push=False).git("commit", "--quiet", "-m", "by the publisher")
    assert not [c for c in _children(trace) if "maintenance" in c or "gc" in c]

    (root / "b.md").write_text("another post\n")
    _git(root, "add", "-A")
    _children(trace)
    _git(root, "commit", "--quiet", "-m", "by a person")
    assert any("maintenance run --auto" in c or "gc --auto" in c for c in _children(trace))
