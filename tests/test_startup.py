"""Every command starts fast: importing the CLI loads click and the light core, not the packages
of the commands that are not running (a warm `smm lint` of a whole repository takes tens of
milliseconds; a plan's or a report's maths, httpx or Markdown would multiply it)."""

from __future__ import annotations

import json
import re
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


# --- the end: out without the interpreter's teardown (smm.cli.run) ----------------------------------


def test_every_line_and_the_exit_code_reach_a_pipe(workspace) -> None:
    """More findings than a pipe and stdout's buffer hold (64 KiB and 8 KiB) arrive whole, and
    the exit code is lint's: nothing is left in a buffer when the process ends."""
    for n in range(400):
        workspace.post(f"zerno/2026/12/{n:03d}-a.md", "network: telegramm\ntime: 2026-12-01 10:00")
    result = workspace.smm("lint", "--no-cache")
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and len(result.stdout) > 70_000
    summary = re.fullmatch(r"400 posts: (\d+) errors, 0 warnings", result.stderr.strip())
    assert summary and len(lines) == int(summary[1]) > 400, result.stderr
    assert {line.split(":")[0] for line in lines} == {
        f"posts/zerno/2026/12/{n:03d}-a.md" for n in range(400)
    }


def test_the_exit_code_of_each_kind_of_end(workspace) -> None:
    version = workspace.smm("--version")
    assert (version.returncode, version.stdout.startswith("smm, version")) == (0, True)
    assert workspace.smm("lint", "--format", "xml").returncode == 2
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    assert workspace.smm("lint").returncode == 0


def test_the_lint_cache_a_fork_writes_is_whole_when_the_program_has_ended(workspace) -> None:
    """A cold lint's cache file is written by a fork (lint/cachebehind.py; from 2,000 posts, here
    from one) that the program waits for before it ends: the file is there, whole, with every
    post."""
    for n in range(60):
        workspace.post(f"zerno/2026/12/{n:03d}-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    code = "import sys, smm.cli, smm.lint.cache\nsmm.lint.cache.BEHIND_MIN = 1\nsmm.cli.run()\n"
    proc = subprocess.run(
        [sys.executable, "-c", code, "lint", "--jobs", "2"],
        cwd=workspace.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr  # the 60 are duplicates
    cached = workspace.root / ".smm-cache" / "lint-v5.json"
    doc = json.loads(cached.read_text(encoding="utf-8"))  # whole JSON, not a torn write
    assert len(doc["paths"]) == 60 and doc["cross"]["zerno"]


def test_a_reader_that_goes_away_is_no_traceback(workspace) -> None:
    for n in range(400):
        workspace.post(f"zerno/2026/12/{n:03d}-a.md", "network: telegramm\ntime: 2026-12-01 10:00")
    proc = subprocess.Popen(
        [sys.executable, "-m", "smm", "lint", "--no-cache"],
        cwd=workspace.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # `smm lint | head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) != 0 and "Traceback" not in err


def test_a_thread_that_is_not_a_daemon_is_waited_for() -> None:
    """What the interpreter's own exit does, ``run`` does before ``os._exit``."""
    code = (
        "import threading, time, smm.cli\n"
        "def late():\n"
        "    time.sleep(0.3); print('the thread finished', flush=True)\n"
        "smm.cli.main.command('late')(lambda: threading.Thread(target=late).start())\n"
        "smm.cli.run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "late"], capture_output=True, text=True, timeout=60
    )
    assert (proc.returncode, proc.stdout) == (0, "the thread finished\n"), proc.stderr


def test_a_profiler_gets_its_report(workspace) -> None:
    """Under cProfile (or coverage), the program ends through the interpreter's exit, which is
    where they write what they measured (cProfile's own runner ends with 0 whatever the code)."""
    workspace.post("zerno/2026/12/01-a.md", "network: telegramm\ntime: 2026-12-01 10:00")
    proc = subprocess.run(
        [sys.executable, "-m", "cProfile", "-s", "tottime", "-m", "smm", "lint"],
        cwd=workspace.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "schema/network" in proc.stdout, proc.stderr
    assert "function calls" in proc.stdout and "Ordered by: internal time" in proc.stdout
