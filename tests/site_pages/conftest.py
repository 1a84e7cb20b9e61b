"""Fixtures for `smm site`: the example content after the README's demo (published to the
sandbox, metrics read back), built into a site once per session, served from a loopback HTTP
server under a sub-path, and one Debian Chromium driven by Playwright for the whole session.

    demo_repo     a clone of the project as shipped, after `smm publish` and `smm metrics`
    demo_site     the site built from it (smm site, as the CLI runs it)
    served        base URL of the site under /smm-demo/ on 127.0.0.1
    browser       Chromium at /usr/bin/chromium (never a downloaded browser)
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from project_copy import copy_project

CHROMIUM = "/usr/bin/chromium"
PUBLISH_NOW = "2026-12-01T10:05:00+03:00"
METRICS_NOW = "2026-12-01T11:30:00+03:00"
SITE_NOW = "2026-12-02T09:00:00+03:00"
SUB_PATH = "/smm-demo/"


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SMM_"))}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_AUTHOR_NAME="Writer",
        GIT_AUTHOR_EMAIL="writer@example.com",
        GIT_COMMITTER_NAME="Writer",
        GIT_COMMITTER_EMAIL="writer@example.com",
    )
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    return env


def smm(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "smm", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stdout, done.stderr)
    return done


def record_published(post: Path, **entries: dict[str, object]) -> None:
    """Write ``entries`` (network -> entry) into the post's ``published:`` block, as a publish
    run records them."""
    from smm.content.managed import read_block, replace_block

    text = post.read_text(encoding="utf-8")
    block = read_block(text, "published")
    block.update(entries)
    post.write_text(replace_block(text, "published", block), encoding="utf-8")


def clone_of_the_project(base: Path) -> tuple[Path, dict[str, str]]:
    """The project as shipped in a git repository with an origin, as `git clone` gives it."""
    env = git_env(base)
    seed = copy_project(base / "origin", "posts", "brands", "campaigns", "assets", ".gitignore")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Example"]):
        subprocess.run(["git", *args], cwd=seed, env=env, check=True)
    subprocess.run(["git", "clone", "-q", str(seed), str(base / "clone")], env=env, check=True)
    return base / "clone", env


@pytest.fixture(scope="session")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    clone, env = clone_of_the_project(tmp_path_factory.mktemp("demo"))
    smm(clone, env, "publish", "--sandbox", "--no-push", "--now", PUBLISH_NOW)
    smm(clone, env, "metrics", "--sandbox", "--no-push", "--now", METRICS_NOW)
    return clone, env


@pytest.fixture(scope="session")
def demo_site(demo_repo: tuple[Path, dict[str, str]]) -> Path:
    clone, env = demo_repo
    out = clone.parent / "site"
    smm(clone, env, "site", "--out", str(out), "--now", SITE_NOW)
    return out


class _SubPath(http.server.SimpleHTTPRequestHandler):
    """Serves the site under SUB_PATH only, as GitHub Pages serves a project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__nothing_here__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="session")
def served(demo_site: Path) -> Iterator[str]:
    handler = functools.partial(_SubPath, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "apt-get install -y chromium (the README's test block does)"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()
