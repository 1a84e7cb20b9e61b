"""`smm publish` of a thread to X, Mastodon and Bluesky: real git (a bare origin), a real publisher
process, the sandboxes over HTTP. Every part goes out once, in order, each replying to the one
before; a SIGKILL at any step, then a rerun on the same clone or a fresh one, resumes at the
first unpublished part: never a part twice, never a second chain, nothing left without a result
or ``unknown`` (and ``unknown`` only for a part that truly did not arrive)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from smm.publish.failpoints import PART_POINTS, POINTS
from smm.sandbox import Sandbox

from .harness import (
    NOW,
    Publisher,
    Run,
    front,
    git,
    published,
    refuse_pushes,
    sandbox_at_now,
    write_repo,
)

POST = "posts/zerno/2026/12/01-winter-thread.md"
NETWORKS = ("x", "mastodon", "bluesky")
X_USER = "1580000000000000007"
SECRETS = {
    "SMM_ZERNO_X_API_KEY": "xSandboxApiKeyZerno",
    "SMM_ZERNO_X_API_SECRET": "xSandboxApiSecretZerno",
    "SMM_ZERNO_X_ACCESS_TOKEN": f"{X_USER}-xSandboxAccessTokenZerno",
    "SMM_ZERNO_X_ACCESS_SECRET": "xSandboxAccessSecretZerno",
    "SMM_ZERNO_MASTODON": "mastodon-sandbox-token-for-zerno",
    "SMM_ZERNO_BSKY": "zern-osan-dbox-pass",
}
BRAND = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "late_after": "2h",
    "accounts": {
        "x": {
            "handle": "@zerno",
            "user_id": X_USER,
            **{f"{k}_env": f"SMM_ZERNO_X_{k.upper()}" for k in ("api_key", "api_secret")},
            "access_token_env": "SMM_ZERNO_X_ACCESS_TOKEN",
            "access_secret_env": "SMM_ZERNO_X_ACCESS_SECRET",
        },
        "mastodon": {"instance": "https://mastodon.example", "token_env": "SMM_ZERNO_MASTODON"},
        "bluesky": {"handle": "zerno.bsky.social", "app_password_env": "SMM_ZERNO_BSKY"},
    },
}
THREAD = """\
---
title: Пять вещей о зимнем кофе
time: "2026-12-01 10:00"
network: [x, mastodon, bluesky]
hashtags: [зерно]
---
Три вещи, которые мы узнали за первую зимнюю неделю. 🧵

---

1. Латте с корицей заказывают вдвое чаще, чем мы думали.

---

