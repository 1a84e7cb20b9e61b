"""What a run refuses to do, what it does not send, and what it reports (exit codes, job summary)."""

from __future__ import annotations

from pathlib import Path

from .harness import DUE, NETWORKS, Publisher, git, published

EARLY = """\
---
network: [telegram, vk]
time: 2026-12-01 07:00
title: Ранний пост
kind: organic
---
Ранний пост, который никто не отправил вовремя: расписание GitHub пропустило запуск.
"""

BROKEN = """\
---
network: [telegram, vk]
time: 2026-12-01 09:50
title: Пост с пропавшей картинкой
kind: organic
images:
  - src: assets/zerno/missing.jpg
    alt: Картинки нет в репозитории
---
Пост с картинкой, которой нет в репозитории.
"""


def _add(seed: Path, files: dict[str, str], message: str) -> None:
    for rel, text in files.items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text, encoding="utf-8")
    git(seed, "add", *files)
    git(seed, "commit", "--quiet", "-m", message)
    git(seed, "push", "--quiet", "origin", "main")


def _assert_nothing_happened(pub: Publisher, clone: Path, head: str) -> None:
    assert pub.posts() == []
    assert git(pub.origin, "rev-parse", "main") == head
    assert git(clone, "rev-parse", "HEAD") == head


def test_not_on_main_refuses_with_one_line(pub: Publisher) -> None:
    clone = pub.clone()
    head = git(clone, "rev-parse", "HEAD")
    git(clone, "checkout", "--quiet", "-b", "draft")
    run = pub.run(clone)

    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "on branch 'draft'" in run.stderr and "only 'main'" in run.stderr
    _assert_nothing_happened(pub, clone, head)


def test_uncommitted_changes_refuse(pub: Publisher) -> None:
    clone = pub.clone()
    head = git(clone, "rev-parse", "HEAD")
    menu = clone / "posts/zerno/2026/12/01-winter-menu.md"
    menu.write_text(
        menu.read_text(encoding="utf-8") + "\nНе согласованная правка.\n", encoding="utf-8"
    )
    run = pub.run(clone)

    assert run.code == 2
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "uncommitted changes" in run.stderr and "01-winter-menu.md" in run.stderr
    _assert_nothing_happened(pub, clone, head)
    assert "Не согласованная правка" in menu.read_text(
        encoding="utf-8"
    )  # the person's edit is left alone


def test_dry_run_sends_and_commits_nothing(pub: Publisher) -> None:
    clone = pub.clone()
    head = git(clone, "rev-parse", "HEAD")
    run = pub.run(clone, "--dry-run")

    assert run.code == 0, run.stdout + run.stderr
    assert run.data and run.data["dry_run"] is True
    assert run.state_of() == dict.fromkeys(DUE, "due")
    _assert_nothing_happened(pub, clone, head)
    assert git(clone, "status", "--porcelain", "--untracked-files=no") == ""


def test_no_push_commits_locally_only(pub: Publisher) -> None:
    clone = pub.clone()
    head = git(clone, "rev-parse", "HEAD")
    run = pub.run(clone, "--no-push")

    assert run.code == 0, run.stdout + run.stderr
    assert run.state_of() == dict.fromkeys(DUE, "published")
    assert {n: len(pub.posts(n)) for n in NETWORKS} == {"telegram": 2, "vk": 2}
    assert git(pub.origin, "rev-parse", "main") == head  # origin untouched
    local = git(clone, "log", "--format=%s", f"{head.strip()}..HEAD").splitlines()
    assert local[-1].startswith("smm: claim 4 post(s)") and len(local) >= 2
    assert all(published(clone / p)[n]["state"] == "published" for p, n in DUE)
    assert git(clone, "status", "--porcelain", "--untracked-files=no") == ""


