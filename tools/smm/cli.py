"""The `smm` command: thin click wrappers over library functions of the same name."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smm import __version__
from smm.errors import SmmError

FORMATS = click.Choice(["text", "json", "github"])


class _Group(click.Group):
    """Prints SmmError as one line (exit 2) instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SmmError as exc:
            click.echo(f"smm: {exc.one_line()}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="smm")
def main() -> None:
    """Social media marketing as code: lint, preview, review and publish posts kept in git."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="output format")
@click.option("--now", help="the current time, ISO 8601 (default: SMM_NOW, then the clock)")
@click.option("--no-cache", is_flag=True, help="check every post again, ignoring .smm-cache/")
@click.option("--jobs", type=int, default=None, help="worker processes for a cold run (default: CPU count)")
def lint(paths: tuple[str, ...], fmt: str, now: str | None, no_cache: bool, jobs: int | None) -> None:
    """Check posts against every rule of every network they target.

    PATHS are posts or folders (default: the whole repository). Rules that need every post
    (budgets, duplicates, frequency) always see all posts. Exit 1 only when there are errors.
    """
    from smm import clock
    from smm.findings import render
    from smm.lint import lint as run_lint

    result = run_lint(paths=paths, now=clock.now(now), use_cache=not no_cache, jobs=jobs)
    output = render(result.findings, fmt)
    if output:
        click.echo(output)
    if fmt == "text":
        click.echo(f"{result.posts} posts: {result.errors} errors, {result.warnings} warnings", err=True)
    sys.exit(1 if result.errors else 0)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--network", "-n", help="one network id (default: every network the post targets)")
def preview(path: str, network: str | None) -> None:
    """Show PATH as each network will receive it, with its counted length and limit."""
    from smm.preview import format_preview, preview as run_preview

    blocks = [format_preview(r) for r in run_preview(path, network)]
    click.echo("\n\n".join(blocks))


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=None, help="folder (default: the package's schemas/)")
def schema(out: Path | None) -> None:
    """Write the JSON Schemas of post, campaign and brand files (for editors)."""
    from smm.content.schema import write_json_schemas

    folder = out or Path(__file__).parent / "schemas"
    for path in write_json_schemas(folder):
        click.echo(str(path))
