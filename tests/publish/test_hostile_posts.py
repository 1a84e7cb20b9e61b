"""A post on main that is a symlink out of the repository (git stores symlinks) is never sent: the
publisher reads only the repository's own files, so the post is blocked, and the due posts beside
it go out as usual."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import CAKE, NETWORKS, POSTS, git, write_repo

OUTSIDE_TEXT = "Чужой текст из файла вне репозитория."
LINK = "posts/zerno/2026/12/01-outside.md"


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    """The usual seed, plus a due post that is a symlink to a file outside the repository."""
    outside = tmp_path / "outside.md"
    outside.write_text(
        CAKE.replace(
            "Морковный торт снова на витрине. Приходите попробовать, пока он тёплый!", OUTSIDE_TEXT
        ),
        encoding="utf-8",
    )
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root)
    (root / LINK).symlink_to(outside)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Two posts, and a symlink out of the repository")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


def test_a_post_symlinked_out_of_the_repository_is_blocked_and_never_sent(pub):
    clone = pub.clone()
    assert (clone / LINK).is_symlink()
    run = pub.run(clone)
    blocked = [o for o in run.data["outcomes"] if o["path"] == LINK]
    assert [o["state"] for o in blocked] == ["blocked"]
    assert "file/outside-repo" in blocked[0]["error"]
    assert all(OUTSIDE_TEXT not in p["text"] for network in NETWORKS for p in pub.posts(network))
    sent = {(o["path"], o["network"]) for o in run.data["outcomes"] if o["state"] == "published"}
    assert sent == {(path, network) for path in POSTS for network in NETWORKS}
