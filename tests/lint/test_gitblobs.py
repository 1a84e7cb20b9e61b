"""A fresh checkout with its cache restored: git's index vouches for the posts it knows byte for
byte, so lint checks nothing again and rewrites no cache (lint/gitblobs.py); what the index cannot
vouch for is read as before."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import smm.lint.engine
import smm.lint.gitblobs
from conftest import NOW, Workspace
from smm.lint import lint
from smm.lint.gitblobs import blob_id, clean_blobs

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
A, B = "posts/zerno/2026/12/01-a.md", "posts/zerno/2026/12/02-b.md"


def git(cwd, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def origin(workspace: Workspace) -> Workspace:
    """A committed repository: a clean post, one with a finding, one past its time."""
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    workspace.post("zerno/2026/12/02-b.md", "network: telegramm\ntime: 2026-12-02 10:00")
    workspace.post("zerno/2026/11/01-past.md", "network: vk\ntime: 2026-11-01 10:00")
    git(workspace.root, "init", "-q", "-b", "main")
    git(workspace.root, "add", "-A")
    git(workspace.root, "commit", "-qm", "base")
    return workspace


@pytest.fixture
def fresh(origin, tmp_path, monkeypatch):
    """What CI has: the origin linted once, then a new clone (every mtime new) with the cache
    copied in. Asking git from the first stale post on, so that three posts are enough."""
    monkeypatch.setattr(smm.lint.engine, "GIT_AFTER", 1)
    lint(origin.root, now=NOW, jobs=1, changed_from=None)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin.root), str(clone))
    shutil.copytree(origin.root / ".smm-cache", clone / ".smm-cache")
    (clone / ".smm-cache" / "lint-answer-v1.json").unlink()  # the post cache is what is tested
    return clone


def _truth(root):
    return lint(root, now=NOW, use_cache=False, jobs=1).findings


def _cache(root) -> bytes:
    return (root / ".smm-cache" / "lint-v5.json").read_bytes()


def test_a_post_id_is_gits_blob_id(tmp_path):
    for data in (b"", b"hello\n", "Пост про кофе ☕\r\n".encode(), bytes(range(256)) * 40):
        path = tmp_path / "x"
        path.write_bytes(data)
        assert blob_id(data) == git(tmp_path, "hash-object", str(path)).strip()


def test_a_fresh_clone_checks_nothing_and_rewrites_no_cache(origin, fresh):
    before = _cache(fresh)
    result = lint(fresh, now=NOW, jobs=1)
    assert result.checked == 0
    assert result.findings == _truth(fresh) == _truth(origin.root)
    assert _cache(fresh) == before


def test_a_post_changed_after_the_checkout_is_read(fresh):
    (fresh / A).write_text((fresh / A).read_text().replace("telegram", "telegramm"))
    result = lint(fresh, now=NOW, jobs=1)
    assert result.checked == 1
    assert result.findings == _truth(fresh)
    assert any(f.path == A and "telegramm" in f.message for f in result.findings)


def test_a_staged_change_is_read_too(fresh):
    (fresh / B).write_text((fresh / B).read_text().replace("telegramm", "telegram"))
    git(fresh, "add", B)
    result = lint(fresh, now=NOW, jobs=1)
    assert result.checked == 1
    assert result.findings == _truth(fresh)


def test_only_what_the_index_vouches_for_byte_for_byte(origin, tmp_path):
    root = origin.root
    assert set(clean_blobs(root)) == {A, B, "posts/zerno/2026/11/01-past.md"}
    assert clean_blobs(root)[A] == blob_id((root / A).read_bytes())
    (root / A).write_text("---\nnetwork: vk\n---\nchanged\n")  # unstaged edit, LF as before
    (root / "posts/zerno/2026/12/03-link.md").symlink_to("01-a.md")
    git(root, "add", "posts/zerno/2026/12/03-link.md")
    assert set(clean_blobs(root)) == {B, "posts/zerno/2026/11/01-past.md"}
    # a checkout that writes CRLF for LF in the index: the bytes are not the blob's
    crlf = tmp_path / "crlf"
    git(tmp_path, "-c", "core.autocrlf=true", "clone", "-q", str(root), str(crlf))
    assert b"\r\n" in (crlf / B).read_bytes()
    assert clean_blobs(crlf) == {}


def test_posts_git_is_told_not_to_look_at_are_not_vouched_for(origin):
    """assume-unchanged and skip-worktree: git status and diff-files ignore edits to them, so the
    index's blob id says nothing about the file (read as before, even on a clean checkout)."""
    root = origin.root
    past = "posts/zerno/2026/11/01-past.md"
    git(root, "update-index", "--assume-unchanged", A)
    git(root, "update-index", "--skip-worktree", B)
    (root / A).write_text("---\nnetwork: vk\n---\nedited, git told not to look\n")
    assert git(root, "status", "--porcelain") == ""  # so a clean status vouches for nothing here
    assert set(clean_blobs(root)) == set(clean_blobs(root, clean=True)) == {past}


def test_outside_git_nothing_is_vouched_for(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    assert clean_blobs(workspace.root) == {}


def test_a_clean_checkout_is_vouched_for_without_a_stat_or_diff_files(fresh, monkeypatch):
    """publish has just seen ``git status`` clean: collect(clean=True) takes every tracked post
    from the index (no stat call for it, no diff-files) and stats and reads only the others."""
    from smm.content.repo import open_repo
    from smm.lint.engine import collect

    new = "posts/zerno/2026/12/03-new.md"  # untracked: the index cannot vouch for it
    (fresh / new).write_text((fresh / A).read_text(), encoding="utf-8")
    calls: list[tuple[str, ...]] = []
    real_git = smm.lint.gitblobs.git_bytes
    monkeypatch.setattr(
        smm.lint.gitblobs,
        "git_bytes",
        lambda root, *a, **k: calls.append(a) or real_git(root, *a, **k),
    )
    stamped: list[str] = []
    real_stamp = smm.lint.engine.stamp
    monkeypatch.setattr(smm.lint.engine, "stamp", lambda p: stamped.append(p.name) or real_stamp(p))
    clean = collect(open_repo(fresh), jobs=1, clean=True)
    assert stamped == ["03-new.md"] and clean.checked == 1
    assert not any(call[0] == "diff-files" for call in calls)
    walked = collect(open_repo(fresh), jobs=1)
    assert clean.entries.keys() == walked.entries.keys()
    assert [e.facts for e in clean.entries.values()] == [e.facts for e in walked.entries.values()]
    assert [e.findings for e in clean.entries.values()] == [
        e.findings for e in walked.entries.values()
    ]
