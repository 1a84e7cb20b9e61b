"""Every command starts fast: importing the CLI loads click and the light core, not the packages
of the commands that are not running (a warm `smm lint` of a whole repository takes tens of
milliseconds; a plan's or a report's maths, httpx or Markdown would multiply it)."""

from __future__ import annotations

import json
import subprocess
import sys

#: Loaded only by the commands that need them.
HEAVY = (
    "smm.plan.calendar",
    "smm.report.campaigns",
    "smm.publish.run",
    "smm.metrics.run",
    "smm.sandbox.server",
    "httpx",
    "markdown",
    "PIL.Image",
)


def test_importing_the_cli_loads_no_command_package() -> None:
    code = "import json, sys, smm.cli; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(proc.stdout))
    assert [name for name in HEAVY if name in loaded] == []


def test_reading_every_account_schema_loads_no_adapter_dependency() -> None:
    """content/schema.py reads each network's ACCOUNT from networks/<id>.py on every `smm lint`:
    importing a network module must not bring in the HTTP client, Markdown or the renderer."""
    code = (
        "import json, sys\n"
        "from smm.networks.registry import NETWORK_IDS, account_schema\n"
        "[account_schema(network) for network in NETWORK_IDS]\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(proc.stdout))
    # logging and email.utils too (3 and 5 ms): only a run that sends or reads a request needs them
    heavy = ("httpx", "markdown", "PIL", "smm.networks.compose", "logging", "email.utils")
    assert [name for name in heavy if name in loaded] == []
