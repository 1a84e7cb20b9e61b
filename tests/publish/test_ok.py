"""`smm publish` to Odnoklassniki: real git, a real publisher process, the OK sandbox over HTTP.

The brand is zerno with only an ok account (group 70000001234567, token, application key and
secret from SMM_ZERNO_OK_*); the sandbox knows only those, and checks every request's signature
with that secret, so a post that arrives proves the publisher read all three variables. Two
posts are due at NOW (10:00 and 10:15 Moscow time).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from smm.publish.failpoints import POINTS as FAILPOINTS
from smm.sandbox import Sandbox

from .harness import BRAND, Publisher, Run, git, published, write_repo

GID = "70000001234567"
OK_ENV = {
    "SMM_ZERNO_OK_TOKEN": "tkn1.zernoSandboxOkAccessToken",
    "SMM_ZERNO_OK_APP_KEY": "CBAZERNOSANDBOX",
    "SMM_ZERNO_OK_SECRET": "zernoSandboxApplicationSecretKey",
}
OK_BRAND = {
    **BRAND,
    "accounts": {
        "ok": {
            "group_id": GID,
            "token_env": "SMM_ZERNO_OK_TOKEN",
            "app_key_env": "SMM_ZERNO_OK_APP_KEY",
            "secret_env": "SMM_ZERNO_OK_SECRET",
        }
    },
}
POSTS = {
    "posts/zerno/2026/12/01-ok-menu.md": """\
        ---
        title: Зимнее меню в Одноклассниках
        time: "2026-12-01 10:00"
        network: [ok]
        kind: organic
        images: [{src: assets/zerno/logo.png, alt: Логотип «Зерна»}]
        ---
        Зимнее меню уже в кофейнях: латте с корицей и пряный раф.
        """,
    "posts/zerno/2026/12/01-ok-cake.md": """\
        ---
        title: Морковный торт
        time: "2026-12-01 10:15"
        network: [ok]
        kind: organic
        ---
        Морковный торт снова на витрине — приходите, пока он тёплый!
        """,
}
DUE = sorted((path, "ok") for path in POSTS)


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    """Overrides conftest's seed: the zerno brand with only its ok account, and two ok posts."""
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, POSTS, OK_BRAND)
    (root / "assets/zerno").mkdir(parents=True)
    (root / "assets/zerno/logo.png").write_bytes(
        (Path(__file__).resolve().parents[2] / "assets/zerno/logo.png").read_bytes()
    )
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add the zerno brand and two OK posts for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    """Overrides conftest's sandbox: strict about the OK token, app key, secret and group."""
    with Sandbox(
        state_dir=tmp_path / "sandbox",
        latency=0.002,
        ok_tokens=[OK_ENV["SMM_ZERNO_OK_TOKEN"]],
        ok_groups=[GID],
        ok_app_secrets={OK_ENV["SMM_ZERNO_OK_APP_KEY"]: OK_ENV["SMM_ZERNO_OK_SECRET"]},
    ) as sb:
        yield sb


def run(pub: Publisher, clone: Path, failpoint: str | None = None) -> Run:
    return pub.run(clone, failpoint=failpoint, env=OK_ENV)


def origin_states(pub: Publisher) -> dict[tuple[str, str], str | None]:
    """(post, network) -> the state origin's main records (None: nothing yet)."""
    out = {}
    for path, network in DUE:
        data = yaml.safe_load(pub.origin_file(path).split("---\n", 2)[1]) or {}
        out[(path, network)] = ((data.get("published") or {}).get(network) or {}).get("state")
    return out


def assert_once(pub: Publisher) -> None:
    texts = [p["text"] for p in pub.posts("ok")]
    assert len(texts) == len(set(texts)), f"on ok more than once: {texts}"


