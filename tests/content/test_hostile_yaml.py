"""Hostile and careless values in post, brand and campaign files, through lint, plan, review and report.

Each case edits one file of a copy of this repository's example content (a real git repository:
the edit is a commit, so `smm review --base HEAD~1` reviews it) and runs the four commands in
process with click's runner. None may raise: lint prints exactly one finding line for the
edited file and exits 1; plan, review and report still answer (exit 0). Before the content model
bounded these values every case was a traceback (ValueError of Python's 4,300-digit limit,
OverflowError of a date, decimal.InvalidOperation, RecursionError) or, for aliases, gigabytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from project_copy import copy_project
from smm.cli import main

NOW = "2026-11-28T09:00:00+03:00"  # before the example posts, so none is past
POST = "posts/zerno/2026/12/01-winter-menu.md"
BRAND = "brands/zerno.yaml"
CAMPAIGN = "campaigns/zerno/new-year-2026.yaml"
BIG = "9" * 5000
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.com",
    "GIT_COMMITTER_NAME": "Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.com",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content in a git repository of its own, committed once."""
    root = tmp_path_factory.mktemp("example") / "repo"
    copy_project(root, "posts", "brands", "campaigns", "assets", ".github/CODEOWNERS")  # as shipped
    (root / ".gitignore").write_text(".smm-cache/\n.smm/\n", encoding="utf-8")
    git(root, "init", "--quiet", "-b", "main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "The example content")
    return root


@dataclass(frozen=True)
class Case:
    path: str
    pattern: str  # a line of the file (regex), replaced by
    line: str
    at: tuple[int, int]  # where the one finding is
    rule: str
    message: str  # a part of its message


# fmt: off
CASES = {
    "5,000-digit title": Case(POST, r"^title: .*$", f"title: {BIG}", (4, 8), "schema/value", "(5,000 characters) is not a usable number"),
    "5,000-digit time": Case(POST, r"^time: .*$", f"time: {BIG}", (3, 7), "schema/value", "is not a usable number"),
    "5,000-digit budget": Case(POST, r"^kind: organic$", f"kind: organic\nbudget: {BIG}", (8, 9), "schema/value", "is not a usable number"),
    "5,000-digit hashtag": Case(POST, r"^hashtags: .*$", f"hashtags: [кофе, {BIG}]", (5, 18), "schema/value", "is not a usable number"),
    "5,000-digit VK owner": Case(BRAND, r"owner_id: -218000001", f"owner_id: -{BIG}", (10, 18), "schema/value", "is not a usable number"),
    "5,000-digit goal": Case(CAMPAIGN, r"reach: 200000", f"reach: {BIG}", (8, 16), "schema/value", "is not a usable number"),
    "time in year 1": Case(POST, r"^time: .*$", "time: 0001-01-01 00:00", (3, 1), "schema/time", "the year 1 is outside the years 2000 to 2099"),
    "time in year 9999, west of UTC": Case(POST, r"^time: .*$", 'time: "9999-12-31T23:59:59-12:00"', (3, 1), "schema/time", "the year 9999"),
    "campaign ends in 9999": Case(CAMPAIGN, r"^end: .*$", "end: 9999-12-31", (3, 1), "schema/time", "the year 9999"),
    "campaign starts in year 1": Case(CAMPAIGN, r"^start: .*$", "start: 0001-01-01", (2, 1), "schema/time", "the year 1 "),
    "late_after of 99999999999 days": Case(BRAND, r"^late_after: .*$", "late_after: 99999999999d", (7, 1), "schema/value", "longer than 366 days"),
    "min_gap of 99999999999 days": Case(BRAND, r"min_gap: 2h}", "min_gap: 99999999999d}", (16, 26), "schema/value", "longer than 366 days"),
    "budget .nan": Case(POST, r"^kind: organic$", "kind: organic\nbudget: .nan", (8, 9), "schema/value", ".nan is not a usable number"),
    "budget .inf": Case(POST, r"^kind: organic$", "kind: organic\nbudget: .inf", (8, 9), "schema/value", ".inf is not a usable number"),
    "budget amount .nan": Case(POST, r"^kind: organic$", "kind: organic\nbudget: {amount: .nan, currency: RUB}", (8, 18), "schema/value", ".nan"),
    "budget of 400 digits": Case(POST, r"^kind: organic$", "kind: organic\nbudget: " + "9" * 400, (8, 9), "schema/value", "(400 characters)"),
    "budget of 400 digits and a currency": Case(POST, r"^kind: organic$", "kind: organic\nbudget: " + "9" * 400 + " RUB", (8, 1), "schema/value", "at most 12 digits and 2 decimals"),
    "budget of 10^13": Case(POST, r"^kind: organic$", "kind: organic\nbudget: 10000000000000", (8, 1), "schema/value", "must be at most 999,999,999,999.99"),
    "budget in tenths of a cent": Case(POST, r"^kind: organic$", "kind: organic\nbudget: 1500.125", (8, 1), "schema/value", "more than 2 decimal places"),
    "campaign budget .nan": Case(CAMPAIGN, r"^budget: .*$", "budget: .nan", (4, 9), "schema/value", ".nan"),
    "campaign budget -.inf": Case(CAMPAIGN, r"^budget: .*$", "budget: -.inf", (4, 9), "schema/value", "-.inf"),
    "campaign budget of 400 digits": Case(CAMPAIGN, r"^budget: .*$", "budget: " + "9" * 400 + " RUB", (4, 1), "schema/value", "at most 12 digits"),
    "goal .nan": Case(CAMPAIGN, r"engagement_rate: 0.04", "engagement_rate: .nan", (8, 41), "schema/value", ".nan"),
    "goal of 10^15": Case(CAMPAIGN, r"clicks: 3000", "clicks: 1000000000000000", (8, 47), "schema/value", "'goals.clicks' must be at most 1,000,000,000,000"),
    "timezone localtime": Case(BRAND, r"^timezone: .*$", "timezone: localtime", (4, 1), "brand/timezone", "'localtime' is not an IANA time zone"),
    "timezone posixrules": Case(BRAND, r"^timezone: .*$", "timezone: posixrules", (4, 1), "brand/timezone", "'posixrules'"),
    "timezone Factory": Case(BRAND, r"^timezone: .*$", "timezone: Factory", (4, 1), "brand/timezone", "'Factory'"),
    "timezone as a file path": Case(BRAND, r"^timezone: .*$", "timezone: /usr/share/zoneinfo/Europe/Moscow", (4, 1), "brand/timezone", "not an IANA"),
    "timezone posix/": Case(BRAND, r"^timezone: .*$", "timezone: posix/Europe/Moscow", (4, 1), "brand/timezone", "not an IANA"),
    "an alias of itself": Case(POST, r"^hashtags: .*$", "hashtags: &a [кофе, *a]", (5, 21), "schema/alias", "YAML alias '*a' refused"),
    "a merge key in a brand": Case(BRAND, r"^signature: .*$", '<<: {signature: ""}', (27, 1), "schema/alias", "merge keys"),
    "a second published line": Case(POST, r"^place: .*$", "place: Москва\npublished: {}\npublished: {}", (14, 1), "schema/duplicate-key", "key 'published' is given twice (first on line 13)"),
    "a key twice in a campaign's utm": Case(CAMPAIGN, r"^utm: .*$", "utm: {medium: social, campaign: a, medium: paid}", (7, 36), "schema/duplicate-key", "key 'medium' is given twice (first on line 7)"),
    "a key twice in a brand account": Case(BRAND, r"^  vk: .*$", "  vk:\n    owner_id: -218000001\n    token_env: SMM_ZERNO_VK_TOKEN\n    owner_id: -1",
                                           (13, 5), "schema/duplicate-key", "key 'owner_id' is given twice (first on line 11)"),
}
# fmt: on


def _edited(example: Path, tmp_path: Path, case: Case) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(example, root, symlinks=True)
    file = root / case.path
    text = file.read_text(encoding="utf-8")
    edited, count = re.subn(case.pattern, lambda _: case.line, text, count=1, flags=re.M)
    assert count == 1, case.pattern
    file.write_text(edited, encoding="utf-8")
    git(root, "commit", "--quiet", "-am", "The hostile edit")
    return root


def _smm(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, list(args), env={"SMM_NOW": NOW})
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_one_finding_line_and_no_traceback_in_lint_plan_review_and_report(
    example, tmp_path, monkeypatch, case
):
    root = _edited(example, tmp_path, case)

    lint = _smm(root, monkeypatch, "lint", "--no-cache")
    findings = [
        line
        for line in lint.stdout.splitlines()
        if re.match(r"^[^ ]+:\d+:\d+: (error|warning) ", line)
    ]
    assert len(findings) == 1, lint.stdout
    where, level, rule, message = findings[0].split(" ", 3)
    assert (where, level, rule) == (
        f"{case.path}:{case.at[0]}:{case.at[1]}:",
        "error",
        case.rule,
    ), findings[0]
    assert case.message in message, findings[0]
    assert lint.exit_code == 1

    for args in (["plan"], ["plan", "--format", "ics"], ["report"], ["report", "--format", "json"]):
        result = _smm(root, monkeypatch, *args)
        assert result.exit_code == 0, (args, result.output)
    review = _smm(root, monkeypatch, "review", "--base", "HEAD~1")
    assert review.exit_code == 0, review.output
    if case.path == POST:  # the review lists the changed post's findings
        assert f"{case.at[0]}:{case.at[1]} error {case.rule} " in review.stdout


# Nine levels of nine aliases under metrics:, whose figures the schema leaves free, so the aliases
# are the only finding. Expanded, it is 9**9 values: about 3 GB and minutes before the fix.
LAUGHS = Case(
    POST,
    r"^place: .*$",
    "place: Москва\nmetrics:\n  vk:\n    a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9]"
    + "".join(f"\n    a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)),
    (16, 14),
    "schema/alias",
    "YAML alias '*a0' refused (80 more in this file)",
)
MEMORY_LIMIT = (
    1 << 30
)  # address space of each command: a regression fails here instead of eating the machine


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_nine_levels_of_nine_aliases_are_one_finding_in_a_second_and_little_memory(
    example, tmp_path
):
    root = _edited(example, tmp_path, LAUGHS)
    env = {**os.environ, "SMM_NOW": NOW}
    for args in (["lint", "--no-cache"], ["plan"], ["report"], ["review", "--base", "HEAD~1"]):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "smm", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limited,
        )
        assert time.monotonic() - started < 10, args
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
        if args[0] == "lint":
            findings = [line for line in done.stdout.splitlines() if line.startswith(POST)]
            assert len(findings) == 1 and findings[0].startswith(
                f"{POST}:16:14: error schema/alias "
            ), done.stdout
            assert LAUGHS.message in findings[0] and done.returncode == 1
        else:
            assert done.returncode == 0, (args, done.stdout, done.stderr)


# --- the class: an unusable number in ANY field of a post, brand or campaign -----------------

RICH_POST = """\
network: [telegram, vk, instagram]
time: 2026-12-02 12:00
title: Пряничный латте
hashtags: [кофе, латте]
budget: {amount: 1500, currency: RUB, kind: boost}
campaign: winter
kind: ad
images:
  - src: assets/zerno/square.jpg
    alt: Латте на столе
  - {src: assets/zerno/square2.jpg, alt: Пряник}
link: https://zerno.example/latte
place: Москва
advertiser: {name: "ООО «Зерно»", inn: "7701234560", erid: "2VtzqvWgxEz", url: "https://zerno.example"}
overrides:
  instagram: {text: "Латте для Instagram", hashtags: [латте], link: "https://zerno.example/i",
              images: [{src: assets/zerno/square.jpg, alt: Латте}, {src: assets/zerno/square2.jpg, alt: Пряник}]}
"""
RICH_CAMPAIGN = """\
name: Зима
start: 2026-12-01
end: "2027-02-28"
budget: {amount: 10000, currency: RUB}
networks: [telegram, vk, instagram]
hashtags: [зима]
utm: {source: smm, medium: social, campaign: winter, term: t, content: c}
goals: {reach: 1000, engagement_rate: 0.05, clicks: 10, leads: 1}
notes: Заметки
"""
RICH_BRAND = """\
name: Кофейня «Зерно»
timezone: Europe/Moscow
currency: RUB
jurisdiction: RU
late_after: 2h
publish_late: false
accounts:
  telegram: {chat: "@zerno", token_env: SMM_ZERNO_TG}
  vk: {owner_id: -1, token_env: SMM_ZERNO_VK}
  instagram: {user_id: "1", token_env: SMM_ZERNO_IG, public_base_url: "https://zerno.example/files"}
  ok: {group_id: "1", token_env: SMM_ZERNO_OK, app_key_env: SMM_ZERNO_OK_KEY, secret_env: SMM_ZERNO_OK_SECRET}
reviewers: ["@zerno"]
quiet_hours: {start: "23:00", end: "08:00"}
frequency: {telegram: {per_day: 3, min_gap: 2h}}
cadence: {vk: {per_day: 1, days: [mon, wed]}}
hashtags: {required: [], banned: [follow4follow]}
voice: {banned: [халява, {word: дёшево, message: "пишем: выгодно"}], prefer: {кликайте: нажмите}}
signature: "—"
ad_marking: {advertiser: {name: "ООО «Зерно»", inn: "7701234560"}}
"""
# Two images in each list: an image whose path is refused is left out, and one image fewer must not
# change what the image-count rules say (that consequence would be true, not a cascade).
FILES = {
    "post": ("posts/zerno/2026/12/02-latte.md", RICH_POST),
    "campaign": ("campaigns/zerno/winter.yaml", RICH_CAMPAIGN),
    "brand": ("brands/zerno.yaml", RICH_BRAND),
}


def _scalar_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, line, col) of every scalar value (not key) of a YAML text."""
    import yaml

    spans, stack = [], [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [value for _key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        else:
            spans.append(
                (
                    node.start_mark.index,
                    node.end_mark.index,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                )
            )
    return sorted(spans)


def _write(workspace, kind: str, text: str) -> str:
    path, _ = FILES[kind]
    workspace.write(
        path,
        "---\n" + text + "---\nЛатте с имбирным пряником: новый вкус зимы в «Зерне».\n"
        if kind == "post"
        else text,
    )
    return path


def _found(workspace, kind: str, text: str) -> set[tuple[int, int, str]]:
    path = _write(workspace, kind, text)
    return {(f.line, f.col, f.rule) for f in workspace.findings(path) if f.path == path}


@pytest.mark.parametrize("value", [BIG, "-" + BIG, ".nan", "-.inf", "1.5e+400", "0x" + "f" * 100])
@pytest.mark.parametrize("kind", FILES)
def test_an_unusable_number_in_any_field_is_one_finding_and_otherwise_as_if_absent(
    workspace, kind, value
):
    """One schema/value at the number; anything else is what the file says with the value left
    out (a post without its alt text gets image/alt), never a traceback or a second report of it."""
    _path, text = FILES[kind]
    workspace.image("assets/zerno/square2.jpg")
    assert _found(workspace, kind, text) == set(), "the rich file is clean to begin with"
    spans = _scalar_spans(text)
    assert len(spans) > 15
    for start, end, line, col in spans:
        line += 1 if kind == "post" else 0  # the front matter starts on line 2
        found = _found(workspace, kind, text[:start] + value + text[end:])
        assert (line, col, "schema/value") in found, (text[start:end], found)
        absent = {
            f
            for f in _found(workspace, kind, text[:start] + "~" + text[end:])
            if not f[2].startswith("schema/")
        }
        assert found - {(line, col, "schema/value")} <= absent, (text[start:end], found, absent)
