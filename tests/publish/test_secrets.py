"""No secret ever leaves smm, even when a network quotes the whole request back in its errors.

`smm publish` and `smm metrics` run as real processes against the sandbox, with real git (a bare
origin), for all four networks at once, text and json, with a job summary file. The sandbox's
"echo" fault answers each network's own error shape (VK's HTTP 200 error with request_params,
the Bot API's description, OK's error_msg/error_data, Graph's message fields), at the usual
status and as 429 / 5xx bodies, with the request (path, query, headers, body, the parameters
read) in every message field. The runs go through every way an error becomes text: a refusal
(failed), a maybe-posted answer and the reconcile that follows (unknown, "looking for it
failed"), a rate limit that outlasts the wait, a refusal that is retried, metrics that fail and
a note about reach. Then no secret, in any form an echo carries it (verbatim, percent-encoded,
JSON-escaped), may appear in stdout, stderr, the job summary, any file of the clone or any
commit (message or content) of the clone and the origin.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest
from PIL import Image as PILImage

from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

from .harness import BRAND, git, write_repo

TG_TOKEN = "7312345678:AAHzernoBotTokenQw-x_9ErTyUiOpAsDfGhJkL"
# base64-like values: '+', '/' and '=' look different percent-encoded and JSON-escaped ('\/')
VK_TOKEN = "vk1.a.Xq+7/ZernoVkUserToken_kQ2dL9=="
OK_TOKEN = "tkn1Zerno+Ok/AccessToken.9fA8bC7dE6=="
OK_APP_KEY = "CBAZERNOSANDBOX"
OK_SECRET = "ZernoOkAppSecret+/0123456789ABCDEF"
IG_TOKEN = "EAAGZerno+Ig/UserToken0123456789abcdefZZ=="
OK_SESSION_SECRET = hashlib.md5((OK_TOKEN + OK_SECRET).encode()).hexdigest()  # signs every OK call
SECRETS = (TG_TOKEN, VK_TOKEN, OK_TOKEN, OK_SECRET, OK_SESSION_SECRET, IG_TOKEN)
ENV = {
    "SMM_ZERNO_TG": TG_TOKEN,
    "SMM_ZERNO_VK": VK_TOKEN,
    "SMM_ZERNO_OK_TOKEN": OK_TOKEN,
    "SMM_ZERNO_OK_APP_KEY": OK_APP_KEY,
    "SMM_ZERNO_OK_SECRET": OK_SECRET,
    "SMM_ZERNO_IG": IG_TOKEN,
}
GID, IG_USER = "70000001234567", "17841400000000001"
ACCOUNTS = {
    "telegram": {"chat": "@zerno", "token_env": "SMM_ZERNO_TG"},
    "vk": {"owner_id": -1, "token_env": "SMM_ZERNO_VK"},
    "ok": {
        "group_id": GID,
        "token_env": "SMM_ZERNO_OK_TOKEN",
        "app_key_env": "SMM_ZERNO_OK_APP_KEY",
        "secret_env": "SMM_ZERNO_OK_SECRET",
    },
    "instagram": {"user_id": IG_USER, "token_env": "SMM_ZERNO_IG"},
}
NETWORKS = tuple(ACCOUNTS)
WRITES = {
    "telegram": "sendPhoto",
    "vk": "wall.post",
    "ok": "mediatopic.post",
    "instagram": "media_publish",
}
IMAGE = "assets/zerno/menu.jpg"
# one post every quarter of an hour, each to all four networks; each run has one of them due
SLOTS = {
    "10:00": "Латте с корицей",
    "10:15": "Пряный раф",
    "10:30": "Морковный торт",
    "10:45": "Какао с зефиром",
}


def post_path(slot: str) -> str:
    return f"posts/zerno/2026/12/01-{slot.replace(':', '')}.md"


def at(clock: str) -> str:
    return f"2026-12-01T{clock}:00+03:00"


def leaked_forms(secret: str) -> set[str]:
    """Every spelling of ``secret`` an echoed request can carry: verbatim, percent-encoded (upper
    and lower case hex, form encoding, twice), JSON-escaped (PHP's ``\\/``, escaped once more)."""
    once = quote(secret, safe="")
    json_text = json.dumps(secret)[1:-1]
    lower_hex = re.sub("%[0-9A-F]{2}", lambda m: m.group().lower(), once)
    return {
        secret,
        once,
        lower_hex,
        quote_plus(secret),
        quote(once, safe=""),
        json_text,
        json_text.replace("/", "\\/"),
        secret.replace("/", "\\/"),
        secret.replace("/", "\\\\/"),
    }


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    """Overrides conftest's seed: the zerno brand on all four networks, four posts with a photo."""
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    posts = {
        post_path(slot): f"""\
        ---
        title: {text}
        time: "2026-12-01 {slot}"
        network: [telegram, vk, ok, instagram]
        kind: organic
        images: [{{src: {IMAGE}, alt: {text} на деревянном столе}}]
        ---
        {text} уже в кофейнях «Зерна» — приходите попробовать!
        """
        for slot, text in SLOTS.items()
    }
    write_repo(root, posts, {**BRAND, "accounts": ACCOUNTS})
    (root / IMAGE).parent.mkdir(parents=True)
    PILImage.new("RGB", (1080, 1080), (180, 120, 60)).save(root / IMAGE, "JPEG")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Four posts for 1 December on every network")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(
        state_dir=tmp_path / "sandbox",
        telegram_tokens=[TG_TOKEN],
        vk_tokens=[VK_TOKEN],
        ok_tokens=[OK_TOKEN],
        ok_app_secrets={OK_APP_KEY: OK_SECRET},
        instagram_tokens=[IG_TOKEN],
        instagram_users=[IG_USER],
        instagram_processing=0.05,
        vk_per_second=100,
        ok_per_second=100,
    ) as sb:
        yield sb


