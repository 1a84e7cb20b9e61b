"""`smm lint --changed-from REF`: a pull request's lint reports what it changed, checks only that
in full, and says exactly what `smm lint <those files>` says (lint/changed.py, lint/engine.py)."""

from __future__ import annotations

import subprocess

import pytest

from conftest import NOW, Workspace
from smm.content.repo import open_repo
from smm.lint import lint
from smm.lint.checker import Checker

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
DUP = "Один и тот же текст про зимний кофе, слово в слово, в двух постах."


def git(ws: Workspace, *args: str) -> str:
    return subprocess.run(
        [*GIT, *args], cwd=ws.root, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(workspace: Workspace) -> Workspace:
    """A committed repository on branch main: two clean posts, one broken, one with a text that a
    pull request will duplicate; then a branch `pr` where the tests make their changes."""
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    workspace.post("zerno/2026/12/02-b.md", "network: vk\ntime: 2026-12-02 10:00", DUP)
    workspace.post("zerno/2026/12/03-old-bad.md", "network: telegramm\ntime: 2026-12-03 10:00")
    workspace.post("nordlicht/2026/12/01-c.md", "network: telegram\ntime: 2026-12-01 10:00")
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "base")
    git(workspace, "switch", "-qc", "pr")
    return workspace


def changed(ws: Workspace, ref: str = "main", cache: bool = False) -> list[str]:
    result = lint(ws.root, now=NOW, use_cache=cache, jobs=1, changed_from=ref)
    return [f.text() for f in result.findings]


def named(ws: Workspace, *paths: str) -> list[str]:
    return [f.text() for f in ws.findings(*paths)]


NEW = "posts/zerno/2026/12/04-new.md"
EDITED = "posts/zerno/2026/12/01-a.md"


def _pull_request(ws: Workspace) -> None:
    """A new post (untracked) that is broken and duplicates 02-b, and a committed edit of 01-a."""
    ws.post("zerno/2026/12/04-new.md", "network: telegram\ntime: 2026-12-04 10:00\ntiem: x", DUP)
    ws.post("zerno/2026/12/01-a.md", "network: [telegram, x]\ntime: 2026-12-01 10:00", "Да " * 200)
    git(ws, "commit", "-qam", "edit")


@pytest.mark.parametrize("cache", [False, True])
def test_it_says_exactly_what_linting_the_changed_files_says(repo: Workspace, cache: bool) -> None:
    _pull_request(repo)
    if cache:
        lint(repo.root, now=NOW, use_cache=True, jobs=1)  # a warm cache of every post
    found = changed(repo, cache=cache)
    assert found == named(repo, EDITED, NEW)
    rules = {line.split()[2] for line in found}
    assert {"schema/unknown-key", "duplicate/text", "x/length"} <= rules
    assert not any("03-old-bad" in line for line in found)  # not changed: not this lint's news


def test_only_the_changed_posts_are_checked_in_full(repo: Workspace) -> None:
    _pull_request(repo)
    result = lint(repo.root, now=NOW, use_cache=True, jobs=1, changed_from="main")
    assert (result.posts, result.checked) == (5, 2)
    # the others were read for the cross-post rules only, and not cached as checked
    full = lint(repo.root, now=NOW, use_cache=True, jobs=1)
    assert full.checked == 3


def test_posts_of_brands_nothing_is_reported_on_are_not_read(repo: Workspace) -> None:
    """Cross-post rules compare one brand's posts: a pull request on zerno never reads nordlicht's,
    not even a broken one, and still says what linting its files says."""
    repo.write("posts/nordlicht/2026/12/09-broken.md", "---\nnetwork: [\n---\nText\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a broken nordlicht post")
    base = git(repo, "rev-parse", "HEAD").strip()
    _pull_request(repo)
    result = lint(repo.root, now=NOW, use_cache=False, jobs=1, changed_from=base)
    assert (result.posts, result.checked) == (6, 2)
    assert [f.text() for f in result.findings] == named(repo, EDITED, NEW)
    budget = lint(
        repo.root, paths=[str(repo.root / "campaigns/zerno/winter.yaml")], now=NOW, jobs=1
    )
    assert budget.checked == 0  # the campaign's posts are read for its budget, not checked


def test_nothing_changed_reports_nothing(repo: Workspace) -> None:
    repo.write("guide/notes.md", "# Notes\n")  # documentation changes no finding
    result = lint(repo.root, now=NOW, use_cache=False, jobs=1, changed_from="main")
    assert (result.findings, result.checked) == ([], 0)


def test_a_brand_file_change_lints_every_post_of_the_brand(repo: Workspace) -> None:
    repo.brand("zerno", timezone="Mars/Olympus")
    found = changed(repo)
    assert found == named(repo, "brands/zerno.yaml", "posts/zerno")
    assert any("03-old-bad" in line for line in found)
    assert not any("nordlicht/2026" in line for line in found)


def test_settings_or_a_changed_image_lint_everything(repo: Workspace) -> None:
    repo.write("smm.toml", 'ignore = ["duplicate/text"]\n')
    assert changed(repo) == [f.text() for f in lint(repo.root, now=NOW, use_cache=False).findings]
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "settings")
    repo.image("assets/zerno/square.jpg", size=(500, 500))  # committed at base, now changed
    assert any("03-old-bad" in line for line in changed(repo, "HEAD"))
    repo.image("assets/zerno/new.jpg")  # a new image alone changes nothing
    git(repo, "commit", "-qam", "image")
    assert changed(repo, "HEAD") == []


def test_an_unknown_revision_is_one_usage_line(repo: Workspace) -> None:
    proc = repo.smm("lint", "--changed-from", "no-such-branch")
    assert proc.returncode == 2
    assert proc.stderr.startswith("smm: --changed-from no-such-branch: not a revision")
    assert "Traceback" not in proc.stderr
    option = repo.smm("lint", "--changed-from=--output=written.txt")
    assert option.returncode == 2 and not (repo.root / "written.txt").exists()
    both = repo.smm("lint", "--changed-from", "main", "posts")
    assert (both.returncode, both.stderr.strip()) == (
        2,
        "smm: give either PATHS or --changed-from, not both",
    )


def test_facts_read_without_checking_equal_the_checked_ones(repo: Workspace) -> None:
    """Cross-post rules see the same facts whether a post was checked in full or only read."""
    _pull_request(repo)
    checker = Checker(open_repo(repo.root))
    paths = sorted(p.relative_to(repo.root).as_posix() for p in repo.root.rglob("posts/**/*.md"))
    for path in paths:
        assert checker.facts(path)[1].facts == checker.check(path)[1].facts, path


def test_linting_named_files_checks_only_them_in_full(repo: Workspace) -> None:
    """What pre-commit runs (`smm lint <staged files>`): on a cold cache, only those are checked,
    and the findings are those of a full run, on those files."""
    _pull_request(repo)
    result = lint(repo.root, paths=[str(repo.root / NEW)], now=NOW, use_cache=False, jobs=1)
    assert result.checked == 1
    everything = lint(repo.root, now=NOW, use_cache=False, jobs=1).findings
    assert result.findings == [f for f in everything if f.path == NEW]
