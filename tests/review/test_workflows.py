"""The review's two workflows: actionlint, and the fork-safety policy read as data.

check.yml (pull_request: the pull request's code, read-only token, no secrets) computes the
review and uploads it; review-comment.yml (workflow_run: trusted code of the default branch,
pull-requests: write) downloads it and writes the comment without checking out or running the
pull request's code. check.yml's run: steps on a pull request branch are executed in
tests/tooling/test_workflows.py (test_check_yml_run_steps_pass_on_the_repository)."""

from __future__ import annotations

import re
from pathlib import Path

from tooling.conftest import make_env
from tooling.test_workflows import CHECK, WORKFLOWS, actionlint, load

COMMENT = WORKFLOWS / "review-comment.yml"


def test_both_workflows_pass_actionlint(tmp_path: Path):
    proc = actionlint(CHECK, COMMENT, env=make_env(tmp_path / "home"))
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_check_yml_computes_and_uploads_the_review_with_a_read_only_token():
    text = CHECK.read_text(encoding="utf-8")
    data = load(CHECK)
    assert "pull_request" in data["on"] and "pull_request_target" not in data["on"]
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    assert "secrets." not in text and "secrets[" not in text and "github.token" not in text
    (job,) = data["jobs"].values()
    steps = job["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
    names = [s.get("name") for s in steps]
    review = steps[names.index("smm review")]
    upload = steps[names.index("Upload the review for review-comment.yml")]
    lint = next(
        i
        for i, s in enumerate(steps)
        if s.get("run", "").strip().startswith("smm lint --format github")
    )
    # the review is written even when lint then fails the job
    assert (
        names.index("smm review") < names.index("Upload the review for review-comment.yml") < lint
    )
    for step in (review, upload):
        assert step["if"] == "github.event_name == 'pull_request'"
    assert 'smm review --base "origin/$BASE_REF"' in review["run"]
    assert review["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert review["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    assert '>> "$GITHUB_STEP_SUMMARY"' in review["run"]
    # untrusted values reach the script through env:, never spliced into it
    assert "${{" not in review["run"]
    assert (
        upload["uses"].startswith("actions/upload-artifact@")
        and upload["with"]["name"] == "smm-review"
    )


def test_review_comment_yml_writes_only_the_comment_and_never_runs_the_pull_requests_code():
    text = COMMENT.read_text(encoding="utf-8")
    data = load(COMMENT)
    assert data["on"] == {"workflow_run": {"workflows": ["check"], "types": ["completed"]}}
    assert data["permissions"] == {}, (
        "nothing for the workflow as a whole: its one job asks for what it needs"
    )
    # no secrets besides the workflow's own token
    assert set(re.findall(r"secrets\.(\w+)", text)) <= {"GITHUB_TOKEN"}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"pull-requests": "write", "actions": "read"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    steps = job["steps"]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    for checkout in checkouts:  # the default branch's code only: no ref, no other repository
        options = checkout.get("with", {})
        assert "ref" not in options and "repository" not in options, (
            "never check out the pull request's head"
        )
        assert options.get("persist-credentials") is False
    assert "head_sha" not in str([s.get("with") for s in steps]) and "head_branch" not in str(
        checkouts
    )
    assert not any(
        "git fetch" in s.get("run", "") or "git checkout" in s.get("run", "") for s in steps
    )
    download = next(s for s in steps if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["name"] == "smm-review"
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["with"]["path"].startswith("${{ runner.temp }}"), (
        "the artifact lands outside the checkout"
    )
    (post,) = [s for s in steps if "smm review-comment" in s.get("run", "")]
    script = post["run"]
    assert "${{" not in script, "artifact data and event fields reach the script through env: only"
    assert "^[1-9][0-9]{0,9}$" in script and "1048576" in script
    assert (
        '--head-sha "$HEAD_SHA"' in script
        and post["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    )
    assert post["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert [s.get("uses", "").split("@")[0] for s in steps if "uses" in s] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/download-artifact",
    ]


def test_review_comment_yml_run_step_validates_the_artifact_and_upserts(tmp_path: Path):
    """The comment step's script, run as the runner runs it, against the loopback fake GitHub."""
    import os
    import subprocess
    import sys

    from review.fake_github import FakeGitHub
    from smm.review.render import MARKER

    (job,) = load(COMMENT)["jobs"].values()
    (step,) = [s for s in job["steps"] if "smm review-comment" in s.get("run", "")]
    folder = tmp_path / "smm-review"
    folder.mkdir()
    head = "c" * 40
    with FakeGitHub(token="ghs_x") as gh:
        gh.pulls[("acme", "content", 7)] = head
        env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
            "GITHUB_REPOSITORY": "acme/content",
            "GITHUB_API_URL": gh.url,
            "GITHUB_TOKEN": "ghs_x",
            "HEAD_SHA": head,
            "REVIEW_DIR": str(folder),
        }

        def run_step() -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=120,
            )

        (folder / "review.md").write_text(MARKER + "\n## smm review\n", encoding="utf-8")
        for bad in ("7; curl evil", "$(id)", "0", "", "7\n8"):
            (folder / "pr-number").write_text(bad + "\n")
            proc = run_step()
            assert proc.returncode == 1 and "::error::the artifact's pr-number" in proc.stdout, (
                bad,
                proc.stdout,
            )
        (folder / "pr-number").write_text("7\n")
        (folder / "review.md").write_bytes(MARKER.encode() + b"x" * (1 << 20))
        proc = run_step()
        assert proc.returncode == 1 and "refusing it" in proc.stdout
        assert gh.log == []  # nothing reached GitHub
        (folder / "review.md").write_text(MARKER + "\n## smm review\n", encoding="utf-8")
        first = run_step()
        assert first.returncode == 0, first.stderr
        assert "smm review-comment: created" in first.stdout
        (folder / "review.md").write_text(MARKER + "\n## smm review\nnew\n", encoding="utf-8")
        assert "smm review-comment: updated" in run_step().stdout
        assert [c["body"] for c in gh.comments[("acme", "content", 7)]] == [
            MARKER + "\n## smm review\nnew\n"
        ]
        env["HEAD_SHA"] = "d" * 40  # a newer push: this run's review is outdated
        assert "smm review-comment: skipped" in run_step().stdout
