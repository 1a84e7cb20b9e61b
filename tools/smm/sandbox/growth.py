"""A post's figures in the sandbox: those a test set, or figures that grow with the post's age.

Every network's sandbox answers its metric reads through ``shown``: a post a test gave figures
(``set_metrics``, kept by ``record``) shows exactly those, the rest 0, so tests that need exact
figures get them; any other post shows ``grown`` figures, or zeros when the sandbox runs with
``Config.flat_metrics`` (``--flat-metrics``, ``Sandbox(flat_metrics=True)``).

``grown`` is deterministic: the post's network and id seed a generator that draws the audience the
post ends with and each figure's share of it, so a post shows the same figures at the same age on
every run. Figures follow one curve of the age on the sandbox's clock (which follows --now): most
of the audience in the first day (a time constant of 4-9 hours), the rest over the following days
(4 days). Every figure is a share of at most 1 of that curve, rounded down, so none decreases with
age, likes and the like stay below views, and reach below views where a network has both.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smm.sandbox.state import Config, State

HOUR, DAY = 3600.0, 86400.0
SLOW_TAU = 4 * DAY  # the tail: what a post still gathers after its first day
#: where a post's figures set by a test are kept (the key's presence: figures were set)
SET = "set_figures"


@dataclass(frozen=True)
class Profile:
    """How a network's figures grow: the audience a post ends with and each figure's share of it."""

    audience: tuple[int, int]  # the audience a post ends with, low and high (drawn log-uniformly)
    shares: Mapping[str, tuple[float, float]]  # figure -> its share of the audience, low and high
    sums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # figure -> its parts


_VIEWS = {"views": (1.0, 1.0)}
_ENGAGEMENT = {"likes": (0.02, 0.06), "comments": (0.001, 0.006)}

#: Each network's own figure names (those its sandbox answers and ``set_metrics`` takes); a name a
#: network knows but its profile lacks (VK's reach_ads, Instagram's plays) stays 0.
PROFILES: dict[str, Profile] = {
    # a channel's views, from its public t.me page
    "telegram": Profile((400, 6000), _VIEWS),
    # wall.getById counters and stats.getPostReach fields; no ads, so reach is organic
    "vk": Profile(
        (800, 12000),
        {
            **_VIEWS,
            **_ENGAGEMENT,
            "reposts": (0.002, 0.01),
            "reach_subscribers": (0.45, 0.65),
            "reach_viral": (0.1, 0.25),
            "links": (0.005, 0.02),
            "to_group": (0.001, 0.004),
            "join_group": (0.0005, 0.003),
            "hide": (0.0002, 0.001),
            "report": (0.0, 0.0002),
            "unsubscribe": (0.0001, 0.0008),
        },
        {"reach_total": ("reach_subscribers", "reach_viral", "reach_ads")},
    ),
    # mediatopic.getByIds: views_count and the like/discussion/reshare summaries
    "ok": Profile((300, 5000), {**_VIEWS, **_ENGAGEMENT, "reshares": (0.002, 0.01)}),
    # media insights (and like_count, comments_count); an image post has no plays
    "instagram": Profile(
        (500, 8000),
        {
            **_VIEWS,
            "impressions": (1.0, 1.0),
            "reach": (0.6, 0.85),
            "likes": (0.03, 0.08),
            "comments": (0.002, 0.01),
            "saved": (0.003, 0.015),
            "shares": (0.001, 0.006),
            "follows": (0.0005, 0.003),
            "profile_visits": (0.005, 0.02),
            "profile_activity": (0.001, 0.005),
        },
        {"total_interactions": ("likes", "comments", "saved", "shares")},
    ),
    # public_metrics and non_public_metrics (impression_count is in both)
    "x": Profile(
        (300, 9000),
        {
            "impression_count": (1.0, 1.0),
            "like_count": (0.01, 0.04),
            "retweet_count": (0.001, 0.006),
            "reply_count": (0.0005, 0.004),
            "quote_count": (0.0, 0.001),
            "bookmark_count": (0.001, 0.005),
            "url_link_clicks": (0.003, 0.015),
            "user_profile_clicks": (0.002, 0.01),
        },
    ),
    # a status's counts; Mastodon shows no views, the audience stays hidden
    "mastodon": Profile(
        (200, 3000),
        {
            "favourites_count": (0.02, 0.06),
            "reblogs_count": (0.005, 0.02),
            "replies_count": (0.001, 0.006),
            "quotes_count": (0.0, 0.002),
        },
    ),
    # a Page post's insights (views, reach, clicks) and its reactions and shares; comments are
    # the ones stored under it
    "facebook": Profile(
        (300, 6000),
        {
            **_VIEWS,
            "reach": (0.55, 0.8),
            "clicks": (0.005, 0.02),
            "reactions": (0.02, 0.06),
            "shares": (0.001, 0.006),
        },
    ),
    # a Threads post's insights
    "threads": Profile(
        (200, 5000),
        {
            **_VIEWS,
            "likes": (0.02, 0.06),
            "replies": (0.001, 0.006),
            "reposts": (0.002, 0.01),
            "quotes": (0.0, 0.002),
            "shares": (0.001, 0.005),
        },
    ),
    # totalShareStatistics; comments add those stored under the post
    "linkedin": Profile(
        (200, 4000),
        {
            "impressionCount": (1.0, 1.0),
            "uniqueImpressionsCount": (0.6, 0.85),
            "likeCount": (0.01, 0.04),
            "shareCount": (0.001, 0.005),
            "clickCount": (0.005, 0.02),
        },
    ),
    # a postView's counts; no views either
    "bluesky": Profile(
        (200, 4000),
        {
            "likes": (0.02, 0.07),
            "reposts": (0.004, 0.015),
            "replies": (0.001, 0.006),
            "quotes": (0.0, 0.002),
            "bookmarks": (0.001, 0.004),
        },
    ),
}


def grown(network: str, post_id: str, age: float) -> dict[str, int]:
    """The figures of ``network``'s post ``post_id`` at ``age`` seconds: each figure of the
    network's profile, 0 for a post not yet out (age <= 0); none for a network without one."""
    profile = PROFILES.get(network)
    if profile is None:
        return {}
    seed = hashlib.blake2b(f"{network}\0{post_id}".encode(), digest_size=16).digest()
    draw = random.Random(seed)
    low, high = profile.audience
    audience = math.exp(draw.uniform(math.log(low), math.log(high)))
    fast_tau, fast_part = draw.uniform(4, 9) * HOUR, draw.uniform(0.7, 0.85)
    # shares are drawn before the age is looked at: the same post has the same shares at every age
    shares = {name: draw.uniform(lo, hi) for name, (lo, hi) in profile.shares.items()}
    reached = audience * _curve(max(age, 0.0), fast_tau, fast_part)
    out = {name: math.floor(reached * share) for name, share in shares.items()}
    for name, parts in profile.sums.items():
        out[name] = sum(out.get(part, 0) for part in parts)
    return out


