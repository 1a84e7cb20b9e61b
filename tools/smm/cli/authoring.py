"""The commands that write new files for a person to edit: `smm new`, `smm brand new` and
`smm import`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smm.cli.options import now_option
from smm.cliout import Group, _Command

if TYPE_CHECKING:
    from datetime import datetime


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
@now_option()
def new(
    title: str,
    brand: str | None,
    campaign: str | None,
    networks: tuple[str, ...],
    when: str | None,
    kind: str,
    now: datetime,
) -> None:
    """Write posts/<brand>/<YYYY>/<MM>/<DD>-<slug>.md for TITLE with the brand's and campaign's
    defaults; never overwrites a file."""
    from smm.scaffold import new_post

    made = new_post(
        title, brand=brand, campaign=campaign, networks=networks, when=when, kind=kind, now=now
    )
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


@click.command("import", cls=_Command)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--brand", help="the brand of rows without a brand column")
@click.option("--dry-run", is_flag=True, help="write nothing; say what would be written")
@click.option(
    "--day-first",
    is_flag=True,
    help="read 05/12/2026 as 5 December (British English); without it, as May 12 (US English)",
)
def import_(file: Path, brand: str | None, dry_run: bool, day_first: bool) -> None:
    """Write a post file for each row of a content-plan spreadsheet (FILE.csv or FILE.xlsx; headers
    in English or Russian). A row that cannot be read is reported with its row number and nothing
    is written for it; exit 1 then."""
    from smm.findings import render
    from smm.sheets.importer import import_sheet

    result = import_sheet(file, brand=brand, dry_run=dry_run, day_first=day_first)
    verb = "would write" if dry_run else "wrote"
    for path in result.written:
        click.echo(f"{verb} {path}")
    for note in result.notes:
        click.echo(f"note: {note}")
    if result.problems:
        click.echo(render(result.problems, "text"), err=True)
    click.echo(
        f"{result.rows} row(s): {len(result.written)} {verb}, {len(result.unchanged)} unchanged, "
        f"{len(result.problems)} refused"
    )
    sys.exit(result.exit_code)


COMMANDS = (new, brand, import_)
