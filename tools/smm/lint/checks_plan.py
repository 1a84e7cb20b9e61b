"""Checks of where and when a post goes: networks and accounts, time, campaign, budget."""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from smm.content.schema import NETWORK_IDS
from smm.content.types import did_you_mean
from smm.lint.context import PostContext
from smm.rules import supported


def check_networks(ctx: PostContext) -> None:
    """Each target network has rules and an account in the brand file."""
    post, brand = ctx.post, ctx.brand
    if (
        not post.networks and post.meta.data.get("network") == []
    ):  # `network:` alone is schema/required
        ctx.add(("network",), "schema/network", "no network given")
    for index, network in enumerate(post.networks):
        key = (
            ("network", index) if isinstance(post.meta.data.get("network"), list) else ("network",)
        )
        if network not in NETWORK_IDS:
            continue  # the schema already said so, with a did-you-mean
        if network not in supported():
            ctx.add(key, "network/unsupported", f"smm has no rules for {network} yet")
        elif brand is not None and network not in brand.accounts:
            ctx.add(
                key,
                "brand/account",
                f"brand '{brand.slug}' has no {network} account in {brand.path}",
            )
        if post.networks.count(network) > 1 and post.networks.index(network) != index:
            ctx.add(key, "schema/network", f"{network} is listed twice")


def check_time(ctx: PostContext) -> None:
    """The local time exists exactly once, and avoids the brand's quiet hours."""
    post, brand, time_ = ctx.post, ctx.brand, ctx.time
    if time_.problem is not None:
        ctx.add(("time",), "schema/time", time_.problem)
    if time_.when is None or brand is None:
        return
    when = time_.when
    if time_.fold == "nonexistent":
        ctx.add(
            ("time",),
            "time/nonexistent",
            f"{post.time_text} does not exist in {brand.tz.key}: "
            "the clocks skip it (daylight-saving change); pick another time",
        )
    elif time_.fold == "ambiguous":
        ctx.add(
            ("time",),
            "time/ambiguous",
            f"{post.time_text} happens twice in {brand.tz.key} (daylight-saving change): "
            f"add its offset, {_offset(when, 0)} for the first or {_offset(when, 1)} for the "
            "second, or pick another time",
        )
    if brand.quiet_hours:
        local = when.astimezone(brand.tz).time()
        start, end = (time.fromisoformat(t.zfill(5)) for t in brand.quiet_hours)
        quiet = start <= local or local < end if start > end else start <= local < end
        if quiet:
            ctx.add(
                ("time",),
                "time/quiet-hours",
                f"{local:%H:%M} is inside the brand's quiet hours "
                f"{brand.quiet_hours[0]}-{brand.quiet_hours[1]}",
                "warning",
            )


def check_campaign(ctx: PostContext) -> None:
    """The campaign exists, and the post lies inside its window and on its networks."""
    post, campaign = ctx.post, ctx.campaign
    if post.campaign is None:
        return
    if campaign is None:
        known = [slug for (brand, slug) in ctx.campaign_slugs if brand == post.brand]
        ctx.add(
            ("campaign",),
            "schema/campaign",
            f"no campaign '{post.campaign}' in campaigns/{post.brand}/"
            f"{did_you_mean(post.campaign, known)}",
        )
        return
    if (
        ctx.when
        and campaign.start
        and campaign.end
        and not (campaign.start <= ctx.when < campaign.end)
    ):
        tz = ctx.brand.tz if ctx.brand else None
        ctx.add(
            ("time",),
            "campaign/window",
            f"{_local(ctx.when, tz)} is outside campaign '{campaign.slug}' "
            f"({_local(campaign.start, tz)} to {_local(campaign.end, tz)})",
        )
    if campaign.networks:
        for index, network in enumerate(post.networks):
            if network not in campaign.networks:
                key = (
                    ("network", index)
                    if isinstance(post.meta.data.get("network"), list)
                    else ("network",)
                )
                ctx.add(
                    key,
                    "campaign/network",
                    f"campaign '{campaign.slug}' runs on {', '.join(campaign.networks)}, not {network}",
                )


def check_budget(ctx: PostContext) -> None:
    """A budget has a currency, the campaign's; the sum is checked across posts (campaign/budget)."""
    post, campaign = ctx.post, ctx.campaign
    if "budget" not in post.meta.data or post.meta.data.get("budget") is None:
        return
    if post.budget is None:
        return  # an unusable shape: the schema already said so at budget (or inside it)
    if post.budget.currency is None:
        ctx.add(
            ("budget",),
            "budget/currency",
            "budget has no currency and the brand sets none; write e.g. '1500 RUB'",
        )
    elif campaign and campaign.budget and campaign.budget.currency != post.budget.currency:
        ctx.add(
            ("budget",),
            "budget/currency",
            f"budget is in {post.budget.currency} but campaign "
            f"'{campaign.slug}' is budgeted in {campaign.budget.currency}",
        )


def _local(value: datetime, tz: tzinfo | None) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if tz else value.isoformat()


def _offset(local: datetime, fold: int) -> str:
    """The UTC offset of the wall time ``local`` at its first (0) or second (1) occurrence, as
    ``time:`` takes it: ``+01:00``, ``+12:45``, ``-03:30``."""
    offset = local.replace(fold=fold).utcoffset()
    assert offset is not None  # an aware time in a zone
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
