"""site.yml read as data: when it builds, that it always uploads the site, that it deploys to
Pages only when the repository turned Pages on (with GitHub Actions as the source), and that only
the deploy job holds Pages' write permissions; its `Is Pages on?` step run against answers of
the Pages API. check.yml builds the pull request's site read-only and uploads it. (actionlint and
zizmor run over every workflow in test_workflows.py and test_workflow_security.py.)"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from .test_workflows import CHECK, WORKFLOWS, load

SITE = WORKFLOWS / "site.yml"


def test_site_builds_on_main_after_each_publish_run_and_on_demand():
    on = load(SITE)["on"]
    assert on["push"] == {"branches": ["main"]}
    assert on["workflow_run"] == {"workflows": ["publish"], "types": ["completed"]}
    assert "workflow_dispatch" in on
    assert load(WORKFLOWS / "publish.yml")["name"] == "publish"


def test_the_site_is_always_uploaded_and_deployed_only_when_pages_is_on():
    data = load(SITE)
    assert data["permissions"] == {"contents": "read"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    checkout = build["steps"][0]
    assert checkout["with"]["ref"] == "main" and checkout["with"]["persist-credentials"] is False
    by_name = {s.get("name"): s for s in build["steps"]}
    assert by_name["smm site"]["run"].startswith("smm site --out")
    upload = by_name["Upload the site"]
    assert upload["if"] == "always()" and upload["with"]["name"] == "smm-site"
    assert by_name["Upload the site for Pages"]["if"] == "steps.pages.outputs.enabled == 'true'"
    assert build["outputs"]["pages"] == "${{ steps.pages.outputs.enabled }}"
    assert deploy["needs"] == "build" and deploy["if"] == "needs.build.outputs.pages == 'true'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_build_starts_from_the_last_one_and_keeps_itself_for_the_next():
    """The site folder and the lint cache come back from main's last run before `smm site` and
    are kept after it: the build renders only what changed (tests/site_pages/test_build.py,
    test_a_fresh_clone_with_the_last_site_renders_no_page)."""
    steps = load(SITE)["jobs"]["build"]["steps"]
    names = [s.get("name") for s in steps]
    restore, keep = (
        steps[names.index("Restore the last build")],
        steps[names.index("Keep this build for the next")],
    )
    assert (
        names.index("Restore the last build")
        < names.index("smm site")
        < names.index("Keep this build for the next")
    )
    assert restore["uses"].startswith("actions/cache/restore@")
    assert keep["uses"].startswith("actions/cache/save@")
    assert restore["with"]["path"] == keep["with"]["path"]
    assert restore["with"]["key"] == keep["with"]["key"] == "smm-site-${{ github.sha }}"
    assert restore["with"]["restore-keys"] == "smm-site-"
    cached = restore["with"]["path"].splitlines()
    assert cached == [".smm-cache", "${{ runner.temp }}/smm-site"]
    assert '--out "$RUNNER_TEMP/smm-site"' in steps[names.index("smm site")]["run"]


@pytest.mark.parametrize(
    ("api", "enabled", "url"),
    [
        (
            '{"build_type": "workflow", "html_url": "https://acme.github.io/content/"}',
            "true",
            "https://acme.github.io/content/",
        ),
        ('{"build_type": "legacy", "html_url": "https://acme.github.io/content/"}', "false", None),
        (None, "false", None),  # 404: Pages is off
    ],
)
def test_is_pages_on_reads_the_pages_api(
    tmp_path: Path, api: str | None, enabled: str, url: str | None
):
    """The step as the runner runs it, with a `gh` that answers as the Pages API would."""
    step = next(s for s in load(SITE)["jobs"]["build"]["steps"] if s.get("id") == "pages")
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(
        "#!/bin/sh\n"
        + (f"cat <<'EOF'\n{api}\nEOF\n" if api else "echo 'gh: Not Found (HTTP 404)' >&2; exit 1\n")
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    output = tmp_path / "output"
    output.touch()
    env = {
        "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "GH_TOKEN": "t",
        "REPO": "acme/content",
    }
    subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], env=env, check=True
    )
    lines = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert lines.get("enabled") == enabled and lines.get("url") == url


def test_check_builds_the_pull_requests_site_and_uploads_it():
    data = load(CHECK)
    assert data["permissions"] == {"contents": "read"}
    steps = data["jobs"]["lint"]["steps"]
    by_name = {s.get("name"): s for s in steps}
    build = by_name["smm site"]
    assert build["if"] == "github.event_name == 'pull_request'"
    upload = by_name["Upload the pull request's site"]
    assert upload["with"]["name"] == "smm-site" and upload["if"] == build["if"]
    names = [s.get("name") for s in steps]
    assert (
        names.index("Restore main's last build")
        < names.index("smm site")
        < names.index("Upload the pull request's site")
        < names.index("smm review")
    )
    # main's last build (site.yml's cache), read and never written: no step saves a cache
    restore = by_name["Restore main's last build"]
    site_keeps = {s.get("name"): s for s in load(SITE)["jobs"]["build"]["steps"]}
    assert restore["uses"].startswith("actions/cache/restore@")
    assert restore["with"]["path"] == site_keeps["Keep this build for the next"]["with"]["path"]
    assert restore["with"]["restore-keys"] == "smm-site-"
    assert not [s for s in steps if "cache" in s.get("uses", "") and "restore" not in s["uses"]]
