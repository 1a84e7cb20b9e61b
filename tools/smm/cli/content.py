"""The commands that read the content and write nothing back: `smm lint`, `smm rules`,
`smm preview`, `smm schema` and `smm brands`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smm.cli.options import FORMATS, now_option
from smm.cliout import _Command, show

if TYPE_CHECKING:
    from datetime import datetime


@click.command(cls=_Command)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format", "fmt", type=FORMATS, default="text", show_default=True, help="output format"
)
@now_option()
@click.option("--no-cache", is_flag=True, help="check every post again, ignoring .smm-cache/")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="processes that check posts in a cold run, this one included (default: CPU count)",
)
@click.option(
    "--changed-from",
    metavar="REF",
    default=None,
    help="findings only for what changed since git REF (its merge base with HEAD), working tree "
    "and new files included: a pull request's or a commit's lint",
)
@click.option(
    "--select",
    multiple=True,
    metavar="ID",
    help="only these rules: ids or prefixes such as vk/ (repeatable or comma-separated; "
    "replaces the repository's select)",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="ID",
    help="not these rules (repeatable or comma-separated; adds to the repository's ignore)",
)
def lint(
    paths: tuple[str, ...],
    fmt: str,
    now: datetime,
    no_cache: bool,
    jobs: int | None,
    changed_from: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Check posts against every rule of every network they target.

    PATHS are posts or folders (default: the whole repository); --changed-from REF picks what
    changed since REF instead. Rules that need every post (budgets, duplicates, frequency) always
    see all posts. Exit 1 only when there are errors.
    Which rules: --select/--ignore, smm.toml or [tool.smm] in pyproject.toml (docs/rules.md).
    """
    from smm.findings import render
    from smm.lint import lint as run_lint

    result = run_lint(
        paths=paths,
        now=now,
        use_cache=not no_cache,
        jobs=jobs,
        select=select or None,
        ignore=ignore,
        changed_from=changed_from,
    )
    output = render(result.findings, fmt)
    if output:
        show(output, fmt)
    if fmt == "text":
        notes = f", {result.notes} notes" if result.notes else ""
        click.echo(
            f"{result.posts} posts: {result.errors} errors, {result.warnings} warnings{notes}",
            err=True,
        )
    sys.exit(1 if result.errors else 0)


@click.command(cls=_Command)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="output format (markdown: the table of docs/rules.md)",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="with --format markdown: put the table between the rules markers of this file",
)
def rules(fmt: str, out: Path | None) -> None:
    """List every rule id lint can report: level, network, summary, source."""
    from smm.errors import UsageError
    from smm.lint.ruledoc import rules as list_rules
    from smm.lint.ruledoc import write_table

    if out is None:
        show(list_rules(fmt), fmt)
    elif fmt != "markdown":
        raise UsageError("--out needs --format markdown")
    elif write_table(out):
        click.echo(str(out))


@click.command(cls=_Command)
@click.argument("path", type=click.Path())
@click.option("--network", "-n", help="one network id (default: every network the post targets)")
def preview(path: str, network: str | None) -> None:
    """Show PATH as each network will receive it, with its counted length and limit."""
    from smm.preview import format_preview
    from smm.preview import preview as run_preview

    blocks = [format_preview(r) for r in run_preview(path, network)]
    show("\n\n".join(blocks))


@click.command(cls=_Command)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="folder (default: the package's schemas/)",
)
def schema(out: Path | None) -> None:
    """Write the JSON Schemas of post, campaign and brand files (for editors)."""
    from smm.content.schema import write_json_schemas
    from smm.errors import UsageError

    folder = out or Path(__file__).parents[1] / "schemas"  # the smm package's schemas/
    try:
        written = write_json_schemas(folder)
    except OSError as exc:  # a file where the folder should be, no permission, a read-only disk
        raise UsageError(
            f"--out {folder}: cannot write the schemas there ({exc.strerror or exc})"
        ) from None
    for path in written:
        click.echo(str(path))


@click.command(cls=_Command)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "matrix"]),
    default="text",
    show_default=True,
    help="matrix: publish.yml's job matrix, one JSON line",
)
@click.option(
    "--max-jobs",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="with --format matrix: at most this many jobs (GitHub's limit is 256)",
)
def brands(fmt: str, max_jobs: int) -> None:
    """The brands (brands/*.yaml): name, time zone, networks, and whether the file can be used."""
    from smm.brands import brands as list_brands
    from smm.brands import render

    show(render(list_brands(), fmt, max_jobs), "json" if fmt != "text" else "text")


COMMANDS = (lint, rules, preview, schema, brands)
