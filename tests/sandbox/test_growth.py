"""Sandbox figures that grow with a post's age (sandbox/growth.py): deterministic per post, never
decreasing, consistent, in each network's own names; a test's figures win; flat metrics give 0."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smm.networks.registry import sandboxes
from smm.sandbox import (
    Sandbox,
    bsky_repo,
    fb_posts,
    ig_media,
    li_store,
    mastodon_store,
    ok,
    threads,
    tme,
    vk,
    x_tweets,
)
from smm.sandbox.growth import DAY, HOUR, PROFILES, grown

#: each network's figure names as its sandbox answers them and set_metrics takes them
NAMES: dict[str, tuple[str, ...]] = {
    "telegram": tme.FIGURES,
    "vk": vk.COUNTERS + vk.REACH_FIELDS,
    "ok": ok.METRICS,
    "instagram": tuple(ig_media.METRICS),
    "x": x_tweets.FIGURES,
    "mastodon": mastodon_store.FIGURES,
    "bluesky": tuple(bsky_repo.FIGURES),
    "facebook": fb_posts.FIGURES,
    "threads": threads.METRICS,
    "linkedin": li_store.STATISTICS,
}
AGES = (0, 60, HOUR, 1.5 * HOUR, 6 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY)
IDS = [str(n) for n in range(1, 41)]
VK_TOKEN, TG_TOKEN = "vk-token", "1:tg-token"
MASTODON = {"Authorization": "Bearer mastodon-token"}


def test_the_profiles_are_the_registrys_networks_in_their_own_names() -> None:
    assert set(PROFILES) == set(sandboxes()) == set(NAMES)
    for network, profile in PROFILES.items():
        assert set(grown(network, "1", DAY)) <= set(NAMES[network]), network
        assert {*profile.shares, *profile.sums} <= set(NAMES[network]), network


@pytest.mark.parametrize("network", sorted(PROFILES))
def test_the_same_post_at_the_same_age_has_the_same_figures_and_posts_differ(
    network: str,
) -> None:
    day = [grown(network, post_id, DAY) for post_id in IDS]
    assert day == [grown(network, post_id, DAY) for post_id in IDS]
    assert len({tuple(sorted(figures.items())) for figures in day}) > len(IDS) // 2
    assert grown(network, "7", DAY) != grown("vk" if network != "vk" else "ok", "7", DAY)


@pytest.mark.parametrize("network", sorted(PROFILES))
def test_figures_never_decrease_with_age_and_start_at_0(network: str) -> None:
    for post_id in IDS:
        series = [grown(network, post_id, age) for age in AGES]
        assert set(series[0].values()) == {0} and grown(network, post_id, -HOUR) == series[0]
        for younger, older in itertools.pairwise(series):
            assert all(older[name] >= younger[name] for name in younger), (post_id, older)


#: the figure of each network that counts its audience (Mastodon and Bluesky show none)
AUDIENCE = {"telegram": "views", "vk": "views", "ok": "views", "instagram": "views"}


@pytest.mark.parametrize("network", [*AUDIENCE, "x"])
def test_most_of_the_audience_comes_in_the_first_day_then_a_slow_tail(network: str) -> None:
    main = AUDIENCE.get(network, "impression_count")
    for post_id in IDS:
        hour, day, week, month = (
            grown(network, post_id, age)[main] for age in (HOUR, DAY, 7 * DAY, 30 * DAY)
        )
        assert 0 < hour < day < week <= month, post_id
        assert day >= 0.6 * month and hour <= 0.3 * month, (post_id, hour, day, month)


def test_the_figures_agree_with_each_other() -> None:
    for post_id in IDS:
        for age in AGES[1:]:
            v = grown("vk", post_id, age)
            assert v["reach_total"] == v["reach_subscribers"] + v["reach_viral"] <= v["views"]
            assert v["comments"] <= v["reposts"] + v["likes"] <= v["views"]
            assert v["links"] <= v["views"]
            i = grown("instagram", post_id, age)
            assert i["reach"] <= i["views"] == i["impressions"] and i["likes"] <= i["reach"]
            parts = ("likes", "comments", "saved", "shares")
            assert i["total_interactions"] == sum(i[name] for name in parts)
            x = grown("x", post_id, age)
            assert x["like_count"] <= x["impression_count"]
            assert x["url_link_clicks"] <= x["impression_count"]
            o = grown("ok", post_id, age)
            assert max(o["likes"], o["comments"], o["reshares"]) <= o["views"]
    week = [grown("vk", post_id, 7 * DAY) for post_id in IDS]
    rates = [v["likes"] / v["views"] for v in week]
    assert all(0.01 <= rate <= 0.07 for rate in rates)  # engagement: a few % of views


# --- through the APIs, on the sandbox's clock -----------------------------------------------


@pytest.fixture
def sb(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path / "state", vk_per_second=1000) as sandbox:
        yield sandbox


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as client:
        yield client


def vk_call(http: httpx.Client, url: str, method: str, **params: Any) -> Any:
    sent = http.post(
        f"{url}/method/{method}", data={**params, "access_token": VK_TOKEN, "v": "5.199"}
    )
    return sent.json()["response"]


def vk_figures(http: httpx.Client, url: str, post_id: int) -> dict[str, int]:
    [item] = vk_call(http, url, "wall.getById", posts=f"-5_{post_id}")["items"]
    [reach] = vk_call(http, url, "stats.getPostReach", owner_id=-5, post_ids=post_id)
    counters = {name: item[name]["count"] for name in vk.COUNTERS}
    return {**counters, **{k: v for k, v in reach.items() if k != "post_id"}}


def tme_views(http: httpx.Client, url: str) -> list[str]:
    page = http.get(f"{url}/_t.me/s/zerno").text
    return re.findall(r'tgme_widget_message_views">([^<]*)<', page)


def mastodon_figures(http: httpx.Client, url: str, status_id: str) -> dict[str, int]:
    status = http.get(f"{url}/api/v1/statuses/{status_id}", headers=MASTODON).json()
    return {name: status[name] for name in mastodon_store.FIGURES}


def publish(http: httpx.Client, sb: Sandbox) -> tuple[int, str]:
    """A VK wall post, a Telegram channel post and a Mastodon status, all now: (vk id, status id)."""
    post_id = vk_call(http, sb.url, "wall.post", owner_id=-5, from_group=1, message="Зима")[
        "post_id"
    ]
    sent = http.post(
        f"{sb.url}/bot{TG_TOKEN}/sendMessage", data={"chat_id": "@zerno", "text": "Hi"}
    )
    assert sent.json()["ok"] is True
    status = http.post(
        f"{sb.url}/api/v1/statuses", data={"status": "Hallo"}, headers=MASTODON
    ).json()["id"]
    return post_id, str(status)


def test_figures_grow_on_the_sandbox_clock_as_grown_says(sb: Sandbox, http: httpx.Client) -> None:
    post_id, status = publish(http, sb)
    assert set(vk_figures(http, sb.url, post_id).values()) == {0}  # just out
    assert tme_views(http, sb.url) == ["0"]
    seen = []
    for age in (1.5 * HOUR, DAY, 7 * DAY):
        sb.config.clock_offset = age  # the clock a run pinned with --now moves
        figures = vk_figures(http, sb.url, post_id)
        # the post is ``age`` old plus the seconds the test has taken so far
        key = f"-5/{post_id}"
        assert grown("vk", key, age) == {k: figures[k] for k in grown("vk", key, age)} or (
            grown("vk", key, age)["views"]
            <= figures["views"]
            <= grown("vk", key, age + 30)["views"]
        )
        assert figures["reach_total"] <= figures["views"] and figures["likes"] <= figures["views"]
        masto = mastodon_figures(http, sb.url, status)
        seen.append((figures["views"], figures["likes"], tme_views(http, sb.url), masto))
    views = [s[0] for s in seen]
    assert 0 < views[0] < views[1] < views[2] and seen[2][1] > 0
    assert all(s[2] != ["0"] for s in seen) and seen[2][3]["favourites_count"] > 0


def test_the_same_post_shows_the_same_figures_after_a_restart(tmp_path: Path) -> None:
    shown = []
    for _ in range(2):
        with (
            Sandbox(state_dir=tmp_path / "state", clock_offset=DAY) as sandbox,
            httpx.Client(timeout=5.0) as http,
        ):
            if not sandbox.posts():
                vk_call(http, sandbox.url, "wall.post", owner_id=-5, from_group=1, message="Зима")
            sandbox.config.clock_offset = 3 * DAY  # the post is two days old, both times
            shown.append(vk_figures(http, sandbox.url, 1)["views"])
    assert abs(shown[0] - shown[1]) <= 1 and shown[0] > 0  # the same but for the seconds between


def test_figures_a_test_sets_win_for_that_post_and_the_rest_are_0(
    sb: Sandbox, http: httpx.Client
) -> None:
    post_id, status = publish(http, sb)
    sb.set_metrics("vk", post_id, views=900, links=7)
    sb.set_metrics("telegram", 1, views=12_345)
    sb.set_metrics("mastodon", status, favourites_count=4)
    sb.config.clock_offset = 7 * DAY
    figures = vk_figures(http, sb.url, post_id)
    assert figures == {**dict.fromkeys(figures, 0), "views": 900, "links": 7}
    assert tme_views(http, sb.url) == ["12.3K"]
    assert mastodon_figures(http, sb.url, status) == {
        **dict.fromkeys(mastodon_store.FIGURES, 0),
        "favourites_count": 4,
    }
    sb.set_metrics("vk", post_id, likes=30)  # what was set before stays
    assert vk_figures(http, sb.url, post_id)["views"] == 900
    with pytest.raises(ValueError, match="vk has no figure"):
        sb.set_metrics("vk", post_id, favourites=1)


def test_flat_metrics_keep_every_figure_at_0(http: httpx.Client) -> None:
    with Sandbox(flat_metrics=True, vk_per_second=1000) as sb:
        post_id, status = publish(http, sb)
        sb.config.clock_offset = 7 * DAY
        assert set(vk_figures(http, sb.url, post_id).values()) == {0}
        assert tme_views(http, sb.url) == ["0"]
        assert set(mastodon_figures(http, sb.url, status).values()) == {0}
        sb.set_metrics("vk", post_id, views=5)  # a test's figures still count
        assert vk_figures(http, sb.url, post_id)["views"] == 5


def test_smm_sandbox_grows_figures_unless_told_flat_metrics(
    tmp_path: Path, http: httpx.Client
) -> None:
    # a post of a day ago: made by a sandbox whose clock runs a day behind, kept in its state
    with Sandbox(state_dir=tmp_path, clock_offset=-DAY, vk_per_second=1000) as before:
        sent = vk_call(http, before.url, "wall.post", owner_id=-5, from_group=1, message="Зима")
    for flags in ([], ["--flat-metrics"]):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "smm",
                "sandbox",
                "--port",
                "0",
                "--state",
                str(tmp_path),
                *flags,
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("SMM_SANDBOX_")},
        )
        try:
            assert proc.stdout is not None
            url = proc.stdout.readline().split()[-1]
            views = vk_figures(http, url, sent["post_id"])["views"]
            assert (views == 0) is bool(flags) and views >= 0, (flags, views)
        finally:
            proc.terminate()
            proc.wait(timeout=5)