def test_a_run_publishes_each_ok_post_once_with_its_topic_link(pub: Publisher) -> None:
    clone = pub.clone()
    result = run(pub, clone)
    assert result.code == 0, result.stdout + result.stderr
    assert result.state_of() == dict.fromkeys(DUE, "published")
    topics = {p["id"]: p for p in pub.posts("ok")}
    assert len(topics) == 2
    for _key, outcome in result.outcomes().items():
        assert (
            outcome["url"] == f"https://ok.ru/group/{GID}/topic/{outcome['id']}"
            and outcome["id"] in topics
        )
    menu = next(p for p in topics.values() if p["text"].startswith("Зимнее меню"))
    assert len(menu["images"]) == 1 and menu["images"][0]["format"] == "PNG"
    assert set(origin_states(pub).values()) == {"published"}
    again = run(pub, pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == [], again.stdout
    assert len(pub.posts("ok")) == 2


@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize("point", FAILPOINTS)
def test_killed_at_each_step_then_rerun_posts_nothing_twice(
    pub: Publisher, point: str, where: str
) -> None:
    clone = pub.clone()
    killed = run(pub, clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    pub.settle()  # a request that left before the kill still lands; count it too
    sent = {p["id"] for p in pub.posts("ok")}
    unpushed = point in (
        "before-claim",
        "after-claim-write",
        "after-claim-commit",
    )  # no claim reached origin
    if unpushed or point in ("after-claim-push", "before-request"):
        assert not sent  # the claims are pushed before any network is called
    if not unpushed:
        assert set(origin_states(pub).values()) == {"claimed"}

    again = clone if where == "same-clone" else pub.clone()
    result = run(pub, again)
    assert result.data is not None, result.stdout + result.stderr
    assert_once(pub)
    final = origin_states(pub)
    if unpushed:  # nothing was sent under a claim origin never saw: the rerun is a first run
        assert set(final.values()) == {"published"} and result.code == 0
        return
    assert {p["id"] for p in pub.posts("ok")} == sent  # a claimed post is never sent again
    outcomes = result.outcomes()
    # every topic that exists is recorded: found again (OK can be searched), or its result was
    # written (or committed) before the kill and the rerun pushed it first (same clone)
    recorded = {
        published(again / path)[network].get("id")
        for path, network in DUE
        if final[(path, network)] == "published"
    }
    assert recorded == sent, (final, outcomes)
    assert all(o["note"] == "reconciled" for o in outcomes.values() if o["state"] == "published")
    assert set(final.values()) <= {"published", "unknown"}  # no due post left without a result
    assert result.code == (1 if "unknown" in final.values() else 0)


def test_a_flood_refusal_is_retried_and_published_once(pub: Publisher) -> None:
    pub.sandbox.inject("ok", "429", method="mediatopic.post")
    started = time.monotonic()
    result = run(pub, pub.clone())
    assert result.code == 0, result.stdout + result.stderr
    assert result.state_of() == dict.fromkeys(DUE, "published")
    assert all(o["note"] == "" for o in result.outcomes().values())  # sent, not found again
    assert (
        len(pub.posts("ok")) == 2 and time.monotonic() - started >= 1.0
    )  # the back-off was waited out
    assert_once(pub)


def test_dropped_after_storing_is_reconciled_not_resent(pub: Publisher) -> None:
    pub.sandbox.inject("ok", "drop_after_store", method="mediatopic.post")
    result = run(pub, pub.clone())
    assert result.code == 0, result.stdout + result.stderr
    assert len(pub.posts("ok")) == 2
    assert_once(pub)
    notes = sorted(o["note"] for o in result.outcomes().values())
    assert notes == ["", "reconciled"] and set(origin_states(pub).values()) == {"published"}


def test_a_wrong_application_secret_fails_the_posts_without_sending(pub: Publisher) -> None:
    result = pub.run(pub.clone(), env={**OK_ENV, "SMM_ZERNO_OK_SECRET": "not-the-secret"})
    assert result.state_of() == dict.fromkeys(DUE, "failed")
    assert all(
        "PARAM_SIGNATURE" in o["error"] and "not-the-secret" not in o["error"]
        for o in result.outcomes().values()
    )
    assert pub.posts("ok") == []  # nothing reached the group