@pytest.fixture
def files(seed: Path) -> Iterator[FileServer]:
    with FileServer(seed) as server:  # the public URL Instagram fetches the image from
        yield server


class Runs:
    """`smm <command>` in one clone, as a process each time; everything it printed is kept."""

    def __init__(self, clone: Path, sandbox: Sandbox, env: dict[str, str], fmt: str) -> None:
        self.clone, self.sandbox, self.env, self.fmt = clone, sandbox, env, fmt
        self.printed: list[str] = []

    def __call__(self, command: str, now: str) -> dict[tuple[str, str], str]:
        """(post, network) -> state, from the json output or the text table."""
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "smm",
                command,
                "--api-base",
                self.sandbox.url,
                "--now",
                now,
                "--format",
                self.fmt,
            ],
            cwd=self.clone,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.printed += [proc.stdout, proc.stderr]
        assert proc.returncode in (0, 1), proc.stdout + proc.stderr
        faults = httpx.get(f"{self.sandbox.url}/_sandbox/faults").json()
        assert faults == [], f"faults the run never met: {faults}\n{proc.stdout}{proc.stderr}"
        if self.fmt == "json":
            rows = json.loads(proc.stdout)["outcomes" if command == "publish" else "readings"]
            return {(row["path"], row["network"]): row["state"] for row in rows}
        states = {}
        for line in proc.stdout.splitlines():
            cells = line.split()
            if len(cells) >= 3 and cells[1] in NETWORKS and cells[0] != "unavailable":
                post = cells[2] if command == "publish" else cells[4]
                states[(post, cells[1])] = cells[0]
        return states

    def inject(self, network: str, method: str, status: int | None = None, **options: Any) -> None:
        self.sandbox.inject(network, "echo", method=method, status=status, **options)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_network_that_echoes_the_request_never_makes_smm_show_a_secret(
    tmp_path: Path, seed: Path, origin: Path, sandbox: Sandbox, files: FileServer, fmt: str
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(origin), str(clone))
    summary = tmp_path / "summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMM_", "GITHUB_"))}
    env.update(ENV, GITHUB_STEP_SUMMARY=str(summary), SMM_PUBLIC_BASE_URL=files.url)
    run = Runs(clone, sandbox, env, fmt)

    def each(slot: str) -> list[tuple[str, str]]:
        return [(post_path(slot), network) for network in NETWORKS]

    # 1. the network's ordinary error answer to the request that posts: failed, with its words
    for network, method in WRITES.items():
        run.inject(network, method)
    assert run("publish", at("10:05")) == dict.fromkeys(each("10:00"), "failed")

    # 2. a 504 quoting the request: maybe posted, so reconciled; VK's and OK's look-ups echo too
    for network, method in WRITES.items():
        run.inject(network, method, 504)
    run.inject("vk", "wall.get")
    run.inject("ok", "mediatopic.getTopics")
    assert run("publish", at("10:20")) == dict.fromkeys(each("10:15"), "unknown")

    # 3. rate limits quoting the request: Telegram's and Instagram's wait too long (retry: the next
    #    run sends them, with the answer's words kept); VK's and OK's HTTP 429 are waited out and
    #    the post goes
    run.inject("telegram", WRITES["telegram"], 429, retry_after=3600)
    run.inject("instagram", WRITES["instagram"], 429, code=9)
    run.inject("vk", WRITES["vk"], 429)
    run.inject("ok", WRITES["ok"], 429)
    states = run("publish", at("10:35"))
    assert states == dict(zip(each("10:30"), ["retry", "published", "published", "retry"]))

    # 4. 5xx quoting the request before anything was stored: retried, and the post goes
    for network, method in WRITES.items():
        run.inject(network, method, 500, code=2 if network == "instagram" else None)
    # (and step 3's posts to retry go too)
    sent = dict.fromkeys(each("10:45"), "published")
    sent |= {(post_path("10:30"), network): "published" for network in ("telegram", "instagram")}
    assert run("publish", at("10:50")) == sent

    # 5. metrics: every read is refused with the request quoted (Telegram gives no figures at all)
    run.inject("vk", "wall.getById")
    run.inject("ok", "mediatopic.getByIds")
    run.inject("instagram", "node")
    readings = run("metrics", at("11:55"))
    assert {state for (_, network), state in readings.items() if network != "telegram"} == {
        "failed"
    }

    # 6. metrics again: VK's reach is refused (a note), OK's 429 is waited out, Instagram's insights fail
    run.inject("vk", "stats.getPostReach", code=15)
    run.inject("ok", "mediatopic.getByIds", 429)
    run.inject("instagram", "insights")
    readings = run("metrics", at("11:56"))
    assert {
        (network, state) for (_, network), state in readings.items() if network != "telegram"
    } == {("vk", "read"), ("ok", "read"), ("instagram", "failed")}

    printed = "\n".join(run.printed)
    places = {
        "stdout/stderr": printed,
        "job summary": summary.read_text(encoding="utf-8"),
        "clone history": git(clone, "log", "-p", "--all"),
        "origin history": git(origin, "log", "-p", "--all"),
    }
    for file in clone.rglob("*"):
        if file.is_file() and ".git" not in file.relative_to(clone).parts and file.suffix != ".jpg":
            places[str(file.relative_to(clone))] = file.read_text(
                encoding="utf-8", errors="replace"
            )
    # the echoes did reach every kind of place: errors, reconcile errors, the reach note, commits
    for place, quoted in (
        ("stdout/stderr", "looking for it failed: vk: wall.get: "),
        ("stdout/stderr", "no reach or link clicks (vk: stats.getPostReach: "),
        ("job summary", "POST /api/mediatopic/getTopics HTTP/1.1"),
        ("clone history", "POST /method/wall.post HTTP/1.1"),
    ):
        assert quoted in places[place], f"no echo reached {place}: {quoted!r}"
    leaks = sorted(
        {
            f"{secret[:8]}… as {form!r} in {place}"
            for secret in SECRETS
            for form in leaked_forms(secret)
            for place, text in places.items()
            if form in text
        }
    )
    assert not leaks, "\n".join(leaks)
    assert "access_token=***" in places["clone history"]
