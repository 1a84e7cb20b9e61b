"""`smm publish` with a token no request can carry (a non-ASCII character): the post is blocked
as for an unset token, before any request, its file untouched, and nothing printed or committed
quotes a character of the value."""

from __future__ import annotations

from .harness import Publisher, git
from .test_mastodon import POST, TOKEN, sandbox, seed  # noqa: F401  (the fixtures)

NAME = "SMM_ZERNO_MASTODON"
BAD = "ma+st/od=on é Ж"


def test_a_token_with_a_non_ascii_character_blocks_the_post(pub: Publisher) -> None:
    clone = pub.clone()
    before = (clone / POST).read_text(encoding="utf-8")
    run = pub.run(clone, env={NAME: BAD})

    assert run.code == 1, run.stdout + run.stderr  # blocked needs a person
    outcome = run.outcomes()[(POST, "mastodon")]
    assert outcome["state"] == "blocked" and NAME in outcome["error"], outcome
    assert pub.posts("mastodon") == []
    assert (clone / POST).read_text(encoding="utf-8") == before
    history = git(clone, "log", "--all", "-p", "--format=%B")
    for text in (run.stdout, run.stderr, history):
        assert not any(c in text for c in "éЖ") and "\\xe9" not in text and "od=on" not in text

    # with the token the sandbox knows, the same post goes out
    assert pub.run(pub.clone(), env={NAME: TOKEN}).code == 0
    assert len(pub.posts("mastodon")) == 1


def test_a_token_with_a_space_at_one_end_blocks_the_post(pub: Publisher) -> None:
    """A pasting mistake, never part of a token (the harness is a real run; that a sandbox's
    stand-in token does not replace a bad value is tests/networks/test_secret_values.py)."""
    run = pub.run(pub.clone(), env={NAME: " " + TOKEN})
    assert run.outcomes()[(POST, "mastodon")]["state"] == "blocked"
    assert pub.posts("mastodon") == []
