"""Two publishers on two clones of one origin, started at the same moment: one post per (post, network)."""

from __future__ import annotations

from .harness import DUE, NETWORKS, POSTS, Publisher, git


def test_two_publishers_at_once_never_post_twice(pub: Publisher) -> None:
    for round_ in range(2):  # two rounds: the race goes either way, or none
        if round_:
            _reset(pub)
        first, second = pub.clone(), pub.clone()
        procs = [pub.start(first), pub.start(second)]
        runs = [pub.finish(p) for p in procs]

        for run in runs:
            assert run.data is not None and "Traceback" not in run.stderr, run.stdout + run.stderr
            sent = [o for o in run.outcomes().values() if o["note"] != "reconciled"]
            if run.code != 0:
                # the one allowed exception: a run that fetched only after the other had pushed
                # its claims takes them for a crashed run's and reconciles them (test_overlap.py);
                # it never sends, and says `unknown` for what it cannot look up (Telegram)
                assert {o["state"] for o in sent} == {"unknown"}, run.stdout
                assert all("an earlier run claimed it" in o["error"] for o in sent)
        pub.assert_no_duplicates()
        for network in NETWORKS:
            assert len(pub.posts(network)) == len(POSTS) * (round_ + 1)
        # each (post, network) was sent by exactly one of them; the other found it taken (or found it there)
        published_by = [
            key
            for run in runs
            for key, o in run.outcomes().items()
            if o["state"] == "published" and o["note"] != "reconciled"
        ]
        assert sorted(published_by) == DUE
        # origin's history has every result, and neither run wrote over the other's
        assert set(pub.origin_states().values()) == {"published"}
        log = "\n".join(s + "\n" + b for s, b in pub.origin_log())
        for path, network in DUE:
            assert log.count(f"published: {path} -> {network} ") >= 1
        # and the two clones can be brought level with origin without conflicts
        for clone in (first, second):
            git(clone, "pull", "--quiet", "--ff-only")
            assert git(clone, "rev-parse", "HEAD") == git(pub.origin, "rev-parse", "main")


def _reset(pub: Publisher) -> None:
    """Start again: origin's main becomes a new history (no claims in it) of the same posts with
    new times and texts. In one history they would be the same posts, claimed already."""
    clone = pub.clone()
    git(clone, "checkout", "--quiet", "--orphan", "round-two")
    for path in POSTS:
        file = clone / path
        text = file.read_text(encoding="utf-8")
        head, body = text.split("---\n", 2)[1], text.split("---\n", 2)[2]
        head = "\n".join(
            line
            for line in head.splitlines()
            if not line.startswith(("published:", "  telegram:", "  vk:"))
        )
        head = head.replace("10:00", "10:20").replace("10:15", "10:25")
        file.write_text(f"---\n{head}\n---\nЕщё раз: {body}", encoding="utf-8")
    git(clone, "add", "--all")
    git(clone, "commit", "--quiet", "-m", "Both posts again, later in the morning")
    git(clone, "push", "--quiet", "--force", "origin", "round-two:main")
