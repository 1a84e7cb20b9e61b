"""The workflows pass a security audit: zizmor (from PyPI, offline) finds nothing, every action is
pinned by commit SHA with its version in a comment that Dependabot keeps current, the GitHub App
token asks for Contents: write only, and the two deliberate exceptions say why inline."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT, run
from .test_workflows import load, workflow_files

#: `uses: owner/repo[/path]@<full commit SHA> # vX.Y.Z`: a tag can be moved to other code, a
#: commit cannot; the comment is the version Dependabot reads and rewrites with the SHA.
PINNED = re.compile(
    r"uses: (?P<action>[\w.-]+/[\w.-]+(?:/[\w.-]+)*)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)"
)
#: The findings ignored on purpose: (workflow, audit) -> a word the reason must contain.
DELIBERATE = {
    ("publish.yml", "artipacked"): "push",
    ("publish.yml", "overprovisioned-secrets"): "brand",
    ("review-comment.yml", "dangerous-triggers"): "fork",
    ("site.yml", "dangerous-triggers"): "fork",
}


def zizmor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("zizmor", path=env["PATH"])
    assert exe, "zizmor is in the test extra: pip install -e '.[test]'"
    return run([exe, "--offline", "--no-progress", *args], PROJECT, env, timeout=120)


def test_zizmor_finds_nothing_in_the_workflows(tool_env):
    proc = zizmor(".github/workflows/", env=tool_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout, proc.stdout


def test_zizmor_finds_nothing_as_an_auditor_in_the_workflows_and_dependabot(tool_env):
    """The strictest persona, over .github/ (the workflows and dependabot.yml): not even the
    low-confidence findings the default persona hides."""
    proc = zizmor("--persona", "auditor", ".github/", env=tool_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout, proc.stdout


def test_only_the_deliberate_findings_are_ignored_and_each_says_why(tool_env):
    proc = zizmor(
        "--persona", "auditor", "--no-ignores", "--format", "json-v1", ".github/", env=tool_env
    )
    found = {
        (Path(f["locations"][0]["symbolic"]["key"]["Local"]["verbatim_path"]).name, f["ident"])
        for f in json.loads(proc.stdout)
    }
    assert found == set(DELIBERATE), proc.stdout
    for (name, audit), word in DELIBERATE.items():
        lines = [
            line
            for line in (PROJECT / ".github/workflows" / name)
            .read_text(encoding="utf-8")
            .splitlines()
            if f"zizmor: ignore[{audit}]" in line
        ]
        assert lines, (name, audit)
        for line in lines:  # each ignore says why, where it is
            reason = line.split(f"zizmor: ignore[{audit}]", 1)[1].strip()
            assert word in reason and len(reason.split()) >= 4, (
                f"{name}: the ignore comment must give its reason"
            )


def test_zizmor_catches_what_the_workflows_avoid(tmp_path: Path, tool_env):
    """Not a vacuous pass: a tag-pinned action, an unscoped App token and a pull_request_target
    workflow are each reported (and make zizmor exit non-zero)."""
    bad = tmp_path / ".github/workflows/bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: pull_request_target\n"
        "permissions: {}\n"
        "jobs:\n"
        "  a:\n"
        "    name: a\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - id: t\n"
        "        uses: actions/create-github-app-token@v1\n"
        "        with: {app-id: '1', private-key: '${{ secrets.K }}'}\n",
        encoding="utf-8",
    )
    proc = zizmor(str(bad), env=tool_env)
    assert proc.returncode != 0
    for audit in ("unpinned-uses", "github-app", "dangerous-triggers"):
        assert f"[{audit}]" in proc.stdout, (audit, proc.stdout)


@pytest.mark.parametrize("workflow", workflow_files(), ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_sha_with_its_version(workflow: Path):
    lines = [
        line.strip().removeprefix("- ")
        for line in workflow.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(- )?uses:", line)
    ]
    assert lines, workflow
    for line in lines:
        assert PINNED.fullmatch(line), (
            f"{workflow.name}: pin by full commit SHA and name the version: {line}"
        )


def test_one_commit_per_action_version_across_the_workflows():
    """The same action and version everywhere resolves to the same commit (a SHA pasted from
    somewhere else would show up here)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for workflow in workflow_files():
        for m in PINNED.finditer(workflow.read_text(encoding="utf-8")):
            repo = "/".join(
                m["action"].split("/")[:2]
            )  # actions/cache/save and /restore: one repository
            seen.setdefault((repo, m["version"]), set()).add(m["sha"])
    assert seen and all(len(shas) == 1 for shas in seen.values()), seen


def test_dependabot_keeps_the_pinned_actions_current():
    config = yaml.safe_load((PROJECT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    (actions,) = [u for u in config["updates"] if u["package-ecosystem"] == "github-actions"]
    assert actions["directory"] == "/" and actions["schedule"]["interval"] in ("daily", "weekly")
    assert actions["cooldown"]["default-days"] >= 3, (
        "take a release only after it has been out a while"
    )


def test_the_github_app_token_may_write_contents_and_nothing_else():
    job = load(PROJECT / ".github/workflows/publish.yml")["jobs"]["publish"]
    (step,) = [
        s for s in job["steps"] if s.get("uses", "").startswith("actions/create-github-app-token@")
    ]
    scopes = {k: v for k, v in step["with"].items() if k.startswith("permission-")}
    assert scopes == {"permission-contents": "write"}
    assert "owner" not in step["with"] and "repositories" not in step["with"], (
        "this repository only"
    )
