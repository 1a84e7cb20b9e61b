"""The Instagram adapter over real HTTP: the sandbox on 127.0.0.1 fetches the images from a loopback
file server over the repository, as Meta fetches them from a public URL (no mocks)."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
from livecase import Live, fixtures, polling_fast, start
from PIL import Image as PILImage

from smm.content.model import Image
from smm.errors import (
    ConfigError,
    CredentialsError,
    MaybePostedError,
    NetworkError,
    RetryableError,
)
from smm.networks.base import METRIC_KEYS, Account, Outgoing
from smm.networks.compose import Rendered
from smm.networks.http import RateLimiter, with_retries
from smm.networks.instagram import GRAPH_VERSION, Instagram
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "EAAGsandboxInstagramUserToken123"
USER = "17841400000000001"
SQUARE = "assets/zerno/winter-menu-1080.jpg"
CAROUSEL = [
    "assets/zerno/new-year-carousel-1.jpg",
    "assets/zerno/new-year-carousel-2.jpg",
    "assets/zerno/new-year-carousel-3.jpg",
]
FAST = RateLimiter(1000, 1.0)


def outgoing(
    text: str,
    images: list[str],
    base: str | None,
    *,
    token: str | None = TOKEN,
    user: str = USER,
    root: Path = ROOT,
) -> Outgoing:
    rendered = Rendered(
        network="instagram",
        text=text,
        visible=text,
        counter="codepoints",
        limit=None,
        limit_key="text.limit",
        unit="characters",
        images=[Image(s, f"alt of {Path(s).stem}", ()) for s in images],
        hashtags=[],
        link=None,
        marking=None,
    )
    settings = {"user_id": user, "token_env": "SMM_ZERNO_INSTAGRAM_TOKEN"}
    if base:
        settings["public_base_url"] = base
    return Outgoing(
        rendered=rendered,
        account=Account("instagram", settings, {"token": token} if token else {}),
        root=root,
        marker="posts/zerno/2026/12/01-menu.md#instagram",
    )


@pytest.fixture(autouse=True)
def _no_env_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMM_PUBLIC_BASE_URL", raising=False)


SANDBOX = {"instagram_tokens": [TOKEN], "instagram_users": [USER], "instagram_processing": 0.05}


def live(state_dir: Path | None = None, **options: Any) -> AbstractContextManager[Live[Instagram]]:
    """The sandbox knowing TOKEN and USER (``options`` on top), the file server over the
    repository Meta fetches the images from, a client and the adapter, polling fast."""
    return start(polling_fast(Instagram, FAST), state_dir, files=ROOT, **{**SANDBOX, **options})


on, sb, ig = fixtures(live)


@pytest.fixture
def files(on: Live[Instagram]) -> FileServer:
    assert on.files is not None
    return on.files


@pytest.fixture
def client(on: Live[Instagram]) -> httpx.Client:
    return on.client


def containers(sb: Sandbox) -> dict:
    return sb.state.data.get("ig_containers", {})


def sha(path: str) -> str:
    return hashlib.sha256((ROOT / path).read_bytes()).hexdigest()


def test_single_image_with_caption_and_alt_text(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    published = ig.publish(outgoing("Зимнее меню уже в кофейнях #кофе", [SQUARE], files.url))
    [post] = sb.posts("instagram")
    assert (post["id"], post["account"], post["text"]) == (
        published.id,
        USER,
        "Зимнее меню уже в кофейнях #кофе",
    )
    assert post["media_type"] == "IMAGE" and post["alt_texts"] == ["alt of winter-menu-1080"]
    assert [i["sha256"] for i in post["images"]] == [
        sha(SQUARE)
    ]  # the bytes Meta fetched are the repo's
    assert post["images"][0]["url"] == f"{files.url}/{SQUARE}"
    assert published.url == post["permalink"] and published.url.startswith(
        "https://www.instagram.com/p/"
    )


def test_carousel_of_three_children_then_one_caption(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    published = ig.publish(outgoing("Новогодняя карусель", CAROUSEL, files.url))
    [post] = sb.posts("instagram")
    assert post["media_type"] == "CAROUSEL_ALBUM" and post["text"] == "Новогодняя карусель"
    assert [i["sha256"] for i in post["images"]] == [sha(s) for s in CAROUSEL]
    assert post["alt_texts"] == [f"alt of {Path(s).stem}" for s in CAROUSEL]
    made = containers(sb)
    assert len(made) == 4 and published.extra["container"] == post["container"]
    assert sorted(c["is_carousel_item"] for c in made.values()) == [False, True, True, True]
    assert all(c["caption"] == "" for c in made.values() if c["is_carousel_item"])


def test_polls_status_until_finished() -> None:
    waits: list[float] = []
    with live(instagram_processing=5.0) as on:
        # each wait moves the sandbox's clock instead of the test's: a loaded machine polls alike
        slow = Instagram(
            on.client,
            on.sb.url,
            limiter=FAST,
            sleep=lambda s: (waits.append(s), on.sb.advance_clock(s)),
        )
        slow.publish(outgoing("slow", [SQUARE], on.base))
    assert sum(waits) >= 5.0 and waits == sorted(waits)  # IN_PROGRESS seen, waited with backoff
    assert len(on.sb.posts("instagram")) == 1


@pytest.mark.parametrize("end", ["ERROR", "EXPIRED"])
def test_a_container_that_ends_in_error_or_expired_is_refused(end: str) -> None:
    with (
        live(instagram_processing=0.0, instagram_container_end=end) as on,
        pytest.raises(NetworkError) as info,
    ):
        on.adapter.publish(outgoing("x", [SQUARE], on.base))
    assert type(info.value) is NetworkError and info.value.code == end and end in str(info.value)
    assert on.sb.posts() == []


def test_polling_is_bounded() -> None:
    with live(instagram_processing=30.0) as on:
        on.adapter.poll_first, on.adapter.poll_timeout = 0.05, 0.3
        with pytest.raises(NetworkError, match="not FINISHED after"):
            on.adapter.publish(outgoing("x", [SQUARE], on.base))
    assert on.sb.posts() == []


def test_an_exhausted_quota_is_refused_before_any_container() -> None:
    with live(instagram_processing=0.0, instagram_quota=1) as on:
        on.adapter.publish(outgoing("one", [SQUARE], on.base))
        before = len(containers(on.sb))
        with pytest.raises(NetworkError, match="quota used up: 1 of 1 posts in 24 h"):
            on.adapter.publish(outgoing("two", [SQUARE], on.base))
        assert len(containers(on.sb)) == before and len(on.sb.posts()) == 1


@pytest.mark.parametrize("kind", ["404", "closed-port", "not-an-image"])
def test_an_unreachable_image_url_is_refused_before_anything_is_created(
    sb: Sandbox, ig: Instagram, files: FileServer, kind: str
) -> None:
    if kind == "404":
        out, error = outgoing("x", ["assets/zerno/missing.jpg"], files.url), "answers HTTP 404"
    elif kind == "closed-port":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        out, error = outgoing("x", [SQUARE], f"http://127.0.0.1:{port}"), "cannot be reached"
    else:
        out, error = outgoing("x", ["README.md"], files.url), "not an image"
    with pytest.raises(NetworkError, match=error) as info:
        ig.publish(out)
    assert "nothing was sent to Instagram" in str(info.value)
    assert containers(sb) == {} and sb.posts() == []


def test_no_public_base_url_is_a_clear_error_and_the_env_variable_wins(
    sb: Sandbox, ig: Instagram, files: FileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ConfigError, match="public_base_url"):  # the brand file's, not the network's
        ig.publish(outgoing("x", [SQUARE], None))
    monkeypatch.setenv("SMM_PUBLIC_BASE_URL", files.url)
    ig.publish(outgoing("x", [SQUARE], "https://raw.githubusercontent.invalid/o/r/main"))
    assert sb.posts()[0]["images"][0]["url"].startswith(files.url)


@pytest.fixture
def odd_images(tmp_path: Path) -> Iterator[tuple[FileServer, Path]]:
    root = tmp_path / "repo"
    (root / "assets").mkdir(parents=True)
    PILImage.new("RGB", (1080, 1080), (10, 20, 30)).save(root / "assets/square.png", "PNG")
    PILImage.new("RGB", (2000, 500), (10, 20, 30)).save(root / "assets/banner.jpg", "JPEG")
    PILImage.new("RGB", (500, 1000), (10, 20, 30)).save(root / "assets/tall.jpg", "JPEG")
    with FileServer(root) as server:
        yield server, root


@pytest.mark.parametrize(
    "src,code,subcode",
    [
        ("assets/square.png", 36001, 2207005),
        ("assets/banner.jpg", 36003, 2207009),
        ("assets/tall.jpg", 36003, 2207009),
    ],
)
def test_the_sandbox_refuses_png_and_ratios_like_meta(
    sb: Sandbox, ig: Instagram, odd_images, src: str, code: int, subcode: int
) -> None:
    server, root = odd_images
    with pytest.raises(NetworkError) as info:
        ig.publish(outgoing("x", [src], server.url, root=root))
    assert type(info.value) is NetworkError and info.value.code == code
    assert f"subcode {subcode}" in str(info.value) and sb.posts() == []


@pytest.mark.parametrize(
    "code,method,error,retry_after",
    [
        (4, "media", RetryableError, None),
        (17, "content_publishing_limit", RetryableError, None),
        (32, "media", RetryableError, None),
        (613, "media_publish", RetryableError, None),
        (9, "media_publish", RetryableError, 3600.0),
        (9007, "media_publish", RetryableError, 5.0),
        (1, "media", RetryableError, None),
        (1, "media_publish", MaybePostedError, None),
        (100, "media", NetworkError, None),
        (190, "media_publish", NetworkError, None),
        (9004, "media", NetworkError, None),
        (10, "media_publish", NetworkError, None),
    ],
)
def test_each_graph_error_code_maps_onto_the_error_tree(
    sb: Sandbox,
    ig: Instagram,
    files: FileServer,
    code: int,
    method: str,
    error: type,
    retry_after: float | None,
) -> None:
    sb.inject("instagram", "error", method=method, code=code)
    with pytest.raises(NetworkError) as info:
        ig.publish(outgoing("x", [SQUARE], files.url))
    assert type(info.value) is error and info.value.code == code
    if error is RetryableError:
        assert info.value.retry_after == retry_after
    assert sb.posts() == []  # the injected error came instead of the call: nothing stored


@pytest.mark.parametrize(
    "kind,method,error,code",
    [
        ("429", "media_publish", RetryableError, 4),
        ("500", "media_publish", RetryableError, 2),
        ("drop_before_store", "media", RetryableError, None),
        ("drop_after_store", "media", RetryableError, None),
        ("drop_before_store", "insights", None, None),
    ],
)
def test_shared_faults(
    sb: Sandbox,
    ig: Instagram,
    files: FileServer,
    kind: str,
    method: str,
    error: type | None,
    code: int | None,
) -> None:
    sb.inject("instagram", kind, method=method)
    if error is None:  # a fault on a call publish does not make waits for a later call
        ig.publish(outgoing("x", [SQUARE], files.url))
        return
    with pytest.raises(NetworkError) as info:
        ig.publish(outgoing("x", [SQUARE], files.url))
    assert type(info.value) is error and info.value.code == code and sb.posts() == []


def test_a_drop_after_media_publish_stored_it_may_be_posted_and_reconcile_finds_it(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    sb.inject("instagram", "drop_after_store", method="media_publish")
    out = outgoing("Пост, ответ на который потерялся", CAROUSEL, files.url)
    with pytest.raises(MaybePostedError):
        ig.publish(out)
    [post] = sb.posts("instagram")
    found = ig.reconcile(out)
    assert found is not None and (found.id, found.url) == (post["id"], post["permalink"])
    assert found.extra["reconciled"] is True
    assert ig.reconcile(outgoing("Другой текст", CAROUSEL, files.url)) is None
    assert (
        ig.reconcile(outgoing("Пост, ответ на который потерялся", [SQUARE], files.url)) is None
    )  # not one image


def test_a_wrong_token_is_190_and_never_shown(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    with pytest.raises(NetworkError) as info:
        ig.publish(outgoing("x", [SQUARE], files.url, token="EAAGstolenToken999"))
    assert type(info.value) is NetworkError and info.value.code == 190
    assert "stolen" not in str(info.value) and sb.posts() == []


def test_an_unknown_user_and_a_missing_token(sb: Sandbox, ig: Instagram, files: FileServer) -> None:
    with pytest.raises(NetworkError) as info:
        ig.publish(outgoing("x", [SQUARE], files.url, user="17841499999999999"))
    assert info.value.code == 100 and "subcode 33" in str(info.value)
    with pytest.raises(CredentialsError, match="SMM_ZERNO_INSTAGRAM_TOKEN"):
        ig.publish(outgoing("x", [SQUARE], files.url, token=None))


def test_metrics_map_fields_and_insights_onto_metric_keys(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    first = ig.publish(outgoing("one", [SQUARE], files.url))
    second = ig.publish(outgoing("two", CAROUSEL, files.url))
    sb.set_metrics(
        "instagram", first.id, likes=12, comments=3, reach=400, views=950, saved=7, shares=2
    )
    sb.set_metrics("instagram", second.id, likes=0)  # figures set: the others are 0 too
    sb.config.clock_offset = 24 * 3600  # a day later: insights are there
    figures = ig.metrics(
        Account("instagram", {"user_id": USER}, {"token": TOKEN}), [first.id, second.id]
    )
    assert figures[first.id] == {
        "likes": 12,
        "comments": 3,
        "reach": 400,
        "views": 950,
        "saves": 7,
        "shares": 2,
    }
    assert figures[second.id] == {
        "likes": 0,
        "comments": 0,
        "reach": 0,
        "views": 0,
        "saves": 0,
        "shares": 0,
    }
    assert set(figures[first.id]) <= set(METRIC_KEYS) and ig.notes == []


def test_a_new_posts_empty_insights_give_no_figures_rather_than_zeros(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    new = ig.publish(outgoing("только что", [SQUARE], files.url))
    sb.set_metrics("instagram", new.id, likes=4, comments=1, reach=90)
    sb.config.clock_offset = (
        3600  # an hour later Meta may still answer insights with an empty data set
    )
    figures = ig.metrics(Account("instagram", {"user_id": USER}, {"token": TOKEN}), [new.id])
    assert figures == {new.id: {"likes": 4, "comments": 1}}  # no reach, views ...: nothing
    assert ig.notes == [
        "instagram: no insights yet for 1 post(s) (Meta may take up to 48 h); reach, views, "
        "saves and shares come with a later reading"
    ]


def test_a_spam_restriction_is_a_failure_for_a_person_not_a_rate_limit(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    sb.inject("instagram", "error", method="media_publish", code=4, subcode=2207051)
    with pytest.raises(NetworkError) as info:
        ig.publish(outgoing("x", [SQUARE], files.url))
    assert (
        type(info.value) is NetworkError and info.value.code == 4
    )  # not RetryableError: never sent again
    assert "We restrict certain activity to protect our community" in str(info.value)
    assert "subcode 2207051" in str(info.value) and "publish it in the Instagram app" in str(
        info.value
    )
    assert sb.posts() == []


def test_a_vanished_media_builder_is_waited_out_and_published_with_a_new_container(
    sb: Sandbox, ig: Instagram, files: FileServer
) -> None:
    sb.inject("instagram", "error", method="media_publish", code=24, subcode=2207008)
    out = outgoing("Временная ошибка Meta", [SQUARE], files.url)
    with pytest.raises(RetryableError) as info:
        ig.publish(out)
    assert info.value.code == 24 and info.value.retry_after == 30.0 and sb.posts() == []
    sb.inject("instagram", "error", method="media_publish", code=24, subcode=2207008)
    waits: list[float] = []
    published = with_retries(
        lambda: ig.publish(out), sleep=waits.append
    )  # as the publisher calls it
    assert waits == [30.0] and [p["id"] for p in sb.posts("instagram")] == [published.id]
    assert len(containers(sb)) == 3  # one per attempt; the unpublished ones expire on their own


def test_the_version_is_in_the_path(sb: Sandbox, client: httpx.Client) -> None:
    answer = client.get(
        f"{sb.url}/{GRAPH_VERSION}/{USER}/content_publishing_limit",
        params={"fields": "quota_usage,config", "access_token": TOKEN},
    ).json()
    assert answer == {
        "data": [{"quota_usage": 0, "config": {"quota_total": 50, "quota_duration": 86400}}]
    }
