"""`smm review` over hostile files: a base whose post or brand is a symlink out of the repository
(git stores symlinks), and a post that is a FIFO on disk. The review finishes, with no traceback;
20 s is a hang guard only (a review takes about two seconds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import commit_all, start

POST = "posts/zerno/2026/12/01-a.md"
FRONT = "network: telegram\ntime: 2026-12-01 10:00\n"


def review(root) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SMM_NOW"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "smm",
            "review",
            "--base",
            "main",
            "--format",
            "json",
            "--now",
            "2026-11-28T09:00:00+00:00",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def test_a_base_post_symlinked_to_a_device_is_left_out_of_the_base(workspace):
    (workspace.root / POST).parent.mkdir(parents=True)
    (workspace.root / POST).symlink_to("/dev/zero")
    (workspace.root / "brands/outside.yaml").symlink_to("/etc/hostname")
    start(workspace.root)
    (workspace.root / POST).unlink()
    workspace.post("zerno/2026/12/01-a.md", FRONT, "Теперь это настоящий пост.")
    commit_all(workspace.root, "Replace the symlink with a post")
    got = review(workspace.root)
    (post,) = got["posts"]
    assert (post["path"], post["status"]) == (POST, "modified")


def test_a_post_that_is_a_fifo_on_disk_is_reviewed_as_unreadable(workspace):
    workspace.post("zerno/2026/12/01-a.md", FRONT, "Первый вариант.")
    start(workspace.root)
    workspace.post("zerno/2026/12/01-a.md", FRONT, "Второй вариант.")
    commit_all(workspace.root, "Edit the post")
    (workspace.root / POST).unlink()
    os.mkfifo(workspace.root / POST)  # what the working tree holds now; no writer will ever come
    got = review(workspace.root)
    (post,) = got["posts"]
    assert [f["rule"] for f in post["findings"]] == ["file/unreadable"]
