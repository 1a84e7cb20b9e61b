"""posts/ walked in a fork while `smm lint` or `smm site` starts (lint/prewalk.py): started only
for a lint of the whole repository or a site, its stamps exactly the walk's, and anything but a whole walk of this
repository ignored (the lint walks posts/ itself)."""

from __future__ import annotations

import os
import struct

import pytest

from conftest import Workspace
from smm.content.paths import post_paths
from smm.lint import prewalk
from smm.lint.prewalk import Prewalk

LONG_AGO = 1_000_000_000_000_000_000  # 2001: settled long before any run


@pytest.fixture
def posts(workspace: Workspace) -> Workspace:
    """Three posts and a dangling symlink named like one, written long ago."""
    for day in ("01", "02", "03"):
        workspace.post(
            f"zerno/2026/12/{day}-post.md", f"network: telegram\ntime: 2026-12-{day} 10:00"
        )
    os.symlink("nowhere.md", workspace.root / "posts/zerno/2026/12/04-gone.md")
    for path in (workspace.root / "posts").rglob("0[1-3]-post.md"):
        os.utime(path, ns=(LONG_AGO, LONG_AGO))
    return workspace


@pytest.mark.parametrize(
    ("args", "walks"),
    [
        (["lint"], True),
        (["lint", "--now", "2026-12-01T09:00:00+03:00", "--format=json", "--jobs", "2"], True),
        (["lint", "--select", "vk/", "--ignore", "time/past"], True),
        (["lint", "posts/zerno"], False),  # named files: no whole walk needed
        (["lint", "--changed-from", "main"], False),
        (["lint", "--no-cache"], False),
        (["lint", "--now"], False),  # click reports the missing value
        (["lint", "--help"], False),
        (["site"], True),  # its first step: every post's lint entry (site/gather.py)
        (["site", "--out", "_site", "--brand", "zerno", "--now", "2026-12-01T09:00:00Z"], True),
        (["site", "--help"], False),
        (["publish"], False),
        ([], False),
    ],
)
def test_only_a_lint_of_the_whole_repository_or_a_site_walks_ahead(
    posts: Workspace, monkeypatch: pytest.MonkeyPatch, args: list[str], walks: bool
) -> None:
    monkeypatch.chdir(posts.root)
    Prewalk.start(args)
    walk = Prewalk.take()
    assert (walk is not None) == walks
    if walk is not None:
        assert walk.stamps(posts.root) == post_paths(posts.root)


def test_the_forks_stamps_are_the_walks_with_a_post_that_has_none(
    posts: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(posts.root / "posts" / "zerno")  # a folder inside: the root is found above
    Prewalk.start(["lint"])
    walk = Prewalk.take()
    assert walk is not None and Prewalk.take() is None  # once
    stamps = walk.stamps(posts.root)
    assert stamps == post_paths(posts.root)
    assert stamps is not None and stamps["posts/zerno/2026/12/04-gone.md"] is None
    assert stamps["posts/zerno/2026/12/01-post.md"] == (
        (posts.root / "posts/zerno/2026/12/01-post.md").stat().st_size,
        LONG_AGO,
    )


def test_no_cache_walks_nothing_ahead(posts: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(posts.root)
    monkeypatch.setenv("SMM_CACHE", "0")
    Prewalk.start(["lint"])
    assert Prewalk.take() is None


def test_a_walk_of_another_repository_is_not_taken(
    posts: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.chdir(posts.root)
    Prewalk.start(["lint"])
    walk = Prewalk.take()
    assert walk is not None and walk.stamps(tmp_path) is None


def _message(root: bytes, names: list[str], numbers: list[int]) -> bytes:
    joined = "\0".join(names).encode()
    head = struct.pack("<qqq", len(root), len(joined), len(names))
    return head + root + joined + struct.pack(f"<{len(numbers)}q", *numbers)


def test_only_a_whole_message_is_read() -> None:
    whole = _message(b"/r", ["posts/a.md", "posts/b.md"], [10, 1_000, -1, -1])
    assert prewalk._decoded(whole, b"/r") == {"posts/a.md": (10, 1_000), "posts/b.md": None}
    assert prewalk._decoded(_message(b"/r", [], []), b"/r") == {}
    for cut in (0, 5, 24, len(whole) - 1):  # the fork killed while it wrote
        assert prewalk._decoded(whole[:cut], b"/r") is None
    assert prewalk._decoded(whole + b"x", b"/r") is None
    assert prewalk._decoded(whole, b"/other") is None
    one_name_two_stamps = bytearray(_message(b"/r", ["posts/a.md"], [1, 2, 3, 4]))
    one_name_two_stamps[16:24] = struct.pack("<q", 2)  # the count says two posts
    assert prewalk._decoded(bytes(one_name_two_stamps), b"/r") is None


def test_a_lint_after_an_edit_sees_it(posts: Workspace) -> None:
    """Through the program (`python -m smm lint`, which walks ahead): the answer of the last run
    is given while nothing changed, and not once a post did."""
    first = posts.smm("lint")
    again = posts.smm("lint")
    assert (first.returncode, again.stdout) == (1, first.stdout)  # the symlink: unreadable
    posts.post("zerno/2026/12/02-post.md", "network: telegramm\ntime: 2026-12-02 10:00")
    edited = posts.smm("lint")
    assert "schema/network" in edited.stdout and "schema/network" not in first.stdout


def test_a_site_build_after_an_edit_sees_it(posts: Workspace, tmp_path) -> None:
    """Through the program (`python -m smm site`, which walks ahead): an edited post's page is
    made again from its new text."""
    out = tmp_path / "site"
    posts.smm("site", "--out", str(out), "--now", "2026-12-01T09:00:00+03:00")
    page = out / "posts/zerno/2026/12/02-post.html"
    assert "Отредактировано" not in page.read_text(encoding="utf-8")
    posts.post(
        "zerno/2026/12/02-post.md", "network: telegram\ntime: 2026-12-02 10:00", "Отредактировано"
    )
    again = posts.smm("site", "--out", str(out), "--now", "2026-12-01T09:00:00+03:00")
    assert "0 written" not in again.stdout and "Отредактировано" in page.read_text(encoding="utf-8")
