"""Every command, every option, wrong: one line `smm: ...` on stderr, never a traceback.

The walk is generated from the click commands themselves, so an option added later is walked
too: typed options get values of the wrong type or out of range, free-text options the wrong
values listed in STRING_VALUES (a new one must be added there), flags a value they do not take,
and every command an unknown option and an extra argument. Each run is the real `smm` in a
subprocess, in a git repository with example content and no remote, with no token anywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from project_copy import copy_project
from smm.cli import main

# free-text options: values each command must refuse (or accept) without a traceback
STRING_VALUES: dict[str, list[str]] = {
    "--now": [
        "tomorrow",
        "2026-13-01",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
        "1" * 5000,
    ],
    "--from": ["x", "2026-02-30"],
    "--to": ["x", "0000-01-01"],
    "--brand": ["nope", "../zerno", "zerno\n"],
    "--campaign": ["nope", ""],
    "--network": ["myspace", ""],
    "--branch": ["no-such-branch", "-x"],
    "--api-base": ["not a url", "http://[::1"],
    "--base": ["no-such-ref", "-x", "HEAD~99"],
    "--changed-from": ["no-such-ref", "-x", "--output=/tmp/smm-x", "HEAD~99", "\n"],
    "--files-url": ["\x1b[31m"],
    "--base-url": ["not a url", "\x1b[31m"],  # only canonical links: any text is taken
    "--repo": ["x", "a/b/c", "a\nb"],
    "--pr": ["abc", "-1", "1" * 100],
    "--head-sha": ["zz", "\n"],
    "--author": [""],
    "--ok-app": ["novalue", "=x", "k="],
    "--x-app": ["novalue", "=x", "k="],
    "--x-token": ["novalue", "=x", "k="],
    "--x-tier": ["nope", ""],
    "--telegram-token": [],
    "--vk-token": [],
    "--mastodon-token": [],
    "--linkedin-token": [],
    "--facebook-token": [],  # any text is a token
    "--threads-token": [],
    "--linkedin-scope": [],  # any text: a scope LinkedIn does not know grants nothing
    "--bluesky-app-password": [],  # any text is an app password
    "--telegram-chat": [],  # any text is a token or chat
    "--select": ["nope", "vk/lenght", "\x1b[31m", ","],
    "title": ["", " ", "\x1b[31m", "../../b", "1" * 5000],
    "slug": ["Bad Slug", "../x", "-x", ""],
    "--time": ["tomorrow", "2026-02-30", "2026-12-05 25:00", "9999-12-31", "1999-01-01"],
    "--kind": ["advert", ""],
    "--name": ["", "\x1b[31m"],
    "--timezone": ["Mars/Base", "../../etc/passwd", "", "localtime"],
    "--reviewer": ["nope", "", "@a b"],
    "--ignore": ["nope", "schema/", "file/too-large", "\n"],
    "post": ["nope.md", "../x.md", "/etc/passwd", "posts/zerno/2026/12/01-a.md", "\x1b[31m"],
    "--since": ["yesterday", "9999999d", "2026-02-30"],
}
# what each command needs to run at all, so that the one wrong value is what it meets
BASE_ARGS: dict[str, list[str]] = {
    "history": ["posts/zerno/2026/12/01-a.md"],
    "preview": ["posts/zerno/2026/12/01-a.md"],
    "review": ["--base", "HEAD"],
    "review-comment": ["--repo", "o/n", "--pr", "1", "--body-file", "review.md"],
    "publish": ["--dry-run"],
    "draw": ["posts/zerno/2026/12/01-a.md", "--no-push"],
    "inbox": ["--api-base", "http://127.0.0.1:9"],  # nothing listens: no network is asked
    "sandbox": [
        "--port",
        "{taken}",
    ],  # a port the test holds: should a wrong value pass, it still cannot serve
}


def _bad_values(param: click.Parameter) -> list[str]:
    kind = param.type
    if isinstance(param, click.Option) and param.is_flag:
        return []
    if isinstance(kind, click.IntRange):
        return (
            ["x", "1.5"]
            + ([str(kind.min - 1)] if kind.min is not None else [])
            + ([str(kind.max + 1)] if kind.max is not None else [])
        )
    if isinstance(kind, click.FloatRange) or kind is click.FLOAT:
        return ["x", "nan", "inf", "-1"]
    if kind is click.INT:
        return ["x", "1" * 5000, "-1"]
    if isinstance(kind, click.Choice):
        return ["nope"]
    if isinstance(kind, click.Path):
        return (
            ["/nonexistent/x"]
            + (["README.md"] if not kind.file_okay else [])
            + (["posts"] if not kind.dir_okay else [])
        )
    name = param.opts[0]
    assert name in STRING_VALUES, f"add wrong values for {name} to STRING_VALUES"
    return STRING_VALUES[name]


def _commands() -> list[tuple[list[str], click.Command]]:
    """Every command, a group's subcommands as ``[group, sub]``."""
    out: list[tuple[list[str], click.Command]] = []
    for name, command in sorted(main.commands.items()):
        if isinstance(command, click.Group):
            out += [([name, sub], cmd) for sub, cmd in sorted(command.commands.items())]
        else:
            out.append(([name], command))
    return out