2. Пряный раф лучше всего идёт после шести вечера.
"""
PARTS = 3
LATER = (NOW + timedelta(minutes=10)).isoformat()  # a rerun comes later than the killed run


@pytest.fixture
def seed(tmp_path: Path, origin: Path) -> Path:
    root = tmp_path / "seed"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: THREAD}, BRAND)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Add a thread for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(
        tmp_path / "sandbox",
        latency=0.002,
        x_apps={SECRETS["SMM_ZERNO_X_API_KEY"]: SECRETS["SMM_ZERNO_X_API_SECRET"]},
        x_tokens={SECRETS["SMM_ZERNO_X_ACCESS_TOKEN"]: SECRETS["SMM_ZERNO_X_ACCESS_SECRET"]},
        mastodon_tokens=[SECRETS["SMM_ZERNO_MASTODON"]],
        bluesky_passwords=[SECRETS["SMM_ZERNO_BSKY"]],
    ) as sb:
        yield sb


def smm(clone: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smm", *args]
    return subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True, timeout=60)


def run(pub: Publisher, clone: Path, failpoint: str | None = None) -> Run:
    return pub.run(clone, failpoint=failpoint, env=SECRETS)


def chain(pub: Publisher, network: str) -> list[dict[str, Any]]:
    """The network's posts, checked to be one chain in the thread's order (a prefix of it)."""
    posts = pub.posts(network)
    texts = [p["text"] for p in posts]
    assert len(set(texts)) == len(texts), f"{network}: a part went out twice: {texts}"
    assert len(posts) <= PARTS
    for index, post in enumerate(posts):
        assert post["text"].startswith(PART_STARTS[index]), f"{network}: out of order: {texts}"
        assert post.get("reply_to") == (posts[index - 1]["id"] if index else None), network
        if network == "bluesky" and index:
            assert post["reply_root"] == posts[0]["id"] and post["reply_valid"]
    return posts


PART_STARTS = ("Три вещи", "1. Латте", "2. Пряный")


def test_a_thread_goes_out_part_by_part_as_one_chain_on_each_network(pub: Publisher) -> None:
    clone = pub.clone()
    result = run(pub, clone)
    assert result.code == 0, result.stdout + result.stderr
    for network in NETWORKS:
        posts = chain(pub, network)
        assert len(posts) == PARTS
        assert "#зерно" in posts[-1]["text"] and "#зерно" not in posts[0]["text"]
        entry = published(clone / POST)[network]
        assert entry["state"] == "published" and entry["id"] == posts[0]["id"]
        assert [p["id"] for p in entry["parts"]] == [p["id"] for p in posts]
        assert all(p["state"] == "published" for p in entry["parts"])
        outcome = result.outcomes()[(POST, network)]
        assert outcome["state"] == "published" and len(outcome["parts"]) == PARTS
    bluesky = published(clone / POST)["bluesky"]["parts"]
    assert all(p["cid"] for p in bluesky)  # what a later part's reply names
    subjects = [subject for subject, _ in pub.origin_log()]
    # one claim commit, then parts 2 and 3 claimed (with the part before's result) per network
    assert sum(s.startswith("smm: claim part ") for s in subjects) == 2 * len(NETWORKS)
    again = run(pub, pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == []
    assert sum(len(pub.posts(n)) for n in NETWORKS) == PARTS * len(NETWORKS)


def test_the_summary_shows_one_line_per_thread_with_its_parts(pub: Publisher) -> None:
    table = pub.run(pub.clone(), "--dry-run", "--format", "text", env=SECRETS)
    assert table.code == 0, table.stdout + table.stderr
    assert table.stdout.count("(3 parts)") == len(NETWORKS)
    result = run(pub, pub.clone())
    assert all(len(o["parts"]) == PARTS for o in result.outcomes().values())


# the part points at their second hit: by then two senders are under way (each part's own
# steps, in order, are the one-network test's below)
KILLS = [*POINTS, *(f"{point}@2" for point in PART_POINTS)]


@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize("point", KILLS)
def test_killed_at_each_step_a_rerun_resumes_each_chain_and_sends_no_part_twice(
    pub: Publisher, point: str, where: str
) -> None:
    clone = pub.clone()
    killed = run(pub, clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    pub.settle(quiet=0.3)
    again = clone if where == "same-clone" else pub.clone()
    result = run(pub, again)
    assert result.data is not None, result.stdout + result.stderr
    for network in NETWORKS:
        posts = chain(pub, network)
        entry = published(again / POST)[network]
        parts = entry.get("parts") or []
        if entry["state"] == "published":
            assert [p["id"] for p in parts] == [p["id"] for p in posts] and len(posts) == PARTS
            continue
        # unknown only where a claimed part truly never arrived: a person decides, nothing resent
        assert entry["state"] == "unknown", (network, entry)
        assert "not found" in entry["error"] and entry["error"].startswith("part ")
        recorded = [p for p in parts if p["state"] == "published"]
        assert [p["id"] for p in recorded] == [p["id"] for p in posts]
    third = run(pub, pub.clone())
    assert third.data is not None and third.data["outcomes"] == []


#: (point, part the kill leaves claimed and unsent, or None): each part's own steps, on a thread
#: to one network, so ``@n`` is the n-th part (send points) or the claim of part n + 1
ONE_NETWORK = [
    *((f"before-part-send@{n}", n) for n in (1, 2, 3)),
    *((f"after-part-send@{n}", None) for n in (1, 2, 3)),
    *((f"after-part-claim-{step}@{n}", None) for step in ("write", "commit") for n in (1, 2)),
    *((f"after-part-claim-push@{n}", n + 1) for n in (1, 2)),
]


@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize(("point", "unsent"), ONE_NETWORK)
def test_killed_at_each_part_step_the_rerun_resumes_at_the_first_unpublished_part(
    tmp_path: Path, origin: Path, sandbox: Sandbox, point: str, unsent: int | None, where: str
) -> None:
    """Bluesky: its record key comes from the part's claim, so a part sent again under a new
    claim (the rerun is ten minutes later) would show as a second post."""
    pub = one_network(tmp_path, origin, sandbox, "bluesky")
    clone = pub.clone()
    killed = run(pub, clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    again = clone if where == "same-clone" else pub.clone()
    result = pub.run(again, "--now", LATER, env=SECRETS)
    assert result.data is not None, result.stdout + result.stderr
    posts = chain(pub, "bluesky")
    entry = published(again / POST)["bluesky"]
    if unsent is None:  # every part that went out was found or recorded; the rest sent once
        assert result.code == 0 and entry["state"] == "published", entry
        assert [p["id"] for p in entry["parts"]] == [p["id"] for p in posts]
        assert len(posts) == PARTS
    else:  # claimed, never sent: not found, so a person decides; it is not sent blindly
        assert result.code == 1 and entry["state"] == "unknown", entry
        assert entry["error"].startswith(f"part {unsent}/3") and "not found" in entry["error"]
        assert len(posts) == unsent - 1


@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
def test_a_part_sent_before_the_kill_is_found_and_the_chain_goes_on(
    tmp_path: Path, origin: Path, sandbox: Sandbox, where: str
) -> None:
    pub = one_network(tmp_path, origin, sandbox, "x")
    clone = pub.clone()
    killed = run(pub, clone, failpoint="after-part-send@2")  # part 2 went out, no result kept
    assert killed.code == -signal.SIGKILL and len(chain(pub, "x")) == 2
    again = clone if where == "same-clone" else pub.clone()
    result = run(pub, again)
    assert result.code == 0, result.stdout + result.stderr
    posts = chain(pub, "x")
    assert len(posts) == PARTS
    assert result.outcomes()[(POST, "x")]["note"] == "resumed"
    entry = published(again / POST)["x"]
    assert entry["state"] == "published" and [p["id"] for p in entry["parts"]] == [
        p["id"] for p in posts
    ]


def test_a_claimed_part_that_never_went_out_makes_the_thread_unknown_not_resent(
    tmp_path: Path, origin: Path, sandbox: Sandbox
) -> None:
    pub = one_network(tmp_path, origin, sandbox, "x")
    clone = pub.clone()
    killed = run(pub, clone, failpoint="after-part-claim-push@1")  # part 2 claimed, not sent
    assert killed.code == -signal.SIGKILL and len(chain(pub, "x")) == 1
    result = run(pub, clone)
    assert result.code == 1
    entry = published(clone / POST)["x"]
    assert entry["state"] == "unknown" and entry["error"].startswith("part 2/3")
    assert "not found on x" in entry["error"] and len(chain(pub, "x")) == 1
    assert [p["state"] for p in entry["parts"]] == ["published", "unknown"]


@pytest.mark.parametrize(
    ("network", "method", "kind"),
    [
        ("x", "tweets", "429"),
        ("mastodon", "statuses.create", "500"),
        ("bluesky", "com.atproto.repo.putRecord", "drop_after_store"),
        ("x", "tweets", "drop_after_store"),
        ("mastodon", "statuses.create", "drop_after_store"),
        ("bluesky", "com.atproto.repo.putRecord", "429"),
    ],
)
def test_a_fault_on_the_second_part_is_waited_out_or_reconciled(
    pub: Publisher, network: str, method: str, kind: str
) -> None:
    pub.sandbox.inject(network, kind, method=method, after=1, retry_after=1)
    clone = pub.clone()
    result = run(pub, clone)
    assert result.code == 0, result.stdout + result.stderr
    assert pub.sandbox._server is not None and pub.sandbox._server.faults.items == []  # it hit
    for name in NETWORKS:
        assert len(chain(pub, name)) == PARTS
        assert published(clone / POST)[name]["state"] == "published"


def one_network(tmp_path: Path, origin: Path, sandbox: Sandbox, network: str) -> Publisher:
    """A publisher over a content repository whose thread goes to ``network`` alone."""
    root = tmp_path / f"seed-{network}"
    root.mkdir()
    git(root, "init", "--quiet", "-b", "main")
    write_repo(root, {POST: THREAD.replace("[x, mastodon, bluesky]", f"[{network}]")}, BRAND)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", f"Add a {network} thread for 1 December")
    git(root, "remote", "add", "origin", str(origin))
    git(root, "push", "--quiet", "-u", "origin", "main")
    return Publisher(tmp_path, origin, sandbox)


def test_metrics_plan_report_and_history_work_with_a_thread(pub: Publisher) -> None:
    """A thread's figures are its first part's (where readers meet it; later parts are read by
    those who opened it); plan, report and history read the thread's entry as any other."""
    clone = pub.clone()
    assert run(pub, clone).code == 0
    x_posts, masto = pub.posts("x"), pub.posts("mastodon")
    pub.sandbox.set_metrics("x", x_posts[0]["id"], like_count=12)
    pub.sandbox.set_metrics("x", x_posts[1]["id"], like_count=99)
    pub.sandbox.set_metrics("mastodon", masto[0]["id"], favourites_count=5)
    later = (NOW + timedelta(hours=2)).isoformat()
    env = {**pub.env(), **SECRETS}
    metrics = smm(clone, env, "metrics", "--api-base", pub.sandbox.url, "--now", later)
    assert metrics.returncode == 0, metrics.stdout + metrics.stderr
    figures = front(clone / POST)["metrics"]
    assert figures["x"]["likes"] == 12 and figures["mastodon"]["likes"] == 5
    for command in (["plan", "--now", later], ["report", "--now", later]):
        done = smm(clone, env, *command)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (command, done.stderr)
    history = smm(clone, env, "history", POST)
    # exit 1: the seed was pushed without a pull request; smm's own part claims are not flagged
    assert history.returncode == 1 and "!! 1 change reached main without" in history.stdout
    assert "smm: claim part 2/3: posts/zerno/2026/12/01-winter-thread.md -> x" in history.stdout
    assert x_posts[0]["id"] in history.stdout


