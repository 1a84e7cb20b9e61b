"""The ledger fetches origin on a thread of its own while it checks the checkout (publish/
ledger.py _EarlyFetch): one fetch, its result used, the thread joined whatever happens, and a
fetch that fails is done again by sync, which reports git's error."""

from __future__ import annotations

import threading

import pytest
from tests.publish.harness import git, push_and_clone

from smm.errors import GitError
from smm.publish.ledger import Ledger


def _fetches(trace) -> int:
    return sum("built-in: git fetch" in line for line in trace.read_text().splitlines())


@pytest.fixture
def origin_ahead(tmp_path):
    """A clone whose origin got one more commit after it was made (by another person's clone)."""
    seed, origin = tmp_path / "seed", tmp_path / "origin.git"
    seed.mkdir()
    (seed / "a.md").write_text("a post\n")
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    clone = push_and_clone(seed, origin, tmp_path / "clone", "first")
    (seed / "b.md").write_text("another post\n")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "second")
    git(seed, "push", "--quiet", "origin", "main")
    return clone, git(seed, "rev-parse", "HEAD").strip()


def test_a_clean_checkout_is_brought_level_with_one_fetch(origin_ahead, tmp_path, monkeypatch):
    clone, ahead = origin_ahead
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    Ledger(clone).check_ready()
    assert git(clone, "rev-parse", "HEAD").strip() == ahead
    assert (clone / "b.md").is_file()
    assert _fetches(trace) == 1


def test_a_refusal_leaves_no_fetch_running(origin_ahead):
    clone, _ = origin_ahead
    git(clone, "switch", "--quiet", "-c", "draft")
    before = set(threading.enumerate())  # other tests' threads may end meanwhile: not counted
    with pytest.raises(GitError, match="on branch 'draft'"):
        Ledger(clone).check_ready()
    assert set(threading.enumerate()) - before == set()


def test_a_failed_fetch_is_tried_again_and_reported(origin_ahead, tmp_path, monkeypatch):
    clone, _ = origin_ahead
    git(clone, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    with pytest.raises(GitError, match="fetch"):
        Ledger(clone).check_ready()
    assert _fetches(trace) == 2


def test_git_status_started_early_is_what_the_check_reads(origin_ahead, tmp_path, monkeypatch):
    """publish/early.py: the command starts ``git status`` before it imports the publisher; the
    check reads that answer instead of asking again, and a checkout it left dirty is recovered
    or refused exactly as when the check asks itself."""
    from smm.publish.early import STATUS, EarlyStatus

    clone, ahead = origin_ahead
    (clone / "notes.txt").write_text("untracked\n")
    ledger = Ledger(clone)
    assert EarlyStatus(clone).output() == ledger.git(*STATUS).stdout
    early = EarlyStatus(clone)  # started before the trace: only the check's own calls are in it
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("GIT_TRACE", str(trace))
    ledger.check_ready(early)
    assert not any("built-in: git status" in line for line in trace.read_text().splitlines())
    assert git(clone, "rev-parse", "HEAD").strip() == ahead
    (clone / "a.md").write_text("a post, edited by hand\n")
    with pytest.raises(GitError, match=r"a\.md"):
        Ledger(clone).check_ready(EarlyStatus(clone))


def test_an_early_status_outside_git_is_no_answer(tmp_path):
    from smm.publish.early import EarlyStatus

    assert EarlyStatus(tmp_path).output() is None