def _cases() -> list[tuple[str, list[str]]]:
    cases = []
    for words, command in _commands():
        name, base = " ".join(words), BASE_ARGS.get(" ".join(words), [])
        cases += [(name, [*words, *base, "--frob"]), (name, [*words, *base, "extra", "args"])]
        for param in command.params:
            if isinstance(param, click.Option) and param.is_flag:
                cases.append((name, [*words, *base, f"{param.opts[0]}=1"]))
                continue
            for value in _bad_values(param):
                if isinstance(param, click.Argument):
                    args = (
                        [*words, value, *base[1:]]
                        if base and not base[0].startswith("-")
                        else [*words, *base, value]
                    )
                else:
                    args = [
                        *words,
                        *(base if param.opts[0] not in base else []),
                        param.opts[0],
                        value,
                    ]
                cases.append((name, args))
    return cases


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The repository's example content, committed in a fresh git repository without a remote."""
    root = tmp_path_factory.mktemp("walk") / "repo"
    root.mkdir()
    copy_project(root, "posts", "brands", "campaigns", "assets", ".github")  # as shipped
    (root / "README.md").write_text("a file, not a folder\n")
    (root / "review.md").write_text("<!-- smm-review -->\nreview\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "content"], cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def taken():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield str(sock.getsockname()[1])


@pytest.mark.parametrize(
    "command, args", _cases(), ids=lambda v: repr(v)[:80] if isinstance(v, list) else v
)
def test_a_wrong_value_is_one_line_never_a_traceback(example, taken, command, args):
    args = [arg.replace("{taken}", taken) for arg in args]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMM_", "GITHUB_"))}
    env |= {
        "SMM_NOW": "2026-11-28T09:00:00+03:00",
        "GITHUB_API_URL": "http://127.0.0.1:9",
        "GITHUB_TOKEN": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "smm", *args],
        cwd=example,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode in (0, 1, 2), result
    if result.returncode == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("smm: "), result.stderr
    # nothing leaks into the next case (smm new and smm brand new write new files)
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=example, check=True)
    subprocess.run(["git", "clean", "-fdq", "-e", ".smm-cache"], cwd=example, check=True)


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["sandbox", "--port", "99999"],
            "smm: sandbox: Invalid value for '--port': 99999 is not in the range 0<=x<=65535.",
        ),
        (
            ["schema", "--out", "README.md"],
            "smm: schema: Invalid value for '--out': Directory 'README.md' is a file.",
        ),
        (
            ["lint", "--format", "xml"],
            "smm: lint: Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'.",
        ),
        (["lint", "--frob"], "smm: lint: No such option '--frob'"),
        (["preview"], "smm: preview: Missing argument 'PATH'."),
        (["frob"], "smm: No such command 'frob'."),
        (["publish", "--brand"], "smm: publish: Option '--brand' requires an argument."),
    ],
)
def test_click_usage_errors_are_one_line(example, args, message):
    result = subprocess.run(
        [sys.executable, "-m", "smm", *args],
        cwd=example,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, ""), result
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr


def test_help_still_works(example):
    for args in (["--help"], ["lint", "--help"], ["review-comment", "--help"]):
        result = subprocess.run(
            [sys.executable, "-m", "smm", *args],
            cwd=example,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0 and "Usage:" in result.stdout and result.stderr == ""


def test_a_port_in_use_and_a_schema_folder_that_cannot_be_written_are_one_line(example, tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "smm", "sandbox", "--port", str(port)],
            cwd=example,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert (
        result.returncode == 2
        and result.stderr == f"smm: sandbox: --port {port}: Address already in use\n"
    )
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "file").write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "smm", "schema", "--out", str(tmp_path / "ro" / "file" / "sub")],
        cwd=example,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.startswith(
        f"smm: --out {tmp_path}/ro/file/sub: cannot write the schemas there"
    )
