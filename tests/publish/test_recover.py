"""What a killed run leaves on a persistent clone, and how the next run there gets past it.

Crash states that smm itself leaves (a result written and not committed, a temp file of an
atomic write, git's index.lock, a rebase stopped half-way) are put right without a person; a
change smm cannot vouch for is refused with one line, and the person's work is left alone.
"""

from __future__ import annotations

import signal

from smm.content.managed import replace_block

from .harness import DUE, NETWORKS, POSTS, Publisher, git, published

MENU = "posts/zerno/2026/12/01-winter-menu.md"


def _one_line_refusal(run, *words: str) -> None:
    assert run.code == 2 and run.stdout == "", run.stdout + run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


def test_leftover_temp_files_locks_and_a_stopped_rebase_are_cleared(pub: Publisher) -> None:
    clone = pub.clone()
    killed = pub.run(clone, failpoint="before-result-push")  # a result commit that origin lacks
    assert killed.code == -signal.SIGKILL
    person = pub.clone()  # meanwhile a person pushes an unrelated change
    (person / "README.txt").write_text("Зерно: контент-план.\n", encoding="utf-8")
    git(person, "add", "README.txt")
    git(
        person,
        "-c",
        "user.name=Editor",
        "-c",
        "user.email=e@example.invalid",
        "commit",
        "--quiet",
        "-m",
        "Notes",
    )
    git(person, "push", "--quiet", "origin", "main")
    # the clone as a killed `git rebase` and a killed atomic write leave it
    git(clone, "fetch", "--quiet", "origin")
    git(
        clone,
        "-c",
        "sequence.editor=sed -i s/^pick/edit/",
        "-c",
        "user.name=smm",
        "-c",
        "user.email=s@example.invalid",
        "rebase",
        "--quiet",
        "-i",
        "origin/main",
        check=False,
    )
    assert (clone / ".git/rebase-merge").is_dir()
    (clone / ".git/index.lock").write_text("", encoding="utf-8")
    tmp = clone / "posts/zerno/2026/12/.01-winter-menu.md.999999.tmp"
    tmp.write_text("---\nhalf a post", encoding="utf-8")

    run = pub.run(clone)
    assert run.data is not None, run.stdout + run.stderr
    assert (
        not tmp.exists()
        and not (clone / ".git/index.lock").exists()
        and not (clone / ".git/rebase-merge").exists()
    )
    assert git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(clone, "rev-parse", "HEAD") == git(pub.origin, "rev-parse", "main")
    assert (clone / "README.txt").exists()  # the person's change is kept
    assert set(pub.origin_states().values()) <= {"published", "unknown"}
    assert (
        "published" in pub.origin_states().values()
    )  # the killed run's committed results reached origin
    pub.assert_no_duplicates()


def test_an_uncommitted_result_is_committed_with_the_id_only_the_file_knew(pub: Publisher) -> None:
    clone = pub.clone()
    assert pub.run(clone, failpoint="after-result-write").code == -signal.SIGKILL
    written = {key: published(clone / key[0]).get(key[1], {}) for key in DUE}
    kept = {key: e for key, e in written.items() if e.get("state") == "published"}
    assert kept, written

    run = pub.run(clone)
    assert run.data is not None, run.stdout + run.stderr
    for (path, network), entry in kept.items():
        on_origin = published(clone / path)[network]
        assert on_origin["id"] == entry["id"] and on_origin["url"] == entry["url"]
    recovery = [b for s, b in pub.origin_log() if s.startswith("smm: recover ")]
    assert len(recovery) == 1
    for path, network in kept:
        assert f"published: {path} -> {network} " in recovery[0]
    pub.assert_no_duplicates()


def test_a_managed_block_change_smm_cannot_vouch_for_is_refused(pub: Publisher) -> None:
    clone = pub.clone()
    head = git(clone, "rev-parse", "HEAD")
    menu = clone / MENU
    forged = replace_block(
        menu.read_text(encoding="utf-8"),
        "published",
        {"telegram": {"state": "published", "id": "99", "url": "https://t.me/zerno/99"}},
    )
    menu.write_text(forged, encoding="utf-8")
    run = pub.run(clone)
    _one_line_refusal(run, MENU, "published.telegram", "cannot vouch")
    assert menu.read_text(encoding="utf-8") == forged  # left alone for the person
    assert pub.posts() == [] and git(pub.origin, "rev-parse", "main") == head


def test_a_result_for_a_claim_origin_does_not_hold_is_refused(pub: Publisher) -> None:
    """A --no-push run killed after writing a result: its claim is local only; not smm's to commit."""
    clone = pub.clone()
    assert pub.run(clone, "--no-push", failpoint="after-result-write").code == -signal.SIGKILL
    dirty = git(clone, "status", "--porcelain", "--untracked-files=no")
    assert dirty
    run = pub.run(clone)
    _one_line_refusal(run, "cannot vouch")
    assert git(clone, "status", "--porcelain", "--untracked-files=no") == dirty
    assert set(pub.origin_states().values()) == {None}


def test_uncommitted_figures_of_a_published_post_are_committed(pub: Publisher) -> None:
    clone = pub.clone()
    assert pub.run(clone).code == 0
    menu = clone / MENU
    figures = {"vk": {"at": "2026-12-01T11:30:00+03:00", "views": 120, "likes": 7}}
    menu.write_text(
        replace_block(menu.read_text(encoding="utf-8"), "metrics", figures), encoding="utf-8"
    )

    run = pub.run(clone)
    assert run.code == 0 and run.data and run.data["outcomes"] == [], run.stdout + run.stderr
    assert "views: 120" in pub.origin_file(MENU)
    [recovery] = [b for s, b in pub.origin_log() if s.startswith("smm: recover ")]
    assert f"metrics: {MENU} -> vk" in recovery
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {n: len(POSTS) for n in NETWORKS}


def test_local_results_reach_origin_after_another_run_wrote_the_lines_next_to_them(
    pub: Publisher,
) -> None:
    """Killed before its push; a fresh clone's run then marks the same claims unknown on origin.
    Git's rebase stops on the neighbouring lines; smm re-applies its entries instead, and the
    result with its id beats the other run's unknown."""
    clone = pub.clone()
    assert pub.run(clone, failpoint="before-result-push").code == -signal.SIGKILL
    local = {key: published(clone / key[0]).get(key[1], {}) for key in DUE}
    results = {key: e for key, e in local.items() if e.get("state") == "published"}
    assert results, local
    # the other run cannot look (the wall and the channel page refuse), so it records unknown
    pub.sandbox.inject("vk", "error", method="wall.get", count=1000)
    pub.sandbox.inject("t.me", "error", count=1000)
    other = pub.run(pub.clone())
    pub.sandbox.clear_faults()
    assert other.data is not None and "unknown" in other.state_of().values(), (
        other.stdout + other.stderr
    )

    run = pub.run(clone)
    assert run.data is not None, run.stdout + run.stderr
    final = pub.origin_states()
    for (path, network), entry in results.items():
        assert final[(path, network)] == "published"
        assert published(clone / path)[network]["id"] == entry["id"]
    assert git(clone, "rev-parse", "HEAD") == git(pub.origin, "rev-parse", "main")
    reapplied = [s for s, _ in pub.origin_log() if "re-applied on top of origin/main" in s]
    assert len(reapplied) == 1, pub.origin_log()
    pub.assert_no_duplicates()
