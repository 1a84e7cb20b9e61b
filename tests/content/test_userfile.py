"""content/userfile.py: a user's file is read only when it is a regular file inside the repository,
and never past its cap. Each refusal has a kind lint turns into a finding, and none blocks.

Every case runs twice: through ``read_user_file`` (a path) and through a ``FolderReader`` (a lint's
posts: the folder opened once, the file by its name in it), which must read and refuse alike.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smm.content.userfile import (
    MISSING,
    NOT_REGULAR,
    OUTSIDE,
    TOO_LARGE,
    UNREADABLE,
    FileRefused,
    FolderReader,
    read_user_file,
)

Read = Callable[[Path, str, int], bytes]


@pytest.fixture(params=["by path", "by folder"])
def read(request: pytest.FixtureRequest) -> Iterator[Read]:
    """A way to read a user's file; "by folder" keeps one FolderReader per root, as a run does."""
    if request.param == "by path":
        yield read_user_file
        return
    readers: dict[Path, FolderReader] = {}

    def by_folder(root: Path, rel: str, limit: int) -> bytes:
        return readers.setdefault(root, FolderReader(root)).read(rel, limit)

    yield by_folder
    for reader in readers.values():
        reader.close()


def refusal(read: Read, root: Path, rel: str, limit: int = 1000) -> FileRefused:
    """The FileRefused that reading ``rel`` raises; fails if it reads, or takes more than 20 s
    (a hang guard only: a refusal takes microseconds)."""
    outcome: list[BaseException | bytes] = []

    def attempt() -> None:
        try:
            outcome.append(read(root, rel, limit))
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=attempt, daemon=True)
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


def test_a_regular_file_inside_the_repository_is_read(read, repo):
    assert read(repo, "posts/a.md", 1000) == "---\nnetwork: telegram\n---\nтекст\n".encode()


def test_a_symlink_that_stays_inside_is_read(read, repo):
    (repo / "posts/b.md").symlink_to("a.md")
    assert read(repo, "posts/b.md", 1000).startswith(b"---")


def test_a_fifo_is_refused_without_blocking(read, repo):
    os.mkfifo(repo / "posts/pipe.md")  # no writer: a plain open() would wait for one forever
    exc = refusal(read, repo, "posts/pipe.md")
    assert (exc.kind, str(exc)) == (NOT_REGULAR, "is a named pipe (FIFO), not a regular file")


def test_a_device_is_refused_before_it_is_opened(read):
    exc = refusal(read, Path("/"), "dev/zero")  # stat says 0 bytes; reading it never ends
    assert (exc.kind, str(exc)) == (NOT_REGULAR, "is a character device, not a regular file")


def test_a_folder_is_refused(read, repo):
    exc = refusal(read, repo, "posts")
    assert (exc.kind, str(exc)) == (NOT_REGULAR, "is a folder, not a regular file")


def test_a_trailing_slash_is_refused_even_on_a_file(read, repo):
    exc = refusal(read, repo, "posts/a.md/")  # pathlib would drop the slash and read posts/a.md
    assert exc.kind == NOT_REGULAR and "ends with '/'" in str(exc)


def test_a_nul_in_the_name_is_refused(read, repo):
    assert refusal(read, repo, "posts/a\0.md").kind == UNREADABLE


def test_the_cap_holds_when_stat_says_less_than_there_is(read):
    # /proc files are regular files of size 0 by stat, with content when read
    assert os.stat("/proc/self/status").st_size == 0
    exc = refusal(read, Path("/"), "proc/self/status", limit=16)
    assert exc.kind == TOO_LARGE and "over 16 bytes" in str(exc)


def test_a_file_over_the_cap_is_refused_by_its_size_without_reading(read, repo):
    with open(repo / "posts/big.md", "wb") as fh:
        fh.truncate(1 << 40)  # sparse: 1 TB by stat
    exc = refusal(read, repo, "posts/big.md", limit=1000)
    assert (exc.kind, exc.size) == (TOO_LARGE, 1 << 40)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/etc/hostname"])
def test_a_symlink_out_of_the_repository_is_refused(read, repo, target):
    (repo / "posts/out.md").symlink_to(target)
    exc = refusal(read, repo, "posts/out.md")
    assert exc.kind == OUTSIDE and "outside the repository" in str(exc)


def test_a_symlinked_folder_leading_out_is_refused(read, repo, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/x.md").write_text("---\n---\n", encoding="utf-8")
    (repo / "posts/shared").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert refusal(read, repo, "posts/shared/x.md").kind == OUTSIDE


def test_dotdot_that_leaves_is_outside(read, repo, tmp_path):
    (tmp_path / "secret.md").write_text("secret", encoding="utf-8")
    assert refusal(read, repo, "../secret.md").kind == OUTSIDE


def test_a_dangling_symlink_is_missing_and_says_where_it_points(read, repo):
    (repo / "posts/gone.md").symlink_to("nowhere.md")
    exc = refusal(read, repo, "posts/gone.md")
    assert (exc.kind, str(exc)) == (MISSING, "is a symlink to nowhere.md, which does not exist")


def test_a_symlink_loop_is_unreadable(read, repo):
    (repo / "posts/loop.md").symlink_to("loop.md")
    exc = refusal(read, repo, "posts/loop.md")
    assert (exc.kind, str(exc)) == (UNREADABLE, "is a symlink loop")


def test_a_refusal_is_an_oserror_with_its_sentence_as_strerror(read, repo):
    exc = refusal(read, repo, "posts/none.md")
    assert isinstance(exc, OSError) and exc.strerror == "does not exist" and exc.kind == MISSING


def test_a_folder_reader_opens_each_folder_once_and_closes_them(repo):
    for name in ("b", "c"):
        (repo / f"posts/{name}.md").write_text(name, encoding="utf-8")
    before = len(os.listdir("/proc/self/fd"))
    reader = FolderReader(repo)
    got = [reader.read(f"posts/{name}.md", 100) for name in ("b", "c", "b")]
    assert got == [b"b", b"c", b"b"]
    assert len(os.listdir("/proc/self/fd")) == before + 1  # posts/, open while the run reads
    reader.close()
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_folder_reader_reads_the_folder_it_opened_not_one_swapped_in_later(repo, tmp_path):
    reader = FolderReader(repo)
    assert reader.read("posts/a.md", 1000).startswith(b"---")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.md").write_text("someone else's", encoding="utf-8")
    (repo / "posts").rename(repo / "old-posts")
    (repo / "posts").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert reader.read("posts/a.md", 1000).startswith(b"---")  # never the file outside
    reader.close()
    afresh = FolderReader(repo)  # the next run opens posts/ again, and finds it leads out
    assert (
        refusal(lambda root, rel, limit: afresh.read(rel, limit), repo, "posts/a.md").kind
        == OUTSIDE
    )
    afresh.close()
