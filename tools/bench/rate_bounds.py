"""The Mastodon, Bluesky, X, Facebook, Threads and LinkedIn spreads of publish_bench.py, and the
bound their rate limits set.

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
  facebook  4 brands x 25 posts. The Page budget, 4,800 calls per 24 h times the Page's engaged
            users: a Page with 9 has 43,200 (0.5 a second), at the same rate in a 60 s window:
            30 calls, a sliding window, every call to the Page counting (photo upload, feed post,
            permalink). A full window is told in the usage headers with the minutes until a call
            frees up (Meta's unit), which smm waits out without sending. The app's 200 calls per
            user per hour are not reached.
  threads   10 brands x 10 posts. Threads' call budget is 4,800 x the profile's impressions (at
            least 10) per 24 h: 48,000, about 33 a minute at worst; smm paces itself at 30 calls
            a minute per token (networks/threads.py), unscaled, and that binds: a post is 5 calls
            (publishing limit, container, its status, threads_publish, permalink). The 250 posts
            per 24 h are not reached (at the quota smm refuses a post rather than wait a day).
  linkedin  5 brands x 20 posts. Posts per author per UTC day: 10 (``linkedin_posts_per_day``;
            LinkedIn's is 150), the sandbox's clock starting ``day_lead`` = 40 s before midnight
            UTC, so the day that ends and the one that begins are real days; a 429 is waited out
            until midnight (the answer's Date). Only POST /rest/posts counts; smm's own pace, 20
            calls a second per token, is not reached (an image adds initializeUpload, the PUT and
            GET /rest/images).

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
    public_files: bool = False  # Meta fetches the images: the clone is served on loopback
    day_lead: float | None = None  # the sandbox's clock starts this long before midnight UTC


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


def _facebook_account(b: int, slug: str) -> tuple[str, dict[str, str]]:
    var = f"BENCH_{slug.upper()}_FACEBOOK_TOKEN"
    line = f'  facebook: {{page_id: "10000000000{b:04d}", token_env: {var}}}\n'
    return line, {var: f"benchFacebookPageToken{b}"}


def _threads_account(b: int, slug: str) -> tuple[str, dict[str, str]]:
    var = f"BENCH_{slug.upper()}_THREADS_TOKEN"
    line = f'  threads: {{user_id: "25000000000{b:04d}", token_env: {var}}}\n'
    return line, {var: f"THAAbenchThreadsToken{b}"}


def _linkedin_account(b: int, slug: str) -> tuple[str, dict[str, str]]:
    var = f"BENCH_{slug.upper()}_LINKEDIN_TOKEN"
    line = f"  linkedin: {{page_id: {4200 + b}, token_env: {var}}}\n"
    return line, {var: f"AQVbenchLinkedinToken{b}"}


X_KEYS = ("api_key", "api_secret", "access_token", "access_secret")
MASTODON_API, MASTODON_PERIOD = 30, 30.0
BLUESKY_POINTS, BLUESKY_WINDOW = 25, 18.0
X_POSTS, X_WINDOW = 10, 30.0
FB_PAGE_CALLS, FB_WINDOW = 30, 60.0
THREADS_PACE, THREADS_PERIOD = 30, 60.0  # networks/threads.py: Threads.limiter
LI_POSTS_PER_DAY, LI_DAY_LEAD, LI_PACE = 10, 40.0, 20  # LI_PACE: networks/linkedin.py
DAY = 86400.0

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
    "facebook": Spread(
        "facebook",
        "facebook",
        4,
        25,
        {"facebook_page_calls": FB_PAGE_CALLS, "facebook_page_window": FB_WINDOW},
        lambda epoch: {"page": Window(FB_PAGE_CALLS, FB_WINDOW, "sliding")},
        # the photo (unpublished), the feed post, its permalink
        lambda image: [{"page": 1}] * (3 if image else 2),
        [],
        _facebook_account,
    ),
    "threads": Spread(
        "threads",
        "threads",
        10,
        10,
        {"threads_processing": 0.0},
        lambda epoch: {"pace": Window(THREADS_PACE, THREADS_PERIOD, "sliding")},
        # publishing limit, container, its status, threads_publish, permalink (an image's URL is
        # checked on the file server, not the API)
        lambda image: [{"pace": 1}] * 5,
        [],
        _threads_account,
        public_files=True,
    ),
    "linkedin": Spread(
        "linkedin",
        "linkedin",
        5,
        20,
        {"linkedin_posts_per_day": LI_POSTS_PER_DAY},
        lambda epoch: {
            "day": Window(LI_POSTS_PER_DAY, DAY, "epoch", epoch % DAY),
            "pace": Window(LI_PACE, 1.0, "sliding"),
        },
        # initializeUpload, the PUT, GET /rest/images (AVAILABLE at once); then POST /rest/posts
        lambda image: [{"pace": 1}] * (3 if image else 0) + [{"pace": 1, "day": 1}],
        [],
        _linkedin_account,
        day_lead=LI_DAY_LEAD,
    ),
}
