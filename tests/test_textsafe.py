"""textsafe: a control character in a file name, a key or a value is shown escaped in every
human-readable output, never obeyed: no forged line, no terminal escape, no NUL, no bidi trick."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from smm.textsafe import block, one_line, web_address

# what a file name can hold (no '/', no NUL) and what a YAML double-quoted key or value can hold
EVIL_NAME = "\nposts-zerno-forged.md:1:1: error x-y forged\x1b[31m\x07\x7f\x9b\u2028\u2029\u202e\r"
EVIL_YAML = r"\nposts/zerno/forged.md:1:1: error x/y forged\e[31m\a\0\x7f\x9b\u2028\u2029\u202e\r"
# a body keeps its lines (and cannot hold NUL: that is a binary file)
EVIL_BODY = "\x1b[31m\x07\x7f\x9b\u2028\u2029\u202e"  # (a CR is a line end to Markdown)
PLAIN_NAME, PLAIN_YAML, PLAIN_BODY = (
    " PLAIN name",
    " plain key",
    " plain",
)  # not slugs either: the same findings
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_one_line_escapes_every_control_character():
    assert (
        one_line("a\nb\r\tc\x00\x1b[31m\x07\x7f\x85\x9b\u2028\u2029\u202e\u2066")
        == "a\\nb\\r\\tc\\x00\\x1b[31m\\x07\\x7f\\x85\\x9b\\u2028\\u2029\\u202e\\u2066"
    )
    assert (
        one_line("Кофе «Зерно» ☕ — a\u200db") == "Кофе «Зерно» ☕ — a\u200db"
    )  # text as it is, ZWJ included
    assert one_line(one_line("\x1b")) == "\\x1b"


def test_block_keeps_lines_and_tabs_only():
    assert block("a\r\nb\n\tc\rd\x1b[0m\u2028") == "a\nb\n\tc\\rd\\x1b[0m\\u2028"
    assert block("Текст\nвторая строка") == "Текст\nвторая строка"


def _git(cwd, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Writer",
        "GIT_AUTHOR_EMAIL": "w@example.com",
        "GIT_COMMITTER_NAME": "Writer",
        "GIT_COMMITTER_EMAIL": "w@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


def _repository(tmp_path, workspace, name: str, text: str, body: str):
    """The workspace as a clone of a bare origin: a published post and a blocked one whose file
    name, key, title, campaign name and commit subject carry ``name``/``text``."""
    ws = workspace
    ws.root.rename(tmp_path / "work")
    ws.root = tmp_path / "work"
    ws.write(".gitignore", ".smm-cache/\n.smm/\n")
    ws.campaign("zerno", "winter", name="Зима" + name)
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", "origin.git")
    _git(ws.root, "init", "-q", "-b", "main")
    _git(ws.root, "remote", "add", "origin", str(tmp_path / "origin.git"))
    _git(ws.root, "add", "-A")
    _git(ws.root, "commit", "-qm", "base")
    rel = f"posts/zerno/2026/11/28-x{name}.md"
    ws.write(
        rel,
        f'---\nnetwork: [telegram, vk]\ntime: 2026-11-28 12:00\ntitle: "T{text}"\ncampaign: winter\n'
        f'"k{text}": 1\nimages: [{{src: "assets/zerno/square.jpg", alt: "A{text}"}}]\n'
        f'published:\n  vk: {{state: published, id: "999", url: "https://vk.com/wall-1_999", at: "2026-11-28T12:00:03+03:00"}}\n'
        f"---\nТекст{body} поста про зимний кофе.\n",
    )
    _git(ws.root, "add", "-A")
    _git(ws.root, "commit", "-qm", f"post{name}")
    _git(ws.root, "push", "-q", "origin", "main")
    return ws, rel


def _outputs(ws, rel: str) -> dict[str, str]:
    env = {"SMM_NOW": "2026-11-28T12:01:00+03:00"}
    commands = {
        "lint": ["lint"],
        "lint github": ["lint", "--format", "github"],
        "preview": ["preview", rel],
        "plan": ["plan", "--brand", "zerno"],
        "plan markdown": ["plan", "--brand", "zerno", "--format", "markdown"],
        "report": ["report", "--brand", "zerno"],
        "report markdown": ["report", "--brand", "zerno", "--format", "markdown"],
        "review": ["review", "--base", "HEAD~1"],
        "history": ["history", rel],
        "publish dry run": ["publish", "--dry-run"],
        "publish": ["publish", "--sandbox", "--no-push"],
        "metrics": ["metrics", "--sandbox", "--no-push", "--now", "2026-11-28T13:05:00+03:00"],
    }
    out = {}
    for what, args in commands.items():
        result = ws.smm(*args, env=env)
        assert "Traceback" not in result.stderr, (what, result.stderr)
        assert result.returncode in (0, 1), (what, result.returncode, result.stderr)
        out[what] = result.stdout + result.stderr
    return out


def test_no_output_for_people_carries_a_control_character_or_an_extra_line(tmp_path, workspace):
    (tmp_path / "plain").mkdir()
    (tmp_path / "evil").mkdir()
    from conftest import Workspace

    plain_ws = Workspace(tmp_path / "plain" / "repo")
    plain_ws.root.mkdir()
    for rel in (
        "brands/zerno.yaml",
        "brands/nordlicht.yaml",
        "campaigns/nordlicht/winter-sale.yaml",
        "assets/zerno/square.jpg",
    ):
        plain_ws.write(rel, (workspace.root / rel).read_bytes())
    evil, evil_rel = _repository(tmp_path / "evil", workspace, EVIL_NAME, EVIL_YAML, EVIL_BODY)
    plain, plain_rel = _repository(tmp_path / "plain", plain_ws, PLAIN_NAME, PLAIN_YAML, PLAIN_BODY)
    evil_out, plain_out = _outputs(evil, evil_rel), _outputs(plain, plain_rel)
    for what, text in evil_out.items():
        assert not RAW.search(text.replace("\n", "")), (
            what,
            RAW.search(text.replace("\n", "")),
            text,
        )
        if (
            what != "history"
        ):  # git quotes such a name in its log, which history does not unquote (yet)
            assert len(text.splitlines()) == len(plain_out[what].splitlines()), (
                what,
                text,
                plain_out[what],
            )
        assert "forged" in text or what in ("report", "report markdown", "metrics"), (
            what
        )  # the evil text is shown...
    for what in ("lint", "lint github", "publish dry run", "publish", "history", "review", "plan"):
        assert "x-y forged\\x1b[31m" in evil_out[what], (
            what
        )  # ...escaped, where the file name is shown
    assert "Зима\\nposts-zerno-forged" in evil_out["report"]  # the campaign name
    # the only lines that look like findings are smm's own
    lint_lines = evil_out["lint"].splitlines()[:-1]
    assert lint_lines and all(
        line.startswith("posts/zerno/2026/11/28-x\\nposts-zerno-forged") for line in lint_lines
    )
    assert (
        json.loads(evil.smm("lint", "--format", "json").stdout)[0]["path"] == evil_rel
    )  # JSON keeps the raw name


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://t.me/zerno/7", True),
        ("HTTP://vk.com/wall-1_45", True),
        ("https://[::1]:8080/x?y=1#z", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,x", False),
        (" https://t.me/zerno/7", False),  # a browser strips the space, and then?
        ("https://t.me/a b", False),
        ("https:\\\\evil.example", False),
        ("https://", False),
        ("//evil.example/x", False),
        ("https://[not-ipv6/", False),
        ("https://t.me/\x00", False),
        (7, False),
        (None, False),
    ],
)
def test_web_address_is_an_http_url_with_a_host_and_nothing_else(url, web):
    assert web_address(url) is web
