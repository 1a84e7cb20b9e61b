"""A VK wall takes 50 posts a day: `smm publish` (a real process, real git, the sandbox on 127.0.0.1)
meets error 214 on the 51st and reports it as failed with VK's own words, never as a retry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smm.sandbox import Sandbox

from .harness import DUE, TG_TOKEN, VK_TOKEN, Publisher, published, sandbox_at_now

LIMIT = "Access to adding post denied: you can only add 50 posts a day"


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    # the harness's sandbox with a fast token, so the wall can be filled in a moment
    with sandbox_at_now(
        tmp_path / "sandbox",
        telegram_tokens=[TG_TOKEN],
        vk_tokens=[VK_TOKEN],
        telegram_chats=["@zerno"],
        vk_owners=[-1],
        vk_per_second=1000,
    ) as sb:
        yield sb


def fill_wall(sb: Sandbox, posts: int) -> None:
    """``posts`` wall.post calls on the brand's wall today, as another tool of the brand made them."""
    with httpx.Client(timeout=5.0) as client:
        for n in range(posts):
            answer = client.post(
                f"{sb.url}/method/wall.post",
                data={
                    "owner_id": "-1",
                    "from_group": "1",
                    "message": f"Утренний пост {n}",
                    "access_token": VK_TOKEN,
                    "v": "5.199",
                },
            ).json()
            assert "response" in answer, answer


def test_the_51st_post_of_the_day_fails_with_vks_message(pub: Publisher) -> None:
    fill_wall(pub.sandbox, 49)
    clone = pub.clone()
    run = pub.run(clone)

    assert run.code == 1, run.stdout + run.stderr
    outcomes = run.outcomes()
    vk = sorted((outcomes[key] for key in DUE if key[1] == "vk"), key=lambda o: o["state"])
    assert [o["state"] for o in vk] == [
        "failed",
        "published",
    ]  # the 50th goes out, the 51st does not
    assert vk[0]["error"] == f"vk: wall.post: {LIMIT} (code 214)"
    entry = published(clone / vk[0]["path"])[
        "vk"
    ]  # the post file says so too, for the next run and people
    assert entry["state"] == "failed" and LIMIT in entry["error"]
    assert len(pub.posts("vk")) == 50
    assert all(
        outcomes[key]["state"] == "published" for key in DUE if key[1] == "telegram"
    )  # the others go on
