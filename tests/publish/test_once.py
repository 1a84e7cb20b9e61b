"""A run publishes each due (post, network) exactly once; a second run publishes nothing."""

from __future__ import annotations

from pathlib import Path

from .harness import DUE, NETWORKS, POSTS, TOKENS, Publisher, git, published, strip_published


def test_a_run_publishes_each_due_post_once_and_commits_claim_then_result(
    pub: Publisher, seed: Path
) -> None:
    clone = pub.clone()
    run = pub.run(clone)

    assert run.code == 0, run.stdout + run.stderr
    assert run.state_of() == dict.fromkeys(DUE, "published")
    assert run.data and run.data["counts"] == {"published": 4} and run.data["dry_run"] is False

    # the sandbox has exactly one post per (post, network), with the post's text
    for network in NETWORKS:
        assert len(pub.posts(network)) == len(POSTS)
    pub.assert_no_duplicates()
    tg_ids = {p["id"] for p in pub.posts("telegram")}
    vk_ids = {p["id"] for p in pub.posts("vk")}

    # the post files (in the clone and on origin) carry the result: state, id and url
    for path in POSTS:
        for where in (clone, None):
            entries = published(clone / path) if where else _origin_published(pub, path)
            for network in NETWORKS:
                entry = entries[network]
                assert entry["state"] == "published", entry
                assert entry["id"] in (tg_ids if network == "telegram" else vk_ids)
                expected = (
                    "https://t.me/zerno/" if network == "telegram" else "https://vk.com/wall-1_"
                )
                assert entry["url"] == expected + entry["id"]
    assert run.outcomes()[(DUE[0][0], DUE[0][1])]["url"].startswith("https://")

    # origin: the seed commit, then the claim (pushed before any network was called), then results
    log = pub.origin_log()
    subjects = [s for s, _ in log]
    assert subjects[0].startswith("Add the zerno brand")
    claim = next(i for i, s in enumerate(subjects) if s.startswith("smm: claim 4 post(s)"))
    results = [i for i, s in enumerate(subjects) if s.startswith("smm: ") and i != claim]
    assert results and min(results) > claim
    claim_body = log[claim][1]
    for path, network in DUE:
        assert f"publish: {path} -> {network}" in claim_body
    result_text = "\n".join(s + "\n" + b for s, b in (log[i] for i in results))
    for path, network in DUE:
        entry = published(clone / path)[network]
        assert f"published: {path} -> {network} {entry['url']}" in result_text
    # the claim commit itself records `claimed` with a marker, before the network was called
    claim_sha = git(pub.origin, "rev-list", "--reverse", "main").split()[claim]
    claimed_text = git(pub.origin, "show", f"{claim_sha}:{DUE[0][0]}")
    assert 'state: "claimed"' in claimed_text and "marker:" in claimed_text
    # every bot commit says [skip ci] so it does not re-trigger the workflow
    assert all("[skip ci]" in s for s in subjects[1:])

    # the clone is level with origin and clean
    assert git(clone, "rev-parse", "HEAD") == git(pub.origin, "rev-parse", "main")
    assert git(clone, "status", "--porcelain", "--untracked-files=no") == ""

    # secrets appear nowhere: not in the output, not in the commits
    history = git(pub.origin, "log", "-p", "main")
    for token in TOKENS.values():
        assert token not in run.stdout + run.stderr
        assert token not in history

    # a second run (same clone, and a fresh clone) publishes nothing and exits 0
    head = git(pub.origin, "rev-parse", "main")
    for again in (clone, pub.clone()):
        second = pub.run(again)
        assert second.code == 0, second.stdout + second.stderr
        assert second.data and second.data["outcomes"] == []
    assert git(pub.origin, "rev-parse", "main") == head
    for network in NETWORKS:
        assert len(pub.posts(network)) == len(POSTS)


def test_a_dry_run_says_it_sends_nothing(pub: Publisher) -> None:
    """The text header of a dry run says nothing goes out, not where it would be sent."""
    clone = pub.clone()
    run = pub.run(clone, "--dry-run", "--format", "text")
    assert run.code == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[0] == "smm publish: dry run: nothing is sent or committed"
    assert "sending to" not in run.stdout and pub.posts("telegram") == []


def test_the_rewrite_leaves_every_other_byte_of_the_post_alone(pub: Publisher, seed: Path) -> None:
    clone = pub.clone()
    before = {path: (clone / path).read_text(encoding="utf-8") for path in POSTS}
    run = pub.run(clone)
    assert run.code == 0, run.stdout + run.stderr
    for path, text in before.items():
        after = (clone / path).read_text(encoding="utf-8")
        assert after != text
        assert "published:" not in text and "published:" in after
        assert strip_published(after) == text, path
        # only whole lines were added: the published: key and one line per network
        added = after.splitlines()
        assert len(added) == len(text.splitlines()) + 1 + len(NETWORKS)
    # the comments, the quoting and the key order of the hand-written front matter survive
    menu = (clone / "posts/zerno/2026/12/01-winter-menu.md").read_text(encoding="utf-8")
    assert menu.startswith(
        "---\n# Зимнее меню: согласовано с @zerno-marketing\n"
        "title: 'Открываем зимнее меню'   # quoted on purpose\n"
        'time: "2026-12-01 10:00"\n'
    )


def _origin_published(pub: Publisher, path: str) -> dict:
    import yaml

    text = pub.origin_file(path)
    return (yaml.safe_load(text.split("---\n", 2)[1]) or {}).get("published") or {}
