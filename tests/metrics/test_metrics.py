"""`smm metrics` with real git and the sandbox: figures land in the metrics: block only, on the
cadence (1 h, 24 h, 7 days), in one commit per run; a failing network stops no other. Telegram's
views come from the public channel's page, rounded as it shows them and marked so; a private
channel gives none, which is reported, not failed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from publish.harness import MENU, POSTS, TOKENS, front, git
from publish.harness import published as published_block
from smm.metrics import cadence
from smm.metrics.run import metrics
from smm.sandbox import Sandbox
from smm.settings import Settings

MENU_PATH, CAKE_PATH = (
    "posts/zerno/2026/12/01-winter-menu.md",
    "posts/zerno/2026/12/01-carrot-cake.md",
)
FIGURES = {
    MENU_PATH: {
        "views": 1200,
        "likes": 40,
        "reposts": 5,
        "comments": 7,
        "reach_total": 950,
        "links": 31,
    },
    CAKE_PATH: {
        "views": 300,
        "likes": 9,
        "reposts": 0,
        "comments": 2,
        "reach_total": 280,
        "links": 4,
    },
}
TG_VIEWS = {MENU_PATH: 12_345, CAKE_PATH: 987}  # t.me shows "12.3K" and "987"


def vk_at(clone: Path, path: str = MENU_PATH) -> datetime:
    return datetime.fromisoformat(published_block(clone / path)["vk"]["at"])


def set_figures(sb: Sandbox, clone: Path, figures: dict[str, dict[str, int]] = FIGURES) -> None:
    for path, values in figures.items():
        sb.set_metrics("vk", published_block(clone / path)["vk"]["id"], **values)
        sb.set_metrics(
            "telegram", published_block(clone / path)["telegram"]["id"], views=TG_VIEWS[path]
        )


def run(clone: Path, sb: Sandbox, now: datetime, **settings):
    return metrics(root=clone, now=now, settings=Settings(api_base=sb.url, env=TOKENS, **settings))


def block(clone: Path, path: str) -> dict:
    return front(clone / path).get("metrics") or {}


def origin_subjects(origin: Path) -> list[str]:
    return git(origin, "log", "--format=%s", "main").splitlines()


def strip_metrics(text: str) -> str:
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if re.match(r"^metrics:", line):
            inside = True
            continue
        if inside and line.startswith((" ", "\t")):
            continue
        inside = False
        out.append(line)
    return "".join(out)


def test_figures_land_in_the_metrics_block_in_one_pushed_commit(
    published: Path, sandbox: Sandbox, origin: Path
) -> None:
    set_figures(sandbox, published)
    before = origin_subjects(origin)
    now = vk_at(published) + timedelta(hours=2)
    report = run(published, sandbox, now)

    assert report.exit_code == 0, report.table()
    for path, values in FIGURES.items():
        entry = block(published, path)["vk"]
        assert list(entry) == ["at", "views", "reach", "likes", "comments", "shares", "clicks"], (
            entry
        )
        assert entry["views"] == values["views"] and entry["likes"] == values["likes"]
        assert entry["shares"] == values["reposts"] and entry["comments"] == values["comments"]
        assert entry["reach"] == values["reach_total"] and entry["clicks"] == values["links"]
        assert datetime.fromisoformat(entry["at"]) == now
        assert set(entry) <= {
            "at",
            "views",
            "reach",
            "likes",
            "comments",
            "shares",
            "reactions",
            "saves",
            "clicks",
        }
    # Telegram: views from the channel's public page, a rounded one as shown and marked, never 12345
    assert block(published, MENU_PATH)["telegram"] == {
        "at": now.isoformat(),
        "views": 12300,
        "views_shown": "12.3K",
        "views_rounded": True,
    }
    assert block(published, CAKE_PATH)["telegram"] == {"at": now.isoformat(), "views": 987}
    assert {r.state for r in report.readings if r.network == "telegram"} == {"read"}
    assert set(report.notes) == {"telegram"} and "rounds" in report.notes["telegram"]
    assert report.table().count("note: telegram") == 1 and "views 12.3K (rounded)" in report.table()
    # exactly one new commit on origin, marked [skip ci]; the clone is level and clean
    after = origin_subjects(origin)
    assert after[1:] == before and after[0] == "smm: metrics for 2 posts [skip ci]"
    assert git(published, "rev-parse", "HEAD") == git(origin, "rev-parse", "main")
    assert git(published, "status", "--porcelain", "--untracked-files=no") == ""
    assert report.commit == git(origin, "rev-parse", "main").strip()
    # the commit touched the two post files only, and no secret went anywhere
    changed = git(origin, "show", "--name-only", "--format=", "main").split()
    assert sorted(changed) == sorted(POSTS)
    history = git(origin, "log", "-p", "main") + report.json()
    assert all(token not in history for token in TOKENS.values())


def test_cadence_1h_24h_7d_then_never_again(
    published: Path, sandbox: Sandbox, origin: Path
) -> None:
    set_figures(sandbox, published)
    at = vk_at(published)
    commits = len(origin_subjects(origin))

    def read(after: timedelta) -> int:
        report = run(published, sandbox, at + after)
        assert report.exit_code == 0, report.table()
        return sum(
            1
            for r in report.readings
            if r.state == "read" and r.path == MENU_PATH and r.network == "vk"
        )

    assert read(timedelta(minutes=30)) == 0
    assert block(published, MENU_PATH) == {}
    assert read(timedelta(hours=2)) == 1
    first = block(published, MENU_PATH)["vk"]
    assert read(timedelta(hours=2)) == 0  # the same time again: nothing new is due
    assert read(timedelta(hours=3)) == 0  # the 1 h slot is done; 24 h is not there yet
    sandbox.set_metrics(
        "vk", published_block(published / MENU_PATH)["vk"]["id"], views=5000, likes=99
    )
    assert read(timedelta(hours=25)) == 1
    second = block(published, MENU_PATH)["vk"]
    assert list(second) == list(first), "the keys keep their order"
    assert (second["views"], second["likes"], second["comments"]) == (5000, 99, first["comments"])
    assert datetime.fromisoformat(second["at"]) == at + timedelta(hours=25)
    assert read(timedelta(days=7, hours=2)) == 1
    for later in (timedelta(days=8, hours=1), timedelta(days=9), timedelta(days=40)):
        assert read(later) == 0
    # one commit per run that read something (2 h, 25 h, 7 d), none for the others
    subjects = origin_subjects(origin)
    assert len(subjects) == commits + 3
    assert all(s == "smm: metrics for 2 posts [skip ci]" for s in subjects[:3])


def test_cadence_offsets_are_data_and_a_missed_final_window_is_not_read_late() -> None:
    t0 = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    assert (timedelta(hours=1), timedelta(hours=24), timedelta(days=7)) == cadence.OFFSETS
    assert cadence.due_slot(t0, None, t0 + timedelta(minutes=59)) is None
    assert cadence.due_slot(t0, None, t0 + timedelta(hours=1)) == timedelta(hours=1)
    assert cadence.due_slot(t0, None, t0 + timedelta(hours=30)) == timedelta(
        hours=24
    )  # first reading late: 24 h slot
    assert cadence.due_slot(t0, t0 + timedelta(hours=1), t0 + timedelta(hours=23)) is None
    assert cadence.due_slot(t0, t0 + timedelta(hours=25), t0 + timedelta(days=7)) == timedelta(
        days=7
    )
    assert cadence.due_slot(t0, t0 + timedelta(hours=25), t0 + timedelta(days=8, minutes=1)) is None
    assert cadence.due_slot(t0, None, t0 + timedelta(days=30)) is None
    assert (
        cadence.due_slot(t0, None, t0 + timedelta(hours=1), offsets=(timedelta(hours=2),)) is None
    )


def test_every_byte_a_person_wrote_stays_and_only_the_metrics_lines_change(
    published: Path, sandbox: Sandbox
) -> None:
    set_figures(sandbox, published)
    before = {path: (published / path).read_text(encoding="utf-8") for path in POSTS}
    at = vk_at(published)
    assert run(published, sandbox, at + timedelta(hours=2)).exit_code == 0
    once = {path: (published / path).read_text(encoding="utf-8") for path in POSTS}
    for path in POSTS:
        assert strip_metrics(once[path]) == before[path], path
        assert (
            len(once[path].splitlines()) == len(before[path].splitlines()) + 3
        )  # metrics:, telegram, vk
    menu = once[MENU_PATH]
    assert menu.startswith(
        MENU.split("---\n")[0] + "---\n# Зимнее меню: согласовано с @zerno-marketing\n"
        "title: 'Открываем зимнее меню'   # quoted on purpose\n"
    )
    assert menu.endswith(MENU.split("---\n", 2)[2])  # the body
    # a second reading rewrites the one vk line and nothing else
    sandbox.set_metrics("vk", published_block(published / MENU_PATH)["vk"]["id"], views=7777)
    assert run(published, sandbox, at + timedelta(hours=25)).exit_code == 0
    twice = (published / MENU_PATH).read_text(encoding="utf-8")
    diff = [(a, b) for a, b in zip(once[MENU_PATH].splitlines(), twice.splitlines()) if a != b]
    assert [a.split(":")[0] for a, _ in diff] == ["  telegram", "  vk"] and "views: 7777" in diff[
        1
    ][1]


def test_a_failing_network_needs_a_person_and_stops_nothing_else(
    published: Path, sandbox: Sandbox, origin: Path
) -> None:
    set_figures(sandbox, published)
    head = git(origin, "rev-parse", "main")
    sandbox.inject(
        "vk",
        "error",
        method="wall.getById",
        code=5,
        message="User authorization failed: invalid access_token",
    )
    report = run(published, sandbox, vk_at(published) + timedelta(hours=2))
    assert report.exit_code == 1
    vk = [r for r in report.readings if r.network == "vk"]
    assert {r.state for r in vk} == {"failed"} and "code 5" in vk[0].error
    assert {r.state for r in report.readings if r.network == "telegram"} == {"read"}
    assert git(origin, "rev-parse", "main") != head  # Telegram's figures went in all the same
    assert "telegram" in block(published, MENU_PATH) and "vk" not in block(published, MENU_PATH)
    # the next run (the token fixed) reads what the failed one could not
    again = run(published, sandbox, vk_at(published) + timedelta(hours=2, minutes=15))
    assert again.exit_code == 0 and {r.state for r in again.readings if r.network == "vk"} == {
        "read"
    }


def test_a_rate_limit_that_outlasts_the_retries_waits_for_the_next_run(
    published: Path, sandbox: Sandbox
) -> None:
    set_figures(sandbox, published)
    sandbox.inject("vk", "error", method="wall.getById", code=29)  # daily quota: retry_after 3600 s
    report = run(published, sandbox, vk_at(published) + timedelta(hours=2))
    assert report.exit_code == 0, report.table()
    assert {r.state for r in report.readings if r.network == "vk"} == {"later"}
    assert "vk" not in block(published, MENU_PATH)
    assert {
        r.state
        for r in run(published, sandbox, vk_at(published) + timedelta(hours=2, minutes=15)).readings
        if r.network == "vk"
    } == {"read"}


def test_reach_refused_keeps_the_counters_and_says_why(published: Path, sandbox: Sandbox) -> None:
    set_figures(sandbox, published)
    sandbox.inject(
        "vk",
        "error",
        method="stats.getPostReach",
        code=15,
        message="Access denied: no access to statistics",
    )
    report = run(published, sandbox, vk_at(published) + timedelta(hours=2))
    assert report.exit_code == 0
    entry = block(published, MENU_PATH)["vk"]
    assert entry["views"] == 1200 and "reach" not in entry and "clicks" not in entry
    assert "stats.getPostReach" in report.notes["vk"] and "code 15" in report.notes["vk"]


def test_a_push_refused_because_origin_moved_writes_the_figures_again_on_top(
    published: Path, sandbox: Sandbox, origin: Path, tmp_path: Path
) -> None:
    set_figures(sandbox, published)
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(origin), str(other))
    git(other, "config", "user.name", "editor")
    git(other, "config", "user.email", "editor@example.invalid")
    (other / "NOTES.md").write_text("a person's commit while metrics ran\n", encoding="utf-8")
    git(other, "add", "NOTES.md")
    git(other, "commit", "--quiet", "-m", "A person's commit")
    pushed = []

    def meanwhile(reading) -> None:
        if not pushed:
            git(other, "push", "--quiet", "origin", "main")
            pushed.append(True)

    report = metrics(
        root=published,
        now=vk_at(published) + timedelta(hours=2),
        settings=Settings(api_base=sandbox.url, env=TOKENS),
        progress=meanwhile,
    )
    assert pushed and report.exit_code == 0
    subjects = origin_subjects(origin)
    assert subjects[:2] == ["smm: metrics for 2 posts [skip ci]", "A person's commit"]
    text = git(origin, "show", f"main:{MENU_PATH}")
    assert "metrics:\n  telegram: {" in text and "\n  vk: {" in text and "views: 1200" in text
    assert git(origin, "show", "main:NOTES.md").startswith("a person's")


def test_only_a_clean_main_reads(published: Path, sandbox: Sandbox) -> None:
    from smm.errors import GitError

    (published / MENU_PATH).write_text(
        (published / MENU_PATH).read_text(encoding="utf-8") + "edited\n", encoding="utf-8"
    )
    with pytest.raises(GitError, match="uncommitted changes"):
        run(published, sandbox, vk_at(published) + timedelta(hours=2))


def test_smm_metrics_command_with_api_base(published: Path, sandbox: Sandbox, origin: Path) -> None:
    set_figures(sandbox, published)
    now = (vk_at(published) + timedelta(hours=2)).isoformat()
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("SMM_NOW", "GITHUB_STEP_SUMMARY")
    }
    summary = published.parent / "summary.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "smm",
            "metrics",
            "--api-base",
            sandbox.url,
            "--now",
            now,
            "--format",
            "json",
            "--brand",
            "zerno",
        ],
        cwd=published,
        capture_output=True,
        text=True,
        env={**env, **TOKENS, "GITHUB_STEP_SUMMARY": str(summary)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert data["counts"] == {"read": 4} and data["posts"] == 2
    assert (
        "telegram" in data["notes"] and data["commit"] == git(origin, "rev-parse", "main").strip()
    )
    assert block(published, MENU_PATH)["vk"]["views"] == 1200
    assert summary.read_text(encoding="utf-8").startswith("### smm metrics")
    assert block(published, MENU_PATH)["telegram"]["views_shown"] == "12.3K"
    # text format, everything read already: nothing is due, exit 0, no commit
    head = git(origin, "rev-parse", "main")
    text = subprocess.run(
        [sys.executable, "-m", "smm", "metrics", "--api-base", sandbox.url, "--now", now],
        cwd=published,
        capture_output=True,
        text=True,
        env={**env, **TOKENS},
        timeout=60,
    )
    assert text.returncode == 0, text.stdout + text.stderr
    assert "no figures are due" in text.stdout
    assert git(origin, "rev-parse", "main") == head


def test_a_private_channel_gives_no_figures_and_says_why(published: Path, sandbox: Sandbox) -> None:
    set_figures(sandbox, published)
    brand = published / "brands/zerno.yaml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace("chat: '@zerno'", "chat: '-1001234567890'"),
        encoding="utf-8",
    )
    assert "-1001234567890" in brand.read_text(encoding="utf-8")
    git(published, "commit", "--quiet", "-am", "The channel went private")
    git(published, "push", "--quiet", "origin", "main")
    report = run(published, sandbox, vk_at(published) + timedelta(hours=2))
    assert report.exit_code == 0, report.table()
    assert {r.state for r in report.readings if r.network == "telegram"} == {"unavailable"}
    assert (
        "private channel (chat -1001234567890) has no public web page" in report.notes["telegram"]
    )
    assert (
        "telegram" not in block(published, MENU_PATH)
        and block(published, MENU_PATH)["vk"]["views"] == 1200
    )


def test_a_figure_that_is_no_count_is_said_and_not_written(
    published: Path, sandbox: Sandbox
) -> None:
    """A network's -1 (as some APIs say "hidden") or a fraction never reaches the post file,
    where the report, the site and lint would each refuse it; the post's other figures land."""
    vk_id = published_block(published / MENU_PATH)["vk"]["id"]
    sandbox.set_metrics("vk", vk_id, views=-1, likes=40, reposts=2, comments=1)
    report = run(published, sandbox, vk_at(published) + timedelta(hours=2))

    entry = block(published, MENU_PATH)["vk"]
    assert "views" not in entry and entry["likes"] == 40 and entry["shares"] == 2
    assert f"post {vk_id}: views" in report.notes["vk"], report.notes
    assert "not counts, not kept" in report.table()
