"""`smm draw`: entrants collected from the sandbox, committed and pushed, winners drawn from the
seed git fixed; `--verify` reproduces them from a fresh clone and catches a changed list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from publish.harness import git
from smm.contests.draw import draw
from smm.contests.lots import pick, seed_of
from smm.errors import UsageError

from .conftest import CONTEST, Live

AFTER = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
FOLDER = "contests/zerno/2026/12/01-giveaway"
BEFORE_END = "2026-12-03T12:00:00+03:00"


def smm(cwd: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMM_")} | extra
    return subprocess.run(
        [sys.executable, "-m", "smm", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def enter(live: Live) -> None:
    """Five people on three networks; one twice, one late, and the brand answering one."""
    first = live.comment("vk", "anna", "Участвую!", BEFORE_END)
    live.comment("vk", "anna", "И ещё раз!", "2026-12-04T09:00:00+03:00")
    live.comment("vk", "zerno", "Удачи!", BEFORE_END, author_id="-1", reply_to=first)
    live.comment("vk", "late", "Я успел?", "2026-12-05T18:30:00+03:00")
    live.comment("mastodon", "boris@mastodon.example", "Count me in", BEFORE_END)
    live.comment("mastodon", "vera@social.example", "me!", "2026-12-04T10:00:00+03:00")
    live.comment("bluesky", "gleb.bsky.social", "в деле", BEFORE_END)


def test_the_draw_commits_the_entrants_then_the_winners_and_a_fresh_clone_verifies_them(
    live: Live, tmp_path: Path
):
    enter(live)
    report = draw(live.root, CONTEST, AFTER, live.settings())

    data = json.loads((live.root / FOLDER / "entrants.json").read_text(encoding="utf-8"))
    people = [(e["network"], e["handle"]) for e in data["entrants"]]
    assert sorted(people) == sorted(
        [
            ("vk", f"id{_vk_id('anna')}"),
            ("mastodon", "boris@mastodon.example"),
            ("mastodon", "vera@social.example"),
            ("bluesky", "gleb.bsky.social"),
        ]
    )  # anna once, the brand and the late comment left out
    assert set(data["entrants"][0]) == {"network", "id", "handle"}  # public handle and id only
    assert data["entrants"] == sorted(data["entrants"], key=lambda e: (e["network"], e["id"]))
    assert any("1 entered after the end" in n for n in report.notes)

    log = git(live.root, "log", "--format=%s|%cI", "-3").splitlines()
    assert log[0].startswith(f"smm: contest winners for {CONTEST}|")
    assert log[1] == f"smm: contest entrants for {CONTEST}|2026-12-05T18:00:00+03:00"
    assert git(live.origin, "rev-parse", "main") == git(live.root, "rev-parse", "HEAD")

    commit = git(live.root, "log", "--format=%H", "-1", "--", f"{FOLDER}/entrants.json").strip()
    blob = git(live.root, "rev-parse", f"{commit}:{FOLDER}/entrants.json").strip()
    winners = json.loads((live.root / FOLDER / "winners.json").read_text(encoding="utf-8"))
    assert winners["seed"] == seed_of(commit, blob) == report.seed
    assert winners["winners"] == pick(report.seed, data["entrants"], 2) == report.winners
    assert len(report.winners) == 2

    announcement = live.root / report.announcement  # written for review, not committed
    assert report.announcement == "posts/zerno/2026/12/07-giveaway-winners.md"
    assert "kind: announcement" in announcement.read_text(encoding="utf-8")
    assert all(w["handle"] in announcement.read_text(encoding="utf-8") for w in report.winners)
    assert git(live.root, "status", "--porcelain").strip() == f"?? {report.announcement}"

    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "--quiet", str(live.origin), str(fresh))
    verified = smm(fresh, "draw", "--verify", CONTEST)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"seed {report.seed}" in verified.stdout
    assert (
        verified.stdout == smm(fresh, "draw", "--verify", CONTEST).stdout
    )  # same files, same winners


def test_an_entrant_added_after_the_seed_was_fixed_fails_verify(live: Live):
    enter(live)
    draw(live.root, CONTEST, AFTER, live.settings())
    path = live.root / FOLDER / "entrants.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entrants"].append({"network": "vk", "id": "7", "handle": "id7"})
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    uncommitted = smm(live.root, "draw", "--verify", CONTEST)
    assert uncommitted.returncode == 1
    assert "MISMATCH" in uncommitted.stdout and "changed, not committed" in uncommitted.stdout

    git(live.root, "commit", "--quiet", "-am", "one more entrant")
    committed = smm(live.root, "draw", "--verify", CONTEST)
    assert committed.returncode == 1
    assert f"{FOLDER}/entrants.json is not the list the seed was fixed with" in committed.stdout
    assert "changed by" in committed.stdout and "one more entrant" in committed.stdout


def test_a_winners_file_that_names_someone_else_fails_verify(live: Live):
    enter(live)
    report = draw(live.root, CONTEST, AFTER, live.settings())
    path = live.root / FOLDER / "winners.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    entrants = json.loads((live.root / FOLDER / "entrants.json").read_text())["entrants"]
    loser = next(e for e in entrants if e not in report.winners)
    data["winners"][0] = loser
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    git(live.root, "commit", "--quiet", "-am", "a friend wins")
    result = smm(live.root, "draw", "--verify", CONTEST)
    assert result.returncode == 1
    assert f"names {loser['network']}:{loser['handle']}" in result.stdout


def test_a_second_draw_neither_collects_nor_draws_again(live: Live):
    enter(live)
    first = draw(live.root, CONTEST, AFTER, live.settings())
    head = git(live.root, "rev-parse", "HEAD")
    live.comment("bluesky", "newcomer.bsky.social", "ещё можно?", BEFORE_END)
    second = draw(live.root, CONTEST, AFTER, live.settings())
    assert git(live.root, "rev-parse", "HEAD") == head
    assert (second.collected, second.seed, second.winners) == (False, first.seed, first.winners)


def test_no_draw_before_the_contest_ends(live: Live):
    with pytest.raises(UsageError, match="the contest ends 2026-12-05T18:00:00\\+03:00"):
        draw(live.root, CONTEST, datetime(2026, 12, 5, 14, 59, tzinfo=UTC), live.settings())
    assert not (live.root / FOLDER).exists()


def test_a_draw_for_another_brand_is_refused_before_anything(live: Live):
    """`--brand` is "only this brand's posts" for draw too: a post of another brand is one usage
    line, and nothing is collected or committed."""
    (live.root / "brands" / "other.yaml").write_text(
        (live.root / "brands" / "zerno.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    head = git(live.root, "rev-parse", "HEAD")
    for verify in ((), ("--verify",)):
        run = smm(live.root, "draw", *verify, "--brand", "other", CONTEST)
        assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
        assert f"--brand: {CONTEST} is not a post of other" in run.stderr
    assert git(live.root, "rev-parse", "HEAD") == head
    assert not (live.root / "contests").exists()


def test_verify_without_a_draw_says_so(live: Live):
    result = smm(live.root, "draw", "--verify", CONTEST)
    assert result.returncode == 1 and "run `smm draw` first" in result.stdout


def _vk_id(handle: str) -> str:
    from smm.sandbox.audience import person_id

    return person_id("vk", handle)
