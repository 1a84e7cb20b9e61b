"""A post approved (merged) after its time has passed never goes out late silently (docs/publishing.md).

Through git, as it happens on GitHub: the post is written on a branch, the branch is merged into
main with a merge commit (the pull request's), pushed, and `smm publish` runs on a clone of
origin. NOW is 10:30 in Moscow; the harness's two other posts (10:00, 10:15) are due as usual.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from publish.harness import BRAND, DUE, NETWORKS, Publisher, git, published

LATE = "posts/zerno/2026/12/01-late-approval.md"
TEXT = "Утренний пост, который согласовали слишком поздно"


def post_at(hhmm: str) -> str:
    return f"---\nnetwork: [telegram, vk]\ntime: 2026-12-01 {hhmm}\nkind: organic\n---\n{TEXT}: кофе до полудня.\n"


def merge_branch(seed: Path, text: str, brand: dict | None = None) -> None:
    """Write the post on a branch, merge it into main like a pull request, push main."""
    if brand is not None:  # the brand's policy, already on main
        (seed / "brands/zerno.yaml").write_text(
            yaml.safe_dump(brand, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        git(seed, "commit", "--quiet", "-am", "zerno publishes late posts")
    git(seed, "checkout", "--quiet", "-b", "late-approval")
    (seed / LATE).write_text(text, encoding="utf-8")
    git(seed, "add", LATE)
    git(seed, "commit", "--quiet", "-m", "Add the morning post")
    git(seed, "checkout", "--quiet", "main")
    git(
        seed,
        "merge",
        "--quiet",
        "--no-ff",
        "late-approval",
        "-m",
        "Merge pull request #7 from zerno/late-approval",
    )
    git(seed, "push", "--quiet", "origin", "main")


def sent_texts(pub: Publisher) -> list[str]:
    return [p["text"] for p in pub.posts()]


def test_a_post_merged_three_hours_after_its_time_is_missed_recorded_and_reported(
    pub: Publisher, seed: Path, tmp_path: Path
) -> None:
    merge_branch(seed, post_at("07:30"))
    summary = tmp_path / "summary.md"
    run = pub.run(pub.clone(), env={"GITHUB_STEP_SUMMARY": str(summary)})

    assert run.code == 1, run.stdout + run.stderr  # a missed post needs a person
    outcomes = run.outcomes()
    for network in NETWORKS:
        missed = outcomes[(LATE, network)]
        assert missed["state"] == "missed", missed
        assert "3 h 0 min late" in missed["error"] and "allows 2 h" in missed["error"]
    assert {outcomes[key]["state"] for key in DUE} == {
        "published"
    }  # the rest of the run is not held up
    # nothing of it was sent
    assert not any(TEXT in t for t in sent_texts(pub)) and len(sent_texts(pub)) == len(DUE)
    # recorded in git, on origin, after the merge commit, with the reason
    entries = yaml.safe_load(pub.origin_file(LATE).split("---\n", 2)[1])["published"]
    assert {entries[n]["state"] for n in NETWORKS} == {"missed"} and "3 h 0 min late" in entries[
        "vk"
    ]["error"]
    subjects = [s for s, _ in pub.origin_log()]
    assert subjects.index("Merge pull request #7 from zerno/late-approval") < next(
        i for i, s in enumerate(subjects) if s.startswith("smm: claim")
    )
    # reported: the job summary names it with the reason
    text = summary.read_text(encoding="utf-8")
    assert f"| missed | vk | `{LATE}` | 3 h 0 min late" in text
    # and never sent by a later run either
    again = pub.run(pub.clone())
    assert again.data is not None and again.data["outcomes"] == []
    assert not any(TEXT in t for t in sent_texts(pub))


def test_a_post_merged_within_late_after_is_published(pub: Publisher, seed: Path) -> None:
    merge_branch(seed, post_at("09:00"))  # 1 h 30 min late; the brand allows 2 h
    clone = pub.clone()
    run = pub.run(clone)

    assert run.code == 0, run.stdout + run.stderr
    for network in NETWORKS:
        outcome = run.outcomes()[(LATE, network)]
        assert outcome["state"] == "published" and outcome["note"] == "", outcome
        assert published(clone / LATE)[network]["state"] == "published"
    assert sum(TEXT in t for t in sent_texts(pub)) == len(NETWORKS)


def test_a_brand_that_publishes_late_gets_it_published_and_the_summary_says_late(
    pub: Publisher, seed: Path, tmp_path: Path
) -> None:
    merge_branch(seed, post_at("07:30"), brand={**BRAND, "publish_late": True})
    summary = tmp_path / "summary.md"
    clone = pub.clone()
    run = pub.run(clone, env={"GITHUB_STEP_SUMMARY": str(summary)})

    assert run.code == 0, run.stdout + run.stderr
    for network in NETWORKS:
        outcome = run.outcomes()[(LATE, network)]
        assert outcome["state"] == "published", outcome
        assert (
            outcome["note"].startswith("late: 3 h 0 min after its time")
            and "publish_late" in outcome["note"]
        )
        assert published(clone / LATE)[network]["state"] == "published"
    for key in DUE:  # the posts on time carry no such note
        assert run.outcomes()[key]["note"] == ""
    assert sum(TEXT in t for t in sent_texts(pub)) == len(NETWORKS)
    text = summary.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if f"| published | vk | `{LATE}` |" in line)
    assert "(late: 3 h 0 min after its time" in line


def test_the_terminal_table_shows_the_late_note_beside_the_link() -> None:
    from smm.publish.summary import Outcome, PublishReport

    report = PublishReport(
        [
            Outcome(
                LATE,
                "vk",
                "published",
                id="45",
                url="https://vk.com/wall-1_45",
                note="late: 3 h 0 min after its time",
            )
        ]
    )
    assert "https://vk.com/wall-1_45 (late: 3 h 0 min after its time)" in report.table()
    assert "[45](<https://vk.com/wall-1_45>) (late: 3 h 0 min after its time)" in report.markdown()
