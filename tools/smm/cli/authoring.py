"""The commands that write new files for a person to edit: `smm new` and `smm brand new`."""

from __future__ import annotations

import click

from smm.cliout import Group, _Command


@click.command(cls=_Command)
@click.argument("title")
@click.option("--brand", help="the brand (needed when the repository has more than one)")
@click.option("--campaign", help="the brand's campaign: its networks and window are the defaults")
@click.option(
    "--network",
    "networks",
    multiple=True,
    metavar="N",
    help="a network to post to (repeat for more; default: the campaign's, else the brand's accounts)",
)
@click.option(
    "--time",
    "when",
    metavar="T",
    help="local time of the brand, e.g. '2026-12-05 10:00' or '2026-12-05' (10:00); "
    "default: 10:00 tomorrow, or on the campaign's first day",
)
@click.option("--kind", default="organic", show_default=True, help="organic, ad, exchange, ...")
def new(
    title: str,
    brand: str | None,
    campaign: str | None,
    networks: tuple[str, ...],
    when: str | None,
    kind: str,
) -> None:
    """Write posts/<brand>/<YYYY>/<MM>/<DD>-<slug>.md for TITLE with the brand's and campaign's
    defaults; never overwrites a file."""
    from smm.scaffold import new_post

    made = new_post(title, brand=brand, campaign=campaign, networks=networks, when=when, kind=kind)
    click.echo(f"wrote {made.path}: replace its TODO line, then `smm preview {made.path}`")


@click.group(cls=Group)
def brand() -> None:
    """Brand files: `smm brand new SLUG` (list them with `smm brands`)."""


@brand.command("new", cls=_Command)
@click.argument("slug")
@click.option("--name", help="the brand's name as people read it (default: SLUG)")
@click.option(
    "--timezone", default="UTC", show_default=True, help="IANA zone of the brand's local times"
)
@click.option(
    "--network", "networks", multiple=True, metavar="N", help="an account to add (repeat)"
)
@click.option(
    "--reviewer", "reviewers", multiple=True, metavar="@HANDLE", help="the client's GitHub handle"
)
def brand_new(
    slug: str,
    name: str | None,
    timezone: str,
    networks: tuple[str, ...],
    reviewers: tuple[str, ...],
) -> None:
    """Write brands/SLUG.yaml (secrets named SMM_<SLUG>_<NETWORK>_<NAME>) and refresh
    .github/CODEOWNERS; never overwrites a file."""
    from smm.scaffold import new_brand

    path = new_brand(slug, name=name, timezone=timezone, networks=networks, reviewers=reviewers)
    click.echo(f"wrote {path}; fill in each account's id, then `smm lint {path}`")


COMMANDS = (new, brand)
