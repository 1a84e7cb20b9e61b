"""`smm preview PATH` on paths that are not a plain post file: one `smm: ...` line and exit 2,
never a traceback or a hang (20 s is a hang guard only; each run takes about a second)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import NOW

POST = "posts/zerno/2026/12/01-a.md"


def preview(ws, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smm", "preview", path],
        cwd=ws.root,
        capture_output=True,
        text=True,
        env={**os.environ, "SMM_NOW": NOW.isoformat()},
        timeout=20,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("smm: ")
    return line


@pytest.fixture
def folder(workspace):
    (workspace.root / POST).parent.mkdir(parents=True)
    return workspace.root / POST


def test_a_symlink_loop_is_one_line(workspace, folder):
    folder.symlink_to(folder.name)
    assert (
        one_line(preview(workspace, POST))
        == f"smm: {POST}:1:1: file/unreadable '{POST}' is a symlink loop"
    )


def test_a_loop_of_two_symlinks_is_one_line(workspace, folder):
    folder.symlink_to("01-b.md")
    (folder.parent / "01-b.md").symlink_to(folder.name)
    assert "symlink loop" in one_line(preview(workspace, POST))


def test_a_folder_that_loops_is_one_line(workspace, folder):
    (workspace.root / "posts/zerno/loop").symlink_to("loop")
    assert "posts/zerno/loop" in one_line(preview(workspace, "posts/zerno/loop/a.md"))


def test_a_fifo_is_one_line_not_a_hang(workspace, folder):
    os.mkfifo(folder)
    assert "named pipe (FIFO)" in one_line(preview(workspace, POST))


def test_a_symlink_out_of_the_repository_is_not_previewed(workspace, folder, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(
        "---\nnetwork: telegram\ntime: 2026-12-01 10:00\n---\nЧужой текст.\n", encoding="utf-8"
    )
    folder.symlink_to(outside)
    line = one_line(preview(workspace, POST))
    assert "file/outside-repo" in line and "Чужой" not in line


def test_a_folder_is_one_line(workspace, folder):
    folder.mkdir()
    assert "is a folder" in one_line(preview(workspace, POST))


def test_a_symlink_inside_the_repository_previews_its_post(workspace, folder):
    workspace.write(
        "drafts/a.md", "---\nnetwork: telegram\ntime: 2026-12-01 10:00\n---\nЧерновик про кофе.\n"
    )
    folder.symlink_to(workspace.root / "drafts/a.md")
    result = preview(workspace, POST)
    assert result.returncode == 0 and "Черновик про кофе." in result.stdout


def test_a_thread_previews_each_part_with_its_count_against_the_limit(workspace):
    workspace.post(
        POST.removeprefix("posts/"),
        "network: [x, telegram]\ntime: 2026-12-01 10:00\nhashtags: [кофе]\n"
        "overrides:\n  telegram:\n    text: Всё одним сообщением.\n",
        "Первая часть.\n---\n" + "в" * 290 + "\n---\nТретья часть.",
    )
    result = preview(workspace, POST)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "── X (x) · thread of 3 parts OVER ──" in out
    assert "OVER ──\n1/3 · text 13/280 weighted characters\nПервая часть.\n\n2/3 ·" in out
    assert "2/3 · text 290/280 weighted characters OVER" in out
    assert "3/3 · text 20/280 weighted characters\nТретья часть.\n\n#кофе" in out
    assert "── Telegram (telegram) · text" in out and "Всё одним сообщением." in out


@pytest.mark.parametrize(
    "front,expected",
    [
        (
            "title: A\ntime: 2026-12-01 10:00\nnetwork: telegram, vk\nkind: organic\n",
            f"smm: {POST}:4:1: schema/network 'telegram, vk' is not one of",
        ),
        (
            "title: A\ntime: 2026-12-01 10:00\nnetwork: [myspace]\nkind: organic\n",
            f"smm: {POST}:4:11: schema/network 'myspace' is not one of",
        ),
        ("", f"smm: {POST}:2:1: schema/required missing required key 'network'"),
    ],
    ids=["comma-string", "unknown-network", "empty-front-matter"],
)
def test_a_post_with_no_network_to_show_says_why(workspace, folder, front, expected):
    """Nothing to render is never a silent exit 0: the lint error that explains it, exit 2."""
    folder.write_text(f"---\n{front}---\nHello there, a text long enough to show.\n", "utf-8")
    assert one_line(preview(workspace, POST)).startswith(expected)
