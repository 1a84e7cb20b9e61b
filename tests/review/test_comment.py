"""The comment marker logic: one review comment per pull request, created once and then updated,
against a loopback fake of GitHub's REST API (real HTTP, GitHub's paths, Link pagination, auth)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from smm.errors import NetworkError, UsageError
from smm.review.comment import (
    MAX_COMMENT_CHARS,
    MAX_INPUT_BYTES,
    bound_body,
    review_comment,
    upsert_comment,
)
from smm.review.render import MARKER

from .fake_github import FakeGitHub

BOT = "github-actions[bot]"
TOKEN = "ghs_test"


def body(text: str) -> str:
    return f"{MARKER}\n## smm review\n\n{text}\n"


@pytest.fixture
def gh():
    with FakeGitHub(token=TOKEN, login=BOT) as fake:
        yield fake


def comments(gh: FakeGitHub, n: int = 7) -> list[dict]:
    return gh.comments.get(("acme", "content", n), [])


def test_creates_the_comment_when_there_is_none(gh):
    gh.add_comment("acme", "content", 7, "Looks good to me", "client")
    done = upsert_comment("acme/content", 7, body("one"), TOKEN, api_url=gh.url)
    assert done.action == "created"
    assert [c["body"] for c in comments(gh)] == ["Looks good to me", body("one")]
    assert comments(gh)[1]["user"]["login"] == BOT and done.id == comments(gh)[1]["id"]
    assert ("POST", "/repos/acme/content/issues/7/comments") in gh.log


def test_updates_the_comment_when_it_is_there(gh):
    first = upsert_comment("acme/content", 7, body("one"), TOKEN, api_url=gh.url)
    gh.add_comment("acme", "content", 7, "please move it to Friday", "client")
    second = upsert_comment("acme/content", "7", body("two"), TOKEN, api_url=gh.url)
    assert (first.action, second.action) == ("created", "updated")
    assert second.id == first.id
    assert [c["body"] for c in comments(gh)] == [body("two"), "please move it to Friday"]
    assert ("PATCH", f"/repos/acme/content/issues/comments/{first.id}") in gh.log
    third = upsert_comment("acme/content", 7, body("two"), TOKEN, api_url=gh.url)
    assert third.action == "unchanged" and len(comments(gh)) == 2
    assert sum(1 for method, _ in gh.log if method in ("POST", "PATCH")) == 2


def test_a_marker_comment_by_another_user_is_never_touched(gh):
    quoted = gh.add_comment("acme", "content", 7, body("quoted by a person"), "mallory")
    done = upsert_comment("acme/content", 7, body("ours"), TOKEN, api_url=gh.url)
    assert done.action == "created" and done.id != quoted["id"]
    assert [(c["user"]["login"], c["body"]) for c in comments(gh)] == [
        ("mallory", body("quoted by a person")),
        (BOT, body("ours")),
    ]
    # a bot comment without the marker at the start is not ours either
    gh.add_comment("acme", "content", 8, "deploy preview ready " + MARKER, BOT)
    assert upsert_comment("acme/content", 8, body("x"), TOKEN, api_url=gh.url).action == "created"
    assert len(comments(gh, 8)) == 2


def test_finds_its_comment_on_a_later_page(gh):
    gh.max_per_page = 10
    for i in range(23):
        gh.add_comment("acme", "content", 7, f"comment {i}", "client")
    ours = gh.add_comment("acme", "content", 7, body("old"), BOT)
    for i in range(5):
        gh.add_comment("acme", "content", 7, f"later {i}", "client")
    done = upsert_comment("acme/content", 7, body("new"), TOKEN, api_url=gh.url)
    assert done.action == "updated" and done.id == ours["id"]
    gets = [path for method, path in gh.log if method == "GET"]
    assert gets == [
        "/repos/acme/content/issues/7/comments?per_page=100",
        "/repos/acme/content/issues/7/comments?per_page=10&page=2",
        "/repos/acme/content/issues/7/comments?per_page=10&page=3",
    ]
    assert len(comments(gh)) == 29 and ours["body"] == body("new")


def test_reads_every_page_before_creating(gh):
    gh.max_per_page = 10
    for i in range(25):
        gh.add_comment("acme", "content", 7, f"comment {i}", "client")
    assert upsert_comment("acme/content", 7, body("x"), TOKEN, api_url=gh.url).action == "created"
    assert sum(1 for method, _ in gh.log if method == "GET") == 3


def test_a_wrong_token_is_an_error_that_names_no_secret(gh):
    with pytest.raises(NetworkError) as err:
        upsert_comment("acme/content", 7, body("x"), "ghs_wrong", api_url=gh.url)
    assert "HTTP 401 Bad credentials" in str(err.value) and "ghs_wrong" not in str(err.value)
    assert comments(gh) == []


def test_head_sha_guards_which_pull_request_is_written(gh):
    gh.pulls[("acme", "content", 7)] = "a" * 40
    skipped = upsert_comment("acme/content", 7, body("x"), TOKEN, api_url=gh.url, head_sha="b" * 40)
    assert skipped.action == "skipped" and "not this run's pull request" in skipped.reason
    assert comments(gh) == [] and not any(m in ("POST", "PATCH") for m, _ in gh.log)
    assert (
        upsert_comment(
            "acme/content", 7, body("x"), TOKEN, api_url=gh.url, head_sha="a" * 40
        ).action
        == "created"
    )


@pytest.mark.parametrize("pr", ["0", "-3", "7; rm -rf /", "1e3", "", "12345678901", "７"])
def test_the_pull_request_number_must_be_a_plain_integer(gh, pr):
    with pytest.raises(UsageError):
        upsert_comment("acme/content", pr, body("x"), TOKEN, api_url=gh.url)
    assert gh.log == []


@pytest.mark.parametrize("repo", ["acme", "acme/content/x", "../x/y", "acme/con tent"])
def test_the_repository_must_be_owner_slash_name(gh, repo):
    with pytest.raises(UsageError):
        upsert_comment(repo, 7, body("x"), TOKEN, api_url=gh.url)


def test_the_body_is_checked_and_bounded():
    with pytest.raises(UsageError, match="does not start with"):
        bound_body("hello " + MARKER)
    with pytest.raises(UsageError, match="over 1,048,576 bytes"):
        bound_body(MARKER + "x" * (1 << 20))
    long = MARKER + "\n" + "\n".join(["```text", *(["строка " * 20] * 2000), "```"]) + "\n"
    cut = bound_body(long)
    assert len(cut) <= MAX_COMMENT_CHARS and cut.startswith(MARKER)
    assert cut.count("\n```\n") == 1 and cut.endswith("job summary.*\n")  # the open fence is closed
    assert bound_body(body("short")) == body("short")


def test_a_long_review_is_posted_cut_to_the_limit(gh):
    long = MARKER + "\n" + "абв\n" * 40000
    assert upsert_comment("acme/content", 7, long, TOKEN, api_url=gh.url).action == "created"
    assert len(comments(gh)[0]["body"]) <= MAX_COMMENT_CHARS


def test_review_comment_posts_the_body_file(gh, tmp_path: Path):
    file = tmp_path / "review.md"
    file.write_text(body("from a file"), encoding="utf-8")
    done = review_comment("acme/content", "7", file, TOKEN, api_url=gh.url)
    assert done.action == "created"
    assert [c["body"] for c in comments(gh)] == [body("from a file")]


def test_review_comment_refuses_a_body_file_it_cannot_take(gh, tmp_path: Path):
    huge, binary, missing = tmp_path / "huge.md", tmp_path / "binary.md", tmp_path / "missing.md"
    huge.write_bytes(MARKER.encode() + b"x" * MAX_INPUT_BYTES)
    binary.write_bytes(MARKER.encode() + b"\n\xff\xfe")
    expected = {
        huge: f"{huge}: over {MAX_INPUT_BYTES:,} bytes; not a review smm wrote",
        binary: f"{binary}: cannot read (",
        missing: f"{missing}: cannot read ([Errno 2] No such file or directory",
    }
    for file, message in expected.items():
        with pytest.raises(UsageError) as refused:
            review_comment("acme/content", 7, file, TOKEN, api_url=gh.url)
        assert str(refused.value).startswith(message), str(refused.value)
    assert comments(gh) == []


def test_the_cli_reads_token_and_api_from_the_environment(gh, tmp_path: Path):
    file = tmp_path / "review.md"
    file.write_text(body("cli"), encoding="utf-8")
    env = {**os.environ, "GITHUB_TOKEN": TOKEN, "GITHUB_API_URL": gh.url}

    def smm(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "smm", "review-comment", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    first = smm("--repo", "acme/content", "--pr", "7", "--body-file", str(file))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        "smm review-comment: created https://github.com/acme/content/pull/7#issuecomment-"
    )
    file.write_text(body("cli again"), encoding="utf-8")
    second = smm("--repo", "acme/content", "--pr", "7", "--body-file", str(file))
    assert second.stdout.startswith("smm review-comment: updated ")
    assert [c["body"] for c in comments(gh)] == [body("cli again")]
    bad = smm("--repo", "acme/content", "--pr", "7 && id", "--body-file", str(file))
    assert (
        bad.returncode == 2
        and bad.stderr.startswith("smm: --pr: ")
        and "Traceback" not in bad.stderr
    )
    env["GITHUB_TOKEN"] = "nope"
    refused = smm("--repo", "acme/content", "--pr", "7", "--body-file", str(file))
    assert refused.returncode == 2 and "HTTP 401" in refused.stderr and "nope" not in refused.stderr
