"""The harness for the publishing invariants (docs/publishing.md, docs/design.md#testing): real git, real HTTP, real processes.

    origin   a bare repository (``git init --bare -b main``), the store CI pushes to
    seed     the working repository the content was written and pushed from
    sandbox  the Telegram + VK sandbox on 127.0.0.1, its state in tmp (it runs in this process)
    pub      clones of origin, and ``smm publish`` run in them as a subprocess:
             ``pub.run(clone)`` -> Run(code, json, stdout, stderr); ``pub.start(clone)`` -> Popen

The brand is zerno (Europe/Moscow) with telegram {chat: "@zerno", token_env: SMM_ZERNO_TG} and
vk {owner_id: -1, token_env: SMM_ZERNO_VK}; the sandbox accepts only those tokens, so a post that
arrives proves the publisher read the brand's environment variables. Two posts, both on both
networks, are due at NOW (10:00 and 10:15 Moscow time, NOW is 10:30).

That is the ``SEED`` scenario; ``THREE`` is the same two posts from zerno to Mastodon, Bluesky
and X instead, the sandbox accepting only their keys; ``META`` to a Facebook Page, Threads and a
LinkedIn organization (Threads fetches the image from the content repository, served on loopback). The ``scenario`` fixture (conftest.py: SEED
unless a test parametrizes it) decides which one ``seed``, ``sandbox`` and ``pub`` are.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm.sandbox import Sandbox

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)  # 10:30 in Moscow
NOW_ISO = NOW.isoformat()
TG_TOKEN = "123456789:AAHsandboxSecretTokenForZerno_x1"
VK_TOKEN = "vk1.a.sandboxSecretVkTokenForZerno"
TOKENS = {"SMM_ZERNO_TG": TG_TOKEN, "SMM_ZERNO_VK": VK_TOKEN}
NETWORKS = ("telegram", "vk")

BRAND: dict[str, Any] = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "jurisdiction": "RU",
    "late_after": "2h",
    "accounts": {
        "telegram": {"chat": "@zerno", "token_env": "SMM_ZERNO_TG"},
        "vk": {"owner_id": -1, "token_env": "SMM_ZERNO_VK"},
    },
    "ad_marking": {"advertiser": {"name": "ООО «Зерно»", "inn": "7701234560"}},
}

# Front matter with comments, quoting and an unusual key order: the managed-block rewrite must
# leave every byte of it alone.
MENU = """\
---
# Зимнее меню: согласовано с @zerno-marketing
title: 'Открываем зимнее меню'   # quoted on purpose
time: "2026-12-01 10:00"
network: [telegram, vk]
kind: organic
hashtags: [зимнееменю, кофе]
---
Зима началась — по крайней мере, в наших чашках ☕❄️

С сегодняшнего дня во всех кофейнях «Зерна» **зимнее меню**: латте с корицей и пряный раф.
"""

CAKE = """\
---
network: [telegram, vk]
time: 2026-12-01 10:15
title: Морковный торт вернулся
kind: organic
---
Морковный торт снова на витрине. Приходите попробовать, пока он тёплый!
"""

POSTS = {
    "posts/zerno/2026/12/01-winter-menu.md": MENU,
    "posts/zerno/2026/12/01-carrot-cake.md": CAKE,
}
DUE = sorted((path, network) for path in POSTS for network in NETWORKS)


@dataclass(frozen=True)
class Scenario:
    """A brand, its due posts, the networks they go to, their secrets and the sandbox's options."""

    name: str
    brand: dict[str, Any]
    posts: dict[str, str]
    networks: tuple[str, ...]
    tokens: dict[str, str]
    sandbox: dict[str, Any] = field(default_factory=dict)
    assets: tuple[str, ...] = ()  # image files copied from this project into the content repo
    # Meta fetches images itself: the content repository is served as SMM_PUBLIC_BASE_URL
    public_files: bool = False

    @property
    def due(self) -> list[tuple[str, str]]:
        return sorted((path, network) for path in self.posts for network in self.networks)


SEED = Scenario(
    "telegram+vk",
    BRAND,
    POSTS,
    NETWORKS,
    TOKENS,
    {
        "telegram_tokens": [TG_TOKEN],
        "vk_tokens": [VK_TOKEN],
        "telegram_chats": ["@zerno"],
        "vk_owners": [-1],
    },
)

