"""content/userfile.py: a user's file is read only when it is a regular file inside the repository,
and never past its cap. Each refusal has a kind lint turns into a finding, and none blocks."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from smm.content.userfile import (
    MISSING,
    NOT_REGULAR,
    OUTSIDE,
    TOO_LARGE,
    UNREADABLE,
    FileRefused,
    read_user_file,
)


def refusal(root: Path, rel: str, limit: int = 1000) -> FileRefused:
    """The FileRefused that reading ``rel`` raises; fails if it reads, or takes more than 20 s
    (a hang guard only: a refusal takes microseconds)."""
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_user_file(root, rel, limit))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert outcome, f"reading {rel} hangs"
    assert isinstance(outcome[0], FileRefused), (
        f"{rel} was read or failed otherwise: {outcome[0]!r}"
    )
    return outcome[0]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "posts").mkdir(parents=True)
    (root / "posts/a.md").write_text("---\nnetwork: telegram\n---\nтекст\n", encoding="utf-8")
    return root


def test_a_regular_file_inside_the_repository_is_read(repo):
    assert (
        read_user_file(repo, "posts/a.md", 1000) == "---\nnetwork: telegram\n---\nтекст\n".encode()
    )


def test_a_symlink_that_stays_inside_is_read(repo):
    (repo / "posts/b.md").symlink_to("a.md")
    assert read_user_file(repo, "posts/b.md", 1000).startswith(b"---")


def test_a_fifo_is_refused_without_blocking(repo):
    os.mkfifo(repo / "posts/pipe.md")  # no writer: a plain open() would wait for one forever
    exc = refusal(repo, "posts/pipe.md")
    assert (exc.kind, str(exc)) == (NOT_REGULAR, "is a named pipe (FIFO), not a regular file")


def test_a_device_is_refused_before_it_is_opened():
    exc = refusal(Path("/"), "dev/zero")  # stat says 0 bytes; reading it never ends
    assert (exc.kind, str(exc)) == (NOT_REGULAR, "is a character device, not a regular file")


def test_a_folder_is_refused(repo):
    exc = refusal(repo, "posts")
    assert (exc.kind, str(exc)) == (NOT_REGULAR, "is a folder, not a regular file")


def test_a_trailing_slash_is_refused_even_on_a_file(repo):
    exc = refusal(repo, "posts/a.md/")  # pathlib would drop the slash and read posts/a.md
    assert exc.kind == NOT_REGULAR and "ends with '/'" in str(exc)


def test_a_nul_in_the_name_is_refused(repo):
    assert refusal(repo, "posts/a\0.md").kind == UNREADABLE


def test_the_cap_holds_when_stat_says_less_than_there_is():
    # /proc files are regular files of size 0 by stat, with content when read
    assert os.stat("/proc/self/status").st_size == 0
    exc = refusal(Path("/"), "proc/self/status", limit=16)
    assert exc.kind == TOO_LARGE and "over 16 bytes" in str(exc)


def test_a_file_over_the_cap_is_refused_by_its_size_without_reading(repo):
    with open(repo / "posts/big.md", "wb") as fh:
        fh.truncate(1 << 40)  # sparse: 1 TB by stat
    exc = refusal(repo, "posts/big.md", limit=1000)
    assert (exc.kind, exc.size) == (TOO_LARGE, 1 << 40)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/etc/hostname"])
def test_a_symlink_out_of_the_repository_is_refused(repo, target):
    (repo / "posts/out.md").symlink_to(target)
    exc = refusal(repo, "posts/out.md")
    assert exc.kind == OUTSIDE and "outside the repository" in str(exc)


def test_a_symlinked_folder_leading_out_is_refused(repo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/x.md").write_text("---\n---\n", encoding="utf-8")
    (repo / "posts/shared").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert refusal(repo, "posts/shared/x.md").kind == OUTSIDE


def test_dotdot_that_leaves_is_outside(repo, tmp_path):
    (tmp_path / "secret.md").write_text("secret", encoding="utf-8")
    assert refusal(repo, "../secret.md").kind == OUTSIDE


def test_a_dangling_symlink_is_missing_and_says_where_it_points(repo):
    (repo / "posts/gone.md").symlink_to("nowhere.md")
    exc = refusal(repo, "posts/gone.md")
    assert (exc.kind, str(exc)) == (MISSING, "is a symlink to nowhere.md, which does not exist")


def test_a_symlink_loop_is_unreadable(repo):
    (repo / "posts/loop.md").symlink_to("loop.md")
    exc = refusal(repo, "posts/loop.md")
    assert (exc.kind, str(exc)) == (UNREADABLE, "is a symlink loop")


def test_a_refusal_is_an_oserror_with_its_sentence_as_strerror(repo):
    exc = refusal(repo, "posts/none.md")
    assert isinstance(exc, OSError) and exc.strerror == "does not exist" and exc.kind == MISSING
