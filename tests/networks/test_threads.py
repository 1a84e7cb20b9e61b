"""The Threads adapter over real HTTP: the sandbox on 127.0.0.1 fetches the images from a loopback
file server over the repository, as Meta fetches them from a public URL (no mocks)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from livecase import Live, fixtures, polling_fast, start

from smm.content.model import Image
from smm.errors import (
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
)
from smm.networks.base import METRIC_KEYS, Account, Outgoing, Published
from smm.networks.compose import Rendered, hashtags_in
from smm.networks.http import RateLimiter
from smm.networks.threads import MAX_CAROUSEL, Threads, topic_tag
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "THAAsandboxThreadsUserToken123"
USER = "25000000000000001"
JACKETS = [f"assets/nordlicht/fjell-jacket-{n}.jpg" for n in (1, 2, 3)]
CAMP = "assets/nordlicht/aurora-camp-1280x720.jpg"
FAST = RateLimiter(1000, 1.0)


def outgoing(
    text: str,
    images: Sequence[str] = (),
    base: str | None = None,
    *,
    token: str | None = TOKEN,
    thread: tuple[Published, ...] = (),
    claimed_at: datetime | None = None,
) -> Outgoing:
    rendered = Rendered(
        network="threads",
        text=text,
        visible=text,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(s, f"alt of {Path(s).stem}", ()) for s in images],
        hashtags=hashtags_in(text),
        link=None,
        marking=None,
    )
    settings = {"user_id": USER, "token_env": "SMM_NORDLICHT_THREADS_TOKEN"}
    if base:
        settings["public_base_url"] = base
    return Outgoing(
        rendered=rendered,
        account=Account("threads", settings, {"token": token} if token else {}),
        root=ROOT,
        marker="posts/nordlicht/2026/12/05-x.md#threads",
        claimed_at=claimed_at,
        thread=thread,
    )


@pytest.fixture(autouse=True)
def _no_env_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMM_PUBLIC_BASE_URL", raising=False)


SANDBOX = {"threads_tokens": [TOKEN], "threads_users": [USER], "threads_processing": 0.05}


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[Threads]]:
    """The sandbox knowing TOKEN and USER (``options`` on top), the file server over the
    repository Meta fetches the images from, a client and the adapter, polling fast."""
    return start(polling_fast(Threads, FAST), state_dir, files=ROOT, **{**SANDBOX, **options})


on, sb, th = fixtures(live)


@pytest.fixture
def files(on: Live[Threads]) -> FileServer:
    assert on.files is not None
    return on.files


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def test_a_text_post_takes_its_one_hashtag_as_topic_tag(sb: Sandbox, th: Threads) -> None:
    done = th.publish(outgoing("Der erste Schnee ist da. #Wintercamping"))
    [post] = sb.posts("threads")
    assert (post["id"], post["media_type"], post["topic_tag"]) == (
        done.id,
        "TEXT_POST",
        "Wintercamping",
    )
    assert post["text"] == "Der erste Schnee ist da. #Wintercamping" and post["reply_to"] is None
    assert done.url == post["permalink"] and done.extra["container"]


@pytest.mark.parametrize(
    "tags,tag",
    [
        (["a"], "a"),
        (["Ski", "ski"], "Ski"),  # the same tag twice is one tag
        (["a", "b"], None),  # Threads takes one: lint reports the second
        ([], None),
        (["x" * 51], None),
        (["a.b"], None),
        (["a&b"], None),
    ],
)
def test_topic_tag_is_the_one_hashtag_threads_takes(tags: list[str], tag: str | None) -> None:
    assert topic_tag(tags) == tag


def test_one_image_with_alt_text_and_a_carousel_of_three(
    sb: Sandbox, th: Threads, files: FileServer
) -> None:
    th.publish(outgoing("Zeltplatz unter Polarlicht", [CAMP], files.url))
    th.publish(outgoing("Die Fjell-Jacke in drei Farben", JACKETS, files.url))
    single, carousel = sb.posts("threads")
    assert single["media_type"] == "IMAGE" and single["alt_texts"] == [
        "alt of aurora-camp-1280x720"
    ]
    assert single["images"][0]["url"] == f"{files.url}/{CAMP}"
    assert carousel["media_type"] == "CAROUSEL_ALBUM" and len(carousel["children"]) == 3
    assert carousel["alt_texts"] == [f"alt of fjell-jacket-{n}" for n in (1, 2, 3)]
    assert carousel["text"] == "Die Fjell-Jacke in drei Farben"


def test_more_images_than_a_carousel_holds_is_refused_before_anything(
    sb: Sandbox, th: Threads, files: FileServer
) -> None:
    with pytest.raises(NetworkError, match=f"at most {MAX_CAROUSEL}"):
        th.publish(outgoing("zu viele", [CAMP] * (MAX_CAROUSEL + 1), files.url))
    assert sb.state.data.get("threads_containers", {}) == {}


def test_a_threads_part_replies_to_the_part_before(sb: Sandbox, th: Threads) -> None:
    first = th.publish(outgoing("Teil 1: Zelt"))
    second = th.publish(outgoing("Teil 2: Schlafsack", thread=(first,)))
    third = th.publish(outgoing("Teil 3: Kocher", thread=(first, second)))
    posts = sb.posts("threads")
    assert [p["reply_to"] for p in posts] == [None, first.id, second.id]
    assert third.id == posts[2]["id"]


def test_an_exhausted_quota_is_refused_before_any_container(
    tmp_path: Path, client: httpx.Client
) -> None:
    with Sandbox(state_dir=tmp_path, threads_quota=1, threads_reply_quota=1) as sb:
        th = Threads(client, sb.url, limiter=FAST)
        first = th.publish(outgoing("eins"))
        made = len(sb.state.data["threads_containers"])
        with pytest.raises(NetworkError, match="1 of 1 posts in 24 h"):
            th.publish(outgoing("zwei"))
        assert len(sb.state.data["threads_containers"]) == made
        th.publish(outgoing("Antwort", thread=(first,)))  # replies have their own quota
        with pytest.raises(NetworkError, match="1 of 1 replies in 24 h"):
            th.publish(outgoing("noch eine", thread=(first,)))
        assert len(sb.posts("threads")) == 2


def test_a_lost_publish_answer_is_maybe_posted_and_reconcile_finds_it(
    sb: Sandbox, th: Threads, files: FileServer
) -> None:
    claim = datetime.now(UTC)
    sb.inject("threads", "drop_after_store", method="threads_publish")
    out = outgoing("Die Antwort ging verloren", JACKETS, files.url, claimed_at=claim)
    with pytest.raises(MaybePostedError):
        th.publish(out)
    [post] = sb.posts("threads")
    found = th.reconcile(out)
    assert found is not None and (found.id, found.url) == (post["id"], post["permalink"])
    assert found.extra["reconciled"] is True
    assert th.reconcile(outgoing("Ein anderer Text", claimed_at=claim)) is None
    later = claim + timedelta(hours=1)  # posted before the claim: not ours
    assert th.reconcile(outgoing("Die Antwort ging verloren", claimed_at=later)) is None


def test_a_reply_is_reconciled_among_the_replies_to_the_same_post(sb: Sandbox, th: Threads) -> None:
    first = th.publish(outgoing("Teil 1"))
    other = th.publish(outgoing("Ein anderer Beitrag"))
    th.publish(outgoing("Danke!", thread=(other,)))
    assert th.reconcile(outgoing("Danke!", thread=(first,))) is None  # answers another post
    assert th.reconcile(outgoing("Danke!")) is None  # a reply is not among the profile's threads
    sb.inject("threads", "drop_after_store", method="threads_publish")
    with pytest.raises(MaybePostedError):
        th.publish(outgoing("Danke!", thread=(first,)))
    found = th.reconcile(outgoing("Danke!", thread=(first,)))
    assert found is not None and found.id == sb.posts("threads")[-1]["id"]


def test_two_posts_with_the_text_since_the_claim_cannot_be_told_apart(
    sb: Sandbox, th: Threads
) -> None:
    th.publish(outgoing("doppelt"))
    th.publish(outgoing("doppelt"))
    with pytest.raises(UnconfirmedError, match="2 threads with this text"):
        th.reconcile(outgoing("doppelt"))


def test_reconcile_pages_back_through_the_profile(
    sb: Sandbox, th: Threads, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("smm.networks.threads.PAGE", 2)
    target = th.publish(outgoing("der älteste"))
    for n in range(4):
        th.publish(outgoing(f"neuer {n}"))
    found = th.reconcile(outgoing("der älteste"))
    assert found is not None and found.id == target.id
    monkeypatch.setattr("smm.networks.threads.PAGES", 2)
    with pytest.raises(UnconfirmedError, match="more than 4 threads"):
        th.reconcile(outgoing("der älteste"))


def test_metrics_map_the_insights_onto_metric_keys(sb: Sandbox, th: Threads) -> None:
    done = th.publish(outgoing("Zahlen bitte"))
    sb.set_metrics(
        "threads", done.id, views=900, likes=40, replies=7, reposts=3, quotes=2, shares=5
    )
    figures = th.metrics(outgoing("").account, [done.id, "18999999999999999"])
    assert figures == {done.id: {"views": 900, "likes": 40, "comments": 7, "shares": 10}}
    assert set(figures[done.id]) <= set(METRIC_KEYS)


@pytest.mark.parametrize(
    "kind,method,code,error",
    [
        ("429", "threads_publish", 4, RetryableError),
        ("500", "threads_publish", 2, RetryableError),
        ("error", "threads_publish", 1, MaybePostedError),  # an unknown error after the write
        ("error", "threads", 1, RetryableError),  # a container is not a post
        ("error", "threads_publish", 9, NetworkError),  # the publishing limit
        ("error", "threads_publish", 190, NetworkError),
        ("drop_before_store", "threads", None, RetryableError),
        ("drop_after_store", "threads", None, RetryableError),
        ("drop_before_store", "threads_publish", None, MaybePostedError),
    ],
)
def test_faults_map_onto_the_error_tree(
    sb: Sandbox, th: Threads, kind: str, method: str, code: int | None, error: type
) -> None:
    sb.inject("threads", kind, method=method, code=code)
    with pytest.raises(NetworkError) as info:
        th.publish(outgoing("Störung"))
    assert type(info.value) is error and info.value.code == code
    assert sb.posts("threads") == []


def test_a_container_that_ends_in_error_is_refused(tmp_path: Path, client: httpx.Client) -> None:
    with Sandbox(state_dir=tmp_path, threads_container_end="ERROR", threads_processing=0) as sb:
        with pytest.raises(NetworkError, match="is ERROR: UNKNOWN; nothing was published"):
            Threads(client, sb.url, limiter=FAST).publish(outgoing("kaputt"))
        assert sb.posts("threads") == []


def test_polling_is_bounded(tmp_path: Path, client: httpx.Client) -> None:
    with Sandbox(state_dir=tmp_path, threads_processing=60.0) as sb:
        th = Threads(client, sb.url, limiter=FAST, sleep=lambda s: None)
        th.poll_timeout = 0.05
        with pytest.raises(NetworkError, match="not FINISHED"):
            th.publish(outgoing("langsam"))


def test_a_wrong_or_missing_token(sb: Sandbox, th: Threads) -> None:
    with pytest.raises(NetworkError) as info:
        th.publish(outgoing("x", token="THAAwrong-secret-token"))
    assert info.value.code == 190 and "THAAwrong" not in info.value.one_line()
    with pytest.raises(CredentialsError, match="SMM_NORDLICHT_THREADS_TOKEN"):
        th.publish(outgoing("x", token=None))


def test_an_unreachable_image_is_refused_before_anything_is_created(
    sb: Sandbox, th: Threads
) -> None:
    with pytest.raises(NetworkError, match="nothing was sent to Threads"):
        th.publish(outgoing("x", [CAMP], "http://127.0.0.1:9"))
    assert sb.state.data.get("threads_containers", {}) == {}


def test_the_real_host_and_version_are_in_the_path(client: httpx.Client) -> None:
    assert Threads(client).host == "https://graph.threads.net"
    assert Threads(client, "http://127.0.0.1:1").host == "http://127.0.0.1:1/_graph.threads.net"