X_USER = "1580000000000000007"
THREE_TOKENS = {
    "SMM_ZERNO_MASTODON": "mastodon-sandbox-token-for-zerno",
    "SMM_ZERNO_BSKY_APP_PASSWORD": "zern-osan-dbox-pass",
    "SMM_ZERNO_X_API_KEY": "xSandboxApiKeyZerno",
    "SMM_ZERNO_X_API_SECRET": "xSandboxApiSecretZerno",
    "SMM_ZERNO_X_ACCESS_TOKEN": f"{X_USER}-xSandboxAccessTokenZerno",
    "SMM_ZERNO_X_ACCESS_SECRET": "xSandboxAccessSecretZerno",
}
THREE = Scenario(
    "mastodon+bluesky+x",
    {
        **BRAND,
        "accounts": {
            "mastodon": {"instance": "https://mastodon.example", "token_env": "SMM_ZERNO_MASTODON"},
            "bluesky": {
                "handle": "zerno.bsky.social",
                "app_password_env": "SMM_ZERNO_BSKY_APP_PASSWORD",
            },
            "x": {
                "handle": "@zerno",
                "user_id": X_USER,
                "api_key_env": "SMM_ZERNO_X_API_KEY",
                "api_secret_env": "SMM_ZERNO_X_API_SECRET",
                "access_token_env": "SMM_ZERNO_X_ACCESS_TOKEN",
                "access_secret_env": "SMM_ZERNO_X_ACCESS_SECRET",
            },
        },
    },
    {
        "posts/zerno/2026/12/01-winter-menu.md": MENU.replace(
            "network: [telegram, vk]",  # with an image: each network's upload is in every run
            "network: [mastodon, bluesky, x]\nimages: [{src: assets/zerno/logo.png, alt: Логотип}]",
        ),
        "posts/zerno/2026/12/01-carrot-cake.md": CAKE.replace(
            "network: [telegram, vk]", "network: [mastodon, bluesky, x]"
        ),
    },
    ("mastodon", "bluesky", "x"),
    THREE_TOKENS,
    {
        "mastodon_tokens": [THREE_TOKENS["SMM_ZERNO_MASTODON"]],
        "bluesky_passwords": [THREE_TOKENS["SMM_ZERNO_BSKY_APP_PASSWORD"]],
        "x_apps": {THREE_TOKENS["SMM_ZERNO_X_API_KEY"]: THREE_TOKENS["SMM_ZERNO_X_API_SECRET"]},
        "x_tokens": {
            THREE_TOKENS["SMM_ZERNO_X_ACCESS_TOKEN"]: THREE_TOKENS["SMM_ZERNO_X_ACCESS_SECRET"]
        },
    },
    ("assets/zerno/logo.png",),
)

META_IMAGE = "assets/zerno/winter-drinks-1280x720.jpg"
META_TOKENS = {
    "SMM_ZERNO_FACEBOOK": "facebook-sandbox-page-token-for-zerno",
    "SMM_ZERNO_THREADS": "THAAsandboxThreadsTokenForZerno",
    "SMM_ZERNO_LINKEDIN": "AQVlinkedinSandboxTokenForZerno",
}
FB_PAGE, THREADS_USER = "100000000000001", "25000000000000001"
META = Scenario(
    "facebook+threads+linkedin",
    {
        **BRAND,
        "accounts": {
            "facebook": {"page_id": FB_PAGE, "token_env": "SMM_ZERNO_FACEBOOK"},
            "threads": {"user_id": THREADS_USER, "token_env": "SMM_ZERNO_THREADS"},
            "linkedin": {"page_id": 4242, "token_env": "SMM_ZERNO_LINKEDIN"},
        },
    },
    {
        "posts/zerno/2026/12/01-winter-menu.md": MENU.replace(
            "network: [telegram, vk]",  # Facebook's photo, Threads' image_url, LinkedIn's upload
            "network: [facebook, threads, linkedin]\n"
            f"images: [{{src: {META_IMAGE}, alt: Латте с корицей}}]",
        ).replace("[зимнееменю, кофе]", "[зимнееменю]"),  # Threads: one topic tag
        "posts/zerno/2026/12/01-carrot-cake.md": CAKE.replace(
            "network: [telegram, vk]", "network: [facebook, threads, linkedin]"
        ),
    },
    ("facebook", "threads", "linkedin"),
    META_TOKENS,
    {
        "facebook_tokens": [META_TOKENS["SMM_ZERNO_FACEBOOK"]],
        "facebook_pages": [FB_PAGE],
        "threads_tokens": [META_TOKENS["SMM_ZERNO_THREADS"]],
        "threads_users": [THREADS_USER],
        "threads_processing": 0.05,
        "linkedin_tokens": [META_TOKENS["SMM_ZERNO_LINKEDIN"]],
    },
    (META_IMAGE,),
    public_files=True,
)

