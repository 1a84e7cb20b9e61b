"""The `smm` command: thin click wrappers over library functions of the same name."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from smm import __version__
from smm.cliout import Group, _Command, show
from smm.plan import FORMATS as PLAN_FORMATS
from smm.report import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from datetime import datetime

FORMATS = click.Choice(["text", "json", "github"])
F = TypeVar("F", bound=Callable[..., Any])


def now_option(*, clock_default: bool = True) -> Callable[[F], F]:
    """``--now``, resolved the same way by every command: the option, then SMM_NOW, then the clock.

    The command receives an aware datetime, the run's present (clock.now pins it). With
    ``clock_default=False`` (review) neither the option nor SMM_NOW means None: no present at all.
    """

    def resolve(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
        from smm import clock

        if clock_default:
            return clock.now(value)
        text = value or os.environ.get("SMM_NOW")
        return clock.parse_instant(text) if text else None

    help_text = (
        "the current time, ISO 8601 (default: SMM_NOW, then the clock)"
        if clock_default
        else "lint as of this time, ISO 8601 (default: SMM_NOW; without either, no time-dependent rules)"
    )
    return click.option("--now", callback=resolve, help=help_text)


def _in_process_sandbox(stack: contextlib.ExitStack, now: datetime) -> str:
    """Start the sandbox for this command (state in .smm/sandbox/); its URL.

    Its clock follows the command's (``--now``), as the real networks follow the real clock: what a
    pinned run reads back from the t.me pages is dated in that run's present, and Instagram's and
    VK's time windows (insights delay, daily limits) count in it too.
    """
    from datetime import datetime

    from smm.content.repo import find_root
    from smm.sandbox import Sandbox

    local = find_root() / ".smm"
    local.mkdir(exist_ok=True)
    (local / ".gitignore").write_text("*\n")  # sandbox state never gets committed by accident
    offset = (now - datetime.now(UTC)).total_seconds()
    sandbox: Sandbox = stack.enter_context(
        Sandbox(state_dir=local / "sandbox", clock_offset=offset)
    )
    return sandbox.url


def _job_summary(markdown: str) -> None:
    """Append to the GitHub Actions job summary when running there."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(markdown)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="smm")
def main() -> None:
    """Social media marketing as code: lint, preview, review and publish posts kept in git."""


