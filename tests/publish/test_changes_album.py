"""A Telegram album retracted through the sandbox: every photo of it is a message of its own, and
`smm publish` records their ids (``message_ids``) when it sends the album, so ``retract:`` deletes
them all with deleteMessages, once, also when a SIGKILL stops the run at any step of it."""

from __future__ import annotations

import signal

import pytest

from smm.publish.failpoints import CHANGE_POINTS

from .harness import CAKE, SEED, Publisher, Scenario, git, published

CAKE_PATH = "posts/zerno/2026/12/01-carrot-cake.md"
PHOTOS = tuple(f"assets/zerno/new-year-carousel-{n}.jpg" for n in (1, 2, 3))
ALBUM = Scenario(
    "telegram-album",
    SEED.brand,
    {
        CAKE_PATH: CAKE.replace(
            "network: [telegram, vk]",
            "network: [telegram]\nimages:\n"
            + "".join(
                f"  - {{src: {src}, alt: Морковный торт {n}}}\n" for n, src in enumerate(PHOTOS, 1)
            ).rstrip("\n"),
        )
    },
    ("telegram",),
    SEED.tokens,
    SEED.sandbox,
    PHOTOS,
)


@pytest.fixture
def scenario() -> Scenario:
    return ALBUM


def publish_and_retract(pub: Publisher) -> list[int]:
    """Publish the album, then a person's approved commit on main retracts it; its message ids."""
    first = pub.run(pub.clone())
    assert first.code == 0, first.stdout + first.stderr
    author = pub.clone("author")
    entry = published(author / CAKE_PATH)["telegram"]
    assert len(entry.get("message_ids", "")) == 3 and str(entry["message_ids"][0]) == str(
        entry["id"]
    ), (
        first.stdout,
        entry,
    )
    text = (author / CAKE_PATH).read_text(encoding="utf-8")
    text = text.replace("kind: organic\n", 'kind: organic\nretract: {telegram: "sold out"}\n', 1)
    (author / CAKE_PATH).write_text(text, encoding="utf-8")
    git(author, "commit", "--quiet", "-am", "Retract the cake album")
    git(author, "push", "--quiet", "origin", "main")
    return list(entry["message_ids"])


def assert_deleted_once(pub: Publisher, ids: list[int]) -> None:
    """Every message of the album deleted, each once; the retraction recorded; a rerun does nothing."""
    [shown] = pub.posts("telegram")
    assert shown["deleted"] is True, shown
    assert sorted(d["message_id"] for d in shown["deleted_messages"]) == ids, shown
    entry = published(pub.clone() / CAKE_PATH)["telegram"]
    assert entry["retracted"]["reason"] == "sold out" and "retracting" not in entry, entry
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == [], again.stdout
    [shown] = pub.posts("telegram")
    assert len(shown["deleted_messages"]) == len(ids) and len(pub.posts()) == 1


def test_a_retracted_album_is_deleted_whole_once(pub: Publisher) -> None:
    ids = publish_and_retract(pub)
    run = pub.run(pub.clone())
    assert run.code == 0, run.stdout + run.stderr
    assert run.state_of() == {(CAKE_PATH, "telegram"): "retracted"}
    assert_deleted_once(pub, ids)


@pytest.mark.parametrize("point", CHANGE_POINTS)
def test_sigkill_at_each_step_of_an_album_retraction(pub: Publisher, point: str) -> None:
    ids = publish_and_retract(pub)
    clone = pub.clone()
    killed = pub.run(clone, failpoint=point)
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    pub.settle()
    rerun = pub.run(clone)
    assert rerun.code == 0, rerun.stdout + rerun.stderr
    assert_deleted_once(pub, ids)
