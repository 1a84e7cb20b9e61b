"""history/batch.py: every post's history from a fixed number of git processes, equal to what
`smm history PATH` says of each post, across pull-request merges, a squash, smm's commits, direct
pushes, renames in a pull request, a merge that resolved a conflict and a post not merged yet."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest

from smm.errors import SmmError
from smm.history import history
from smm.history.batch import Ahead, Histories, blob_id, histories, tree_blobs

from .gitrepo import GitRepo
from .test_history import ANNA, BORIS, MARIA, POST, TEXT, merge_pr, story

__all__ = ["story"]  # the fixture, shared

OTHER = "posts/zerno/2026/12/03-coffee.md"
RENAMED = "posts/zerno/2026/12/01-winter-menu-2026.md"
UNMERGED = "posts/zerno/2026/12/09-new.md"


def posts_of(repo: GitRepo) -> list[str]:
    return sorted(p.relative_to(repo.root).as_posix() for p in repo.root.glob("posts/**/*.md"))


def one_by_one(root: Path, paths: list[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in paths:
        try:
            with contextlib.chdir(root):  # as a person runs it, at the top of the repository
                out[path] = history(path).as_dict()
        except SmmError as exc:  # the reason smm history gives, compared as text
            out[path] = str(exc)
    return out


def batch(root: Path, paths: list[str]) -> dict[str, object]:
    return {p: h if isinstance(h, str) else h.as_dict() for p, h in histories(root, paths).items()}


@pytest.fixture
def busy(story):
    """The story of test_history.py, then: a second post edited on two branches whose merge
    resolves a conflict, the first post renamed in PR #14, a post added on a branch not merged."""
    repo, _ = story
    repo.write(OTHER, TEXT.replace("Зимнее меню", "Кофе"))
    repo.commit("Coffee post", OTHER, who=BORIS, date="2026-12-02T10:00:00+03:00")
    repo.git("checkout", "-q", "-b", "team/coffee")
    repo.write(OTHER, repo.read(OTHER) + "\nС корицей.\n")
    repo.commit("Coffee: cinnamon", OTHER, who=ANNA, date="2026-12-02T11:00:00+03:00")
    repo.git("checkout", "-q", "main")
    repo.write(OTHER, repo.read(OTHER) + "\nС ванилью.\n")
    repo.commit("Coffee: vanilla", OTHER, who=BORIS, date="2026-12-02T12:00:00+03:00")
    subprocess.run(["git", "merge", "-q", "team/coffee"], cwd=repo.root, capture_output=True)
    repo.write(OTHER, repo.read(OTHER).split("<<<<<<<")[0] + "\nС корицей и ванилью.\n")
    repo.git("add", OTHER)
    repo.git(
        "commit",
        "-q",
        "-m",
        "Merge pull request #15 from o/team/coffee",
        who=MARIA,
        date="2026-12-02T13:00:00+03:00",
    )
    repo.git("checkout", "-q", "-b", "team/rename")
    repo.git("mv", POST, RENAMED)
    repo.commit("Rename the winter menu post", who=ANNA, date="2026-12-04T09:00:00+03:00")
    repo.git("checkout", "-q", "main")
    merge_pr(repo, 14, "team/rename", "2026-12-04T10:00:00+03:00")
    repo.git("checkout", "-q", "-b", "team/new")
    repo.write(UNMERGED, TEXT)
    repo.commit("New post", UNMERGED, who=ANNA, date="2026-12-05T09:00:00+03:00")
    return repo


def test_the_batch_tells_every_post_as_smm_history_does(busy):
    paths = [*posts_of(busy), "posts/zerno/2026/12/31-gone.md"]
    assert set(paths) >= {OTHER, RENAMED, UNMERGED}
    expected = one_by_one(busy.root, paths)
    assert batch(busy.root, paths) == expected
    assert isinstance(expected[UNMERGED], str) and "not on main yet" in expected[UNMERGED]
    merged = expected[OTHER]  # the side branch's commit came by PR #15; like --follow, no merge
    assert isinstance(merged, dict) and [(c["subject"], c["pr"]) for c in merged["changes"]] == [
        ("Coffee post", None),
        ("Coffee: vanilla", None),
        ("Coffee: cinnamon", 15),
    ]


def test_git_started_ahead_gives_the_same_stories(busy):
    """The log's and the chain's commands started before the batch reads them (as smm site
    starts them beside its reading of the repository) tell every story alike."""
    paths = posts_of(busy)
    tree = ("", tree_blobs(busy.root, "main"))
    ahead = Ahead(busy.root, "main")
    told = Histories(busy.root, paths, "main", tree, ahead)
    told.prefetch(paths)
    expected = one_by_one(busy.root, paths)
    got = {p: h if isinstance(h, str) else h.as_dict() for p in paths for h in [told.of(p)]}
    assert got == expected
    ahead.stop()  # what it was not asked for (the tree, the prefix): ended


def test_versions_that_are_the_posts_on_disk_are_not_asked_of_git(busy, monkeypatch):
    """The site has each post's bytes read already: a version with their blob id is taken from
    them (the same stories), and git is asked only the others; a post edited on disk and not
    committed is no such version, and its story is still told from git's."""
    import smm.history.batch as batch_module

    paths = posts_of(busy)
    edited = busy.root / paths[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nНе закоммичено.\n", encoding="utf-8")
    expected = one_by_one(busy.root, paths)
    asked: list[str] = []
    real = batch_module.read_versions

    def read(root, specs):
        asked.extend(specs)
        return real(root, specs)

    monkeypatch.setattr(batch_module, "read_versions", read)
    told = Histories(busy.root, paths, "main")
    told.prefetch(paths, known={p: (busy.root / p).read_bytes() for p in paths})
    got = {p: h if isinstance(h, str) else h.as_dict() for p in paths for h in [told.of(p)]}
    assert got == expected
    on_disk = {blob_id((busy.root / p).read_bytes()) for p in paths}
    head = tree_blobs(busy.root, "main")
    assert head[paths[1]] in on_disk and head[paths[1]] not in asked  # taken from the disk
    assert head[paths[0]] not in on_disk and head[paths[0]] in asked  # edited: from git
    assert blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # git's empty blob


def test_the_batch_asks_git_a_fixed_number_of_times(busy, tmp_path, monkeypatch):
    """Six git processes for any number of posts: the log, the branch's tree (each post's blob
    there), the chain, its parents, its messages, and one cat-file for every file read (plus the
    prefix and the branch)."""
    calls = tmp_path / "calls"
    shim = tmp_path / "bin" / "git"
    shim.parent.mkdir()
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    shim.write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n')
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim.parent}:{Path(real).parent}")
    histories(busy.root, posts_of(busy))
    assert len(calls.read_text().splitlines()) <= 8


def test_a_content_folder_inside_a_larger_repository(tmp_path):
    """posts/ under a sub-folder of the git repository: paths from git's top are read back."""
    repo = GitRepo(tmp_path / "top")
    repo.write(f"content/{POST}", TEXT)
    repo.commit("Add", who=ANNA, date="2026-11-20T10:00:00+03:00")
    repo.git("mv", f"content/{POST}", f"content/{RENAMED}")
    repo.commit("Rename", who=BORIS, date="2026-11-21T10:00:00+03:00")
    told = batch(repo.root / "content", [RENAMED])
    assert told == one_by_one(repo.root / "content", [RENAMED])
    story = told[RENAMED]
    assert isinstance(story, dict)
    assert [(c["path"], c["change"]) for c in story["changes"]] == [
        (POST, "added"),
        (RENAMED, "renamed"),
    ]
