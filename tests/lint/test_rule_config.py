"""Users tune the rules as in any linter: --select/--ignore, smm.toml or [tool.smm] in
pyproject.toml, and a post's own `lint: {ignore, reason}`, shown as a note, never silently."""

from __future__ import annotations

import json

from conftest import NOW
from smm.content.repo import open_repo
from smm.publish.due import due_jobs

LONG = (
    "Зимний кофе и новое меню. " * 170
)  # 4,419 code points as Telegram counts them (trimmed): over Telegram's 4,096
TELEGRAM = "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\n"


def _long_post(workspace, name: str = "long", extra: str = "") -> str:
    workspace.post(f"zerno/2026/12/01-{name}.md", TELEGRAM + extra, LONG)
    return f"posts/zerno/2026/12/01-{name}.md"


def _quiet_post(workspace) -> None:
    """A post at 03:00, inside the brand's quiet hours (time/quiet-hours, a warning)."""
    workspace.brand("zerno", quiet_hours={"start": "22:00", "end": "08:00"})
    workspace.post("zerno/2026/12/02-quiet.md", "network: telegram\ntime: 2026-12-02 03:00\n")


# --- a post's own lint: {ignore, reason} ---


def test_an_ignored_finding_is_a_note_with_the_reason_and_lint_passes(workspace):
    path = _long_post(
        workspace, extra='lint: {ignore: [telegram/length], reason: "the client asked"}\n'
    )
    (finding,) = workspace.findings()
    assert (finding.path, finding.level, finding.rule) == (path, "note", "telegram/length")
    assert finding.message.startswith("ignored: the client asked (error: Telegram text is 4,419")
    run = workspace.smm("lint")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{path}:7:1: note telegram/length ignored: the client asked" in run.stdout
    assert "0 errors, 0 warnings, 1 notes" in run.stderr
    github = workspace.smm("lint", "--format", "github")
    assert github.stdout.startswith("::notice file=posts/zerno/2026/12/01-long.md,line=7")


def test_a_prefix_ignores_every_rule_of_the_family(workspace):
    _long_post(workspace, extra='lint: {ignore: ["telegram/"], reason: "long form"}\n')
    assert [(f.level, f.rule) for f in workspace.findings()] == [("note", "telegram/length")]


def test_an_ignore_without_a_reason_ignores_nothing_and_is_an_error(workspace):
    path = _long_post(workspace, extra="lint: {ignore: [telegram/length]}\n")
    found = {(f.rule, f.level, f.line) for f in workspace.findings()}
    assert ("schema/required", "error", 5) in found
    assert ("telegram/length", "error", 7) in found  # not set aside
    blank = _long_post(workspace, "blank", 'lint: {ignore: [telegram/length], reason: "  "}\n')
    assert {(f.rule, f.level) for f in workspace.findings(blank)} == {
        ("schema/value", "error"),
        ("telegram/length", "error"),
    }
    assert workspace.smm("lint", path).returncode == 1


def test_an_ignore_that_matches_nothing_is_a_stale_warning(workspace):
    path = _long_post(
        workspace,
        extra='lint:\n  ignore: [telegram/length, image/gps]\n  reason: "old"\n',
    )
    stale = [f for f in workspace.findings() if f.rule == "lint/unused-ignore"]
    assert [(f.path, f.line, f.col, f.level) for f in stale] == [(path, 6, 29, "warning")]
    assert "image/gps reports nothing in this post; remove it" in stale[0].message


def test_an_unknown_or_fixed_rule_in_a_post_is_an_error_at_its_line(workspace):
    path = _long_post(
        workspace,
        extra='lint:\n  ignore: [telegram/lenght, schema/]\n  reason: "x"\n',
    )
    found = workspace.smm("lint", path)
    assert found.returncode == 1
    assert (
        f"{path}:6:12: error lint/ignore lint.ignore: 'telegram/lenght' is no rule id or prefix "
        "(did you mean 'telegram/length'?)"
    ) in found.stdout
    assert f"{path}:6:29: error lint/ignore lint.ignore: schema/ cannot be ignored" in found.stdout
    assert f"{path}:9:1: error telegram/length" in found.stdout  # still reported


def test_a_fixed_rule_is_never_set_aside(workspace):
    workspace.post(
        "zerno/2026/12/01-typo.md",
        TELEGRAM + 'titel: x\nlint: {ignore: ["schema/unknown-key"], reason: "x"}\n',
    )
    workspace.write("smm.toml", 'select = ["vk/"]\n')
    assert {(f.rule, f.level) for f in workspace.findings()} >= {
        ("schema/unknown-key", "error"),
        ("lint/ignore", "error"),
    }


# --- the repository's settings ---


def test_pyproject_tool_smm_ignores_a_rule(workspace):
    _long_post(workspace)
    workspace.write(
        "pyproject.toml", '[project]\nname = "x"\n\n[tool.smm]\nignore = ["telegram/length"]\n'
    )
    assert workspace.findings() == []
    assert workspace.smm("lint").returncode == 0


def test_smm_toml_wins_over_pyproject(workspace):
    _long_post(workspace)
    workspace.write("pyproject.toml", '[tool.smm]\nignore = ["telegram/length"]\n')
    workspace.write("smm.toml", 'ignore = ["image/gps"]\n')
    assert [f.rule for f in workspace.findings()] == ["telegram/length"]


