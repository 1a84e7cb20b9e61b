"""The claim index (smm.publish.claims) over real git histories: renames, merges, order, cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smm.errors import GitError
from smm.publish.claims import CACHE_DIR, CACHE_FILE, ClaimIndex
from smm.publish.ledger import Ledger

from .harness import git

TEXT = "---\nnetwork: [telegram]\ntime: 2026-12-01 10:00\n---\nЗимнее меню: латте с корицей и пряный раф, {n}.\n"


class Repo:
    """A content repository in a temp folder, committed to as a person and as smm would."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()
        git(root, "init", "--quiet", "-b", "main")
        git(root, "config", "user.name", "Editor")
        git(root, "config", "user.email", "editor@example.invalid")
        (root / ".gitignore").write_text(".smm-cache/\n", encoding="utf-8")
        self.ledger = Ledger(root, push=False)

    def write(self, path: str, n: int = 1) -> None:
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_text(TEXT.format(n=n), encoding="utf-8")

    def commit(self, message: str) -> str:
        git(self.root, "add", "--all")
        git(self.root, "commit", "--quiet", "--allow-empty", "-m", message)
        return git(self.root, "rev-parse", "HEAD").strip()

    def claim(self, *paths: str, network: str = "telegram") -> str:
        for path in paths:  # what run.py writes: the claimed entry, then the claim commit
            with (self.root / path).open("a", encoding="utf-8") as fh:
                fh.write(f"<!-- claimed {network} -->\n")
        lines = "\n".join(f"publish: {p} -> {network}" for p in paths)
        return self.commit(f"smm: claim {len(paths)} post(s) for publishing [skip ci]\n\n{lines}")

    def index(self) -> ClaimIndex:
        return ClaimIndex.load(self.ledger)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "content")


def test_claims_follow_renames_in_order(repo: Repo) -> None:
    repo.write("posts/z/a.md")
    repo.commit("Add a")
    claim = repo.claim("posts/z/a.md")
    git(repo.root, "mv", "posts/z/a.md", "posts/z/b.md")
    repo.commit("Rename a to b")
    (repo.root / "posts/z/2026").mkdir()
    git(repo.root, "mv", "posts/z/b.md", "posts/z/2026/c.md")
    repo.commit("Move b into a folder")
    index = repo.index()
    for path in ("posts/z/a.md", "posts/z/b.md", "posts/z/2026/c.md"):
        found = index.get(path, "telegram")
        assert found is not None and found.commit == claim and found.path == "posts/z/a.md", path
    assert index.get("posts/z/2026/c.md", "vk") is None  # per network


def test_a_rename_before_the_claim_is_not_followed(repo: Repo) -> None:
    """b was renamed away from a before anything was claimed; the new a's claim is not b's."""
    repo.write("posts/z/a.md", 1)
    repo.commit("Add a")
    git(repo.root, "mv", "posts/z/a.md", "posts/z/b.md")
    repo.commit("Rename a to b")
    repo.write("posts/z/a.md", 2)
    repo.commit("A new a")
    repo.claim("posts/z/a.md")
    index = repo.index()
    assert index.get("posts/z/a.md", "telegram") is not None
    assert index.get("posts/z/b.md", "telegram") is None


def test_a_rename_on_a_branch_merged_after_the_claim_is_followed(repo: Repo) -> None:
    repo.write("posts/z/a.md")
    repo.commit("Add a")
    git(repo.root, "checkout", "--quiet", "-b", "tidy")
    git(repo.root, "mv", "posts/z/a.md", "posts/z/renamed.md")
    repo.commit("Rename a on a branch")
    git(repo.root, "checkout", "--quiet", "main")
    claim = repo.claim("posts/z/a.md")
    git(repo.root, "merge", "--quiet", "--no-edit", "tidy")
    assert (repo.root / "posts/z/renamed.md").exists() and not (repo.root / "posts/z/a.md").exists()
    found = repo.index().get("posts/z/renamed.md", "telegram")
    assert found is not None and found.commit == claim


def test_only_smm_claim_subjects_count(repo: Repo) -> None:
    repo.write("posts/z/a.md")
    repo.commit("Notes\n\nsmm: claim looks like this:\npublish: posts/z/a.md -> telegram")
    assert repo.index().get("posts/z/a.md", "telegram") is None


def test_the_cache_is_incremental_and_never_trusted_blindly(repo: Repo) -> None:
    repo.write("posts/z/a.md")
    repo.commit("Add a")
    first = repo.claim("posts/z/a.md")
    assert repo.index().get("posts/z/a.md", "telegram") is not None
    cache = repo.root / CACHE_DIR / CACHE_FILE
    assert json.loads(cache.read_text(encoding="utf-8"))["head"] == first
    # a later claim is added on top of the cached index
    repo.write("posts/z/b.md", 2)
    repo.commit("Add b")
    second = repo.claim("posts/z/b.md")
    index = repo.index()
    assert (
        index.get("posts/z/a.md", "telegram").commit == first
        and index.get("posts/z/b.md", "telegram").commit == second
    )
    assert json.loads(cache.read_text(encoding="utf-8"))["head"] == second
    # a cache that does not parse, or is not the shape smm writes, is rebuilt from git
    for bad in (
        "{not json",
        json.dumps(
            {"head": second, "commits": [[second, "2026-12-01", [["posts/z/a.md", 1, []]]]]}
        ),
        json.dumps({"head": second, "commits": [[second, "2026-12-01"]]}),
        json.dumps([second]),
    ):
        cache.write_text(bad, encoding="utf-8")
        assert repo.index().get("posts/z/a.md", "telegram") is not None
    # a cache committed to the repository (anyone's edit) is ignored: it cannot hide a claim
    cache.write_text(json.dumps({"head": second, "commits": []}), encoding="utf-8")
    git(repo.root, "add", "--force", str(cache))
    repo.commit("Commit a cache")
    head = git(repo.root, "rev-parse", "HEAD").strip()
    cache.write_text(json.dumps({"head": head, "commits": []}), encoding="utf-8")
    assert repo.index().get("posts/z/a.md", "telegram") is not None
    git(repo.root, "rm", "--quiet", "--cached", str(cache))
    repo.commit("Drop the cache again")
    # a cache of a commit that is no longer in the history (a rewrite) is not built upon
    cache.write_text(json.dumps({"head": "f" * 40, "commits": []}), encoding="utf-8")
    assert repo.index().get("posts/z/b.md", "telegram") is not None


def test_a_shallow_clone_is_refused(repo: Repo, tmp_path: Path) -> None:
    repo.write("posts/z/a.md")
    repo.commit("Add a")
    repo.claim("posts/z/a.md")
    repo.write("posts/z/a.md", 3)
    repo.commit("Edit a")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo.root}", str(shallow))
    with pytest.raises(GitError, match="shallow"):
        ClaimIndex.load(Ledger(shallow, push=False))
