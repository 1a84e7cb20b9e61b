"""Telegram answers lost, met by a real publisher process: found on a public channel's page only on
proof (test_faults and test_crash show the public channel found after a dropped answer and after a
kill); a private channel, or two posts with our text since the claim, stay `unknown` with the reason.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from smm.sandbox import Sandbox

from .harness import (
    BRAND,
    DUE,
    NETWORKS,
    NOW,
    NOW_ISO,
    POSTS,
    TG_TOKEN,
    VK_TOKEN,
    Publisher,
    bare_origin,
    git,
    sandbox_at_now,
    write_repo,
)

PRIVATE_CHAT = "-1001234567890"


def test_a_private_channel_stays_unknown_with_the_reason(tmp_path: Path) -> None:
    brand = {
        **BRAND,
        "accounts": {
            **BRAND["accounts"],
            "telegram": {"chat": PRIVATE_CHAT, "token_env": "SMM_ZERNO_TG"},
        },
    }
    origin = bare_origin(tmp_path)
    seed = tmp_path / "seed"
    git(tmp_path, "init", "--quiet", "-b", "main", str(seed))
    write_repo(seed, brand=brand)
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "A brand whose channel is private")
    git(seed, "push", "--quiet", str(origin), "main")
    with sandbox_at_now(
        tmp_path / "sandbox",
        telegram_tokens=[TG_TOKEN],
        vk_tokens=[VK_TOKEN],
        telegram_chats=[PRIVATE_CHAT],
        vk_owners=[-1],
    ) as sandbox:
        pub = Publisher(tmp_path, origin, sandbox)
        sandbox.inject("telegram", "drop_after_store", method="sendMessage")
        run = pub.run(pub.clone())

        assert run.code == 1, run.stdout + run.stderr
        assert len(pub.posts("telegram")) == 2  # both went out; nothing was sent twice
        telegram = {path: run.outcomes()[(path, "telegram")] for path in POSTS}
        (lost,) = [o for o in telegram.values() if o["state"] == "unknown"]
        assert (
            "no answer after sending" in lost["error"]
            and "private channel (chat -1001234567890" in lost["error"]
        )
        assert "check the channel by hand" in lost["error"]
        (sent,) = [o for o in telegram.values() if o["state"] == "published"]
        assert sent["url"] == f"https://t.me/c/1234567890/{sent['id']}"
        assert pub.origin_states()[(lost["path"], "telegram")] == "unknown"


def test_our_text_twice_since_the_claim_is_not_a_guess(pub: Publisher, sandbox: Sandbox) -> None:
    """Killed after the posts went out; then someone posts one of them again by hand. The next run
    sees two posts with that text since the claim and cannot tell which is ours."""
    killed = pub.run(pub.clone(), failpoint="after-answer")
    assert killed.code == -signal.SIGKILL
    pub.settle()  # a request that left before the kill still lands; count it too
    sent = {network: [p["text"] for p in pub.posts(network)] for network in NETWORKS}
    menu = next(p for p in sandbox.posts("telegram") if "зимнее меню" in p["visible"])
    again = httpx.post(
        f"{sandbox.url}/bot{TG_TOKEN}/sendMessage",
        data={"chat_id": "@zerno", "text": menu["text"], "parse_mode": "HTML"},
    )
    assert again.status_code == 200, again.text

    run = pub.run(pub.clone())
    assert run.code == 1, run.stdout + run.stderr
    outcomes = run.outcomes()
    (menu_path,) = [path for path in POSTS if "winter-menu" in path]
    doubt = outcomes[(menu_path, "telegram")]
    assert doubt["state"] == "unknown"
    ids = f"{menu['id']}, {again.json()['result']['message_id']}"
    assert f"2 posts since the claim show this text (ids {ids})" in doubt["error"], doubt
    assert "cannot tell which is ours" in doubt["error"]
    assert pub.origin_states()[(menu_path, "telegram")] == "unknown"
    # everything else that went out is found, with its id; what never left is not found
    for path, network in DUE:
        if (path, network) != (menu_path, "telegram"):
            went_out = any(
                POSTS[path].split("---\n", 2)[2].split()[0] in text for text in sent[network]
            )
            outcome = outcomes[(path, network)]
            assert (outcome["state"], outcome["note"]) == (
                ("published", "reconciled") if went_out else ("unknown", "")
            )
    assert (
        len(pub.posts("telegram")) == len(sent["telegram"]) + 1
    )  # the publisher sent nothing again


def test_the_in_process_sandbox_dates_posts_in_the_runs_present(pub: Publisher) -> None:
    """`smm publish --sandbox --now …`: the t.me pages it serves date each post after its claim."""
    clone = pub.clone()
    env = pub.env()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "smm",
            "publish",
            "--sandbox",
            "--no-push",
            "--now",
            NOW_ISO,
            "--format",
            "json",
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    state = json.loads((clone / ".smm/sandbox/sandbox.json").read_text(encoding="utf-8"))
    dates = [post["date"] for post in state["posts"] if post["network"] == "telegram"]
    assert len(dates) == 2 and all(0 <= date - NOW.timestamp() < 60 for date in dates), (dates, NOW)
