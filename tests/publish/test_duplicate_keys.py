"""A key given twice in a published post's front matter blocks it: nothing is sent again, and the
file, which YAML would read differently from what smm rewrites, is left alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from .harness import NETWORKS, NOW, NOW_ISO, POSTS, Publisher, git

MENU = "posts/zerno/2026/12/01-winter-menu.md"


def _add_second_published_line(clone: Path) -> None:
    """The careless edit: `published: {}` again at the end of the front matter. YAML keeps the
    last key, so the post reads as never published."""
    path = clone / MENU
    text = path.read_text(encoding="utf-8")
    close = text.index("\n---\n", 4)
    path.write_text(text[:close] + "\npublished: {}" + text[close:], encoding="utf-8")
    git(clone, "commit", "--quiet", "-am", "Edit the winter menu post")
    git(clone, "push", "--quiet", "origin", "main")


def test_a_published_post_with_a_second_published_line_is_a_conflict_and_not_sent_again(
    pub: Publisher, seed: Path
) -> None:
    first = pub.run(pub.clone())
    assert first.code == 0, first.stdout + first.stderr
    sent = len(pub.posts())
    assert sent == len(POSTS) * len(NETWORKS)
    _add_second_published_line(pub.clone("editor"))
    head = git(pub.origin, "rev-parse", "main")
    edited = pub.origin_file(MENU)

    # within late_after, and five hours later (past it: still for a person, never recorded as missed);
    # git's history holds the claim, so it is a conflict, and the report names the duplicate key too
    for now in (NOW_ISO, (NOW + timedelta(hours=5)).isoformat()):
        run = pub.run(pub.clone(), "--now", now)
        assert run.code == 1, run.stdout + run.stderr  # the post needs a person
        outcomes = run.outcomes()
        assert set(outcomes) == {(MENU, network) for network in NETWORKS}
        for network in NETWORKS:
            blocked = outcomes[(MENU, network)]
            assert blocked["state"] == "conflict", blocked
            assert "published: entry is gone" in blocked["error"], blocked
            assert (
                "schema/duplicate-key" in blocked["error"] and "'published'" in blocked["error"]
            ), blocked
        assert len(pub.posts()) == sent  # nothing went out again
        assert git(pub.origin, "rev-parse", "main") == head  # no claim, no commit
        assert pub.origin_file(MENU) == edited
