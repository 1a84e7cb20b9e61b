"""publish reads the brands and the lint cache on a thread while git checks the checkout
(publish/due.py ``Opening``): what it read is taken only while the brand and campaign files are
still those bytes, and only once."""

from __future__ import annotations

from conftest import NOW, Workspace
from smm.content.repo import open_repo
from smm.lint import lint
from smm.lint.cache import Cache
from smm.publish.due import Opening, due_jobs


def _linted(workspace: Workspace) -> Workspace:
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    lint(workspace.root, now=NOW, jobs=1)  # the cache a run finds
    return workspace


def test_what_was_opened_is_what_a_run_would_open(workspace: Workspace) -> None:
    _linted(workspace)
    opening = Opening(workspace.root, None)
    taken = opening.take()
    assert taken is not None
    repo, cache = taken
    fresh = open_repo(workspace.root)
    assert repo.brands == fresh.brands and repo.config_files == fresh.config_files
    assert cache.key == Cache.open(workspace.root, fresh.config_files).key and cache.entries
    assert [(j.path, j.network, j.action) for j in due_jobs(repo, NOW, opened=cache)] == [
        (j.path, j.network, j.action) for j in due_jobs(fresh, NOW)
    ]
    assert opening.take() is None  # once: a second selection (origin moved) opens again


def test_a_brand_file_changed_meanwhile_is_not_taken(workspace: Workspace) -> None:
    _linted(workspace)
    opening = Opening(workspace.root, None)
    opening._thread.join()  # read; then a sync brings another zone for the brand
    workspace.brand("zerno", timezone="Asia/Yekaterinburg")
    assert opening.take() is None


def test_a_new_campaign_file_meanwhile_is_not_taken(workspace: Workspace) -> None:
    _linted(workspace)
    opening = Opening(workspace.root, "zerno")
    opening._thread.join()
    workspace.campaign("zerno", "spring")
    assert opening.take() is None
