"""The answer of the last full lint: given again only while nothing it was computed from changed.

Whether a run replayed the answer shows in ``checked``: the post cache is spoiled after each full
run, so a run that did not replay checks every post again."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import NOW
from smm.lint import lint

IMG = "assets/zerno/square.jpg"
LONG_AGO = 1_000_000_000_000_000_000  # 2001: every file settled long before the answer was made


def _age(ws) -> None:
    """Every post and image written long ago, as in a repository edited yesterday."""
    for path in [*(ws.root / "posts").rglob("*.md"), *(ws.root / "assets").rglob("*.*")]:
        os.utime(path, ns=(LONG_AGO, LONG_AGO))


def _full(ws, now=NOW, **kwargs):
    """A full run, then the post cache spoiled: the next run checks everything unless it replays."""
    result = lint(ws.root, now=now, use_cache=True, jobs=1, **kwargs)
    (ws.root / ".smm-cache" / "lint-v5.json").write_text("{}")
    return result


def _fresh(ws, now=NOW, **kwargs):
    return lint(ws.root, now=now, use_cache=False, jobs=1, **kwargs)


@pytest.fixture
def settled(workspace):
    """A post with an image, one past its time, one with a deal due, all written long ago."""
    workspace.post(
        "zerno/2026/12/01-img.md",
        f"network: telegram\ntime: 2026-12-01 10:00\nimages:\n  - {{src: {IMG}, alt: Чашка}}",
        "Пост с картинкой про кофе.",
    )
    workspace.post(
        "zerno/2026/11/20-past.md", "network: telegram\ntime: 2026-11-20 10:00", "Пост прошёл."
    )
    workspace.post(
        "zerno/2026/11/10-deal.md",
        "network: telegram\ntime: 2026-11-10 10:00\nkind: exchange\n"
        "published: {telegram: {id: '5', url: 'https://t.me/zerno/5', at: 2026-11-10T07:00:00Z}}\n"
        "deal: {partner: '@coffee', due: 2026-11-20}",
        "Обмен постами с кофейней.",
    )
    _age(workspace)
    return workspace


def test_nothing_changed_gives_the_same_findings_without_checking(settled):
    first = _full(settled)
    assert {f.rule for f in first.findings} >= {"time/past", "deal/overdue"}
    again = _full(settled)
    assert again.checked == 0
    assert again.findings == first.findings == _fresh(settled).findings
    assert again.posts == first.posts == 3


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda ws: ws.post(
                "zerno/2026/12/01-img.md", "network: telegram\ntiem: x", "Другой текст поста."
            ),
            id="post edited",
        ),
        pytest.param(lambda ws: ws.post("zerno/2026/12/09-new.md", "network: vk"), id="post added"),
        pytest.param(
            lambda ws: (ws.root / "posts/zerno/2026/11/20-past.md").unlink(), id="post removed"
        ),
        pytest.param(lambda ws: ws.image(IMG, size=(10, 10), fmt="PNG"), id="image replaced"),
        pytest.param(lambda ws: (ws.root / IMG).unlink(), id="image removed"),
        pytest.param(lambda ws: ws.brand("zerno", timezone="Asia/Tokyo"), id="brand file"),
        pytest.param(lambda ws: ws.campaign("zerno", "spring"), id="campaign added"),
        pytest.param(lambda ws: ws.write("smm.toml", 'ignore = ["time/past"]\n'), id="settings"),
        pytest.param(
            lambda ws: ws.write(".github/CODEOWNERS", "posts/zerno/ @someone\n"), id="codeowners"
        ),
    ],
)
def test_any_input_changed_lints_again(settled, change):
    _full(settled)
    change(settled)
    _age(settled)  # even with the old mtimes back: the stamps or bytes differ
    again = _full(settled)
    assert again.checked == again.posts
    assert again.findings == _fresh(settled).findings


def test_other_options_lint_again(settled):
    _full(settled)
    assert _full(settled, ignore=["time/past"]).checked == 3
    assert not any(f.rule == "time/past" for f in _full(settled, ignore=["time/past"]).findings)
    assert _full(settled, ignore=["time/past"]).checked == 0
    assert _full(settled).checked == 3


@pytest.mark.parametrize(
    ("later", "replayed"),
    [
        (timedelta(minutes=1), True),  # no post's time and no midnight passed
        (timedelta(days=1), False),  # the deal is a day more overdue
        (-timedelta(days=20), False),  # before the past post's time: not past then
    ],
)
def test_the_clock_decides_whether_the_answer_holds(settled, later, replayed):
    _full(settled)
    again = _full(settled, now=NOW + later)
    assert (again.checked == 0) is replayed
    assert again.findings == _fresh(settled, now=NOW + later).findings


def test_a_post_passing_its_time_is_reported(settled):
    settled.post("zerno/2026/12/01-soon.md", "network: telegram\ntime: 2026-12-01 12:00")
    _age(settled)
    noon = datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    past = {f.path for f in _full(settled, now=noon - timedelta(minutes=1)).findings}
    assert "posts/zerno/2026/12/01-soon.md" not in past
    after = _full(settled, now=noon + timedelta(minutes=1))
    assert after.checked == 4
    assert "posts/zerno/2026/12/01-soon.md" in {f.path for f in after.findings}


def test_a_file_touched_just_before_the_answer_is_not_trusted(settled):
    _full(settled)
    path = settled.root / "posts/zerno/2026/12/01-img.md"
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"10:00", b"11:00"))  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same stamp as before
    # the stamp was LONG_AGO: a same-stamp edit of an old file is the cache's own limit, so here
    # the edit is recent, as an editor's is
    os.utime(path)
    assert _full(settled).checked == 3
    assert _full(settled).checked == 3  # still within a second of the answer: checked again


@pytest.mark.parametrize(
    "planted",
    [
        "garbage",
        json.dumps({"findings": []}),
        json.dumps(
            {
                "started": 1,
                "digest": "x",
                "images": [],
                "span": None,
                "posts": 1,
                "findings": [["a", 1, 1, "fatal", "r", "m"]],
            }
        ),
    ],
)
def test_an_answer_not_of_smm_is_ignored(settled, planted):
    _full(settled)
    (settled.root / ".smm-cache" / "lint-answer-v1.json").write_text(planted)
    again = _full(settled)
    assert again.checked == 3
    assert again.findings == _fresh(settled).findings


def test_partial_runs_neither_use_nor_make_an_answer(settled):
    path = "posts/zerno/2026/11/20-past.md"
    lint(settled.root, paths=[str(settled.root / path)], now=NOW, use_cache=True, jobs=1)
    assert not (settled.root / ".smm-cache" / "lint-answer-v1.json").exists()
    _full(settled)
    result = lint(settled.root, paths=[str(settled.root / path)], now=NOW, use_cache=True, jobs=1)
    assert {f.path for f in result.findings} == {path}


def test_a_run_with_no_cache_file_stamps_each_post_as_it_reads_it_for_the_next(settled):
    # with no cache file every post is read: the walk lists names alone and each post is stamped
    # as it is opened, before it is read; the answer holds those stamps
    assert not (settled.root / ".smm-cache").exists()
    first = _full(settled)
    replayed = lint(settled.root, now=NOW, use_cache=True, jobs=1)
    assert (replayed.checked, replayed.findings) == (0, first.findings)
    post = settled.root / "posts/zerno/2026/11/20-past.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nЕщё строка.\n", encoding="utf-8")
    os.utime(post, ns=(LONG_AGO + 10**9, LONG_AGO + 10**9))
    assert lint(settled.root, now=NOW, use_cache=True, jobs=1).checked == 3
