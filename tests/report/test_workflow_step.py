"""The report step of publish.yml: after publish (and metrics), always, and its script run as the
runner runs it, appending the brand's report to the job summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

PUBLISH = Path(__file__).resolve().parents[2] / ".github/workflows/publish.yml"


def steps() -> list[dict]:
    return yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))["jobs"]["publish"]["steps"]


def report_step() -> dict:
    (step,) = [s for s in steps() if "smm report" in s.get("run", "")]
    return step


def test_report_step_runs_always_after_publish_and_metrics_and_before_the_cache_is_saved():
    all_steps, step = steps(), report_step()
    assert step["if"] == "always()"
    # one brand, or past 256 brands the several a job holds (smm brands --format matrix)
    assert step["run"].startswith("for brand in $BRAND; do\n")
    assert 'smm report --brand "$brand" --format markdown >> "$GITHUB_STEP_SUMMARY"' in step["run"]
    assert step["env"] == {
        "BRAND": "${{ matrix.brand }}",
        "SMM_NOW": "${{ inputs.now }}",
    }  # no secrets
    index = all_steps.index(step)
    runs = [s.get("run", "") for s in all_steps]
    assert all(index > i for i, r in enumerate(runs) if "smm publish" in r or "smm metrics" in r)
    save = next(
        i for i, s in enumerate(all_steps) if s.get("uses", "").startswith("actions/cache/save@")
    )
    assert index < save


def test_report_step_script_appends_markdown_to_the_job_summary(workspace, tmp_path):
    workspace.post(
        "zerno/2026/12/01-a.md",
        """
        network: telegram
        time: 2026-12-01 10:00
        budget: 900 RUB
        campaign: winter
        """,
    )
    summary = tmp_path / "summary.md"
    summary.write_text("### smm publish\n\nearlier steps' tables\n", encoding="utf-8")
    bindir = Path(sys.executable).parent  # the venv's `smm`, as `pip install .` puts it on PATH
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(bindir), os.environ["PATH"]]),
        "BRAND": "zerno",
        "SMM_NOW": "",
        "GITHUB_STEP_SUMMARY": str(summary),
    }  # an empty inputs.now: the clock
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", report_step()["run"]],
        cwd=workspace.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### smm publish\n\nearlier steps' tables\n### smm report · as of ")
    assert (
        "#### Зима (zerno/winter)" in text and "| **total** | **1** | **0** | **900.00** |" in text
    )
    assert "nordlicht" not in text
    # a job with two brands appends both reports
    both = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", report_step()["run"]],
        cwd=workspace.root,
        env={**env, "BRAND": "nordlicht zerno"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert both.returncode == 0, both.stderr
    again = summary.read_text(encoding="utf-8")[len(text) :]
    assert again.count("### smm report · as of ") == 2 and "(zerno/winter)" in again