def test_missed_and_blocked_posts_are_reported_and_never_sent(pub: Publisher, seed: Path) -> None:
    _add(
        seed,
        {"posts/zerno/2026/12/01-early.md": EARLY, "posts/zerno/2026/12/01-broken.md": BROKEN},
        "Add a post GitHub's schedule missed and one whose image is missing",
    )
    clone = pub.clone()
    broken_before = (clone / "posts/zerno/2026/12/01-broken.md").read_text(encoding="utf-8")
    run = pub.run(clone)

    assert run.code == 1, run.stdout + run.stderr  # missed and blocked need a person
    outcomes = run.outcomes()
    for network in NETWORKS:
        missed = outcomes[("posts/zerno/2026/12/01-early.md", network)]
        assert (
            missed["state"] == "missed"
            and "3 h 30 min late" in missed["error"]
            and "2 h" in missed["error"]
        )
        blocked = outcomes[("posts/zerno/2026/12/01-broken.md", network)]
        assert blocked["state"] == "blocked" and "image/missing" in blocked["error"]
    assert {outcomes[key]["state"] for key in DUE} == {"published"}
    assert run.data and run.data["counts"] == {"published": 4, "missed": 2, "blocked": 2}

    # neither was sent: only the four due ones are on the sandbox
    texts = [p["text"] for p in pub.posts()]
    assert len(texts) == 4 and not any(
        "Ранний пост" in t or "пропавшей" in t or "которой нет" in t for t in texts
    )
    # missed is recorded in git (with the reason), in the claim commit; blocked leaves the file alone
    early = pub.origin_file("posts/zerno/2026/12/01-early.md")
    assert early.count('state: "missed"') == 2 and "3 h 30 min late" in early
    assert pub.origin_file("posts/zerno/2026/12/01-broken.md") == broken_before
    claim = next(b for s, b in pub.origin_log() if s.startswith("smm: claim"))
    assert "missed: posts/zerno/2026/12/01-early.md -> telegram" in claim
    # the next run does not report the missed post again, and still does not send the blocked one
    again = pub.run(pub.clone())
    assert {key[0] for key in again.outcomes()} == {"posts/zerno/2026/12/01-broken.md"}
    assert len(pub.posts()) == 4


def test_a_job_summary_is_appended_to_github_step_summary(pub: Publisher, tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("## Earlier step\n\n", encoding="utf-8")
    run = pub.run(pub.clone(), env={"GITHUB_STEP_SUMMARY": str(summary)})

    assert run.code == 0, run.stdout + run.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Earlier step\n\n### smm publish\n")  # appended, not overwritten
    assert "| state | network | post | where / why |\n|---|---|---|---|\n" in text
    rows = [line for line in text.splitlines() if line.startswith("| published |")]
    assert len(rows) == len(DUE)
    for path, network in DUE:
        entry = published(pub.tmp / "clone1" / path)[network]
        assert f"| published | {network} | `{path}` | [{entry['id']}](<{entry['url']}>) |" in text
    assert "**4** published" in text
    # a run with nothing due says so in the summary too
    again = pub.run(pub.clone(), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert again.code == 0
    assert summary.read_text(encoding="utf-8").endswith("### smm publish\n\nNothing was due.\n")


def test_a_missing_token_blocks_without_claiming_and_the_post_goes_out_once_it_is_set(
    pub: Publisher,
) -> None:
    clone = pub.clone()
    without = pub.run(clone, env={"SMM_ZERNO_TG": ""})

    assert without.code == 1, without.stdout + without.stderr
    states = without.state_of()
    assert {s for (p, n), s in states.items() if n == "telegram"} == {"blocked"}
    assert all(
        "SMM_ZERNO_TG" in o["error"] for (p, n), o in without.outcomes().items() if n == "telegram"
    )
    assert len(pub.posts("telegram")) == 0
    assert all("telegram" not in published(clone / p) for p, n in DUE)  # not claimed, so not stuck

    again = pub.run(clone)
    assert again.code == 0, again.stdout + again.stderr
    assert {s for (p, n), s in again.state_of().items() if n == "telegram"} == {"published"}
    assert len(pub.posts("telegram")) == len({p for p, n in DUE if n == "telegram"})


#: Approved posts whose networks cannot be read: a misspelt key, an empty list, a wrong type.
NO_NETWORKS = {
    "posts/zerno/2026/12/01-networks-typo.md": "networks: [telegram, vk]",
    "posts/zerno/2026/12/01-networks-empty.md": "network: []",
    "posts/zerno/2026/12/01-networks-number.md": "network: 42",
}


def test_a_due_post_whose_networks_cannot_be_read_is_blocked_never_skipped(
    pub: Publisher, seed: Path
) -> None:
    files = {
        path: f"---\n{line}\ntime: 2026-12-01 09:40\nkind: organic\n---\nТекст поста.\n"
        for path, line in NO_NETWORKS.items()
    }
    _add(seed, files, "Add posts whose networks cannot be read")
    run = pub.run(pub.clone())

    assert run.code == 1, run.stdout + run.stderr  # a person must fix them
    outcomes = run.outcomes()
    for path in NO_NETWORKS:
        (outcome,) = [o for (p, _), o in outcomes.items() if p == path]
        assert outcome["state"] == "blocked", outcome
        assert outcome["error"].startswith(f"{path}:2:1: error schema/"), outcome
    assert {outcomes[key]["state"] for key in DUE} == {"published"}
    assert not any("Текст поста" in p["text"] for p in pub.posts())