@main.command()
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
    help="worker processes for a cold run (default: CPU count)",
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
    select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> None:
    """Check posts against every rule of every network they target.

    PATHS are posts or folders (default: the whole repository). Rules that need every post
    (budgets, duplicates, frequency) always see all posts. Exit 1 only when there are errors.
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


@main.command()
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


@main.command()
@click.argument("path", type=click.Path())
@click.option("--network", "-n", help="one network id (default: every network the post targets)")
def preview(path: str, network: str | None) -> None:
    """Show PATH as each network will receive it, with its counted length and limit."""
    from smm.preview import format_preview
    from smm.preview import preview as run_preview

    blocks = [format_preview(r) for r in run_preview(path, network)]
    show("\n\n".join(blocks))


@main.command()
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

    folder = out or Path(__file__).parent / "schemas"
    try:
        written = write_json_schemas(folder)
    except OSError as exc:  # a file where the folder should be, no permission, a read-only disk
        raise UsageError(
            f"--out {folder}: cannot write the schemas there ({exc.strerror or exc})"
        ) from None
    for path in written:
        click.echo(str(path))


class _SandboxCommand(_Command):
    """`smm sandbox`, whose per-network flags come from each sandbox module's OPTIONS
    (sandbox/options.py); they are added when first asked for, so other commands never import
    the sandbox."""

    _network_flags: bool = False

    @property
    def params(self) -> list[click.Parameter]:
        if not self._network_flags:
            from smm.sandbox.options import click_options

            self._network_flags = True
            files = next(i for i, p in enumerate(self._params) if p.name == "files_root")
            self._params[files:files] = click_options()
        return self._params

    @params.setter
    def params(self, value: list[click.Parameter]) -> None:
        self._params = value


@main.command(cls=_SandboxCommand)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8787,
    show_default=True,
    help="TCP port on 127.0.0.1 (0: any free port)",
)
@click.option(
    "--state",
    "state_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="folder that keeps what was posted across restarts (default: memory only)",
)
@click.option(
    "--latency-ms",
    type=click.FloatRange(0, 600_000),
    default=0.0,
    show_default=True,
    help="added to every API answer",
)
@click.option(
    "--files",
    "files_root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="also serve this folder's files on loopback: the public URL Instagram fetches images from",
)
def sandbox(
    port: int,
    state_dir: Path | None,
    latency_ms: float,
    files_root: Path | None,
    **network_flags: Any,
) -> None:
    """Serve loopback copies of every supported network's API on one port, until Ctrl-C.

    Point an adapter's api_base at the printed URL. GET /_sandbox/posts lists what was posted;
    POST /_sandbox/faults injects 429, 500, slow answers and dropped connections.
    """
    from smm.errors import UsageError
    from smm.sandbox import serve
    from smm.sandbox.options import from_click

    if latency_ms != latency_ms:  # NaN passes FloatRange's comparisons
        raise UsageError("--latency-ms: not a number")
    options = from_click(network_flags)

    with contextlib.ExitStack() as stack:
        files_line = ""
        if files_root is not None:
            from smm.sandbox.files import FileServer

            files_line = f"\nsmm sandbox: files of {files_root} on {stack.enter_context(FileServer(files_root)).url}"

        def ready(url: str) -> None:
            click.echo(f"smm sandbox: listening on {url}{files_line}")
            sys.stdout.flush()  # a parent process reads the URL (and the port, with --port 0) from here

        try:
            serve(
                port=port,
                state_dir=state_dir,
                latency=latency_ms / 1000,
                ready=ready,
                **options,
            )
        except OSError as exc:  # the port is taken, --state is a file or not writable
            where = f"--state {state_dir}" if exc.filename else f"--port {port}"
            raise UsageError(f"sandbox: {where}: {exc.strerror or exc}") from None


@main.command()
@click.option(
    "--due", is_flag=True, help="publish what is due (the default; kept for explicit schedules)"
)
@click.option("--dry-run", is_flag=True, help="show what is due; send nothing, commit nothing")
@now_option()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--api-base",
    envvar="SMM_API_BASE",
    help="send every network's requests to this URL (a running `smm sandbox`)",
)
@click.option(
    "--sandbox",
    "use_sandbox",
    is_flag=True,
    help="start a sandbox in-process (state in .smm/sandbox/) and publish to it; no credentials needed",
)
@click.option("--no-push", is_flag=True, help="commit results locally, do not push")
@click.option("--brand", help="only this brand's posts (one matrix job per brand)")
@click.option("--branch", default="main", show_default=True, help="the approved branch")
def publish(
    due: bool,
    dry_run: bool,
    now: datetime,
    fmt: str,
    api_base: str | None,
    use_sandbox: bool,
    no_push: bool,
    brand: str | None,
    branch: str,
) -> None:
    """Publish the posts on main that are due, exactly once, and commit the results.

    Exit 1 when anything failed, was missed, is blocked by lint errors, is unknown or in conflict
    (claimed before, by git's history, yet without its entry now).
    """

    from smm.content.repo import find_root, require_brand
    from smm.publish.run import publish as run_publish
    from smm.settings import Settings

    require_brand(
        find_root(), brand
    )  # before the header: a wrong --brand prints one line, nothing else
    settings = Settings(api_base=api_base, push=not no_push, branch=branch, brand=brand)
    with contextlib.ExitStack() as stack:
        if use_sandbox and not dry_run:
            settings.api_base, settings.default_secret = (
                _in_process_sandbox(stack, now),
                "sandbox-token",
            )
            # Instagram fetches images from a public URL: here, the repository served on loopback
            from smm.sandbox.files import FileServer

            files = stack.enter_context(FileServer(find_root()))
            os.environ["SMM_PUBLIC_BASE_URL"] = files.url
        if fmt == "text":
            show(
                f"smm publish: {'dry run, ' if dry_run else ''}sending to {settings.api_base or 'the networks'}"
            )
        progress = (lambda o: show(o.line())) if fmt == "text" else (lambda o: None)
        report = run_publish(now=now, dry_run=dry_run, settings=settings, progress=progress)
    show(report.json() if fmt == "json" else "\n" + report.table(), fmt)
    _job_summary(report.markdown())
    sys.exit(report.exit_code)


@main.command()
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


@main.command()
@now_option()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--api-base",
    envvar="SMM_API_BASE",
    help="send every network's requests to this URL (a running `smm sandbox`)",
)
@click.option(
    "--sandbox",
    "use_sandbox",
    is_flag=True,
    help="start a sandbox in-process (state in .smm/sandbox/) and read from it; no credentials needed",
)
@click.option("--no-push", is_flag=True, help="commit the figures locally, do not push")
@click.option("--brand", help="only this brand's posts (one matrix job per brand)")
@click.option("--branch", default="main", show_default=True, help="the approved branch")
def metrics(
    now: datetime,
    fmt: str,
    api_base: str | None,
    use_sandbox: bool,
    no_push: bool,
    brand: str | None,
    branch: str,
) -> None:
    """Read the figures of published posts back (1 h, 24 h and 7 days after publishing) and
    commit them into each post's metrics: block, in one commit.

    A network whose API gives no figures (Telegram's Bot API) is noted, not failed. Exit 1 only
    when a person must act (a missing or refused token, a wrong account).
    """

    from smm.content.repo import find_root, require_brand
    from smm.metrics.run import metrics as run_metrics
    from smm.settings import Settings

    require_brand(
        find_root(), brand
    )  # before the header: a wrong --brand prints one line, nothing else
    settings = Settings(api_base=api_base, push=not no_push, branch=branch, brand=brand)
    with contextlib.ExitStack() as stack:
        if use_sandbox:
            settings.api_base, settings.default_secret = (
                _in_process_sandbox(stack, now),
                "sandbox-token",
            )
        if fmt == "text":
            show(f"smm metrics: reading from {settings.api_base or 'the networks'}")
        result = run_metrics(now=now, settings=settings)
    show(result.json() if fmt == "json" else "\n" + result.table(), fmt)
    _job_summary(result.markdown())
    sys.exit(result.exit_code)


@main.command()
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


@main.command()
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


@main.command()
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
    help="ics: an iCalendar file a calendar app can subscribe to",
)
@now_option()
def plan(start: str | None, end: str | None, brand: str | None, fmt: str, now: datetime) -> None:
    """The content plan: per brand and local day, what goes out when and where, the days short of
    the brand's cadence, posts on one account too close together, and the budget per week."""
    from smm.plan import parse_day, render
    from smm.plan import plan as run_plan

    result = run_plan(
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        brand=brand,
        now=now,
    )
    output = render(result, fmt)
    if fmt == "ics":
        sys.stdout.buffer.write(output.encode("utf-8"))  # CRLF line ends, byte for byte
    else:
        show(output, fmt, nl=False)


@main.command()
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


@main.command("review-comment")
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

    from smm.errors import UsageError
    from smm.review.comment import MAX_INPUT_BYTES, upsert_comment

    try:
        if body_file.stat().st_size > MAX_INPUT_BYTES:
            raise UsageError(f"{body_file}: over {MAX_INPUT_BYTES:,} bytes; not a review smm wrote")
        body = body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{body_file}: cannot read ({exc})") from None
    done = upsert_comment(
        repo_name,
        pr,
        body,
        os.environ.get("GITHUB_TOKEN", ""),
        api_url=os.environ.get("GITHUB_API_URL") or "https://api.github.com",
        author=author,
        head_sha=head_sha,
    )
    from smm.textsafe import one_line

    show(
        one_line(
            f"smm review-comment: {done.action}"
            + (f" {done.url}" if done.url else "")
            + (f" ({done.reason})" if done.reason else "")
        )
    )
