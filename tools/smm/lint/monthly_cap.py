"""``<network>/monthly-cap``: a brand's posts to a network in one local month beyond the cap of
its API access tier (rules/<network>.yaml ``posting.per_month``, or the account's own number,
e.g. ``accounts.x.posts_per_month``): the network would refuse the posts past it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from smm.content.repo import Repo
from smm.findings import Finding
from smm.lint.facts import PostFacts
from smm.rules import network_rules, supported

CAP = "posting.per_month"


def check_monthly_cap(repo: Repo, facts: Iterable[PostFacts]) -> list[Finding]:
    """A warning at each post of a brand's local month past the network's monthly cap."""
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
        cap: int = limit.value
        months: dict[str, int] = defaultdict(int)
        for f in sorted(posts, key=lambda f: (f.when, f.path)):
            assert f.when is not None
            month = datetime.fromtimestamp(f.when, brand.tz).strftime("%Y-%m")
            months[month] += 1
            if months[month] > cap:
                out.append(
                    Finding(
                        f.path,
                        *f.time_pos,
                        "warning",
                        f"{network}/monthly-cap",
                        f"{network} post {months[month]} of {month} for brand '{brand_slug}': "
                        f"over the access tier's cap of {cap} a month{limit.note()}",
                    )
                )
    return out
