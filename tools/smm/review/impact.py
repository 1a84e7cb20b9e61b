"""What a pull request does to the campaigns and brands it touches: each campaign's budget and
planned spend before and after the merge, and how many posts each changed brand or campaign file
shapes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from smm.content.model import Campaign, Post
from smm.content.repo import Repo
from smm.findings import Finding
from smm.review import git as g
from smm.review.git import STATUS


@dataclass
class CampaignImpact:
    brand: str
    slug: str
    name: str
    path: str | None  # None: the campaign file is gone at HEAD
    currency: str | None
    budget: Decimal | None  # after the merge
    budget_before: Decimal | None
    planned_after: Decimal | None
    planned_before: Decimal | None
    file_status: str | None  # A/M/R/D when the campaign file itself changed
    findings: list[Finding] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if self.planned_after is None or self.planned_before is None:
            return None
        return self.planned_after - self.planned_before

    @property
    def used(self) -> Decimal | None:
        """planned spend after the merge / budget, a fraction."""
        return (
            self.planned_after / self.budget
            if self.budget and self.planned_after is not None
            else None
        )

    @property
    def over(self) -> bool:
        return (
            self.budget is not None
            and self.planned_after is not None
            and self.planned_after > self.budget
        )


@dataclass
class ConfigChange:
    path: str
    status: str  # added | modified | renamed | deleted
    kind: str  # brand | campaign
    posts: int  # posts at HEAD that this file shapes


def _contribution(post: Post | None, currency: str | None) -> Decimal:
    """What a post adds to its campaign's planned spend: its budget, if in the campaign's currency."""
    if post is None or post.budget is None or post.budget.currency != currency:
        return Decimal(0)
    return post.budget.amount


def _currency(repo: Repo, c: Campaign | None, brand: str) -> str | None:
    if c is not None and c.budget is not None:
        return c.budget.currency
    b = repo.brands.get(brand)
    return b.currency if b else None


def campaign_impacts(
    root: Path,
    repo: Repo,
    base_repo: Repo,
    post_changes: Sequence[g.Change],
    head_loaded: dict[str, Post | None],
    base_posts: dict[str, Post | None],
    config_changes: Sequence[g.Change],
    found: Sequence[Finding],
) -> list[CampaignImpact]:
    """Each campaign a changed post or campaign file belongs to, before and after the merge."""
    from smm.report.campaigns import report

    keys: set[tuple[str, str]] = set()
    for c in post_changes:
        post = head_loaded.get(c.path)
        if post is not None and post.campaign:
            keys.add((post.brand, post.campaign))
        old = base_posts.get(c.old_path or c.path) if c.status != "A" else None
        if old is not None and old.campaign:
            keys.add((old.brand, old.campaign))
    file_status: dict[tuple[str, str], str] = {}
    for c in config_changes:
        if c.path.startswith(g.CAMPAIGNS):
            for path, status in ((c.path, c.status), (c.old_path, c.status)):
                parts = Path(path).with_suffix("").parts if path else ()
                if len(parts) == 3:
                    keys.add((parts[1], parts[2]))
                    file_status.setdefault((parts[1], parts[2]), status)
    if not keys:
        return []
    figures = {(r.brand, r.slug): r for r in report(root).campaigns if r.slug}
    impacts = []
    for brand, slug in sorted(keys):
        head_c, base_c = repo.campaign(brand, slug), base_repo.campaign(brand, slug)
        r = figures.get((brand, slug))
        currency = _currency(repo, head_c, brand) if head_c else None
        base_currency = _currency(base_repo, base_c, brand) if base_c else None
        after = r.total.planned_spend if r is not None and head_c is not None else None
        before = None
        if base_c is not None and (head_c is None or currency == base_currency):
            if after is None:
                before = None  # the campaign file is gone: nothing to add up against
            else:
                before = after
                for c in post_changes:
                    post = head_loaded.get(c.path) if c.status != "D" else None
                    if post is not None and (post.brand, post.campaign) == (brand, slug):
                        before -= _contribution(post, currency)
                    old = base_posts.get(c.old_path or c.path) if c.status != "A" else None
                    if old is not None and (old.brand, old.campaign) == (brand, slug):
                        before += _contribution(old, base_currency)
        elif base_c is None:
            before = Decimal(0) if after is not None else None
        st = file_status.get((brand, slug))
        either = head_c or base_c
        impacts.append(
            CampaignImpact(
                brand=brand,
                slug=slug,
                name=either.name if either else slug,
                path=head_c.path if head_c else None,
                currency=currency or base_currency,
                budget=head_c.budget.amount if head_c and head_c.budget else None,
                budget_before=base_c.budget.amount if base_c and base_c.budget else None,
                planned_after=after,
                planned_before=before,
                file_status=STATUS.get(st) if st else None,
                findings=sorted(f for f in found if head_c is not None and f.path == head_c.path),
            )
        )
    return impacts


def config_impacts(repo: Repo, config_changes: Sequence[g.Change]) -> list[ConfigChange]:
    """Each changed brand or campaign file, with how many posts at HEAD it shapes."""
    if not config_changes:
        return []
    from smm.lint.engine import collect

    facts = collect(repo).facts  # every readable post's, as lint made them
    out = []
    for c in config_changes:
        parts = Path(c.path).with_suffix("").parts
        if c.path.startswith(g.BRANDS) and len(parts) == 2:
            kind, count = "brand", sum(1 for f in facts if f.brand == parts[1])
        elif len(parts) == 3:
            kind, count = (
                "campaign",
                sum(1 for f in facts if (f.brand, f.campaign) == (parts[1], parts[2])),
            )
        else:
            continue
        out.append(ConfigChange(c.path, STATUS[c.status], kind, count))
    return out
