"""The bound the publish benchmark holds smm to (tools/bench/rate_bounds.py): each way a network
counts its window, on cases small enough to work out by hand, and every spread's calls and
accounts built as the sandbox and the brand schema expect."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "bench"))
from rate_bounds import DAY, SPREADS, Window, simulate

from smm.sandbox import Sandbox


def test_calls_without_a_limit_take_the_latency_each() -> None:
    assert simulate([{}] * 5, {}, 0.1) == pytest.approx(0.5)


def test_a_sliding_window_lets_a_call_go_a_period_after_the_one_it_replaces() -> None:
    # 2 per 10 s: calls at 0 and 1; the third at 10, the fourth at 11; the last answers at 12
    assert simulate([{"w": 1}] * 4, {"w": Window(2, 10.0, "sliding")}, 1.0) == pytest.approx(12.0)
    # units: a 2-point call fits a 3-point window once
    assert simulate([{"w": 2}] * 2, {"w": Window(3, 10.0, "sliding")}, 1.0) == pytest.approx(11.0)


def test_an_epoch_window_refills_at_its_boundary_whatever_came_before() -> None:
    # 2 per 10 s, 8 s into a window at time 0: calls at 0 and 1, the next window opens at 2
    window = Window(2, 10.0, "epoch", phase=8.0)
    assert simulate([{"w": 1}] * 4, {"w": window}, 1.0) == pytest.approx(4.0)
    # at the start of a window the third call waits the whole period
    assert simulate([{"w": 1}] * 3, {"w": Window(2, 10.0, "epoch")}, 1.0) == pytest.approx(11.0)


def test_an_opened_window_starts_with_the_first_call_after_the_last_one_closed() -> None:
    # X: 2 per 10 s from the first call: 0, 1, then 10 (a new window), 11, then 20
    assert simulate([{"w": 1}] * 5, {"w": Window(2, 10.0, "opened")}, 1.0) == pytest.approx(21.0)


def test_a_call_waits_for_every_limit_it_counts_in() -> None:
    windows = {"a": Window(1, 5.0, "sliding"), "b": Window(1, 8.0, "sliding")}
    assert simulate([{"a": 1, "b": 1}, {"a": 1, "b": 1}], windows, 1.0) == pytest.approx(9.0)


@pytest.mark.parametrize("name", sorted(SPREADS))
def test_each_spread_is_a_hundred_posts_its_sandbox_takes_and_its_limit_binds(name: str) -> None:
    spread = SPREADS[name]
    assert spread.brands * spread.per_brand == 100
    with Sandbox(**spread.sandbox):  # every option is one the network's sandbox declares
        pass
    line, secrets = spread.account(1, "brand1")
    assert line.startswith(f"  {spread.network}: {{") and secrets
    assert all(f"_env: {var}" in line for var in secrets)
    calls = list(spread.first)
    for i in range(spread.per_brand):
        calls += spread.calls(i % 4 == 3)
    # where the sandbox's clock stands at the first request (LinkedIn's: day_lead to midnight)
    epoch = DAY - spread.day_lead if spread.day_lead is not None else 0.0
    bound = simulate(calls, spread.windows(epoch), 0.1)
    assert bound > 2 * len(calls) * 0.1  # the limit, not the latency, sets it
    assert bound < 120  # a run of about a minute


def test_the_meta_and_linkedin_bounds_by_hand() -> None:
    # Facebook: 56 calls a Page (19 text posts x 2, 6 with a photo x 3), 30 a minute: the 31st
    # call goes when the first leaves the window, the last 26 then take 2.6 s
    assert simulate(_calls("facebook"), SPREADS["facebook"].windows(0.0), 0.1) == pytest.approx(
        62.6
    )
    # Threads: 10 posts x 5 calls, smm's 30 a minute: 30 at once, 20 a minute later
    assert simulate(_calls("threads"), SPREADS["threads"].windows(0.0), 0.1) == pytest.approx(62.0)
    # LinkedIn: 10 posts a day, the day ending 40 s after the first request: the 11th post's
    # POST waits for midnight, then 10 posts (3 with an image: 3 calls before their post)
    windows = SPREADS["linkedin"].windows(DAY - 40.0)
    assert simulate(_calls("linkedin"), windows, 0.1) == pytest.approx(40.0 + 19 * 0.1)


def _calls(name: str) -> list[dict[str, int]]:
    spread = SPREADS[name]
    calls = list(spread.first)
    for i in range(spread.per_brand):
        calls += spread.calls(i % 4 == 3)
    return calls
