"""The sandbox's Threads asked to make a text container: what lint's Threads tests hold lint's
verdict against (a text lint passes is one the sandbox takes, and the reverse)."""

from __future__ import annotations

import httpx

from smm.sandbox import Sandbox


def sandbox_takes(sandbox: Sandbox, token: str, text: str, refusal: str) -> bool:
    """Whether the sandbox makes a TEXT container of ``text``; a refusal must be ``refusal``,
    word for word."""
    answer = httpx.post(
        f"{sandbox.url}/_graph.threads.net/v1.0/me/threads",
        data={"access_token": token, "media_type": "TEXT", "text": text},
        timeout=5.0,
    )
    if answer.status_code != 200:
        assert answer.json()["error"]["message"] == refusal
    return answer.status_code == 200