def test_select_keeps_only_the_named_rules_and_the_more_specific_entry_wins(workspace):
    _long_post(workspace)
    _quiet_post(workspace)
    assert {f.rule for f in workspace.findings()} == {"telegram/length", "time/quiet-hours"}
    workspace.write("smm.toml", 'select = ["time/"]\n')
    assert {f.rule for f in workspace.findings()} == {"time/quiet-hours"}
    workspace.write("smm.toml", 'select = ["telegram"]\nignore = ["telegram/length"]\n')
    assert workspace.findings() == []
    workspace.write("smm.toml", 'select = ["telegram/length"]\nignore = ["telegram/"]\n')
    assert {f.rule for f in workspace.findings()} == {"telegram/length"}


def test_the_settings_apply_after_the_cache(workspace):
    """A warm run with new settings reports by the new settings, and back again."""
    _long_post(workspace)
    runs = []
    for config in ('ignore = ["telegram/length"]\n', "", 'select = ["vk/"]\n', ""):
        workspace.write("smm.toml", config)
        result = workspace.smm("lint", "--format", "json")
        runs.append([f["rule"] for f in json.loads(result.stdout)])
    assert runs == [[], ["telegram/length"], [], ["telegram/length"]]


def test_the_command_line_selects_and_ignores_by_prefix_repeated_or_comma_separated(workspace):
    _long_post(workspace)
    _quiet_post(workspace)

    def rules(*args: str) -> set[str]:
        result = workspace.smm("lint", "--format", "json", *args)
        assert result.returncode in (0, 1), result.stderr
        return {f["rule"] for f in json.loads(result.stdout)}

    assert rules("--ignore", "telegram/length") == {"time/quiet-hours"}
    assert rules("--ignore", "telegram/length,time/") == set()
    assert rules("--ignore", "telegram/length", "--ignore", "time/quiet-hours") == set()
    assert rules("--select", "time/") == {"time/quiet-hours"}
    assert rules("--select", "vk/", "--select", "telegram/length") == {"telegram/length"}
    workspace.write("smm.toml", 'select = ["time/"]\nignore = ["image/gps"]\n')
    assert rules("--select", "telegram/") == {"telegram/length"}  # --select replaces select
    assert rules("--ignore", "time/quiet-hours") == set()  # --ignore adds to ignore


def test_unknown_rules_and_bad_settings_are_one_line_usage_errors(workspace):
    cases = [
        (("lint", "--ignore", "vk/lenght"), None, "smm: --ignore: 'vk/lenght' is no rule id or prefix (did you mean 'vk/length'?)"),
        (("lint", "--select", "nope"), None, "smm: --select: 'nope' is no rule id or prefix"),
        (("lint", "--ignore", "schema/"), None, "smm: --ignore: schema/ cannot be ignored"),
        (("lint",), 'ignore = ["telegram/lenght"]\n', "smm: smm.toml: ignore: 'telegram/lenght' is no rule id"),
        (("lint",), 'ignore = "vk/"\n', 'smm: smm.toml: ignore must be a list of rule ids, e.g. ignore = ["vk/"]'),
        (("lint",), 'ignroe = ["vk/"]\n', "smm: smm.toml: unknown key 'ignroe' (did you mean 'ignore'?)"),
        (("lint",), "ignore = [\n", "smm: smm.toml: cannot read the lint settings: "),
        (("publish", "--dry-run"), 'select = ["nope"]\n', "smm: smm.toml: select: 'nope' is no rule id"),
    ]  # fmt: skip
    for args, config, message in cases:
        if config is None:
            (workspace.root / "smm.toml").unlink(missing_ok=True)
        else:
            workspace.write("smm.toml", config)
        result = workspace.smm(*args)
        assert result.returncode == 2, (args, config, result.stdout, result.stderr)
        assert result.stderr.startswith(message), (args, config, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


# --- publishing follows the same settings ---


def _job(workspace, path: str):
    (job,) = [j for j in due_jobs(open_repo(workspace.root), NOW) if j.path == path]
    return job


def test_publish_blocks_a_post_by_its_errors_but_not_by_the_rules_it_or_the_repository_ignores(
    workspace,
):
    due = "network: telegram\ntime: 2026-11-28 11:30\n"  # 08:30 UTC, before NOW (09:00 UTC)
    workspace.post("zerno/2026/11/28-long.md", due, LONG)
    path = "posts/zerno/2026/11/28-long.md"
    assert _job(workspace, path).action == "blocked"
    workspace.write("smm.toml", 'ignore = ["telegram/length"]\n')
    assert _job(workspace, path).action == "publish"
    workspace.write("smm.toml", "")
    workspace.post(
        "zerno/2026/11/28-long.md",
        due + 'lint: {ignore: [telegram/length], reason: "the client asked"}\n',
        LONG,
    )
    assert _job(workspace, path).action == "publish"
    workspace.post("zerno/2026/11/28-long.md", due + "lint: {ignore: [telegram/length]}\n", LONG)
    assert _job(workspace, path).action == "blocked"  # no reason: nothing set aside
