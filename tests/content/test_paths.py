"""The walk of posts/ (content/paths.py): every .md with its stamp, in sorted order, by either
way of walking."""

from __future__ import annotations

import os

import pytest

from smm.content import paths
from smm.content.paths import post_paths


@pytest.fixture
def tree(tmp_path):
    """posts/ with nested folders, a symlinked post, a dangling one, a symlinked folder (not
    entered), a file that is not a post, and a folder outside posts/."""
    root = tmp_path / "repo"
    (root / "posts/zerno/2026/12").mkdir(parents=True)
    (root / "posts/nord").mkdir(parents=True)
    (root / "elsewhere").mkdir()
    (root / "posts/zerno/2026/12/01-a.md").write_text("a", encoding="utf-8")
    (root / "posts/zerno/2026/12/02-b.md").write_text("bb", encoding="utf-8")
    (root / "posts/zerno/notes.txt").write_text("not a post", encoding="utf-8")
    (root / "posts/nord/x.md").write_text("xxx", encoding="utf-8")
    (root / "posts/nord/link.md").symlink_to("x.md")
    (root / "posts/nord/dangling.md").symlink_to("nowhere.md")
    (root / "elsewhere/outside.md").write_text("o", encoding="utf-8")
    (root / "posts/nord/shared").symlink_to(root / "elsewhere", target_is_directory=True)
    return root


def _expected(root):
    def stamp(rel):
        st = os.stat(root / rel)
        return st.st_size, st.st_mtime_ns

    found = {
        rel: stamp(rel)
        for rel in (
            "posts/nord/link.md",
            "posts/nord/x.md",
            "posts/zerno/2026/12/01-a.md",
            "posts/zerno/2026/12/02-b.md",
        )
    }
    return dict(sorted({**found, "posts/nord/dangling.md": None}.items()))


def test_every_post_with_its_stamp_in_order_and_no_symlinked_folder(tree):
    found = post_paths(tree)
    assert found == _expected(tree)
    assert list(found) == sorted(found)
    assert found["posts/nord/link.md"] == (3, os.stat(tree / "posts/nord/x.md").st_mtime_ns)


def test_names_alone_and_one_brand(tree):
    assert post_paths(tree, stamps=False) == dict.fromkeys(_expected(tree))
    assert list(post_paths(tree, "zerno")) == [
        "posts/zerno/2026/12/01-a.md",
        "posts/zerno/2026/12/02-b.md",
    ]
    assert post_paths(tree, "../elsewhere") == {} and post_paths(tree, "nobody") == {}


def test_posts_itself_may_be_a_symlink(tree, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    os.rename(tree / "posts", other / "posts")
    (tree / "posts").symlink_to(other / "posts", target_is_directory=True)
    assert post_paths(tree) == _expected(tree)


def test_the_walk_by_whole_paths_finds_the_same(tree, monkeypatch):
    """Where folders cannot be listed by descriptor (Windows), the other walk gives the same."""
    monkeypatch.setattr(paths.os, "supports_fd", set())
    assert post_paths(tree) == _expected(tree)
    assert post_paths(tree, "nord", stamps=False) == {
        k: None for k in _expected(tree) if k.startswith("posts/nord/")
    }
