"""How the `smm` command talks to people: one-line errors and output safe for a terminal.

Every error a person can cause (smm's own, or click's usage errors) is one line ``smm: ...`` with
exit 2, never a traceback or a usage block; every output for people passes textsafe.block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import click

from smm.errors import SmmError

#: Output for machines, printed as it is: json.dumps, csv and iCalendar escape what they hold.
MACHINE_FORMATS = ("json", "csv", "ics")


def show(output: str, fmt: str = "text", nl: bool = True) -> None:
    """Print a command's output. Renderers escape each field they did not write (textsafe); for
    people, textsafe.block is the last guard against a control character reaching the terminal."""
    from smm.textsafe import block

    click.echo(output if fmt in MACHINE_FORMATS else block(output), nl=nl)


class _OneLine(click.ClickException):
    """An error as the README promises it: one line ``smm: ...`` on stderr, exit 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        from smm.textsafe import one_line

        click.echo(f"smm: {one_line(self.message)}", err=True)


@contextlib.contextmanager
def _errors_in_one_line(command: str | None = None) -> Iterator[None]:
    """smm's own errors and click's usage errors (an unknown option, a bad value, a missing
    argument: four lines of usage and hint by default) become one line, naming ``command``."""
    try:
        yield
    except SmmError as exc:
        raise _OneLine(exc.one_line()) from None
    except click.exceptions.NoArgsIsHelpError:
        raise  # plain `smm`: the help is the answer
    except click.UsageError as exc:
        if command is None and exc.ctx is not None and exc.ctx.parent is not None:
            command = exc.ctx.info_name
        where, hint = (f"{command}: ", f"smm {command} --help") if command else ("", "smm --help")
        raise _OneLine(f"{where}{exc.format_message()} (see `{hint}`)") from None
    except click.ClickException as exc:
        if isinstance(exc, _OneLine):
            raise
        raise _OneLine(exc.format_message()) from None


class _Command(click.Command):
    """Marks a usage error with the command it belongs to, for the one line that reports it."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _errors_in_one_line(info_name):  # some parse errors carry no context to name it
            return super().make_context(info_name, args, parent=parent, **extra)


class Group(click.Group):
    """Every error a person can cause is one line (exit 2), never a traceback or a usage block."""

    command_class = _Command

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with _errors_in_one_line():
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context) -> object:
        with _errors_in_one_line():
            return super().invoke(ctx)
