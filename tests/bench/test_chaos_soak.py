"""The chaos soak (tools/bench/chaos_soak.py), small: 40 posts on four networks, faults and SIGKILLs.

The full run (1,000 posts) is a command whose figures are in docs/publishing.md#under-chaos; this
one proves on every test run that under the same chaos nothing is sent twice, nothing is left
open, and no run needs a person to clean up a clone first.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[2] / "tools" / "bench" / "chaos_soak.py"


def test_a_small_soak_sends_nothing_twice_and_leaves_nothing_open(tmp_path: Path) -> None:
    out = tmp_path / "soak"
    done = subprocess.run(
        [
            sys.executable,
            str(SOAK),
            "--posts",
            "40",
            "--brands",
            "4",
            "--steps",
            "8",
            "--seed",
            "5",
            "--kill-rate",
            "0.5",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads((tmp_path / "soak.json").read_text(encoding="utf-8"))
    assert done.returncode == 0 and report["ok"], done.stdout[-3000:] + done.stderr[-3000:]
    assert report["duplicates"] == 0 and report["left_open"] == 0 and report["refused_runs"] == 0
    assert report["problems"] == []
    assert report["runs"] >= 8 and report["killed"] >= 2, report["run_log"]  # the chaos did happen
    assert sum(f["publications"] for f in report["networks"].values()) == report["publications"]
    assert all(f["publications"] for f in report["networks"].values())  # every network took part
    for where in ("fresh clone", "same clone"):
        assert report["last_runs"][where] == {"exit": 0, "outcomes": 0, "stderr": ""}, report[
            "last_runs"
        ]
    assert "unknown rate" in done.stdout and not out.exists()
