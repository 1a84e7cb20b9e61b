"""First comments on a Facebook Page and a LinkedIn organization through `smm publish` (real git,
a real publisher process, the sandboxes over HTTP): the post goes out once, then the Page's (the
organization's) comment under it once (Facebook: ``POST /{post-id}/comments``; LinkedIn:
``/rest/socialActions/<urn>/comments``); a SIGKILL between the post and its comment resumes at
the comment, on the same clone or a fresh one, never sending either twice; a lost answer to the
comment is found again among the post's comments."""

from __future__ import annotations

import signal
from dataclasses import replace

import pytest

from smm.publish.failpoints import COMMENT_POINTS

from .harness import META, Publisher, published
from .test_first_comment import COMMENT, check_once, comments_under

PAGES = replace(
    META,
    name="facebook+linkedin-first-comment",
    networks=("facebook", "linkedin"),
    posts={
        path: text.replace(
            "network: [facebook, threads, linkedin]", "network: [facebook, linkedin]"
        ).replace("kind: organic", f"kind: organic\nfirst_comment: '{COMMENT} ({n})'", 1)
        for n, (path, text) in enumerate(META.posts.items(), 1)
    },
    public_files=False,
)
ON_PAGES = pytest.mark.parametrize("scenario", [PAGES], ids=lambda s: s.name)
#: between a post's result and its comment: the comment's claim written, committed, pushed; the
#: comment about to leave; its answer in (the first time each is reached)
BETWEEN = [
    *(f"after-part-claim-{step}@1" for step in ("write", "commit", "push")),
    *(f"{point}@1" for point in COMMENT_POINTS),
]


@ON_PAGES
def test_the_post_goes_out_then_the_pages_comment_under_it(pub: Publisher) -> None:
    clone = pub.clone()
    result = pub.run(clone)
    assert result.code == 0, result.stdout + result.stderr
    check_once(pub, clone, PAGES)
    for network, author in (("facebook", "100000000000001"), ("linkedin", None)):
        comments = [p for p in pub.posts(network) if p.get("comment")]
        assert len(comments) == 2
        if author:  # as the Page, not as a person
            assert {c["from"]["id"] for c in comments} == {author}
    entry = published(clone / next(iter(PAGES.posts)))["facebook"]
    assert "comment_id=" in entry["comment"]["url"] and entry["url"] in entry["comment"]["url"]
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data is not None and again.data["outcomes"] == []


@ON_PAGES
@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize("point", BETWEEN)
def test_killed_between_the_post_and_its_comment_the_rerun_resumes_at_the_comment(
    pub: Publisher, point: str, where: str
) -> None:
    clone = pub.clone()
    killed = pub.run(clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    pub.settle(quiet=0.3)
    tops_before = {n: [p for p in pub.posts(n) if not p.get("comment")] for n in PAGES.networks}
    assert any(tops_before.values())  # the kill came after a post went out
    again = clone if where == "same-clone" else pub.clone()
    result = pub.run(again)
    assert result.data is not None, result.stdout + result.stderr
    pub.assert_no_duplicates()
    comments = 0
    for network in PAGES.networks:
        tops = [p for p in pub.posts(network) if not p.get("comment")]
        assert tops == tops_before[network]  # no post sent by the rerun: all were claimed
        under = comments_under(pub, network)  # never two under one post
        for path in PAGES.posts:
            entry = published(again / path)[network]
            if entry["state"] == "unknown":  # claimed with the others, never sent: not found
                assert f"not found on {network}" in entry["error"] and "comment" not in entry
                continue
            assert entry["state"] == "published", entry  # never left claimed
            comment = entry["comment"]
            if comment["state"] == "unknown":  # its claim was pushed, it never left: not resent
                assert point.startswith(("after-part-claim-push", "before-comment-send"))
                assert f"not found on {network}" in comment["error"]
                assert entry["id"] not in under
                continue
            assert comment["state"] == "published", comment
            assert [c["id"] for c in under[entry["id"]]] == [comment["id"]]
            comments += 1
    if point.startswith(("after-part-claim-write", "after-part-claim-commit", "after-comment")):
        assert comments == sum(map(len, tops_before.values()))  # resumed: every post's comment
    third = pub.run(pub.clone())
    assert third.data is not None and third.data["outcomes"] == []


@ON_PAGES
def test_a_lost_answer_to_the_comment_is_found_among_the_posts_comments(pub: Publisher) -> None:
    for network in PAGES.networks:
        pub.sandbox.inject(network, "drop_after_store", method="comments")
    clone = pub.clone()
    result = pub.run(clone)
    assert result.code == 0, result.stdout + result.stderr
    assert pub.sandbox._server is not None and pub.sandbox._server.faults.items == []  # both hit
    check_once(pub, clone, PAGES)  # each comment once, its id the one the lost answer carried
