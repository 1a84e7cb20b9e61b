"""The Mastodon, Bluesky and X spreads of publish_bench.py, and the bound their rate limits set.

Each spread is 100 due posts on one network, every 4th with one image, over as many brands
(one account each) as keep a run to about a minute, with the sandbox enforcing the network's
limit in a shortened window (a real window holds minutes to hours; the counts and windows below
are what the sandbox is given, so the bound is computed from them):

  mastodon  2 brands x 50 posts. Rack::Attack's 300 requests per 5 minutes per token, at the
            same rate in a 30 s window: 30 requests, fixed windows aligned to the epoch (as
            Rack::Attack counts). A post is POST /api/v1/statuses, after POST /api/v2/media for
            its image (30 uploads per 30 minutes per account, unscaled: never reached).
  bluesky   4 brands x 25 posts. The PDS's 5,000 repo-write points an hour per account, at the
            same rate in an 18 s window: 25 points, a sliding window; putRecord costs 2 points,
            so 12 posts a window. uploadBlob and createSession (once per account and run) are not
            write points.
  x         5 brands x 20 posts. POST /2/tweets per user: 10 in a window of 30 s that opens at
            the user's first request after the last one closed (X's 15-minute windows; the count
            a tier allows changes, the sandbox's default is 100 per 15 minutes). An image is
            POST /2/media/upload and POST /2/media/metadata (500 per window each: never reached).

The bound: per account, the calls of its posts one after another, each taking the latency, each
call sent at the earliest moment every limit it counts in has room (``simulate``); accounts run
in parallel, so the spread's bound is the maximum over accounts, as for Telegram and VK.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

X_ENDPOINTS = ("tweets.create", "tweets", "users.tweets", "media.upload", "media.metadata")


@dataclass(frozen=True)
class Window:
    """A rate limit: ``count`` units per ``period`` seconds, counted the way its network counts.

    kind: ``sliding`` (the last ``period`` seconds), ``epoch`` (fixed windows aligned to the
    epoch, ``phase`` seconds into one at time 0) or ``opened`` (a window opens at the first call
    after the previous one closed, as X's do)."""

    count: int
    period: float
    kind: str
    phase: float = 0.0


@dataclass
class _Use:
    window: Window
    sent: list[tuple[float, int]] = field(default_factory=list)  # (time, units)
    opened: float | None = None

    def earliest(self, t: float, units: int) -> float:
        """The earliest time at or after ``t`` when ``units`` more fit."""
        w = self.window
        if w.kind == "sliding":
            used = [(at, n) for at, n in self.sent if at > t - w.period]
            while sum(n for _, n in used) + units > w.count:
                t = used[0][0] + w.period
                used = used[1:]
            return t
        if w.kind == "epoch":
            start = ((t + w.phase) // w.period) * w.period - w.phase
            while sum(n for at, n in self.sent if at >= start) + units > w.count:
                start += w.period
                t = start
            return t
        if self.opened is None or t >= self.opened + w.period:
            return t  # a new window opens with this call
        if sum(n for at, n in self.sent if at >= self.opened) + units > w.count:
            return self.opened + w.period
        return t

    def take(self, t: float, units: int) -> None:
        w = self.window
        if w.kind == "opened" and (self.opened is None or t >= self.opened + w.period):
            self.opened = t
        self.sent.append((t, units))


def simulate(calls: list[dict[str, int]], windows: dict[str, Window], latency: float) -> float:
    """When the last of ``calls`` answers: each call ({limit name: units}) waits until every limit
    it counts in has room, then takes ``latency``; the next call starts after its answer."""
    uses = {name: _Use(w) for name, w in windows.items()}
    t = 0.0
    for call in calls:
        while True:
            ready = max([t] + [uses[name].earliest(t, n) for name, n in call.items()])
            if ready == t:
                break
            t = ready
        for name, n in call.items():
            uses[name].take(t, n)
        t += latency
    return t


@dataclass(frozen=True)
class Spread:
    """A throughput spread on one network: brands x posts, the sandbox's options, the limits."""

    name: str
    network: str
    brands: int
    per_brand: int
    sandbox: dict[str, Any]
    windows: Callable[[float], dict[str, Window]]  # the epoch's second at the first request
    calls: Callable[[bool], list[dict[str, int]]]  # one post's calls (with an image or not)
    first: list[dict[str, int]]  # the calls an account makes once per run, before its first post
    account: Callable[[int, str], tuple[str, dict[str, str]]]  # brand b -> (yaml line, secrets)


def _mastodon_account(b: int, slug: str) -> tuple[str, dict[str, str]]:
    var = f"BENCH_{slug.upper()}_MASTODON_TOKEN"
    line = f"  mastodon: {{instance: https://{slug}.example, token_env: {var}}}\n"
    return line, {var: f"benchMastodonToken{b}"}


def _bluesky_account(b: int, slug: str) -> tuple[str, dict[str, str]]:
    var = f"BENCH_{slug.upper()}_BLUESKY_APP_PASSWORD"
    line = f"  bluesky: {{handle: {slug}.bsky.social, app_password_env: {var}}}\n"
    return line, {var: f"bnch-{b:04d}-pass-word"}


def _x_account(b: int, slug: str) -> tuple[str, dict[str, str]]:
    user = f"15800000000000{b:05d}"
    keys = {f"BENCH_{slug.upper()}_X_{k.upper()}": k for k in X_KEYS}
    line = (
        f'  x: {{handle: "@{slug}", user_id: "{user}", '
        + ", ".join(f"{k}_env: {var}" for var, k in keys.items())
        + "}\n"
    )
    values = {"api_key": f"benchXApp{b}", "access_token": f"{user}-benchXToken{b}"}
    # the sandbox's default secret for any app and token: 'sandbox-token'
    return line, {var: values.get(k, "sandbox-token") for var, k in keys.items()}


X_KEYS = ("api_key", "api_secret", "access_token", "access_secret")
MASTODON_API, MASTODON_PERIOD = 30, 30.0
BLUESKY_POINTS, BLUESKY_WINDOW = 25, 18.0
X_POSTS, X_WINDOW = 10, 30.0

SPREADS = {
    "mastodon": Spread(
        "mastodon",
        "mastodon",
        2,
        50,
        {"mastodon_api_limit": MASTODON_API, "mastodon_api_period": MASTODON_PERIOD},
        lambda epoch: {
            "api": Window(MASTODON_API, MASTODON_PERIOD, "epoch", epoch % MASTODON_PERIOD),
            "media": Window(30, 1800.0, "epoch", epoch % 1800.0),
        },
        lambda image: ([{"api": 1, "media": 1}] if image else []) + [{"api": 1}],
        [],
        _mastodon_account,
    ),
    "bluesky": Spread(
        "bluesky",
        "bluesky",
        4,
        25,
        {"bluesky_write_points": BLUESKY_POINTS, "bluesky_write_window": BLUESKY_WINDOW},
        lambda epoch: {"writes": Window(BLUESKY_POINTS, BLUESKY_WINDOW, "sliding")},
        # uploadBlob for the image; putRecord, 2 points
        lambda image: ([{}] if image else []) + [{"writes": 2}],
        [{}],  # createSession: one per account and run
        _bluesky_account,
    ),
    "x": Spread(
        "x",
        "x",
        5,
        20,
        {
            "x_limits": {e: X_POSTS if e == "tweets.create" else 500 for e in X_ENDPOINTS},
            "x_window": X_WINDOW,
        },
        lambda epoch: {
            name: Window(X_POSTS if name == "tweets.create" else 500, X_WINDOW, "opened")
            for name in ("tweets.create", "media.upload", "media.metadata")
        },
        lambda image: (
            ([{"media.upload": 1}, {"media.metadata": 1}] if image else []) + [{"tweets.create": 1}]
        ),
        [],
        _x_account,
    ),
}
