"""The LinkedIn adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from livecase import Live, fixtures, start

from smm.content.model import Image
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
    UnconfirmedError,
)
from smm.networks.base import Account, Outgoing, Published
from smm.networks.compose import Rendered
from smm.networks.http import RateLimiter
from smm.networks.li_metrics import FALLBACK_NOTE
from smm.networks.linkedin import LinkedIn
from smm.networks.little import escape
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "AQVlinkedinSandboxTokenForNordlicht"
ORG = "urn:li:organization:90000002"
JPEG, PNG = "assets/nordlicht/fjell-jacket-1.jpg", "assets/zerno/logo.png"
FAST = RateLimiter(1000, 1.0)
TEXT = "Reparieren statt wegwerfen (seit 2024): 1.240 Jacken, a_b *neu* #nordlicht"


def outgoing(
    text: str = TEXT,
    images: Sequence[tuple[str, str | None]] = (),
    token: str | None = TOKEN,
    claimed_at: datetime | None = None,
    thread: tuple[Published, ...] = (),
    **settings: object,
) -> Outgoing:
    rendered = Rendered(
        network="linkedin",
        text=text,
        visible=text,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(src, alt, ()) for src, alt in images],
        hashtags=[],
        link=None,
        marking=None,
    )
    fields = {"page_id": 90000002, "token_env": "SMM_LINKEDIN", **settings}
    account = Account("linkedin", fields, {"token": token} if token else {})
    return Outgoing(rendered, account, ROOT, "smm-0123456789abcdef", claimed_at, thread)


SANDBOX: dict[str, Any] = {"linkedin_tokens": [TOKEN]}


def adapter(client: httpx.Client, url: str) -> LinkedIn:
    return LinkedIn(client, url, limiter=FAST)


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[LinkedIn]]:
    """The sandbox knowing the token (``options`` on top), a client and the adapter, not
    pacing itself."""
    return start(adapter, state_dir, **{**SANDBOX, **options})


on, sb, li = fixtures(live)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=3.0) as c:
        yield c


def now() -> datetime:
    return datetime.now(UTC)


def test_a_post_goes_out_as_the_organization_and_shows_whole(sb: Sandbox, li: LinkedIn) -> None:
    sent = li.publish(outgoing())
    [post] = sb.posts("linkedin")
    assert post["id"] == sent.id and sent.id.startswith("urn:li:share:")
    assert sent.url == f"https://www.linkedin.com/feed/update/{sent.id}"
    assert (post["account"], post["visibility"], post["lifecycleState"]) == (
        ORG,
        "PUBLIC",
        "PUBLISHED",
    )
    # escaped for the little format: LinkedIn shows every character, nothing is cut
    assert (post["text"], post["truncated"], post["commentary"]) == (TEXT, False, escape(TEXT))


def test_one_image_is_media_and_several_are_a_multi_image_with_alt_text(
    sb: Sandbox, client: httpx.Client
) -> None:
    with Sandbox(linkedin_tokens=[TOKEN], linkedin_processing=0.3) as slow:
        li = LinkedIn(client, slow.url, limiter=FAST)
        one = li.publish(outgoing(images=[(JPEG, "A red jacket")]))
        two = li.publish(outgoing(text="Zwei", images=[(JPEG, "Jacket"), (PNG, None)]))
        posts = {p["id"]: p for p in slow.posts("linkedin")}
    assert [i["alt"] for i in posts[one.id]["images"]] == ["A red jacket"]
    assert [i["alt"] for i in posts[two.id]["images"]] == ["Jacket", None]
    assert [i["sha256"] for i in posts[two.id]["images"]] == [
        hashlib.sha256((ROOT / src).read_bytes()).hexdigest() for src in (JPEG, PNG)
    ]
    assert two.extra["images"] == [i["urn"] for i in posts[two.id]["images"]]


def test_more_than_twenty_images_are_refused_before_anything_is_sent(
    sb: Sandbox, li: LinkedIn
) -> None:
    with pytest.raises(NetworkError, match="at most 20"):
        li.publish(outgoing(images=[(JPEG, "x")] * 21))
    assert sb.posts("linkedin") == []


def test_a_lost_answer_is_maybe_posted_and_reconcile_finds_the_post(
    sb: Sandbox, li: LinkedIn
) -> None:
    claimed = now()
    sb.inject("linkedin", "drop_after_store", method="posts")
    with pytest.raises(MaybePostedError):
        li.publish(outgoing(images=[(JPEG, "Jacket")], claimed_at=claimed))
    [post] = sb.posts("linkedin")
    found = li.reconcile(outgoing(images=[(JPEG, "Jacket")], claimed_at=claimed))
    assert found is not None and found.id == post["id"] and found.extra["reconciled"]


def test_reconcile_says_none_when_surely_absent_and_ignores_posts_before_the_claim(
    sb: Sandbox, li: LinkedIn
) -> None:
    sb.inject("linkedin", "drop_before_store", method="posts")
    with pytest.raises(MaybePostedError):
        li.publish(outgoing())
    assert li.reconcile(outgoing(claimed_at=now())) is None
    li.publish(outgoing())  # the same text, long before a later claim
    later = now() + timedelta(hours=1)
    assert li.reconcile(outgoing(claimed_at=later)) is None
    # the same text with an image is another post
    assert (
        li.reconcile(outgoing(images=[(JPEG, "x")], claimed_at=now() - timedelta(hours=1))) is None
    )


def test_two_matching_posts_since_the_claim_cannot_be_told_apart(sb: Sandbox, li: LinkedIn) -> None:
    claimed = now()
    li.publish(outgoing())
    li.publish(outgoing())
    with pytest.raises(UnconfirmedError, match="2 posts"):
        li.reconcile(outgoing(claimed_at=claimed))
    with pytest.raises(UnconfirmedError, match="claim time"):
        li.reconcile(outgoing())


def test_the_first_comment_goes_under_the_post_once_and_is_found_again(
    sb: Sandbox, li: LinkedIn
) -> None:
    claimed = now()
    post = li.publish(outgoing())
    comment_text = "Termine (Dezember): https://nordlicht.example/werkstatt"
    first = outgoing(text=comment_text, claimed_at=claimed)
    assert li.reconcile_comment(first, post) is None
    sb.inject("linkedin", "drop_after_store", method="comments")
    with pytest.raises(MaybePostedError):
        li.publish_comment(first, post)
    found = li.reconcile_comment(first, post)
    [comment] = [p for p in sb.posts("linkedin") if p.get("comment")]
    assert found is not None and found.id == comment["id"]
    # a comment is plain text, not little: sent and shown as written
    assert (comment["reply_to"], comment["text"], comment["account"]) == (
        post.id,
        comment_text,
        ORG,
    )
    again = li.publish_comment(outgoing(text="Noch einer", claimed_at=claimed), post)
    assert again.id != found.id and again.url.startswith(post.url)


def test_metrics_come_from_share_statistics_when_the_token_may_read_them(
    sb: Sandbox, li: LinkedIn
) -> None:
    post = li.publish(outgoing())
    sb.set_metrics(
        "linkedin",
        post.id,
        impressionCount=900,
        uniqueImpressionsCount=610,
        likeCount=31,
        commentCount=4,
        shareCount=3,
        clickCount=27,
    )
    figures = li.metrics(outgoing().account, [post.id, "urn:li:share:1"])
    assert figures == {
        post.id: {
            "views": 900,
            "reach": 610,
            "likes": 31,
            "comments": 4,
            "shares": 3,
            "clicks": 27,
        }
    }
    assert li.notes == []


def test_without_rw_organization_admin_metrics_fall_back_to_social_actions(
    client: httpx.Client,
) -> None:
    scopes = ["w_organization_social", "r_organization_social"]
    with Sandbox(linkedin_tokens=[TOKEN], linkedin_scopes=scopes) as sb:
        li = LinkedIn(client, sb.url, limiter=FAST)
        post = li.publish(outgoing())
        li.publish_comment(outgoing(text="Erster!"), post)
        sb.set_metrics("linkedin", post.id, impressionCount=900, likeCount=12)
        figures = li.metrics(outgoing().account, [post.id])
    assert figures == {post.id: {"likes": 12, "comments": 1}}
    assert li.notes == [FALLBACK_NOTE]


def test_refusals_become_the_right_errors(sb: Sandbox, li: LinkedIn) -> None:
    with pytest.raises(CredentialsError, match="SMM_LINKEDIN"):
        li.publish(outgoing(token=None))
    with pytest.raises(NetworkError, match="401: Invalid access token"):
        li.publish(outgoing(token="AQVsomeoneElse"))
    with pytest.raises(ConfigError, match="page_id"):
        li.publish(outgoing(page_id=None))
    with pytest.raises(NetworkError, match="no threads"):
        li.publish(outgoing(thread=(Published("urn:li:share:1", ""),)))
    sb.inject("linkedin", "500", method="posts")
    with pytest.raises(RetryableError):
        li.publish(outgoing())
    sb.inject("linkedin", "429", method="posts")
    with pytest.raises(RetryableError) as throttled:
        li.publish(outgoing())
    # a daily limit: no Retry-After, so the wait runs to midnight UTC
    assert throttled.value.retry_after is not None and 1 <= throttled.value.retry_after <= 86400
    assert sb.posts("linkedin") == []
