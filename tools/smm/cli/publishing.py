"""The commands that talk to the networks: `smm publish`, `smm metrics`, and `smm sandbox`, the
loopback copy of every network's API they can talk to instead."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from smm.cli.options import (
    in_process_sandbox,
    job_summary,
    network_run_options,
    now_option,
    run_settings,
)
from smm.cliout import _Command, show

if TYPE_CHECKING:
    from datetime import datetime

    from smm.publish.early import EarlyStatus


@click.command(cls=_Command)
@click.option(
    "--due", is_flag=True, help="publish what is due (the default; kept for explicit schedules)"
)
@click.option("--dry-run", is_flag=True, help="show what is due; send nothing, commit nothing")
@now_option()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@network_run_options(
    sandbox_help="start a sandbox in-process (state in .smm/sandbox/) and publish to it; no credentials needed",
    no_push_help="commit results locally, do not push",
)
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
    early = _early_status() if not dry_run else None  # runs while the publisher is imported
    from smm.publish.run import publish as run_publish

    settings = run_settings(api_base, no_push, branch, brand)
    with contextlib.ExitStack() as stack:
        if use_sandbox and not dry_run:
            stack.enter_context(in_process_sandbox(settings, now, serve_files=True))
        if fmt == "text":  # a dry run sends nothing: its header must not say where it sends
            where = settings.api_base or "the networks"
            show(
                "smm publish: dry run: nothing is sent or committed"
                if dry_run
                else f"smm publish: sending to {where}"
            )
        progress = (lambda o: show(o.line())) if fmt == "text" else (lambda o: None)
        report = run_publish(
            now=now, dry_run=dry_run, settings=settings, progress=progress, early=early
        )
    show(report.json() if fmt == "json" else "\n" + report.table(), fmt)
    job_summary(report.markdown())
    if report.stopped:  # the one line a person must read, also where the JSON is piped away
        click.echo(f"smm: {report.stopped_line()}", err=True)
    sys.exit(report.exit_code)


def _early_status() -> EarlyStatus | None:
    """``git status`` of the repository here, started now (publish/early.py); None outside one
    (the publisher says why)."""
    from smm.content.paths import find_root
    from smm.errors import RepositoryError
    from smm.publish.early import EarlyStatus

    try:
        return EarlyStatus(find_root())
    except RepositoryError:
        return None


@click.command(cls=_Command)
@now_option()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@network_run_options(
    sandbox_help="start a sandbox in-process (state in .smm/sandbox/) and read from it; no credentials needed",
    no_push_help="commit the figures locally, do not push",
)
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
    from smm.metrics.run import metrics as run_metrics

    settings = run_settings(api_base, no_push, branch, brand)
    with contextlib.ExitStack() as stack:
        if use_sandbox:
            stack.enter_context(in_process_sandbox(settings, now))
        if fmt == "text":
            show(f"smm metrics: reading from {settings.api_base or 'the networks'}")
        result = run_metrics(now=now, settings=settings)
    show(result.json() if fmt == "json" else "\n" + result.table(), fmt)
    job_summary(result.markdown())
    sys.exit(result.exit_code)


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


@click.command(cls=_SandboxCommand)
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
@click.option(
    "--flat-metrics",
    is_flag=True,
    help="every figure a test did not set is 0 (default: figures grow with a post's age)",
)
def sandbox(
    port: int,
    state_dir: Path | None,
    latency_ms: float,
    files_root: Path | None,
    flat_metrics: bool,
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
                flat_metrics=flat_metrics,
                **options,
            )
        except OSError as exc:  # the port is taken, --state is a file or not writable
            where = f"--state {state_dir}" if exc.filename else f"--port {port}"
            raise UsageError(f"sandbox: {where}: {exc.strerror or exc}") from None


COMMANDS = (publish, metrics, sandbox)
