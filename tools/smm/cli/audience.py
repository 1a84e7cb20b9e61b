"""The commands that read a post's audience: `smm draw` (a contest's verifiable draw) and
`smm inbox` (the comments nobody from the brand answered yet)."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

import click

from smm.cli.options import in_process_sandbox, network_run_options, now_option, run_settings
from smm.cliout import _Command, show

if TYPE_CHECKING:
    from datetime import datetime


@click.command(cls=_Command)
@click.argument("post")
@click.option("--network", help="collect the entrants of this network only")
@click.option(
    "--verify",
    is_flag=True,
    help="recompute the winners from the committed files; exit 1 when they do not match",
)
@now_option()
@network_run_options(
    sandbox_help="start a sandbox in-process (state in .smm/sandbox/) and collect from it",
    no_push_help="commit the entrants and winners locally, do not push",
)
def draw(
    post: str,
    network: str | None,
    verify: bool,
    now: datetime,
    api_base: str | None,
    use_sandbox: bool,
    no_push: bool,
    brand: str | None,
    branch: str,
) -> None:
    """Draw a contest's winners: collect the entrants of POST (a kind: contest post whose
    contest.ends has passed), commit them, draw from the seed git fixed, commit the winners and
    write the announcement for review (docs/contests.md). With --verify, check a draw instead."""
    from smm.content.repo import find_root
    from smm.contests.draw import draw as run_draw
    from smm.contests.lots import check
    from smm.contests.spec import folder

    _of_brand(post, brand)
    if verify:
        root = find_root()
        result = check(root, folder(post.removeprefix("./")))
        for problem in result.problems:
            show(f"smm draw: MISMATCH {problem}")
        if result.ok:
            names = ", ".join(f"{w['handle']} ({w['network']})" for w in result.winners)
            show(f"{post}: verified: seed {result.seed}; winners {names or 'none'}")
        sys.exit(0 if result.ok else 1)
    settings = run_settings(api_base, no_push, branch, brand)
    with contextlib.ExitStack() as stack:
        if use_sandbox:
            stack.enter_context(in_process_sandbox(settings, now))
        report = run_draw(None, post, now, settings, network)
    show(report.text())


def _of_brand(post: str, brand: str | None) -> None:
    """--brand: a draw touches that brand's posts only, as publish and metrics do (a matrix job
    must not draw another brand's contest with its own tokens)."""
    from smm.content.repo import find_root, require_brand
    from smm.errors import UsageError

    require_brand(find_root(), brand)
    parts = post.removeprefix("./").split("/")
    if brand is not None and parts[:2] != ["posts", brand]:
        raise UsageError(f"--brand: {post} is not a post of {brand} (posts/{brand}/...)")


@click.command(cls=_Command)
@click.option(
    "--since",
    help="only comments from this time on: ISO 8601 (without an offset, UTC), or an age like "
    "1d, 12h, 30m before --now",
)
@now_option()
@click.option("--brand", help="only this brand's posts")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--api-base",
    envvar="SMM_API_BASE",
    help="send every network's requests to this URL (a running `smm sandbox`)",
)
def inbox(
    since: str | None, now: datetime, brand: str | None, fmt: str, api_base: str | None
) -> None:
    """The comments under published posts and the mentions of the brand that nobody from the
    brand has answered yet, per network, oldest first, with links (docs/inbox.md). Read-only."""
    from smm.inbox import inbox as run_inbox
    from smm.inbox import since_instant
    from smm.settings import Settings

    start = since_instant(since, now) if since else None
    result = run_inbox(None, Settings(api_base=api_base, brand=brand), start, brand)
    show({"text": result.text, "json": result.json, "markdown": result.markdown}[fmt](), fmt)


COMMANDS = (draw, inbox)
