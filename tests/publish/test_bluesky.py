"""`smm publish` to Bluesky: real git, a real publisher process, the Bluesky PDS sandbox over HTTP.

The brand is zerno with only a bluesky account (handle zerno.bsky.social, its app password from
SMM_ZERNO_BSKY_APP_PASSWORD); the sandbox accepts only that password, so a post that arrives
proves the publisher read it. Two posts are due at NOW (10:00 and 10:15 Moscow time). The record
key is fixed by the claim, so a crash at any step, then a rerun, never makes a second post, and a
send whose answer was lost is found again by getRecord of that key. (A SIGKILL at every step:
test_crash.py, scenario THREE, with Mastodon and X.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from smm.networks.bsky_record import TID_PATTERN
from smm.sandbox import Sandbox

from .harness import BRAND, Publisher, Run, git, write_repo

PASSWORD = "zern-osan-dbox-pass"
ENV = {"SMM_ZERNO_BSKY_APP_PASSWORD": PASSWORD}
BSKY_BRAND = {
    **BRAND,
    "accounts": {
        "bluesky": {
            "handle": "zerno.bsky.social",
            "app_password_env": "SMM_ZERNO_BSKY_APP_PASSWORD",
            "langs": ["ru"],
        }
    },
}
POSTS = {
    "posts/zerno/2026/12/01-bsky-menu.md": """\
        ---
        title: Зимнее меню в Bluesky
        time: "2026-12-01 10:00"
        network: [bluesky]
        kind: organic
        images: [{src: assets/zerno/logo.png, alt: Логотип «Зерна»}]
        ---
        Зимнее меню ☕ уже в кофейнях: латте с корицей. #зерно
        """,
    "posts/zerno/2026/12/01-bsky-cake.md": """\
        ---
        title: Морковный торт
        time: "2026-12-01 10:15"
        network: [bluesky]
        kind: organic
        link: https://zerno.example/cake
        ---
        Морковный торт снова на витрине — приходите, пока он тёплый!
        """,
}
DUE = sorted((path, "bluesky") for path in POSTS)


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    """Overrides conftest's seed: the zerno brand with only its bluesky account, two posts."""
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, POSTS, BSKY_BRAND)
    (root / "assets/zerno").mkdir(parents=True)
    (root / "assets/zerno/logo.png").write_bytes(
        (Path(__file__).resolve().parents[2] / "assets/zerno/logo.png").read_bytes()
    )
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add the zerno brand and two Bluesky posts")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """Overrides conftest's sandbox: only the brand's app password is accepted."""
    with Sandbox(state_dir=tmp_path / "sandbox", latency=0.002, bluesky_passwords=[PASSWORD]) as sb:
        yield sb


def run(pub: Publisher, clone: Path, failpoint: str | None = None) -> Run:
    return pub.run(clone, failpoint=failpoint, env=ENV)


def origin_states(pub: Publisher) -> dict[tuple[str, str], str | None]:
    out = {}
    for path, network in DUE:
        data = yaml.safe_load(pub.origin_file(path).split("---\n", 2)[1]) or {}
        out[(path, network)] = ((data.get("published") or {}).get(network) or {}).get("state")
    return out


def assert_once(pub: Publisher) -> None:
    texts = [p["text"] for p in pub.posts("bluesky")]
    assert len(texts) == len(set(texts)), f"on bluesky more than once: {texts}"


def test_a_run_publishes_each_post_once_with_its_facets_image_and_card(pub: Publisher) -> None:
    result = run(pub, pub.clone())
    assert result.code == 0, result.stdout + result.stderr
    assert result.state_of() == dict.fromkeys(DUE, "published")
    posts = {p["id"]: p for p in pub.posts("bluesky")}
    assert len(posts) == 2
    for outcome in result.outcomes().values():
        rkey = outcome["id"].rsplit("/", 1)[1]
        assert TID_PATTERN.match(rkey) and outcome["id"] in posts
        assert outcome["url"] == f"https://bsky.app/profile/zerno.bsky.social/post/{rkey}"
    menu = next(p for p in posts.values() if p["text"].startswith("Зимнее меню"))
    assert menu["facet_texts"] == ["#зерно"] and menu["langs"] == ["ru"]
    assert menu["images"][0]["alt"] == "Логотип «Зерна»"
    cake = next(p for p in posts.values() if p["text"].startswith("Морковный"))
    assert cake["embed"]["external"]["title"] == "Морковный торт"
    again = run(pub, pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == [], again.stdout
    assert len(pub.posts("bluesky")) == 2


def test_dropped_after_storing_is_reconciled_by_its_key_not_resent(pub: Publisher) -> None:
    pub.sandbox.inject("bluesky", "drop_after_store", method="com.atproto.repo.putRecord")
    result = run(pub, pub.clone())
    assert result.code == 0, result.stdout + result.stderr
    assert len(pub.posts("bluesky")) == 2
    assert_once(pub)
    notes = sorted(o["note"] for o in result.outcomes().values())
    assert notes == ["", "reconciled"] and set(origin_states(pub).values()) == {"published"}


def test_a_rate_limit_is_waited_out_and_one_session_serves_the_run(pub: Publisher) -> None:
    pub.sandbox.inject("bluesky", "429", method="com.atproto.repo.putRecord", retry_after=1)
    result = run(pub, pub.clone())
    assert result.code == 0, result.stdout + result.stderr
    assert len(pub.posts("bluesky")) == 2
    assert pub.sandbox._server is not None
    api = next(a for a in pub.sandbox._server.apis if a.network == "bluesky")
    assert api.sessions.created == 1  # one createSession for the whole run, not one per post
