"""Editor wiring in .vscode/: the YAML extension maps the schemas onto brand and campaign files,
and the `smm lint` task's problem matcher reads smm's real output (which is how post front
matter, YAML inside Markdown that the YAML extension does not read, gets checked in the editor)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import PROJECT

VSCODE = PROJECT / ".vscode"


def test_yaml_schemas_point_at_the_generated_schemas_and_match_the_examples():
    settings = json.loads((VSCODE / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {
        "./tools/smm/schemas/brand.schema.json": ["brands/*.yaml"],
        "./tools/smm/schemas/campaign.schema.json": ["campaigns/**/*.yaml"],
    }
    for schema, globs in mapping.items():
        assert (PROJECT / schema).is_file(), schema
        for pattern in globs:
            assert list(PROJECT.glob(pattern)), f"{pattern} matches no file"


def test_the_yaml_extension_is_recommended():
    extensions = json.loads((VSCODE / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_the_lint_task_problem_matcher_reads_smm_output(workspace):
    tasks = json.loads((VSCODE / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    lint_task = next(t for t in tasks if t["label"] == "smm lint")
    assert lint_task["command"] == "smm lint"
    pattern = lint_task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])  # the JavaScript regexp is also valid Python here

    workspace.post(
        "zerno/2026/12/02-broken.md",
        """
        network: telegramm
        time: 2026-12-02 10:00
        campaign: winter
    """,
    )
    proc = workspace.smm("lint")
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if line.startswith("posts/")]
    assert lines, proc.stdout
    for line in lines:
        m = regexp.match(line)
        assert m, f"the problem matcher misses: {line}"
        assert Path(m.group(pattern["file"])) == Path("posts/zerno/2026/12/02-broken.md")
        assert m.group(pattern["severity"]) in ("error", "warning")
    codes = {regexp.match(line).group(pattern["code"]) for line in lines}
    assert "schema/network" in codes
    line = next(line for line in lines if "schema/network" in line)
    m = regexp.match(line)
    assert (m.group(pattern["line"]), m.group(pattern["column"])) == ("2", "1")
    assert m.group(pattern["message"]).startswith("'telegramm' is not one of")
    # the summary line is not a problem
    assert not any(
        regexp.match(line) for line in proc.stdout.splitlines() if not line.startswith("posts/")
    )
