"""The rule registry is the one list of rule ids: the code reports none outside it, each at a level
it gives, the engine runs the checks it names in any order to the same result, and docs/rules.md
and `smm rules` show it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from click.testing import CliRunner

from smm.cli import main
from smm.content.loader import Problems, load_post
from smm.content.repo import open_repo
from smm.lint import cross
from smm.lint.checker import _BY_NAME, POST_CHECKS, Checker
from smm.lint.checks_media import _FILE_LIMITS
from smm.lint.registry import CHECKS, checks, registry
from smm.lint.ruledoc import rules, table_in
from smm.rules import network_rules, supported

PACKAGE = Path(__file__).resolve().parents[2] / "tools" / "smm"
DOC = PACKAGE.parents[1] / "docs" / "rules.md"
#: What talks to networks and imitates them: MIME types there ("image/jpeg") are not rule ids.
NOT_LINT = ("networks", "sandbox")


def _families() -> set[str]:
    return {rule_id.split("/")[0] for rule_id, rule in registry().items() if rule.network == "all"}


def _ids_in_code() -> tuple[set[str], set[str]]:
    """Rule ids written as text anywhere in the package, and the suffixes of ``f"{network}/..."``."""
    literal = re.compile(r"([a-z]+)/[a-z-]+")
    ids, suffixes = set(), set()
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in NOT_LINT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = literal.fullmatch(node.value)
                if match and match.group(1) in _families():
                    ids.add(node.value)
            elif isinstance(node, ast.JoinedStr) and len(node.values) == 2:
                first, rest = node.values
                if (
                    isinstance(first, ast.FormattedValue)
                    and isinstance(first.value, ast.Name)
                    and first.value.id == "network"
                    and isinstance(rest, ast.Constant)
                    and re.fullmatch(r"/[a-z-]+", str(rest.value))
                ):
                    suffixes.add(str(rest.value)[1:])
    return ids, suffixes


def test_every_rule_id_written_in_the_code_is_in_the_registry():
    ids, suffixes = _ids_in_code()
    assert len(ids) > 40 and {"length", "empty", "hashtags", "mentions"} <= suffixes
    assert sorted(ids - set(registry())) == []
    network_suffixes = {r.id.split("/", 1)[1] for r in registry().values() if r.network != "all"}
    assert sorted(suffixes - network_suffixes) == []


def test_each_image_limit_names_a_rule_of_every_network_that_sets_it():
    for network in supported():
        for limit_name, suffix, _, _ in _FILE_LIMITS:
            if network_rules(network).limit(limit_name):
                assert f"{network}/{suffix}" in registry(), (network, limit_name)


def test_a_network_has_a_limit_rule_only_where_its_rules_file_sets_the_limit():
    assert "instagram/hashtags" in registry() and "threads/hashtags" in registry()
    assert "telegram/hashtags" not in registry()  # telegram.yaml sets no hashtag limit
    assert all(f"{n}/empty" in registry() for n in supported())
    bluesky = registry()["bluesky/length"]
    assert "3,000 UTF-8 bytes" in bluesky.summary and "text.visible_bytes_limit" in bluesky.data
    assert bluesky.levels == ("error",)
    assert registry()["linkedin/length"].levels == ("warning",)  # third-party number


def test_no_limit_of_a_network_is_written_in_the_lint_code():
    """Bluesky's 3,000 bytes live in rules/bluesky.yaml, with their source."""
    for path in (PACKAGE / "lint").glob("*.py"):
        assert not re.search(r"\b3_?000\b", path.read_text(encoding="utf-8")), path.name


def test_every_check_the_registry_names_runs_and_every_check_reports_a_rule():
    by_stage = {
        stage: {r.check for r in registry().values() if r.stage == stage} for stage in CHECKS
    }
    assert by_stage["post"] == set(_BY_NAME) == set(checks("post"))
    assert [f.__name__ for f in POST_CHECKS] == list(CHECKS["post"])
    assert by_stage["cross"] == set(cross.CROSS) and by_stage["clock"] == set(cross.CLOCK)


