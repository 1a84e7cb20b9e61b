"""What several `smm` commands share: the findings formats, ``--now``, the options of a run that
talks to the networks (publish, metrics), the in-process sandbox and the GitHub job summary.

Importing this module loads click and nothing of the commands (tests/test_startup.py): whatever
a command needs beyond that is imported inside the function that uses it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from datetime import datetime

    from smm.settings import Settings

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


def network_run_options(*, sandbox_help: str, no_push_help: str) -> Callable[[F], F]:
    """The options of a command that talks to every network and commits what it learnt (publish,
    metrics): ``--api-base``, ``--sandbox``, ``--no-push``, ``--brand`` and ``--branch``, in
    that order in the help."""
    options = (
        click.option(
            "--api-base",
            envvar="SMM_API_BASE",
            help="send every network's requests to this URL (a running `smm sandbox`)",
        ),
        click.option("--sandbox", "use_sandbox", is_flag=True, help=sandbox_help),
        click.option("--no-push", is_flag=True, help=no_push_help),
        click.option("--brand", help="only this brand's posts (one matrix job per brand)"),
        click.option("--branch", default="main", show_default=True, help="the approved branch"),
    )

    def decorate(command: F) -> F:
        for option in reversed(options):  # as if stacked: the first option is applied last
            command = option(command)
        return command

    return decorate


def run_settings(api_base: str | None, no_push: bool, branch: str, brand: str | None) -> Settings:
    """The Settings of a publish or metrics run, once ``--brand`` names a brand of this
    repository (checked before any header: a wrong --brand prints one line, nothing else)."""
    from smm.content.repo import find_root, require_brand
    from smm.settings import Settings

    require_brand(find_root(), brand)
    return Settings(api_base=api_base, push=not no_push, branch=branch, brand=brand)


@contextlib.contextmanager
def in_process_sandbox(
    settings: Settings, now: datetime, *, serve_files: bool = False
) -> Iterator[None]:
    """Start the sandbox for this command (state in .smm/sandbox/) and point ``settings`` at it,
    with a stand-in token for every account; with ``serve_files``, also serve the repository on
    loopback, the public URL Instagram fetches images from (SMM_PUBLIC_BASE_URL).

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
    with contextlib.ExitStack() as stack:
        sandbox: Sandbox = stack.enter_context(
            Sandbox(state_dir=local / "sandbox", clock_offset=offset)
        )
        settings.api_base, settings.default_secret = sandbox.url, "sandbox-token"
        if serve_files:
            from smm.sandbox.files import FileServer

            files: FileServer = stack.enter_context(FileServer(find_root()))
            os.environ["SMM_PUBLIC_BASE_URL"] = files.url
        yield


def job_summary(markdown: str) -> None:
    """Append to the GitHub Actions job summary when running there."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(markdown)
