"""The `smm` command: thin click wrappers over library functions of the same name.

The commands live by stage: content.py (lint, rules, preview, schema, brands), authoring.py (new,
brand new, import), publishing.py (publish, metrics, sandbox), reports.py (plan, report, review,
review-comment, history, codeowners), site.py (site) and audience.py (draw, inbox); options.py holds what several of them
share. Each command imports its library inside its body, so starting one loads none of the others
(tests/test_startup.py).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

import click

from smm import __version__, ending
from smm.cli import audience, authoring, content, publishing, reports, site
from smm.cliout import Group


@click.group(cls=Group)
@click.version_option(__version__, prog_name="smm")
def main() -> None:
    """Social media marketing as code: lint, preview, review and publish posts kept in git."""


for _command in (
    *content.COMMANDS,
    *authoring.COMMANDS,
    *publishing.COMMANDS,
    *reports.COMMANDS,
    *site.COMMANDS,
    *audience.COMMANDS,
):
    main.add_command(_command)


def run() -> None:
    """The `smm` program (its console script and ``python -m smm``): ``main``, then out without
    the interpreter's teardown, which frees every object one by one (10-20 ms after a lint of
    10,000 posts, whose results it holds; mypy ends the same way). What the teardown would do
    for others is done first: threads that are not daemons are waited for, the atexit handlers
    run (a fork writing the lint cache is waited for) and the standard streams are flushed.
    Only an exit: an error still raises and reports as ever."""
    ending.by_exit()
    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    for thread in threading.enumerate():  # as the interpreter would: wait for non-daemon threads
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what SystemExit does with a message
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`smm lint | head`): nothing more can be said
        code = code or 1
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage reports at the interpreter's exit: let it run
    os._exit(code or 0)


__all__ = ["main", "run"]