def _noisy_repository(workspace) -> None:
    """Posts that break as many rules as possible, on every network."""
    workspace.brand(
        "zerno",
        quiet_hours={"start": "22:00", "end": "08:00"},
        hashtags={"required": ["зерно"], "banned": ["скидки"]},
        voice={"banned": ["дешёвый"], "prefer": {"кофеек": "кофе"}},
        frequency={"telegram": {"per_day": 1, "min_gap": "2h"}},
    )
    workspace.image("assets/zerno/wide.png", size=(4000, 300), fmt="PNG")
    every = "[telegram, vk, ok, instagram, x, mastodon, bluesky]"
    long_text = ("Дешёвый кофеек @a @b @c " * 30 + "\n") * 40
    workspace.post(
        "zerno/2026/12/01-noisy.md",
        f"""
        network: {every}
        time: 2026-11-30 23:30
        campaign: winter
        kind: ad
        budget: 20000
        hashtags: [скидки, "1", {", ".join(f"t{i}" for i in range(40))}]
        images: [{{src: assets/zerno/wide.png}}, assets/zerno/missing.jpg, ../outside.jpg]
        lint: {{ignore: [vk/length, nothing/here, schema/], reason: "a test"}}
        """,
        long_text,
    )
    workspace.post(
        "zerno/2026/12/01-again.md",
        f"network: {every}\ntime: 2026-12-01 23:45\n",
        long_text,
    )
    workspace.post("zerno/2026/10/01-past.md", "network: telegram\ntime: 2026-10-01 10:00\n")
    workspace.post(
        "zerno/2027/05/01-gap.md", "network: [telegram, facebook]\ntime: 2027-03-28 02:30\n"
    )


def test_lint_reports_only_registered_ids_at_registered_levels(workspace):
    _noisy_repository(workspace)
    found = workspace.findings()
    rules = {f.rule for f in found}
    assert len(rules) >= 25, sorted(rules)  # the fixture does break many rules
    for f in found:
        assert f.rule in registry(), f.text()
        rule = registry()[f.rule]
        assert f.level in rule.levels or f.level == "note", f.text()


def test_the_checks_give_the_same_findings_in_any_order(workspace):
    """No check reads what another left behind (check_campaign once read check_time's ctx.when)."""
    _noisy_repository(workspace)
    repo = open_repo(workspace.root)
    checker = Checker(repo)
    results = []
    for order in (POST_CHECKS, POST_CHECKS[::-1]):
        post, _ = load_post(repo.root, "posts/zerno/2026/12/01-noisy.md", repo.brands)
        assert post is not None
        problems = Problems(post.path)
        ctx = checker.context(post, problems)
        for check in order:
            check(ctx)
        results.append(sorted(problems))
    assert results[0] == results[1]
    assert "campaign/window" in {f.rule for f in results[0]}  # needs the time, read before checks
    assert "time/quiet-hours" in {f.rule for f in results[0]}


def test_docs_rules_md_holds_the_table_the_registry_makes():
    assert table_in(DOC) == rules("markdown"), (
        "run: smm rules --format markdown --out docs/rules.md"
    )


def test_smm_rules_lists_every_rule_as_text_and_json():
    runner = CliRunner()
    text = runner.invoke(main, ["rules"])
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert len(lines) == len(registry())
    assert re.match(
        r"telegram/length +error +telegram +Telegram: text at most 4,096",
        next(line for line in lines if line.startswith("telegram/length")),
    )
    as_json = runner.invoke(main, ["rules", "--format", "json"])
    items = json.loads(as_json.output)
    assert [i["id"] for i in items] == list(registry())
    quiet = next(i for i in items if i["id"] == "time/quiet-hours")
    assert quiet["level"] == "warning" and quiet["network"] == "all" and quiet["fixed"] is False
    assert quiet["summary"] and quiet["source"]
    length = next(i for i in items if i["id"] == "vk/length")
    assert length["network"] == "vk" and "tools/smm/rules/vk.yaml" in length["data"]
    assert next(i for i in items if i["id"] == "schema/yaml")["fixed"] is True


def test_smm_rules_out_rewrites_only_the_table_between_the_markers(tmp_path):
    doc = tmp_path / "rules.md"
    doc.write_text("# intro\n<!-- rules:start -->\nold\n<!-- rules:end -->\nafter\n")
    runner = CliRunner()
    first = runner.invoke(main, ["rules", "--format", "markdown", "--out", str(doc)])
    assert first.exit_code == 0 and first.output.strip() == str(doc)
    assert doc.read_text().startswith("# intro\n") and doc.read_text().endswith("\nafter\n")
    assert table_in(doc) == rules("markdown")
    again = runner.invoke(main, ["rules", "--format", "markdown", "--out", str(doc)])
    assert again.exit_code == 0 and again.output == ""  # nothing changed, nothing to say
    bare = tmp_path / "bare.md"
    bare.write_text("no markers\n")
    missing = runner.invoke(main, ["rules", "--format", "markdown", "--out", str(bare)])
    assert missing.exit_code == 2 and "no <!-- rules:start -->" in missing.output


def test_every_counter_has_its_unit_in_words_in_the_rule_summaries():
    """A length rule names what it counts: Threads counts characters (an emoji as its UTF-8 bytes),
    not "500 threads" (the counter's name)."""
    from smm.lint.registry import _UNITS
    from smm.networks.counters import COUNTERS

    assert set(_UNITS) == set(COUNTERS)
    summary = registry()["threads/length"].summary
    assert "500 threads" not in summary and "UTF-8 bytes" in summary
