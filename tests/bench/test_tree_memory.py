"""tools/bench/tree_memory.py: a tree's memory counts a worker that lives, and never counts twice
a child caught between its fork and its exec (which still shows its parent's memory)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "bench"))
from tree_memory import run_tree

HOLD = '{v} = bytearray({mb} << 20); {v}[::4096] = b"x" * len({v}[::4096])'  # touched: resident


def test_a_worker_that_lives_is_counted_with_its_parent(tmp_path):
    code = (
        f"import os, time; {HOLD.format(v='a', mb=60)}\n"
        f"if os.fork() == 0:\n    {HOLD.format(v='b', mb=60)}"
        "\n    time.sleep(0.6); os._exit(0)\n"
        "os.wait()\n"
    )
    run, _ = run_tree([sys.executable, "-c", code], tmp_path, tmp_path / "log")
    assert run.returncode == 0 and run.peak_mb >= 115  # 60 MB each, both counted


def test_children_between_fork_and_exec_are_not_counted_twice(tmp_path):
    code = (
        f"import subprocess; {HOLD.format(v='a', mb=120)}\n"
        "for _ in range(400):\n    subprocess.run(['true'])\n"
    )
    run, pss = run_tree([sys.executable, "-c", code], tmp_path, tmp_path / "log", interval=0.002)
    assert run.returncode == 0 and 120 <= run.peak_mb < 180 and pss < 180
