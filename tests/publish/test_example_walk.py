"""The example content published end to end: `--now` walked through every due time of the
example posts, each step a real `smm publish --api-base URL` against a real `smm sandbox --port P
--state DIR --files DIR` subprocess, with each account's secrets in the environment variables its
brand file names. Every post goes out on every one of its networks exactly once (Mastodon,
Bluesky and X among them), each run sends exactly what became due at its time, nothing is left
unknown, and a fresh clone finds nothing left to send."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from project_copy import copy_project

from .harness import git, published

#: Test values of every secret the example brand files name (brands/*.yaml, ``*_env`` keys); the
#: sandbox accepts only these, so a post that arrives proves the publisher read the brand's variable.
SECRETS = {
    "SMM_ZERNO_TELEGRAM_TOKEN": "333333:zernoTelegramSecretForTheWalk",
    "SMM_ZERNO_VK_TOKEN": "vk1.a.zernoVkSecretForTheWalk",
    "SMM_ZERNO_OK_TOKEN": "tkn1zernoOkSecretForTheWalk",
    "SMM_ZERNO_OK_APP_KEY": "CZERNOAPPKEYFORTHEWALK",
    "SMM_ZERNO_OK_SECRET": "zernoOkApplicationSecretForTheWalk",
    "SMM_ZERNO_INSTAGRAM_TOKEN": "EAAzernoInstagramSecretForTheWalk",
    "SMM_NORDLICHT_TELEGRAM_TOKEN": "444444:nordlichtTelegramSecretForTheWalk",
    "SMM_NORDLICHT_INSTAGRAM_TOKEN": "EAAnordlichtInstagramSecretForTheWalk",
    "SMM_NORDLICHT_FACEBOOK_TOKEN": "EAAnordlichtFacebookPageSecretForTheWalk",
    "SMM_NORDLICHT_MASTODON_TOKEN": "nordlichtMastodonSecretForTheWalk",
    "SMM_NORDLICHT_BLUESKY_APP_PASSWORD": "nord-wAlk-bsky-pass",
    "SMM_NORDLICHT_X_API_KEY": "nordlichtXApiKeyForTheWalk",
    "SMM_NORDLICHT_X_API_SECRET": "nordlichtXApiSecretForTheWalk",
    "SMM_NORDLICHT_X_ACCESS_TOKEN": "1580000000000000002-nordlichtXAccessTokenWalk",
    "SMM_NORDLICHT_X_ACCESS_SECRET": "nordlichtXAccessSecretForTheWalk",
    "SMM_NORDLICHT_LINKEDIN_TOKEN": "AQVnordlichtLinkedInSecretForTheWalk",
    "SMM_NORDLICHT_THREADS_TOKEN": "THAAnordlichtThreadsSecretForTheWalk",
}
URL = re.compile(r"http://127\.0\.0\.1:\d+")
SMM = (sys.executable, "-m", "smm")


def named_secrets(root: Path) -> set[str]:
    """Every environment variable a brand file names for a secret (token_env, app_key_env, ...)."""
    names: set[str] = set()
    for path in (root / "brands").glob("*.yaml"):
        accounts = yaml.safe_load(path.read_text(encoding="utf-8")).get("accounts") or {}
        for account in accounts.values():
            names |= {v for k, v in account.items() if k.endswith("_env") and isinstance(v, str)}
    return names


def env_for_tools() -> dict[str, str]:
    """This environment without the variables a run of smm would read (the clock, CI's)."""
    drop = ("SMM_", "GITHUB_")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The example repository on a bare origin, its clone, and a `smm sandbox` subprocess."""
    base = tmp_path_factory.mktemp("walk")
    origin = base / "origin.git"
    origin.mkdir()
    git(origin, "init", "--quiet", "--bare", "-b", "main")
    seed = copy_project(base / "seed", "brands", "campaigns", "posts", "assets", ".gitignore")
    git(seed, "init", "--quiet", "-b", "main")
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "The example content")
    git(seed, "remote", "add", "origin", str(origin))
    git(seed, "push", "--quiet", "-u", "origin", "main")
    assert named_secrets(seed) == set(SECRETS), "a brand names a secret this test does not set"
    x_app = f"{SECRETS['SMM_NORDLICHT_X_API_KEY']}={SECRETS['SMM_NORDLICHT_X_API_SECRET']}"
    x_token = (
        f"{SECRETS['SMM_NORDLICHT_X_ACCESS_TOKEN']}={SECRETS['SMM_NORDLICHT_X_ACCESS_SECRET']}"
    )
    proc = subprocess.Popen(
        [
            *(*SMM, "sandbox", "--port", "0"),
            *("--state", str(base / "sandbox"), "--files", str(seed)),
            *("--ok-app", f"{SECRETS['SMM_ZERNO_OK_APP_KEY']}={SECRETS['SMM_ZERNO_OK_SECRET']}"),
            *("--mastodon-token", SECRETS["SMM_NORDLICHT_MASTODON_TOKEN"]),
            *("--bluesky-app-password", SECRETS["SMM_NORDLICHT_BLUESKY_APP_PASSWORD"]),
            *("--x-app", x_app, "--x-token", x_token),
            *("--facebook-token", SECRETS["SMM_NORDLICHT_FACEBOOK_TOKEN"]),
            *("--linkedin-token", SECRETS["SMM_NORDLICHT_LINKEDIN_TOKEN"]),
            *("--threads-token", SECRETS["SMM_NORDLICHT_THREADS_TOKEN"]),
        ],
        env={
            **env_for_tools(),
            "SMM_SANDBOX_TELEGRAM_TOKENS": " ".join(
                v for k, v in SECRETS.items() if "TELEGRAM" in k
            ),
            "SMM_SANDBOX_VK_TOKENS": SECRETS["SMM_ZERNO_VK_TOKEN"],
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        api, files = URL.search(proc.stdout.readline()), URL.search(proc.stdout.readline())
        assert api and files, "smm sandbox did not say where it listens"
        yield {
            "base": base,
            "origin": origin,
            "seed": seed,
            "api": api.group(0),
            "files": files.group(0),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def placements(root: Path) -> list[tuple[str, str, str]]:
    """(UTC time, post, network) of every example post on each of its networks, from `smm plan`."""
    done = subprocess.run(
        [*SMM, "plan", "--format", "json"],
        cwd=root,
        env=env_for_tools(),
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(
        (slot["utc"], slot["path"], slot["network"])
        for brand in json.loads(done.stdout)["brands"]
        for day in brand["days"]
        for slot in day["posts"]
    )


def publish(walk: dict[str, Any], clone: Path, now: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SMM, "publish", "--api-base", walk["api"], "--now", now, "--format", "json"],
        cwd=clone,
        env={**env_for_tools(), **SECRETS, "SMM_PUBLIC_BASE_URL": walk["files"]},
        capture_output=True,
        text=True,
        timeout=120,
    )


def sandbox_posts(walk: dict[str, Any]) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = httpx.get(f"{walk['api']}/_sandbox/posts", timeout=10).json()
    return answer


def test_walking_now_through_the_examples_publishes_every_post_once(walk: dict[str, Any]) -> None:
    expected = placements(walk["seed"])
    networks = Counter(network for _, _, network in expected)
    assert {"mastodon", "bluesky", "x"} <= set(networks), networks  # the three are in the walk
    clone = walk["base"] / "clone"
    git(walk["base"], "clone", "--quiet", str(walk["origin"]), str(clone))

    times = sorted({when for when, _, _ in expected})
    for now in times:
        run = publish(walk, clone, now)
        assert run.returncode == 0, f"--now {now}: exit {run.returncode}\n{run.stdout}{run.stderr}"
        outcomes = json.loads(run.stdout)["outcomes"]
        # exactly what became due at this time went out, and nothing else
        assert sorted((o["path"], o["network"], o["state"]) for o in outcomes) == sorted(
            (path, network, "published") for when, path, network in expected if when == now
        ), now
    # every network holds each of its posts once, a thread's parts each once, as a chain in order
    stored = sandbox_posts(walk)
    git(clone, "pull", "--quiet")
    recorded: list[tuple[str, str]] = []
    threads = comments = 0
    by_id = {(p["network"], str(p["id"])): p for p in stored}
    for _, path, network in expected:
        entry = published(clone / path)[network]
        assert entry["state"] == "published", (path, network, entry)
        parts = [str(part["id"]) for part in entry.get("parts") or [entry]]
        assert parts[0] == str(entry["id"])
        threads += len(parts) > 1
        for k, part in enumerate(parts):
            recorded.append((network, part))
            answered = by_id[(network, part)].get("reply_to")
            assert (str(answered) if answered else None) == (parts[k - 1] if k else None), (path, k)
        comment = entry.get("comment")
        if comment:  # a first comment: one, under the post (a self-reply: under its last part)
            assert comment["state"] == "published", (path, network, comment)
            recorded.append((network, str(comment["id"])))
            under = by_id[(network, str(comment["id"]))].get("reply_to")
            assert str(under) in (parts[0], parts[-1]), (path, network, under)
            comments += 1
    assert threads >= 3, "the example thread goes out on X, Mastodon and Bluesky"
    assert comments >= 1, "an example post has a first comment"
    # (a message id is per channel: two brands' Telegram channels both have a message 1)
    assert Counter(recorded) == Counter((p["network"], str(p["id"])) for p in stored)
    assert set(networks) == {p["network"] for p in stored}

    # a fresh clone at the first and the last time: everything is recorded, nothing due again
    again = walk["base"] / "again"
    git(walk["base"], "clone", "--quiet", str(walk["origin"]), str(again))
    for now in (times[0], times[-1]):
        run = publish(walk, again, now)
        assert run.returncode == 0 and json.loads(run.stdout)["outcomes"] == [], run.stdout
    assert len(sandbox_posts(walk)) == len(stored)
