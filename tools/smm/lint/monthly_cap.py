"""``<network>/monthly-cap``: a brand's posts to a network in one local month beyond the cap of
its API access tier (rules/<network>.yaml ``posting.per_month``, or the account's own number,
e.g. ``accounts.x.posts_per_month``): the network would refuse the posts past it.

``cap_events`` is the one count: lint warns at each post it returns, and ``smm plan`` marks the
month over the cap on the day of its first post past it (plan/calendar.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from smm.content.repo import Repo
from smm.findings import Finding
from smm.lint.facts import PostFacts
from smm.rules import Limit, network_rules, supported

CAP = "posting.per_month"


@dataclass(frozen=True)
class CapEvent:
    """A post past its account's monthly cap: the ``number``-th of its brand's local ``month``."""

    brand: str
    network: str
    post: PostFacts
    month: str  # "2026-12", in the brand's zone
    number: int
    limit: Limit  # the cap: its value, and how sure it is (status, source)

    @property
    def cap(self) -> int:
        return int(self.limit.value)


def cap_events(repo: Repo, facts: Iterable[PostFacts]) -> list[CapEvent]:
    """Every post, in time order per account, that a network's monthly cap leaves no room for."""
    capped = {n for n in supported() if network_rules(n).limit(CAP)}
    by_account: dict[tuple[str, str], list[PostFacts]] = defaultdict(list)
    for f in facts:
        for network in f.networks:
            if network in capped and f.when is not None:
                by_account[(f.brand, network)].append(f)
    out = []
    for (brand_slug, network), posts in sorted(by_account.items()):
        brand = repo.brands.get(brand_slug)
        if brand is None:
            continue
        limit = network_rules(network).for_account(brand.accounts.get(network)).limit(CAP)
        assert limit is not None  # capped: the rules file sets it
        months: dict[tuple[int, int], int] = defaultdict(int)
        tz, cap = brand.tz, limit.value
        for f in sorted(posts, key=_time_order):
            assert f.when is not None
            local = datetime.fromtimestamp(f.when, tz)
            month = local.year, local.month  # strftime only for a post past the cap: 1.4 µs each
            months[month] += 1
            if months[month] > cap:
                label = local.strftime("%Y-%m")
                out.append(CapEvent(brand_slug, network, f, label, months[month], limit))
    return out


def _time_order(f: PostFacts) -> tuple[float | None, str]:
    return f.when, f.path


def check_monthly_cap(repo: Repo, facts: Iterable[PostFacts]) -> list[Finding]:
    """A warning at each post of a brand's local month past the network's monthly cap."""
    return [
        Finding(
            e.post.path,
            *e.post.time_pos,
            "warning",
            f"{e.network}/monthly-cap",
            f"{e.network} post {e.number} of {e.month} for brand '{e.brand}': "
            f"over the access tier's cap of {e.cap} a month{e.limit.note()}",
        )
        for e in cap_events(repo, facts)
    ]