#: each test run for all: ``@SCENARIOS`` over a test that takes ``pub`` (or ``scenario``)
SCENARIOS = pytest.mark.parametrize("scenario", [SEED, THREE, META], ids=lambda s: s.name)
#: per network: the sandbox's fault method of its post request, and a post's URL from its id
#: (None: the URL is not made from the id alone)
SENDS: dict[str, tuple[str, str | None]] = {
    "telegram": ("sendMessage", "https://t.me/zerno/{}"),
    "vk": ("wall.post", "https://vk.com/wall-1_{}"),
    "mastodon": ("statuses.create", None),
    "bluesky": ("com.atproto.repo.putRecord", None),
    "x": ("tweets", "https://x.com/zerno/status/{}"),
    "facebook": ("feed", None),
    "threads": ("threads_publish", None),
    "linkedin": ("posts", "https://www.linkedin.com/feed/update/{}"),
}


def git(cwd: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def front(path: Path) -> dict[str, Any]:
    """The front matter of a post file, parsed."""
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def published(path: Path) -> dict[str, dict[str, Any]]:
    return front(path).get("published") or {}


def states(clone: Path) -> dict[tuple[str, str], str | None]:
    """(post, network) -> the state its file records in ``clone`` (None: nothing yet)."""
    return {(p, n): (published(clone / p).get(n) or {}).get("state") for p, n in DUE}


@dataclass
class Run:
    code: int
    data: dict[str, Any] | None
    stdout: str
    stderr: str

    def outcomes(self) -> dict[tuple[str, str], dict[str, Any]]:
        assert self.data is not None, f"no JSON (exit {self.code}):\n{self.stdout}\n{self.stderr}"
        return {(o["path"], o["network"]): o for o in self.data["outcomes"]}

    def state_of(self) -> dict[tuple[str, str], str]:
        return {key: o["state"] for key, o in self.outcomes().items()}


class Publisher:
    """Clones of origin and `smm publish` in them, as a separate process each time."""

    def __init__(
        self, tmp: Path, origin: Path, sandbox: Sandbox, scenario: Scenario | None = None
    ) -> None:
        self.tmp, self.origin, self.sandbox = tmp, origin, sandbox
        self.scenario = scenario or SEED
        self.networks = self.scenario.networks
        self.extra_env: dict[str, str] = {}  # SMM_PUBLIC_BASE_URL, when the scenario serves files
        self._n = 0

    def clone(self, name: str | None = None) -> Path:
        self._n += 1
        path = self.tmp / (name or f"clone{self._n}")
        git(self.tmp, "clone", "--quiet", str(self.origin), str(path))
        return path

    def command(self, *extra: str, api_base: str | None = None) -> list[str]:
        return [
            sys.executable,
            "-m",
            "smm",
            "publish",
            "--api-base",
            api_base or self.sandbox.url,
            "--now",
            NOW_ISO,
            "--format",
            "json",
            *extra,
        ]

    def env(self, failpoint: str | None = None, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("SMM_FAILPOINT", "GITHUB_STEP_SUMMARY", "GITHUB_RUN_ID", "SMM_NOW")
        }
        env.update(self.scenario.tokens)
        env.update(self.extra_env)
        if failpoint:
            env["SMM_FAILPOINT"] = failpoint
        env.update(extra)
        return env

    def run(
        self,
        clone: Path,
        *extra: str,
        failpoint: str | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Run:
        proc = subprocess.run(
            self.command(*extra),
            cwd=clone,
            env={**self.env(failpoint), **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return _result(proc.returncode, proc.stdout, proc.stderr)

    def start(
        self,
        clone: Path,
        *extra: str,
        failpoint: str | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*extra),
            cwd=clone,
            env={**self.env(failpoint), **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def finish(self, proc: subprocess.Popen[str], timeout: float = 60) -> Run:
        stdout, stderr = proc.communicate(timeout=timeout)
        return _result(proc.returncode, stdout, stderr)

    def kill_when(
        self, proc: subprocess.Popen[str], ready: Callable[[], bool], timeout: float = 20
    ) -> Run:
        """SIGKILL ``proc`` as soon as ``ready()`` holds (polled), like a runner that loses its machine."""
        deadline = time.monotonic() + timeout
        while not ready():
            if proc.poll() is not None:
                out, err = proc.communicate()
                raise AssertionError(
                    f"the publisher ended (exit {proc.returncode}) before the kill:\n{out}\n{err}"
                )
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError("the condition for the kill never came")
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        return self.finish(proc)

    def posts(self, network: str | None = None) -> list[dict[str, Any]]:
        return self.sandbox.posts(network)

    def settle(self, quiet: float = 0.5, limit: float = 10.0) -> None:
        """Wait until the sandbox has received nothing new for ``quiet`` seconds: a request that
        left a killed publisher still lands, however slow the machine is."""
        seen, since, deadline = len(self.posts()), time.monotonic(), time.monotonic() + limit
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.05)
            now = len(self.posts())
            if now != seen:
                seen, since = now, time.monotonic()

    def assert_no_duplicates(self) -> None:
        """No post twice on a network: the one invariant above all (every post here has its own text)."""
        for network in self.networks:
            texts = [p["text"] for p in self.posts(network)]
            doubles = sorted({t for t in texts if texts.count(t) > 1})
            assert not doubles, f"on {network} more than once: {doubles}"

    def origin_log(self) -> list[tuple[str, str]]:
        """(subject, body) of origin's commits, oldest first."""
        out = git(self.origin, "log", "--reverse", "--format=%s%x1f%b%x1e", "main")
        return [
            tuple(entry.strip("\n").split("\x1f", 1))
            for entry in out.split("\x1e")
            if entry.strip()
        ]  # type: ignore[misc]

    def origin_file(self, path: str) -> str:
        return git(self.origin, "show", f"main:{path}")

    def origin_states(self) -> dict[tuple[str, str], str | None]:
        out = {}
        for path, network in self.scenario.due:
            text = self.origin_file(path)
            data = yaml.safe_load(text.split("---\n", 2)[1]) or {}
            out[(path, network)] = ((data.get("published") or {}).get(network) or {}).get("state")
        return out


def _result(code: int, stdout: str, stderr: str) -> Run:
    try:
        data = json.loads(stdout) if stdout.strip() else None
    except ValueError:
        data = None
    return Run(code, data, stdout, stderr)


def sandbox_at_now(state_dir: Path, **config: Any) -> Sandbox:
    """A sandbox whose clock reads NOW when it starts, as the publisher's pinned clock does:
    the t.me pages then date a post after its claim, as the real ones do (the claim goes first)."""
    offset = (NOW - datetime.now(UTC)).total_seconds()
    return Sandbox(state_dir=state_dir, clock_offset=offset, **config)


#: A pre-receive hook: accepts the first {accepted} push(es), refuses every later one.
REFUSING_HOOK = """#!/bin/sh
count_file="$(dirname "$0")/pushes"
count=$(cat "$count_file" 2>/dev/null || echo 0)
echo $((count + 1)) > "$count_file"
if [ "$count" -ge {accepted} ]; then
  echo "protected branch: pushes to main are turned off" >&2
  exit 1
fi
"""


def refuse_pushes(origin: Path, accepted: int = 0) -> Path:
    """Install ``origin``'s pre-receive hook that takes ``accepted`` pushes and refuses the rest
    (branch protection turned on in the middle of a run); its path, to delete it."""
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(REFUSING_HOOK.format(accepted=accepted))
    hook.chmod(0o755)
    (origin / "hooks" / "pushes").unlink(missing_ok=True)
    return hook


def bare_origin(tmp_path: Path) -> Path:
    """An empty bare repository with main as its branch: the origin a content clone pushes to."""
    bare = tmp_path / "origin.git"
    bare.mkdir()
    git(bare, "init", "--quiet", "--bare", "-b", "main")
    return bare


def push_and_clone(seed: Path, origin: Path, clone: Path, message: str) -> Path:
    """The files in ``seed`` committed on main and pushed to ``origin``; then ``clone``, a clone of
    origin with the identity smm's tests commit as."""
    git(seed, "init", "--quiet", "-b", "main")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", message)
    git(seed, "remote", "add", "origin", str(origin))
    git(seed, "push", "--quiet", "-u", "origin", "main")
    git(clone.parent, "clone", "--quiet", str(origin), str(clone))
    git(clone, "config", "user.name", "smm test")
    git(clone, "config", "user.email", "smm@example.invalid")
    return clone


def write_repo(
    root: Path, posts: dict[str, str] | None = None, brand: dict[str, Any] | None = None
) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / ".gitignore").write_text(".smm-cache/\n.smm/\n", encoding="utf-8")
    (root / "brands").mkdir(exist_ok=True)
    (root / "brands/zerno.yaml").write_text(
        yaml.safe_dump(brand or BRAND, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for rel, text in (POSTS if posts is None else posts).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")


def strip_published(text: str) -> str:
    """The file without its managed ``published:`` block (the key and its indented lines)."""
    out, inside = [], False
    for line in text.splitlines(keepends=True):
        if re.match(r"^published:", line):
            inside = True
            continue
        if inside and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        inside = False
        out.append(line)
    return "".join(out)
