"""The Mastodon adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from smm.content.model import Image
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
)
from smm.networks.base import Account, Outgoing
from smm.networks.compose import Rendered
from smm.networks.http import RateLimiter, with_retries
from smm.networks.mastodon import Mastodon
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "mastodon-sandbox-user-token-nordlicht"
JPEG, PNG = "assets/zerno/winter-drinks-1280x720.jpg", "assets/zerno/logo.png"
FAST = RateLimiter(1000, 1.0)  # tests that are not about pacing skip the 300 per 5 minutes
TEXT = (
    "Schichten statt frieren.\n\nDer Guide: https://nordlicht.example/guides/layering?utm_source=mastodon"
    "\n\n#nordlicht #zwiebelprinzip"
)


def outgoing(
    text: str = TEXT,
    images: Sequence[tuple[str, str | None]] = (),
    token: str | None = TOKEN,
    marker: str = "smm-0123456789abcdef",
    claimed_at: datetime | None = None,
    warning: str | None = None,
    **settings: object,
) -> Outgoing:
    rendered = Rendered(
        network="mastodon",
        text=text,
        visible=text,
        counter="mastodon",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(src, alt, ()) for src, alt in images],
        hashtags=[],
        link=None,
        marking=None,
        content_warning=warning,
    )
    fields = {"instance": "https://mastodon.example", "token_env": "SMM_MASTODON", **settings}
    account = Account("mastodon", fields, {"token": token} if token else {})
    return Outgoing(rendered, account, ROOT, marker, claimed_at)


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path / "state", mastodon_tokens=[TOKEN]) as sandbox:
        yield sandbox


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


@pytest.fixture
def masto(sb: Sandbox, client: httpx.Client) -> Mastodon:
    return Mastodon(client, sb.url, limiter=FAST, media_limiter=FAST)


def now() -> datetime:
    return datetime.now(UTC)


def test_a_post_becomes_one_public_status_with_the_marker_as_idempotency_key(
    sb: Sandbox, masto: Mastodon
) -> None:
    sent = masto.publish(outgoing(language="de"))
    [post] = sb.posts("mastodon")
    assert (post["id"], post["text"], post["visibility"]) == (sent.id, TEXT, "public")
    assert post["language"] == "de" and post["spoiler_text"] == ""
    assert post["idempotency_key"] == "smm-0123456789abcdef"
    assert sent.url == f"{sb.url}/@{post['username']}/{post['id']}"


def test_images_go_up_with_their_alt_text_and_processing_is_waited_for(
    tmp_path: Path, client: httpx.Client
) -> None:
    with Sandbox(mastodon_tokens=[TOKEN], mastodon_processing=0.3) as sb:
        masto = Mastodon(client, sb.url, limiter=FAST, media_limiter=FAST)
        sent = masto.publish(outgoing(images=[(JPEG, "Latte on a table"), (PNG, None)]))
        [post] = sb.posts("mastodon")
    assert post["id"] == sent.id and sent.extra["media_ids"] == post["media_ids"]
    assert [i["sha256"] for i in post["images"]] == [
        hashlib.sha256((ROOT / src).read_bytes()).hexdigest() for src in (JPEG, PNG)
    ]
    assert [i["alt"] for i in post["images"]] == ["Latte on a table", None]


def test_media_still_processing_past_the_bound_fails_before_any_status(
    client: httpx.Client,
) -> None:
    with Sandbox(mastodon_tokens=[TOKEN], mastodon_processing=30.0) as sb:
        masto = Mastodon(client, sb.url, limiter=FAST, media_limiter=FAST)
        masto.poll_timeout = 0.3
        with pytest.raises(NetworkError, match="still processing after 0 s; nothing was published"):
            masto.publish(outgoing(images=[(JPEG, "alt")]))
        assert sb.posts("mastodon") == []


def test_content_warning_visibility_and_reply_go_with_the_status(
    sb: Sandbox, masto: Mastodon
) -> None:
    first = masto.publish(outgoing(warning="Spoiler: Preise", visibility="unlisted"))
    part = outgoing(text="Teil 2", marker="smm-2", warning="Spoiler: Preise", visibility="unlisted")
    reply = masto.publish(replace(part, thread=(first,)))
    posts = {p["id"]: p for p in sb.posts("mastodon")}
    assert posts[first.id]["spoiler_text"] == "Spoiler: Preise"
    assert posts[first.id]["visibility"] == "unlisted" and "reply_to" not in posts[first.id]
    assert posts[reply.id]["reply_to"] == first.id
    assert posts[reply.id]["visibility"] == "unlisted"  # a self-reply as visible as the account


def test_a_retry_within_the_hour_returns_the_same_status_and_stores_nothing_new(
    sb: Sandbox, masto: Mastodon
) -> None:
    first = masto.publish(outgoing())
    again = masto.publish(outgoing())
    assert again.id == first.id and len(sb.posts("mastodon")) == 1
    sb.config.clock_offset += 3601  # Mastodon forgets the key after an hour
    assert masto.publish(outgoing()).id != first.id and len(sb.posts("mastodon")) == 2


def test_a_5xx_is_retried_with_the_same_key_and_posts_once(sb: Sandbox, masto: Mastodon) -> None:
    sb.inject("mastodon", "500", method="statuses.create")
    sent = with_retries(lambda: masto.publish(outgoing()), sleep=lambda s: None)
    assert [p["id"] for p in sb.posts("mastodon")] == [sent.id]


def test_a_429_is_retryable_after_the_reset_the_instance_names(
    sb: Sandbox, masto: Mastodon
) -> None:
    sb.inject("mastodon", "429", method="statuses.create")
    with pytest.raises(RetryableError, match="HTTP 429: Too many requests") as caught:
        masto.publish(outgoing())
    assert caught.value.retry_after is not None and 0 <= caught.value.retry_after <= 301
    assert sb.posts("mastodon") == []


def test_the_rate_limit_window_refuses_with_429_and_the_adapter_does_not_post(
    client: httpx.Client,
) -> None:
    with Sandbox(mastodon_tokens=[TOKEN], mastodon_api_limit=2) as sb:
        masto = Mastodon(client, sb.url, limiter=FAST, media_limiter=FAST)
        masto.publish(outgoing(marker="a"))
        masto.publish(outgoing(text="zwei", marker="b"))
        with pytest.raises(RetryableError) as caught:
            masto.publish(outgoing(text="drei", marker="c"))
        assert len(sb.posts("mastodon")) == 2 and caught.value.retry_after is not None


def test_refusals_become_the_right_errors(
    sb: Sandbox, masto: Mastodon, client: httpx.Client
) -> None:
    with pytest.raises(NetworkError, match="Text character limit of 500 exceeded") as long:
        masto.publish(outgoing(text="x" * 490, warning="y" * 11))  # counted together
    assert not isinstance(long.value, RetryableError)
    with pytest.raises(NetworkError, match="HTTP 401: The access token is invalid"):
        masto.publish(outgoing(token="wrong"))
    with pytest.raises(CredentialsError, match="SMM_MASTODON"):
        masto.publish(outgoing(token=None))
    with pytest.raises(NetworkError, match="5 images: a status holds at most 4"):
        masto.publish(outgoing(images=[(JPEG, None)] * 5))
    with pytest.raises(ConfigError, match="needs 'instance'"):
        Mastodon(client).publish(outgoing(instance=""))
    assert sb.posts("mastodon") == []


def test_without_a_sandbox_the_account_s_instance_is_asked(client: httpx.Client) -> None:
    masto = Mastodon(client)
    assert masto._base(outgoing(instance="social.example").account) == "https://social.example"
    assert masto._base(outgoing(instance="https://a.example/").account) == "https://a.example"


@pytest.mark.parametrize("kind", ["drop_after_store", "drop_before_store"])
def test_a_dropped_answer_is_maybe_posted_and_reconcile_tells_which(
    sb: Sandbox, masto: Mastodon, kind: str
) -> None:
    claim = now()
    sb.inject("mastodon", kind, method="statuses.create")
    with pytest.raises(MaybePostedError):
        masto.publish(outgoing(images=[(JPEG, "alt")], claimed_at=claim))
    found = masto.reconcile(outgoing(images=[(JPEG, "alt")], claimed_at=claim))
    stored = sb.posts("mastodon")
    if kind == "drop_after_store":
        assert found is not None and found.id == stored[0]["id"] and found.extra["reconciled"]
    else:
        assert found is None and stored == []


def test_reconcile_reads_back_to_the_claim_across_pages(sb: Sandbox, masto: Mastodon) -> None:
    masto.publish(outgoing())  # the same text, long before the claim
    sb.config.clock_offset += 3 * 3600
    claim = now() + timedelta(hours=3)
    ours = masto.publish(outgoing(marker="ours"))
    for n in range(45):  # a busy account: ours is on the second page
        masto.publish(outgoing(text=f"Neuigkeit {n}", marker=f"n{n}"))
    found = masto.reconcile(outgoing(claimed_at=claim))
    assert found is not None and found.id == ours.id
    assert masto.reconcile(outgoing(text="nie gesendet", claimed_at=claim)) is None
    # the content warning and the number of images are part of what must match
    assert masto.reconcile(outgoing(claimed_at=claim, warning="CW")) is None


def test_reconcile_cannot_tell_two_matches_or_without_a_claim_time(
    sb: Sandbox, masto: Mastodon
) -> None:
    claim = now()
    masto.publish(outgoing(marker="one"))
    masto.publish(outgoing(marker="two"))
    with pytest.raises(UnconfirmedError, match="2 statuses since the claim"):
        masto.reconcile(outgoing(claimed_at=claim))
    with pytest.raises(UnconfirmedError, match="no claim time"):
        masto.reconcile(outgoing())


def test_reconcile_gives_up_past_its_pages(sb: Sandbox, masto: Mastodon) -> None:
    claim = now()
    for n in range(201):
        masto.publish(outgoing(text=f"Post {n}", marker=f"p{n}"))
    with pytest.raises(UnconfirmedError, match="more than 200 statuses since the claim"):
        masto.reconcile(outgoing(text="Post 0", claimed_at=claim))


def test_metrics_map_favourites_replies_reblogs_and_quotes(sb: Sandbox, masto: Mastodon) -> None:
    a = masto.publish(outgoing(marker="a"))
    b = masto.publish(outgoing(text="zwei", marker="b"))
    sb.set_metrics("mastodon", a.id, favourites_count=12, reblogs_count=3, replies_count=2)
    sb.set_metrics("mastodon", b.id, quotes_count=4, reblogs_count=1)
    figures = masto.metrics(outgoing().account, [a.id, b.id, "113000000000099999"])
    assert figures == {
        a.id: {"likes": 12, "comments": 2, "shares": 3},
        b.id: {"likes": 0, "comments": 0, "shares": 5},  # a quote counts as a share
    }


def test_lint_counts_the_content_warning_with_the_text_as_the_instance_does() -> None:
    from smm.rules import network_rules

    limit = network_rules("mastodon").limit("text.limit")
    rendered = outgoing(text="x" * 490, warning="y" * 11).rendered
    rendered.limit = limit
    assert rendered.length == 501 and rendered.over_limit()
    assert not outgoing(text="x" * 490, warning="y" * 10).rendered.length > 500


# --- edits and retractions (networks/base.py Editing, Retracting) ------------------------------


def test_an_edit_puts_the_new_text_and_the_images_again_and_keeps_the_id(
    sb: Sandbox, masto: Mastodon
) -> None:
    logo = ("assets/zerno/logo.png", "Логотип")
    live = masto.publish(outgoing("Before the fix", [logo]))
    masto.edit(outgoing("After the fix", [logo]), live)
    (status,) = sb.posts("mastodon")
    assert status["id"] == live.id and status["text"] == "After the fix"
    assert len(status["edited"]) == 1 and len(status["media_ids"]) == 1 and status["edited_at"]
    assert masto.live_text(outgoing().account, live) == "After the fix"  # the source, not HTML


def test_a_retraction_deletes_and_a_second_finds_it_gone(sb: Sandbox, masto: Mastodon) -> None:
    live = masto.publish(outgoing("To be deleted"))
    account = outgoing().account
    masto.retract(account, live)
    masto.retract(account, live)  # 404: already gone, which is what was asked
    assert sb.posts("mastodon")[0]["deleted"] is True
    assert masto.live_text(account, live) is None
    assert masto.reconcile(outgoing("To be deleted", claimed_at=now())) is None  # not listed
