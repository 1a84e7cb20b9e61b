"""The `smm` program (its console script and ``python -m smm``): what starts before the command
line is parsed, then the command line (smm/cli).

A lint of the whole repository and a site build fork the walk of posts/ first (lint/prewalk.py),
so that it runs on the other core while this process imports click and the command's modules
(60-80 ms)."""

from __future__ import annotations

import sys


def run() -> None:
    """Start what runs beside the imports, then ``smm.cli.run``."""
    if sys.argv[1:2] in (["lint"], ["site"]):  # no other command loads the lint for nothing
        from smm.lint.prewalk import Prewalk

        Prewalk.start(sys.argv[1:])
    from smm.cli import run as command_line

    command_line()
