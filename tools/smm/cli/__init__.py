"""The `smm` command: thin click wrappers over library functions of the same name.

The commands live by stage: content.py (lint, rules, preview, schema, brands), authoring.py (new,
brand new, import), publishing.py (publish, metrics, sandbox), reports.py (plan, report, review,
review-comment, history, codeowners), site.py (site) and audience.py (draw, inbox); options.py holds what several of them
share. Each command imports its library inside its body, so starting one loads none of the others
(tests/test_startup.py).
"""

from __future__ import annotations

import click

from smm import __version__
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

__all__ = ["main"]