def _curve(age: float, fast_tau: float, fast_part: float) -> float:
    """The part of its final audience a post has reached at ``age``: 0 at 0, rising to 1."""
    fast = fast_part * -math.expm1(-age / fast_tau)
    slow = (1 - fast_part) * -math.expm1(-age / SLOW_TAU)
    return fast + slow


def shown(
    config: Config, post: dict[str, Any], born: float, names: Iterable[str]
) -> dict[str, int]:
    """Each of ``names`` for a stored post, now on the sandbox's clock: the figures a test set
    (others 0); else grown since ``born`` (seconds since the epoch); with flat metrics, 0."""
    names = tuple(names)
    given = post.get(SET)
    if given is not None:
        return {name: int(given.get(name, 0)) for name in names}
    if config.flat_metrics:
        return dict.fromkeys(names, 0)
    figures = grown(post["network"], f"{post['account']}/{post['id']}", config.now() - born)
    return {name: figures.get(name, 0) for name in names}


def record(
    state: State, post: dict[str, Any], figures: Mapping[str, Any], names: Iterable[str]
) -> None:
    """Keep the figures a test set for a stored ``post`` (one of ``state``'s, found under its
    lock); what was set before and is not given now stays. ValueError for a name not in ``names``."""
    known = tuple(names)
    unknown = sorted(set(figures) - set(known))
    if unknown:
        raise ValueError(f"{post['network']} has no figure {unknown}; known: {sorted(known)}")
    post.setdefault(SET, {}).update({name: int(value) for name, value in figures.items()})
    state.save()
