"""The X adapter over real HTTP against the sandbox on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from dataclasses import replace
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
    UnsupportedError,
)
from smm.networks.base import Account, Outgoing, Published
from smm.networks.compose import Rendered
from smm.networks.x import X
from smm.networks.x_http import RateWindows
from smm.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
USER = "1580000000000000001"
KEYS = {
    "api_key": "xAppKeySandboxNordlicht",
    "api_secret": "xAppSecretSandboxNordlicht",
    "access_token": f"{USER}-xAccessTokenSandbox",
    "access_secret": "xAccessSecretSandboxNordlicht",
}
SETTINGS = {
    "handle": "@nordlicht",
    "user_id": USER,
    "api_key_env": "SMM_NORDLICHT_X_API_KEY",
    "api_secret_env": "SMM_NORDLICHT_X_API_SECRET",
    "access_token_env": "SMM_NORDLICHT_X_ACCESS_TOKEN",
    "access_secret_env": "SMM_NORDLICHT_X_ACCESS_SECRET",
}
PHOTO = "assets/zerno/winter-drinks-1280x720.jpg"


def outgoing(
    text: str,
    images: list[Image] | None = None,
    settings: dict[str, str] | None = None,
    keys: dict[str, str] | None = None,
    claimed_at: datetime | None = None,
) -> Outgoing:
    rendered = Rendered(
        network="x",
        text=text,
        visible=text,
        counter="twitter",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=images or [],
        hashtags=[],
        link=None,
        marking=None,
    )
    account = Account("x", {**SETTINGS, **(settings or {})}, KEYS if keys is None else keys)
    return Outgoing(rendered, account, ROOT, "posts/nordlicht/2026/12/03-x.md#x", claimed_at)


OTHER_TOKEN = "99-xAccessTokenOfAnotherUser"


def adapter(client: httpx.Client, url: str) -> X:
    made = X(client, url)
    made.windows = RateWindows()  # each test its own windows: none spent by another test
    return made


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[X]]:
    """The X sandbox that knows the test's app and tokens (ours and another user's), with
    ``options``, a client and the adapter."""
    tokens = {KEYS["access_token"]: KEYS["access_secret"], OTHER_TOKEN: KEYS["access_secret"]}
    apps = {KEYS["api_key"]: KEYS["api_secret"]}
    return start(adapter, state_dir, x_apps=apps, x_tokens=tokens, **options)


on, sb, x = fixtures(live)


def test_a_post_with_an_image_and_alt_text_goes_out_once(sb: Sandbox, x: X) -> None:
    sent = x.publish(
        outgoing(
            "Erster Schnee am Pass ❄ https://nordlicht.example/winter",
            [Image(PHOTO, "Verschneiter Pass", ())],
        )
    )
    [post] = sb.posts("x")
    assert post["id"] == sent.id and post["account"] == USER
    assert post["text"] == "Erster Schnee am Pass ❄ https://nordlicht.example/winter"
    assert post["alt_texts"] == ["Verschneiter Pass"] and post["images"][0]["format"] == "JPEG"
    assert sent.url == f"https://x.com/nordlicht/status/{sent.id}"
    assert "reply_to" not in post


def test_a_threads_part_replies_to_the_part_before(sb: Sandbox, x: X) -> None:
    first = x.publish(outgoing("Teil 1"))
    second = x.publish(replace(outgoing("Teil 2"), thread=(first,)))
    third = x.publish(replace(outgoing("Teil 3"), thread=(first, second)))
    assert [p.get("reply_to") for p in sb.posts("x")] == [None, first.id, second.id]
    assert len({first.id, second.id, third.id}) == 3


def test_a_reply_to_a_post_x_does_not_have_is_refused_and_nothing_is_stored(
    sb: Sandbox, x: X
) -> None:
    gone = Published("1999999999999999999", "https://x.com/nordlicht/status/1999999999999999999")
    with pytest.raises(NetworkError, match="deleted or not visible to you") as caught:
        x.publish(replace(outgoing("Teil 2"), thread=(gone,)))
    assert not isinstance(caught.value, (RetryableError, MaybePostedError))
    assert sb.posts("x") == []


def test_missing_keys_are_a_credentials_error_naming_the_variables(x: X) -> None:
    with pytest.raises(CredentialsError, match="SMM_NORDLICHT_X_ACCESS_SECRET") as caught:
        x.publish(outgoing("Hallo", keys={k: v for k, v in KEYS.items() if k != "access_secret"}))
    assert KEYS["access_token"] not in str(caught.value)


def test_a_wrong_secret_is_refused_with_401_and_nothing_is_posted(sb: Sandbox, x: X) -> None:
    with pytest.raises(NetworkError, match="Unauthorized") as caught:
        x.publish(outgoing("Hallo", keys={**KEYS, "api_secret": "wrong"}))
    assert caught.value.code == 401 and not isinstance(caught.value, RetryableError)
    assert sb.posts("x") == []


def test_duplicate_content_may_have_posted_and_reconcile_finds_it(sb: Sandbox, x: X) -> None:
    claimed = datetime.now(UTC)
    first = x.publish(outgoing("Gleicher Text & mehr https://nordlicht.example/a"))
    with pytest.raises(MaybePostedError, match="duplicate content"):
        x.publish(outgoing("Gleicher Text & mehr https://nordlicht.example/a"))
    found = x.reconcile(
        outgoing("Gleicher Text & mehr https://nordlicht.example/a", claimed_at=claimed)
    )
    assert found is not None and found.id == first.id and len(sb.posts("x")) == 1


def test_a_dropped_answer_is_maybe_posted_and_reconcile_finds_the_post(sb: Sandbox, x: X) -> None:
    claimed = datetime.now(UTC)
    sb.inject("x", "drop_after_store", method="tweets")
    with pytest.raises(MaybePostedError):
        x.publish(outgoing("Nach dem Abbruch", [Image(PHOTO, "Pass", ())]))
    [post] = sb.posts("x")
    found = x.reconcile(
        outgoing("Nach dem Abbruch", [Image(PHOTO, "Pass", ())], claimed_at=claimed)
    )
    assert found is not None and found.id == post["id"] and found.extra == {"reconciled": True}


def test_reconcile_finds_nothing_before_the_claim_and_none_when_absent(x: X) -> None:
    x.publish(outgoing("Alter Beitrag"))
    later = datetime.now(UTC) + timedelta(hours=1)
    assert x.reconcile(outgoing("Alter Beitrag", claimed_at=later)) is None
    assert x.reconcile(outgoing("Nie gesendet", claimed_at=datetime.now(UTC))) is None


def test_two_posts_with_the_text_cannot_be_told_apart(sb: Sandbox, x: X) -> None:
    x.publish(outgoing("Zweimal https://nordlicht.example/a"))
    x.publish(outgoing("Zweimal https://nordlicht.example/b"))  # the same once links are t.co
    with pytest.raises(UnconfirmedError, match="2 posts"):
        x.reconcile(
            outgoing(
                "Zweimal https://nordlicht.example/c",
                claimed_at=datetime.now(UTC) - timedelta(minutes=1),
            )
        )


def test_the_free_tier_cannot_reconcile_or_read_metrics(x: X) -> None:
    free = outgoing("Hallo", settings={"tier": "free"})
    with pytest.raises(UnsupportedError, match="free"):
        x.reconcile(free)
    with pytest.raises(UnsupportedError):
        x.metrics(free.account, ["1"])


def test_a_free_app_that_reads_anyway_gets_client_forbidden_as_unsupported() -> None:
    with live(x_tier="free") as free, pytest.raises(UnsupportedError, match="must use keys"):
        free.adapter.reconcile(outgoing("Hallo"))  # the brand file does not say tier: free


def test_reconcile_needs_the_numeric_user_id(x: X) -> None:
    with pytest.raises(ConfigError, match="user_id"):
        x.reconcile(outgoing("Hallo", settings={"user_id": ""}))


def test_metrics_map_public_and_non_public_figures(sb: Sandbox, x: X) -> None:
    sent = x.publish(outgoing("Mit Zahlen"))
    sb.set_metrics(
        "x",
        sent.id,
        impression_count=900,
        like_count=12,
        reply_count=3,
        retweet_count=4,
        quote_count=1,
        bookmark_count=2,
        url_link_clicks=7,
    )
    figures = x.metrics(outgoing("").account, [sent.id, "1"])
    assert figures == {
        sent.id: {"views": 900, "likes": 12, "comments": 3, "shares": 5, "saves": 2, "clicks": 7}
    }
    assert x.notes == []


def test_metrics_of_another_users_post_have_no_link_clicks_and_say_so(sb: Sandbox, x: X) -> None:
    sent = x.publish(outgoing("Fremder Blick"))
    sb.set_metrics("x", sent.id, impression_count=50, like_count=1)
    other = {**KEYS, "access_token": OTHER_TOKEN}
    account = Account("x", SETTINGS, other)
    figures = x.metrics(account, [sent.id])
    assert figures[sent.id]["views"] == 50 and "clicks" not in figures[sent.id]
    assert any("30 days" in note for note in x.notes)


def test_a_429_is_waited_out_until_the_reset(sb: Sandbox, x: X) -> None:
    sb.inject("x", "429", method="tweets", retry_after=1)
    start = time.monotonic()
    sent = x.publish(outgoing("Nach der Pause"))
    assert time.monotonic() - start >= 1.0  # waited for x-rate-limit-reset, then sent again
    assert [p["id"] for p in sb.posts("x")] == [sent.id]


def test_a_reset_beyond_the_longest_wait_is_retryable_with_retry_after(sb: Sandbox, x: X) -> None:
    sb.inject("x", "429", method="tweets", retry_after=600)
    with pytest.raises(RetryableError) as caught:
        x.publish(outgoing("Später"))
    assert caught.value.retry_after is not None and 590 <= caught.value.retry_after <= 602
    assert sb.posts("x") == []


def test_a_spent_window_waits_before_the_next_call() -> None:
    limits = {
        "tweets.create": 1,
        "media.upload": 500,
        "media.metadata": 500,
        "tweets": 15,
        "users.tweets": 10,
    }
    with live(x_limits=limits, x_window=2.0) as on:
        on.adapter.publish(outgoing("Eins"))
        began = time.monotonic()
        on.adapter.publish(outgoing("Zwei"))  # the first answer said remaining 0: wait, no 429
        assert time.monotonic() - began >= 1.0
        assert len(on.sb.posts("x")) == 2


def test_a_500_is_retryable_and_a_dropped_upload_is_safe_to_repeat(sb: Sandbox, x: X) -> None:
    sb.inject("x", "500", method="tweets")
    with pytest.raises(RetryableError):
        x.publish(outgoing("Fehler"))
    sb.inject("x", "drop_after_store", method="media.upload")
    with pytest.raises(RetryableError):
        x.publish(outgoing("Bild", [Image(PHOTO, "Pass", ())]))
    assert sb.posts("x") == []
