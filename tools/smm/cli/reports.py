"""The commands that tell people what the repository holds and what happened to it: `smm plan`,
`smm report`, `smm review`, `smm review-comment`, `smm history` and `smm codeowners`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smm.cli.options import now_option
from smm.cliout import _Command, show
from smm.plan import FORMATS as PLAN_FORMATS
from smm.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from datetime import datetime


@click.command(cls=_Command)
@click.option(
    "--campaign", help="only this campaign (its slug; with --brand when two brands share it)"
)
@click.option("--brand", help="only this brand's campaigns")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="markdown suits a GitHub job summary",
)
@now_option()
def report(campaign: str | None, brand: str | None, fmt: str, now: datetime) -> None:
    """Campaigns: spend against budget, reach, engagement rate, CPM, CPE and CPC, per network and week.

    Figures come from the posts' budgets and their published: and metrics: blocks; the output
    says how each is computed.
    """
    from smm.report import render
    from smm.report import report as run_report

    output = render(run_report(campaign=campaign, brand=brand, now=now), fmt)
    show(output, fmt, nl=not output.endswith("\n"))


@click.command(cls=_Command)
@click.option(
    "--check",
    is_flag=True,
    help="write nothing; exit 1 when .github/CODEOWNERS is missing or stale",
)
def codeowners(check: bool) -> None:
    """Write .github/CODEOWNERS from the brands' reviewers, so a client's review is required for
    that brand's posts, campaigns, assets and brand file."""
    from smm.codeowners import CODEOWNERS
    from smm.codeowners import codeowners as run_codeowners

    found = run_codeowners(check=check)
    if found.fresh:
        click.echo(f"{CODEOWNERS} is up to date")
    elif check:
        click.echo(
            f"{CODEOWNERS} is {'missing' if found.current is None else 'stale'}; run `smm codeowners`",
            err=True,
        )
        sys.exit(1)
    else:
        click.echo(f"wrote {CODEOWNERS}")


@click.command(cls=_Command)
@click.argument("path", type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--branch", default="main", show_default=True, help="the approved branch (or origin/<branch>)"
)
def history(path: str, fmt: str, branch: str) -> None:
    """Who wrote PATH, who approved it (the merged pull request and its reviewers), when and where
    it was published, and every edit since.

    Exit 1 when a change reached the branch without a pull request (smm's own commits that change
    only published:/metrics: blocks excepted).
    """
    from smm.history import history as run_history

    result = run_history(path, branch=branch)
    show(result.json() if fmt == "json" else result.text(), fmt, nl=fmt == "json")
    sys.exit(result.exit_code)


@click.command(cls=_Command)
@click.option(
    "--from",
    "start",
    metavar="DATE",
    help="first local day, e.g. 2026-12-01 (default: each brand's first post)",
)
@click.option(
    "--to",
    "end",
    metavar="DATE",
    help="last local day, inclusive (default: each brand's last post)",
)
@click.option("--brand", help="only this brand")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PLAN_FORMATS),
    default="text",
    show_default=True,
    help="ics: an iCalendar file a calendar app can subscribe to; csv, xlsx: a row per post in "
    "the columns smm import reads",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="write to this file (needed for xlsx)",
)
@click.option(
    "--locale",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="csv and xlsx: headers, dates and CSV separator as Excel has them in that locale",
)
@now_option()
def plan(
    start: str | None,
    end: str | None,
    brand: str | None,
    fmt: str,
    out: Path | None,
    locale: str,
    now: datetime,
) -> None:
    """The content plan: per brand and local day, what goes out when and where, the days short of
    the brand's cadence, posts on one account too close together, and the budget per week."""
    from smm.plan import parse_day, render
    from smm.plan import plan as run_plan

    result = run_plan(
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        brand=brand,
        now=now,
        texts=fmt == "ics",  # the only format that shows the first lines of each post's text
    )
    if fmt in ("csv", "xlsx"):
        from smm.sheets.export import rows, to_csv, to_xlsx

        table = rows(result, locale=locale)
        if fmt == "xlsx":
            click.echo(f"wrote {to_xlsx(table, out, locale)}: {len(table) - 1} post(s)")
            return
        output = to_csv(table, locale)
    else:
        output = render(result, fmt)
    if out is not None:
        _write(out, output)
        click.echo(f"wrote {out}")
    elif fmt in ("ics", "csv"):
        sys.stdout.buffer.write(output.encode("utf-8"))  # CRLF line ends, byte for byte
    else:
        show(output, fmt, nl=False)


def _write(out: Path, text: str) -> None:
    from smm.errors import UsageError

    try:
        out.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write it ({exc.strerror or exc})") from None


@click.command(cls=_Command)
@click.option(
    "--base",
    required=True,
    help="the branch or commit the change is compared with (e.g. origin/main)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@now_option(clock_default=False)
@click.option(
    "--files-url",
    default="",
    help="prefix of image links (default: paths relative to the repository), "
    "e.g. https://github.com/OWNER/REPO/blob/SHA/",
)
def review(base: str, fmt: str, now: datetime | None, files_url: str) -> None:
    """The pull request's review: every post it adds, edits, renames or deletes (base...HEAD),
    as each network will show it, with its time, budget, campaign spend and lint findings.

    Markdown starts with the marker <!-- smm-review --> that `smm review-comment` finds its
    comment by. An edit to a post that is already published stands out at the top.
    """
    from smm.review import render as render_review
    from smm.review import review as run_review

    result = run_review(base, now=now)
    output = render_review(result, fmt, files_url)
    show(output, fmt, nl=not output.endswith("\n"))


@click.command("review-comment", cls=_Command)
@click.option("--repo", "repo_name", required=True, envvar="GITHUB_REPOSITORY", help="OWNER/NAME")
@click.option("--pr", required=True, help="the pull request number")
@click.option(
    "--body-file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="the review (smm review's Markdown)",
)
@click.option(
    "--head-sha", default=None, help="comment only if the pull request's head is this commit"
)
@click.option(
    "--author",
    default="github-actions[bot]",
    show_default=True,
    help="the login that writes the comment",
)
def review_comment(
    repo_name: str, pr: str, body_file: Path, head_sha: str | None, author: str
) -> None:
    """Create the pull request's review comment, or update the one already there (found by its
    marker among AUTHOR's comments). Token from GITHUB_TOKEN, API from GITHUB_API_URL."""
    from smm.review.comment import review_comment as run_review_comment
    from smm.textsafe import one_line

    done = run_review_comment(
        repo_name,
        pr,
        body_file,
        os.environ.get("GITHUB_TOKEN", ""),
        api_url=os.environ.get("GITHUB_API_URL") or "https://api.github.com",
        author=author,
        head_sha=head_sha,
    )
    show(
        one_line(
            f"smm review-comment: {done.action}"
            + (f" {done.url}" if done.url else "")
            + (f" ({done.reason})" if done.reason else "")
        )
    )


COMMANDS = (plan, report, review, review_comment, history, codeowners)
