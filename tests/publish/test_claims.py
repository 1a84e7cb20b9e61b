"""Git's history is the ledger: a (post, network) ever claimed on main is never claimed again.

A hand edit (a second ``published: {}`` line: YAML keeps the last key), a merge resolved the
wrong way, a rename that lost the block, a re-scheduled post: whatever the file says now, the
claim commits on main say the post went out (or may have), so the run reports a ``conflict`` for
a person and sends nothing. Each test first publishes for real, then edits as a person would, on
a clone of its own, and pushes; the next run must not send anything again.
"""

from __future__ import annotations

import re
from pathlib import Path

from .harness import DUE, NETWORKS, POSTS, Publisher, Run, git, strip_published

MENU = "posts/zerno/2026/12/01-winter-menu.md"
CAKE = "posts/zerno/2026/12/01-carrot-cake.md"


def _publish_all(pub: Publisher) -> str:
    """A first run publishes every due post; returns the claim commit's id."""
    first = pub.run(pub.clone())
    assert first.code == 0 and first.state_of() == dict.fromkeys(DUE, "published"), (
        first.stdout + first.stderr
    )
    return git(pub.origin, "log", "--format=%H", "--grep=^smm: claim", "main").split()[0]


def _person(pub: Publisher) -> Path:
    """A person's clone of origin, with an identity to commit as."""
    clone = pub.clone()
    git(clone, "config", "user.name", "Editor")
    git(clone, "config", "user.email", "editor@example.invalid")
    return clone


def _push(clone: Path, message: str) -> None:
    git(clone, "add", "--all")
    git(clone, "commit", "--quiet", "-m", message)
    git(clone, "push", "--quiet", "origin", "main")


def _assert_conflicts(
    run: Run, path: str, claim: str, networks: tuple[str, ...] = NETWORKS
) -> None:
    outcomes = run.outcomes()
    for network in networks:
        outcome = outcomes[(path, network)]
        assert outcome["state"] == "conflict", outcome
        assert re.search(rf"claimed on 2026-\d\d-\d\d in {claim[:7]}\b", outcome["error"]), outcome[
            "error"
        ]
        assert (
            "published: entry is gone" in outcome["error"] and "check by hand" in outcome["error"]
        )
    assert run.code == 1, run.stdout + run.stderr


def _sent() -> dict[str, int]:
    return {n: len(POSTS) for n in NETWORKS}


def test_a_second_published_line_sends_nothing_again(pub: Publisher) -> None:
    claim = _publish_all(pub)
    person = _person(pub)
    text = (person / MENU).read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    (person / MENU).write_text(head + "\npublished: {}\n---\n" + body, encoding="utf-8")
    _push(person, "Tidy the winter menu post")

    for _ in range(2):  # and again: the conflict stays until a person resolves it
        before = git(pub.origin, "rev-parse", "main")
        run = pub.run(pub.clone())
        _assert_conflicts(run, MENU, claim)
        assert {n: len(pub.posts(n)) for n in NETWORKS} == _sent()
        assert git(pub.origin, "rev-parse", "main") == before  # nothing claimed, nothing written
        assert not any(key[0] == CAKE for key in run.outcomes())
    # a dry run says so too, before anything would be sent
    dry = pub.run(pub.clone(), "--dry-run")
    assert {o["state"] for k, o in dry.outcomes().items() if k[0] == MENU} == {"conflict"}
    assert dry.code == 1


def test_a_merge_that_lost_the_published_block_sends_nothing_again(pub: Publisher) -> None:
    person = _person(pub)
    git(person, "checkout", "--quiet", "-b", "retitle")
    text = (person / MENU).read_text(encoding="utf-8")
    (person / MENU).write_text(
        text.replace("Открываем зимнее меню", "Зимнее меню открыто"), encoding="utf-8"
    )
    git(person, "commit", "--quiet", "-am", "Retitle the winter menu post")
    claim = _publish_all(pub)  # main moves on meanwhile: claim and results

    git(person, "checkout", "--quiet", "main")
    git(person, "pull", "--quiet", "--ff-only", "origin", "main")
    git(person, "merge", "--quiet", "--no-commit", "--no-ff", "retitle")
    git(person, "checkout", "retitle", "--", MENU)  # "take theirs": the published: block is gone
    git(person, "commit", "--quiet", "-m", "Merge branch 'retitle'")
    git(person, "push", "--quiet", "origin", "main")
    assert "published:" not in pub.origin_file(MENU)

    run = pub.run(pub.clone())
    _assert_conflicts(run, MENU, claim)
    assert {n: len(pub.posts(n)) for n in NETWORKS} == _sent()


def test_a_renamed_post_is_still_the_same_post(pub: Publisher) -> None:
    claim = _publish_all(pub)
    person = _person(pub)
    moved = "posts/zerno/2026/12/menu/winter.md"
    # a rename that keeps the block: nothing is due, nothing to report
    (person / moved).parent.mkdir(parents=True)
    git(person, "mv", MENU, moved)
    _push(person, "Move the menu post into its own folder")
    calm = pub.run(pub.clone())
    assert calm.code == 0 and calm.data and calm.data["outcomes"] == [], calm.stdout
    # then a second move that drops the block (and a small edit): still the same post
    again = "posts/zerno/2026/12/menu/winter-2026.md"
    git(person, "mv", moved, again)
    (person / again).write_text(
        strip_published((person / again).read_text(encoding="utf-8")) + "\n", encoding="utf-8"
    )
    _push(person, "Rename the menu post")

    run = pub.run(pub.clone())
    _assert_conflicts(run, again, claim)
    assert {n: len(pub.posts(n)) for n in NETWORKS} == _sent()


def test_a_rescheduled_post_without_its_block_is_not_published_again(pub: Publisher) -> None:
    claim = _publish_all(pub)
    person = _person(pub)
    text = strip_published((person / CAKE).read_text(encoding="utf-8"))
    (person / CAKE).write_text(
        text.replace("time: 2026-12-01 10:15", "time: 2026-12-01 10:25"), encoding="utf-8"
    )
    _push(person, "Move the cake post ten minutes later")

    run = pub.run(pub.clone())
    _assert_conflicts(run, CAKE, claim)
    assert {n: len(pub.posts(n)) for n in NETWORKS} == _sent()


def test_a_new_post_at_a_claimed_posts_path_is_a_conflict_for_a_person(pub: Publisher) -> None:
    """Identity is the path's lineage: a new file where a claimed post was is not told apart
    from that post losing its block, so a person decides (the safe side: nothing is sent)."""
    claim = _publish_all(pub)
    person = _person(pub)
    git(person, "rm", "--quiet", CAKE)
    git(person, "commit", "--quiet", "-m", "Remove the cake post")
    (person / CAKE).write_text(
        "---\nnetwork: [telegram]\ntime: 2026-12-01 10:20\nkind: organic\n---\n"
        "Совсем другой пост: новые пирожные с брусникой уже на витрине.\n",
        encoding="utf-8",
    )
    _push(person, "A new post where the cake post was")

    run = pub.run(pub.clone())
    _assert_conflicts(run, CAKE, claim, ("telegram",))
    assert {n: len(pub.posts(n)) for n in NETWORKS} == _sent()
