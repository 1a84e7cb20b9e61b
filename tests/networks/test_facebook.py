"""The Facebook Page adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

from collections.abc import Sequence
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
from smm.networks.facebook import Facebook
from smm.networks.http import with_retries
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "facebook-sandbox-page-token-nordlicht"
PAGE = "100000000000002"
AURORA, SALE = (
    "assets/nordlicht/aurora-camp-1280x720.jpg",
    "assets/nordlicht/winter-sale-1200x630.jpg",
)
TEXT = (
    "Nordlicht über dem Camp.\n\nhttps://nordlicht.example/camp?utm_source=facebook\n\n#nordlicht"
)
LINK = "https://nordlicht.example/camp?utm_source=facebook"


def outgoing(
    text: str = TEXT,
    images: Sequence[str] = (),
    token: str | None = TOKEN,
    claimed_at: datetime | None = None,
    link: str | None = LINK,
    **settings: object,
) -> Outgoing:
    rendered = Rendered(
        network="facebook",
        text=text,
        visible=text,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(src, "Polarlicht", ()) for src in images],
        hashtags=["nordlicht"],
        link=link,
        marking=None,
    )
    account = Account(
        "facebook",
        {"page_id": PAGE, "token_env": "SMM_NORDLICHT_FACEBOOK_TOKEN", **settings},
        {"token": token} if token else {},
    )
    claimed = claimed_at or datetime.now(UTC) - timedelta(minutes=1)
    return Outgoing(rendered, account, ROOT, "smm-facebook-marker", claimed)


SANDBOX: dict[str, Any] = {"facebook_tokens": [TOKEN], "facebook_pages": [PAGE]}


def adapter(client: httpx.Client, url: str) -> Facebook:
    return Facebook(client, url)


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[Facebook]]:
    """The sandbox knowing the Page and its token (``options`` on top), a client and the
    adapter."""
    return start(adapter, state_dir, **{**SANDBOX, **options})


on, sb, fb = fixtures(live)


def test_a_text_post_goes_to_the_feed_with_its_link(fb: Facebook, sb: Sandbox) -> None:
    result = fb.publish(outgoing())
    [post] = sb.posts("facebook")
    assert (post["id"], post["text"], post["link"], post["images"]) == (result.id, TEXT, LINK, [])
    assert result.id.startswith(f"{PAGE}_") and result.url == post["permalink_url"]


def test_photos_are_uploaded_unpublished_then_attached_to_one_post(
    fb: Facebook, sb: Sandbox
) -> None:
    result = fb.publish(outgoing(images=[AURORA, SALE]))
    [post] = sb.posts("facebook")  # two photos, one post: nothing else reached the Page
    assert post["id"] == result.id and post["link"] is None  # the photos take the link's place
    assert [i["format"] for i in post["images"]] == ["JPEG", "JPEG"]
    assert all(i["attached_to"] == result.id for i in post["images"])


def test_a_post_whose_answer_was_lost_is_maybe_posted_and_reconciled(
    fb: Facebook, sb: Sandbox
) -> None:
    sb.inject("facebook", "drop_after_store", method="feed")
    with pytest.raises(MaybePostedError):
        fb.publish(outgoing())
    [post] = sb.posts("facebook")
    found = fb.reconcile(outgoing())
    assert found is not None and found.id == post["id"] and found.extra["reconciled"]


def test_reconcile_finds_nothing_when_the_request_never_arrived(fb: Facebook, sb: Sandbox) -> None:
    sb.inject("facebook", "drop_before_store", method="feed")
    with pytest.raises(MaybePostedError):
        fb.publish(outgoing())
    assert sb.posts("facebook") == [] and fb.reconcile(outgoing()) is None


def test_reconcile_looks_only_after_the_claim(fb: Facebook, sb: Sandbox) -> None:
    fb.publish(outgoing())
    later = datetime.now(UTC) + timedelta(hours=1)
    assert fb.reconcile(outgoing(claimed_at=later)) is None


def test_two_posts_with_the_text_since_the_claim_cannot_be_told_apart(
    fb: Facebook, sb: Sandbox
) -> None:
    fb.publish(outgoing())
    fb.publish(outgoing(text="between"))  # else Graph refuses a duplicate status
    fb.publish(outgoing())
    with pytest.raises(UnconfirmedError, match="2 posts"):
        fb.reconcile(outgoing())


def test_reconcile_pages_through_the_page_back_to_the_claim(
    sb: Sandbox, fb: Facebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    fb.publish(outgoing())
    for n in range(5):
        fb.publish(outgoing(text=f"later post {n}"))
    monkeypatch.setattr("smm.networks.facebook.PAGE", 2)  # two a page: the post is on the third
    found = fb.reconcile(outgoing())
    assert found is not None and found.id == sb.posts("facebook")[0]["id"]


def test_a_duplicate_status_is_refused_for_good(fb: Facebook) -> None:
    fb.publish(outgoing())
    with pytest.raises(NetworkError, match="Duplicate status message") as refused:
        fb.publish(outgoing())
    assert not isinstance(refused.value, RetryableError) and refused.value.code == 506


@pytest.mark.parametrize("code", [4, 17, 32, 613])
def test_throttling_codes_are_retryable_and_nothing_was_stored(
    fb: Facebook, sb: Sandbox, code: int
) -> None:
    sb.inject("facebook", "error", method="feed", code=code)
    with pytest.raises(RetryableError) as refused:
        fb.publish(outgoing())
    assert refused.value.code == code and sb.posts("facebook") == []
    assert with_retries(lambda: fb.publish(outgoing()), sleep=lambda _: None).id


def test_a_server_error_on_the_feed_may_have_posted(fb: Facebook, sb: Sandbox) -> None:
    sb.inject("facebook", "error", method="feed", code=1)
    with pytest.raises(MaybePostedError):
        fb.publish(outgoing())


def test_a_spent_page_budget_stops_the_adapter_before_meta_refuses(tmp_path: Path) -> None:
    with (
        Sandbox(state_dir=tmp_path, facebook_page_calls=2) as sb,
        httpx.Client(timeout=5) as client,
    ):
        fb = Facebook(client, sb.url)
        fb.publish(outgoing())  # feed + permalink: the budget's two calls
        with pytest.raises(RetryableError, match="nothing was sent") as held:
            fb.publish(outgoing(text="second"))
        assert held.value.retry_after and 0 < held.value.retry_after <= 86400
        assert len(sb.posts("facebook")) == 1


def test_a_bad_token_and_a_missing_page_or_token(fb: Facebook) -> None:
    with pytest.raises(NetworkError, match="Invalid OAuth access token") as refused:
        fb.publish(outgoing(token="wrong"))
    assert refused.value.code == 190 and not isinstance(refused.value, RetryableError)
    with pytest.raises(CredentialsError, match="SMM_NORDLICHT_FACEBOOK_TOKEN"):
        fb.publish(outgoing(token=None))
    with pytest.raises(ConfigError, match="page_id"):
        fb.publish(outgoing(page_id=""))


def test_a_thread_is_refused(fb: Facebook) -> None:
    part = outgoing()
    threaded = Outgoing(
        part.rendered, part.account, ROOT, "m", part.claimed_at, (Published("1", ""),)
    )
    with pytest.raises(NetworkError, match="no threads"):
        fb.publish(threaded)


def test_a_first_comment_goes_under_the_post_and_is_found_again(fb: Facebook, sb: Sandbox) -> None:
    post = fb.publish(outgoing())
    comment = outgoing(text="Mehr Bilder im Album!", link=None)
    sb.inject("facebook", "drop_after_store", method="comments")
    with pytest.raises(MaybePostedError):
        fb.publish_comment(comment, post)
    [stored] = [p for p in sb.posts("facebook") if p.get("comment")]
    assert stored["reply_to"] == post.id and stored["text"] == "Mehr Bilder im Album!"
    found = fb.reconcile_comment(comment, post)
    assert found is not None and found.id == stored["id"] and "comment_id=" in found.url
    assert fb.reconcile_comment(outgoing(text="another", link=None), post) is None
    assert [p["id"] for p in sb.posts("facebook") if not p.get("comment")] == [post.id]


def test_a_first_comment_sent_twice_cannot_be_told_apart(fb: Facebook) -> None:
    post = fb.publish(outgoing())
    comment = outgoing(text="Mehr Bilder im Album!", link=None)
    first = fb.publish_comment(comment, post)
    assert first.id and fb.publish_comment(comment, post).id != first.id
    with pytest.raises(UnconfirmedError, match="2 comments"):
        fb.reconcile_comment(comment, post)


def test_metrics_are_reactions_comments_shares_and_the_insights_still_valid(
    fb: Facebook, sb: Sandbox
) -> None:
    shared = fb.publish(outgoing())
    quiet = fb.publish(outgoing(text="quiet"))
    fb.publish_comment(outgoing(text="first!", link=None), quiet)
    sb.set_metrics("facebook", shared.id, reactions=40, comments=7, shares=3, views=900, reach=610)
    sb.set_metrics("facebook", shared.id, clicks=25)
    figures = fb.metrics(outgoing().account, [shared.id, quiet.id])
    assert figures[shared.id] == {
        "reactions": 40,
        "comments": 7,
        "shares": 3,
        "views": 900,
        "reach": 610,
        "clicks": 25,
    }
    assert figures[quiet.id] == {
        "reactions": 0,
        "comments": 1,
        "shares": 0,
        "views": 0,
        "reach": 0,
        "clicks": 0,
    }
