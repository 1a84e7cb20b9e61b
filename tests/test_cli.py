"""The real `smm` command in a subprocess: one clean line per problem, formats, exit codes."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import png_declaring

LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning) (?P<rule>\S+) (?P<message>.+)$"
)
GOOD = "network: telegram\ntime: 2026-12-01 10:00"


def _only_finding(result, path):
    """The one finding line of a lint run that failed on ``path``; no traceback anywhere."""
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"] == path
    assert result.stderr.strip().endswith("errors, 0 warnings")
    return match


def _post_with_image(workspace, src):
    workspace.post(
        "zerno/2026/12/01-a.md",
        f"network: telegram\ntime: 2026-12-01 10:00\nimages:\n  - src: {src}\n    alt: Чашка",
        f"Пост с картинкой {src}.",
    )


def _setup_invalid_yaml(ws):
    ws.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\nhashtags: [кофе, зима\nkind: ad",
    )
    return "posts/zerno/2026/12/01-a.md", 5, 5, "schema/yaml"


def _setup_binary(ws):
    ws.write("posts/zerno/2026/12/01-a.md", png_declaring(10, 10))
    return "posts/zerno/2026/12/01-a.md", 3, 1, "file/binary"


def _setup_empty(ws):
    ws.write("posts/zerno/2026/12/01-a.md", b"")
    return "posts/zerno/2026/12/01-a.md", 1, 1, "file/empty"


def _setup_not_utf8(ws):
    ws.write("posts/zerno/2026/12/01-a.md", f"---\n{GOOD}\n---\nКофе\n".encode("cp1251"))
    return "posts/zerno/2026/12/01-a.md", 5, 1, "file/encoding"


def _setup_no_front_matter(ws):
    ws.write("posts/zerno/2026/12/01-a.md", "Просто текст без front matter.\n")
    return "posts/zerno/2026/12/01-a.md", 1, 1, "schema/front-matter"


def _setup_huge(ws):
    path = ws.post("zerno/2026/12/01-a.md", GOOD, "a")
    with open(path, "r+b") as fh:
        fh.truncate(50 * 2**20)  # sparse: 50 MB of NULs after the front matter
    return "posts/zerno/2026/12/01-a.md", 1, 1, "file/too-large"


def _setup_huge_text(ws):
    path = ws.post("zerno/2026/12/01-a.md", GOOD, "")
    with open(path, "ab") as fh:
        fh.write(b"a" * (50 * 2**20))
    return "posts/zerno/2026/12/01-a.md", 1, 1, "file/too-large"


def _setup_not_an_image(ws):
    ws.write("assets/zerno/fake.jpg", b"<html>this is not a JPEG</html>")
    _post_with_image(ws, "assets/zerno/fake.jpg")
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/format"


def _setup_outside(ws):
    ws.image("../x.jpg")  # it even exists, next to the repository
    _post_with_image(ws, "../x.jpg")
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/outside-repo"


def _setup_absolute(ws):
    _post_with_image(ws, str(ws.root / "assets/zerno/square.jpg"))
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/outside-repo"


def _setup_symlink_out(ws):
    outside = ws.image("../outside.jpg")
    os.symlink(outside, ws.root / "assets/zerno/link.jpg")
    _post_with_image(ws, "assets/zerno/link.jpg")
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/outside-repo"


def _setup_missing_image(ws):
    _post_with_image(ws, "assets/zerno/nope.jpg")
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/missing"


def _setup_bomb(ws):
    ws.write("assets/zerno/bomb.png", png_declaring(100_000, 100_000))
    _post_with_image(ws, "assets/zerno/bomb.png")
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/bomb"


def _setup_bomb_just_over(ws):
    ws.write(
        "assets/zerno/bomb.png", png_declaring(10_000, 10_000)
    )  # 100 MP: over the limit, under Pillow's 2x
    _post_with_image(ws, "assets/zerno/bomb.png")
    return "posts/zerno/2026/12/01-a.md", 5, 5, "image/bomb"


@pytest.mark.parametrize(
    "setup",
    [
        _setup_invalid_yaml,
        _setup_binary,
        _setup_empty,
        _setup_not_utf8,
        _setup_no_front_matter,
        _setup_huge,
        _setup_huge_text,
        _setup_not_an_image,
        _setup_outside,
        _setup_absolute,
        _setup_symlink_out,
        _setup_missing_image,
        _setup_bomb,
        _setup_bomb_just_over,
    ],
    ids=lambda f: f.__name__.removeprefix("_setup_"),
)
def test_a_broken_file_is_one_clean_error_line(workspace, setup):
    path, line, col, rule = setup(workspace)
    match = _only_finding(workspace.smm("lint"), path)
    assert (int(match["line"]), int(match["col"]), match["level"], match["rule"]) == (
        line,
        col,
        "error",
        rule,
    )


def test_a_bomb_is_reported_by_its_declared_size(workspace):
    _setup_bomb_just_over(workspace)
    match = _only_finding(workspace.smm("lint"), "posts/zerno/2026/12/01-a.md")
    assert "10000x10000" in match["message"]


def test_every_broken_file_at_once(workspace):
    """All of them in one repository: one line each, the good post stays clean."""
    for number, setup in enumerate([_setup_empty, _setup_huge, _setup_bomb, _setup_symlink_out]):
        setup(workspace)
        os.rename(
            workspace.root / "posts/zerno/2026/12/01-a.md",
            workspace.root / f"posts/zerno/2026/12/0{number + 2}-x.md",
        )
    workspace.post("zerno/2026/12/01-ok.md", GOOD)
    result = workspace.smm("lint")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert [LINE.match(line)["rule"] for line in lines] == [
        "file/empty",
        "file/too-large",
        "image/bomb",
        "image/outside-repo",
    ]
    assert result.stderr.strip() == "5 posts: 4 errors, 0 warnings"


def test_a_broken_brand_file_is_reported_without_a_traceback(workspace):
    workspace.write("brands/zerno.yaml", "name: [Зерно\n")
    result = workspace.smm("lint")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "brands/zerno.yaml:2:1: error schema/yaml invalid YAML: did not find expected ',' or ']'"
    )
    assert all(LINE.match(line) for line in lines)


# --- usage errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, env, message",
    [
        (
            ["lint", "--now", "tomorrow"],
            {},
            "smm: --now/SMM_NOW: 'tomorrow' is not an ISO 8601 time",
        ),
        (
            ["lint"],
            {"SMM_NOW": "2026-13-01"},
            "smm: --now/SMM_NOW: '2026-13-01' is not an ISO 8601 time",
        ),
        (["lint", "posts/zerno/nope.md"], {}, "smm: posts/zerno/nope.md: no such file or folder"),
        (["lint", "/"], {}, "smm: /: outside the repository"),
        (
            ["preview", "posts/zerno/2026/12/01-a.md", "--network", "myspace"],
            {},
            "smm: --network: 'myspace' is not one of",
        ),
    ],
)
def test_a_usage_error_is_one_line_with_exit_2(workspace, args, env, message):
    workspace.post("zerno/2026/12/01-a.md", GOOD)
    result = workspace.smm(*args, env=env)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(message), result.stderr


BRAND_COMMANDS = [
    ["publish"],
    ["publish", "--dry-run"],
    ["publish", "--sandbox", "--no-push"],
    ["metrics"],
    ["metrics", "--sandbox", "--no-push"],
    ["plan"],
    ["report"],
]


@pytest.mark.parametrize("command", BRAND_COMMANDS, ids=" ".join)
def test_an_unknown_brand_is_the_same_one_line_for_every_command(workspace, command):
    workspace.post("zerno/2026/12/01-a.md", GOOD)
    result = workspace.smm(*command, "--brand", "nonexistent")
    assert (result.returncode, result.stdout) == (2, ""), result
    assert result.stderr == (
        "smm: --brand: no brand 'nonexistent' (brands/nonexistent.yaml); "
        "the brands are: nordlicht, zerno\n"
    )


@pytest.mark.parametrize("command", BRAND_COMMANDS, ids=" ".join)
def test_a_brand_whose_file_is_broken_is_named_as_such(workspace, command):
    workspace.write("brands/zerno.yaml", "name: [unclosed\n")
    result = workspace.smm(*command, "--brand", "zerno")
    assert (result.returncode, result.stdout) == (2, ""), result
    assert (
        result.stderr
        == "smm: --brand: brands/zerno.yaml cannot be used as it is (see smm lint brands/zerno.yaml)\n"
    )


def test_the_library_checks_the_brand_too(workspace):
    from smm.errors import UsageError
    from smm.metrics.run import metrics
    from smm.publish.run import publish
    from smm.settings import Settings

    for run in (
        lambda: publish(workspace.root, dry_run=True, settings=Settings(brand="nope")),
        lambda: metrics(workspace.root, settings=Settings(brand="nope")),
    ):
        with pytest.raises(UsageError, match=r"no brand 'nope'.*nordlicht, zerno"):
            run()


def test_outside_any_repository_is_a_usage_error(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "smm", "lint"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "SMM_NOW": "2026-11-28T09:00:00Z"},
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("smm: ") and "not inside an smm repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_format_is_a_click_usage_error(workspace):
    result = workspace.smm("lint", "--format", "xml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "'xml' is not one of" in result.stderr


# --- formats and exit codes -------------------------------------------------------------------------


@pytest.fixture
def mixed(workspace):
    """One error (unknown key) and one warning (quiet hours)."""
    workspace.brand("zerno", quiet_hours={"start": "23:00", "end": "08:00"})
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\ntiem: x")
    workspace.post(
        "zerno/2026/12/02-a.md",
        "network: telegram\ntime: 2026-12-02 23:30",
        "Поздний пост, в тихие часы, про кофе.",
    )
    return workspace


def test_text_format(mixed):
    result = mixed.smm("lint")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "posts/zerno/2026/12/01-a.md:4:1: error schema/unknown-key unknown key 'tiem' (did you mean 'time'?)",
        "posts/zerno/2026/12/02-a.md:3:1: warning time/quiet-hours 23:30 is inside the brand's quiet hours 23:00-08:00",
    ]
    assert result.stderr == "2 posts: 1 errors, 1 warnings\n"


def test_json_format(mixed):
    result = mixed.smm("lint", "--format", "json")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        assert set(item) == {"path", "line", "col", "level", "rule", "message"}
        assert isinstance(item["line"], int) and isinstance(item["col"], int)
    assert items[0] == {
        "path": "posts/zerno/2026/12/01-a.md",
        "line": 4,
        "col": 1,
        "level": "error",
        "rule": "schema/unknown-key",
        "message": "unknown key 'tiem' (did you mean 'time'?)",
    }
    assert (items[1]["level"], items[1]["rule"]) == ("warning", "time/quiet-hours")
    assert result.stderr == ""  # nothing but JSON, for tools


def test_json_format_with_nothing_found_is_an_empty_array(workspace):
    workspace.post("zerno/2026/12/01-a.md", GOOD)
    result = workspace.smm("lint", "--format", "json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_github_format(mixed):
    result = mixed.smm("lint", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=posts/zerno/2026/12/01-a.md,line=4,col=1,title=schema/unknown-key::"
        "unknown key 'tiem' (did you mean 'time'?)",
        "::warning file=posts/zerno/2026/12/02-a.md,line=3,col=1,title=time/quiet-hours::"
        "23:30 is inside the brand's quiet hours 23:00-08:00",
    ]


def test_github_format_escapes_properties(workspace):
    workspace.post("zerno/2026/12/01-a,b.md", "network: telegram\ntime: 2026-12-01 10:00\nx%y: 1")
    result = workspace.smm("lint", "--format", "github")
    slug, line = result.stdout.splitlines()  # the comma also breaks file/slug
    assert slug.startswith(
        "::error file=posts/zerno/2026/12/01-a%2Cb.md,line=1,col=1,title=file/slug::"
    )
    assert line.startswith(
        "::error file=posts/zerno/2026/12/01-a%2Cb.md,line=4,col=1,title=schema/unknown-key::"
    )
    assert line.endswith("unknown key 'x%25y'")


def test_warnings_only_exit_0(mixed):
    mixed.post("zerno/2026/12/01-a.md", GOOD)
    for fmt in ("text", "json", "github"):
        result = mixed.smm("lint", "--format", fmt)
        assert result.returncode == 0, fmt
        assert "time/quiet-hours" in result.stdout


def test_a_clean_repository_prints_only_the_summary(workspace):
    workspace.post("zerno/2026/12/01-a.md", GOOD)
    result = workspace.smm("lint")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        "1 posts: 0 errors, 0 warnings\n",
    )


def test_now_comes_from_the_option_or_smm_now(workspace):
    workspace.post("zerno/2026/12/01-a.md", GOOD)
    assert workspace.smm("lint").returncode == 0  # SMM_NOW is 2026-11-28
    late = workspace.smm("lint", "--now", "2026-12-02T00:00:00+03:00")
    assert late.returncode == 1 and " error time/past " in late.stdout
    assert workspace.smm("lint", env={"SMM_NOW": "2026-12-02"}).returncode == 1
    # --now wins over SMM_NOW
    assert (
        workspace.smm(
            "lint", "--now", "2026-11-01T00:00:00Z", env={"SMM_NOW": "2027-01-01"}
        ).returncode
        == 0
    )


def test_lint_of_one_path_through_the_cli_sees_the_other_posts(workspace):
    text = "Новое зимнее меню: глинтвейн без алкоголя и пряный раф."
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 6000 RUB\ntiem: x",
        text,
    )
    workspace.post(
        "zerno/2026/12/02-b.md",
        "network: telegram\ntime: 2026-12-02 10:00\ncampaign: winter\nbudget: 5000 RUB",
        text,
    )
    result = workspace.smm("lint", "posts/zerno/2026/12/02-b.md")
    assert result.returncode == 1
    rules = [(m["path"], m["line"], m["rule"]) for m in map(LINE.match, result.stdout.splitlines())]
    assert rules == [
        ("campaigns/zerno/winter.yaml", "4", "campaign/budget"),
        ("posts/zerno/2026/12/02-b.md", "3", "duplicate/text"),
    ]


def test_lint_from_a_subfolder_with_relative_paths(workspace):
    import subprocess
    import sys

    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\ntiem: x")
    result = subprocess.run(
        [sys.executable, "-m", "smm", "lint", "2026/12/01-a.md"],
        cwd=workspace.root / "posts/zerno",
        capture_output=True,
        text=True,
        env={**os.environ, "SMM_NOW": "2026-11-28T09:00:00Z"},
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("posts/zerno/2026/12/01-a.md:4:1: error schema/unknown-key")


def test_no_cache_and_jobs_options(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\ntiem: x")
    first = workspace.smm("lint", "--no-cache", "--jobs", "2")
    assert not (workspace.root / ".smm-cache").exists()
    second = workspace.smm("lint")
    third = workspace.smm("lint")
    assert first.stdout == second.stdout == third.stdout != ""
    assert (workspace.root / ".smm-cache").is_dir()


# --- preview --------------------------------------------------------------------------------------


def test_preview_shows_the_counted_length_and_the_limit(workspace):
    body = "Кофе 😀 и «Зерно»"
    workspace.post("zerno/2026/12/01-a.md", GOOD, body)
    result = workspace.smm("preview", "posts/zerno/2026/12/01-a.md", "--network", "telegram")
    assert result.returncode == 0, result.stderr
    header, *rest = result.stdout.splitlines()
    # Telegram counts code points: the emoji is one (two UTF-16 units)
    assert header == f"── Telegram (telegram) · text {len(body)}/4,096 characters ──"
    assert body in rest


def test_preview_of_a_caption_has_the_caption_limit(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        f"{GOOD}\nimages:\n  - src: assets/zerno/square.jpg\n    alt: Чашка",
        "Подпись.",
    )
    result = workspace.smm("preview", "posts/zerno/2026/12/01-a.md", "-n", "telegram")
    assert result.stdout.splitlines()[0] == "── Telegram (telegram) · caption 8/1,024 characters ──"
    assert "[image] assets/zerno/square.jpg — Чашка" in result.stdout


def test_preview_over_the_limit_says_so(workspace):
    workspace.post("zerno/2026/12/01-a.md", GOOD, "я" * 5000)
    result = workspace.smm("preview", "posts/zerno/2026/12/01-a.md", "--network", "telegram")
    assert (
        result.stdout.splitlines()[0]
        == "── Telegram (telegram) · text 5,000/4,096 characters OVER ──"
    )


def test_preview_of_every_network_of_the_post(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md", "network: [telegram, vk]\ntime: 2026-12-01 10:00", "Текст."
    )
    result = workspace.smm("preview", "posts/zerno/2026/12/01-a.md")
    headers = [line for line in result.stdout.splitlines() if line.startswith("──")]
    assert len(headers) == 2
    assert "(telegram)" in headers[0] and "(vk)" in headers[1]


def test_preview_of_a_broken_post_is_one_line(workspace):
    workspace.write("posts/zerno/2026/12/01-a.md", b"")
    result = workspace.smm("preview", "posts/zerno/2026/12/01-a.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == "smm: posts/zerno/2026/12/01-a.md:1:1: file/empty file is empty\n"


def test_preview_of_a_missing_file_is_one_line(workspace):
    result = workspace.smm("preview", "posts/zerno/nope.md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("smm: ") and len(result.stderr.strip().splitlines()) == 1