def test_a_part_claim_over_an_entry_another_run_changed_is_refused(pub: Publisher) -> None:
    """The push of a part's claim is a compare-and-swap: when origin's entry is no longer the one
    this run wrote (another run took the thread over), nothing is pushed and the part not sent."""
    from smm.content.managed import read_block, replace_block
    from smm.content.repo import open_repo
    from smm.publish.due import due_jobs
    from smm.publish.ledger import Ledger
    from smm.publish.send import write_states
    from smm.publish.thread import PartClaim, claim_part

    mine = pub.clone()
    assert run(pub, mine, failpoint="before-part-send@1").code == -signal.SIGKILL
    theirs = pub.clone()
    text = (theirs / POST).read_text(encoding="utf-8")
    block = read_block(text, "published")
    block["x"] = {**block["x"], "state": "unknown", "error": "another run's answer"}
    (theirs / POST).write_text(replace_block(text, "published", block), encoding="utf-8")
    git(theirs, "commit", "--quiet", "-am", "smm: unknown: the other run [skip ci]")
    git(theirs, "push", "--quiet", "origin", "main")

    [job] = [j for j in due_jobs(open_repo(mine), NOW, "zerno") if j.network == "x"]
    first = {"state": "published", "id": "1", "url": "https://x.com/zerno/status/1", "at": "t"}
    claim = {"state": "claimed", "at": "t", "run": "me"}
    request = PartClaim(job, {**job.previous, "parts": [first, claim]}, job.previous, 2)
    claim_part(Ledger(mine), request, write_states)
    assert request.done.is_set() and not request.ok
    assert "changed by another run" in request.error
    on_origin = read_block(pub.origin_file(POST), "published")["x"]
    assert on_origin["state"] == "unknown" and on_origin["error"] == "another run's answer"


def test_a_refused_push_between_parts_stops_the_thread_for_the_next_run(pub: Publisher) -> None:
    """Each later part is claimed (pushed) before it is sent: once origin refuses pushes, every
    thread stops after its first part, its entry (committed in the clone) lists that part, and the
    next run from the clone, origin taking pushes again, sends the rest of each chain once."""
    hook = refuse_pushes(pub.origin, accepted=1)  # the claim commit gets through, no more
    clone = pub.clone()
    first = run(pub, clone)

    assert first.code == 1 and "Traceback" not in first.stderr, first.stdout + first.stderr
    assert "refused" in first.stderr
    for name in NETWORKS:
        assert len(chain(pub, name)) == 1, name
        entry = published(clone / POST)[name]
        assert entry["state"] == "claimed" and [p["state"] for p in entry["parts"]] == ["published"]
        assert first.outcomes()[(POST, name)]["state"] == "claimed"
    assert git(clone, "status", "--porcelain") == ""

    hook.unlink()
    second = run(pub, clone)
    assert second.code == 0, second.stdout + second.stderr
    for name in NETWORKS:
        assert len(chain(pub, name)) == PARTS, name
        assert published(clone / POST)[name]["state"] == "published"
