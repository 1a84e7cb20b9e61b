"""`smm site`: the content plan and the campaigns as a static site (docs/site.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from smm.cli.options import now_option
from smm.cliout import _Command, show
from smm.textsafe import one_line

if TYPE_CHECKING:
    from datetime import datetime


@click.command("site", cls=_Command)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="the folder to build into (default: _site at the repository's root)",
)
@click.option("--brand", help="only this brand's pages")
@click.option(
    "--base-url",
    default="",
    help="where the site will be served, e.g. https://OWNER.github.io/REPO/ (canonical links "
    "only: every link is relative, so the site works from any folder or sub-path)",
)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="processes (default: CPUs)")
@now_option()
def site(
    out: Path | None, brand: str | None, base_url: str, jobs: int | None, now: datetime
) -> None:
    """Build the static site: home, a calendar per brand, a page per post as each network shows
    it and a page per campaign with its charts. Writes only the pages whose inputs changed."""
    from smm.site import site as build_site

    result = build_site(out=out, brand=brand, base_url=base_url, now=now, jobs=jobs)
    show(
        f"smm site: {result.pages} pages in {result.out} "
        f"({result.rendered} rendered, {result.written} written, "
        f"{result.pages - result.written} unchanged, {result.removed} removed)"
    )
    for note in result.notes:  # posts without a page or a chip: said, not dropped in silence
        click.echo(f"smm site: note: {one_line(note)}", err=True)


COMMANDS = (site,)
