"""One fuzz case through smm's commands: a small real repository (git, a base commit), the
generated file committed on top, then lint, preview, plan, report, review and site called
in-process as the CLI calls them (every output format rendered and encoded as the CLI writes it;
every page of the site checked by sitecheck.py), and, for a sample, the real `python -m smm`
processes with a time limit.

Anything but an ``SmmError`` escaping a command is a traceback the CLI would print. A failure's
signature is the exception's type and the innermost frame inside the smm package, so one fault
met by many inputs is one line in the report.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sitecheck
from generate import Case

TOOLS = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
COMMANDS = ("lint", "preview", "plan", "report", "review", "site")
BASE_POST = "posts/zerno/2026/12/01-base.md"
_BASE = {
    "brands/zerno.yaml": "name: Кофейня «Зерно»\ntimezone: Europe/Moscow\ncurrency: RUB\njurisdiction: RU\nlate_after: 2h\n"
    'accounts:\n  telegram: {chat: "@zerno_coffee", token_env: SMM_ZERNO_TELEGRAM_TOKEN}\n'
    "  vk: {owner_id: -218000001, token_env: SMM_ZERNO_VK_TOKEN}\n"
    '  instagram: {user_id: "17841400000000001", public_base_url: "https://x.example"}\n'
    'reviewers: ["@zerno-marketing"]\nfrequency: {telegram: {per_day: 3, min_gap: 2h}}\n'
    'cadence: {telegram: {per_day: 1}}\nvoice: {banned: [бесплатно]}\nsignature: "— Зерно"\n'
    'ad_marking: {advertiser: {name: "ООО «Зерно»", inn: "7701234560"}}\n',
    "brands/nordlicht.yaml": "name: Nordlicht\ntimezone: Europe/Berlin\ncurrency: EUR\njurisdiction: DE\n"
    'accounts:\n  telegram: {chat: "@nordlicht_outdoor"}\n  instagram: {user_id: "2"}\n',
    "campaigns/zerno/winter.yaml": "name: Зима\nstart: 2026-12-01\nend: 2027-02-28\nbudget: 60000 RUB\n"
    "networks: [telegram, vk, instagram]\nhashtags: [зима]\nutm: {medium: social, campaign: winter}\n"
    "goals: {reach: 200000, engagement_rate: 0.04, clicks: 3000}\n",
    "campaigns/nordlicht/advent.yaml": "name: Advent\nstart: 2026-12-01\nend: 2026-12-24\nbudget: 500 EUR\n",
    BASE_POST: "---\nnetwork: [telegram, vk, instagram]\ntime: 2026-12-01 10:00\ntitle: Зимнее меню\ncampaign: winter\n"
    "budget: 1500 RUB\nimages: [{src: assets/zerno/a.png, alt: Латте}]\nlink: https://zerno.example/menu\n---\n"
    "Открываем **зимнее меню**: латте с корицей.\n",
    "posts/nordlicht/2026/12/05-base.md": "---\nnetwork: telegram\ntime: 2026-12-05 18:00\ncampaign: advent\n---\nAdvent!\n",
}


@dataclass
class Failure:
    command: str
    kind: str  # traceback | hang | bad-output
    signature: str
    detail: str


def smm_frame(frames: list[tuple[str, int, str]]) -> str:
    """``path:function`` of the innermost frame (file, line, function) inside the smm package."""
    for filename, _line, function in reversed(frames):
        parts = Path(filename).parts
        if "smm" in parts and "fuzz" not in parts:
            return "/".join(parts[len(parts) - parts[::-1].index("smm") :]) + ":" + function
    return "(outside smm)"


def signature(exc: BaseException) -> str:
    frames = [(f.filename, f.lineno or 0, f.name) for f in traceback.extract_tb(exc.__traceback__)]
    return f"{type(exc).__name__} in {smm_frame(frames)}"


_FRAME = re.compile(r'File "([^"]+)", line (\d+),? in (\S+)')


def signature_of_text(text: str) -> str:
    """The signature of a traceback as Python prints it (the last exception line names the type)
    or as faulthandler dumps it (innermost frame first, no exception)."""
    frames = [(f, int(n), fn) for f, n, fn in _FRAME.findall(text)]
    if "Traceback (most recent call last)" in text:
        # the exception line: unindented `name: message` (or a bare name) after the frames
        names = [
            m.group(1)
            for m in re.finditer(r"^([A-Za-z_][\w.]*)(?::|$)", text, re.M)
            if m.group(1) != "Traceback"
        ]
        kind = names[-1].rsplit(".", 1)[-1] if names else "Traceback"
        return f"{kind} in {smm_frame(frames)}"
    return smm_frame(list(reversed(frames)))


def _output_problem(command: str, fmt: str, out: str) -> Failure | None:
    """What the CLI would trip over writing ``out``: text that is not UTF-8 (click.echo raises
    UnicodeEncodeError), or JSON output that is not JSON (NaN, Infinity, broken)."""
    try:
        out.encode("utf-8")
    except UnicodeEncodeError as exc:
        return Failure(
            command,
            "traceback",
            f"UnicodeEncodeError writing the output of {command}",
            str(exc)[:300],
        )
    if fmt == "json":

        def refuse(name: str) -> None:
            raise ValueError(f"{name} is not JSON")

        try:
            json.loads(out, parse_constant=refuse)
        except ValueError as exc:
            return Failure(command, "bad-output", f"invalid JSON from {command}", str(exc)[:300])
    return None


class Workspace:
    """The baseline repository every case is applied to, and the commands run on it. The
    repository is ``top/repo``; the site is built into ``top/site`` (kept from case to case, so
    each build is a rebuild of the last case's site, as CI's are), the CLI's into ``top/site-cli``;
    ``top`` holds nothing else, so a file a build wrote anywhere else in it is found."""

    def __init__(self, top: Path) -> None:
        self.top, self.root = top, top / "repo"
        self.site_out, self.cli_out = top / "site", top / "site-cli"
        self.root.mkdir(parents=True, exist_ok=True)
        root = self.root
        self.broken = False
        self.found: list[Failure] = []  # what a command's output was found to be, beyond raising
        self.env = {
            **os.environ,
            "SMM_CACHE": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_AUTHOR_NAME": "fuzz",
            "GIT_AUTHOR_EMAIL": "fuzz@example.com",
            "GIT_COMMITTER_NAME": "fuzz",
            "GIT_COMMITTER_EMAIL": "fuzz@example.com",
            "PYTHONPATH": str(TOOLS),
            "NO_COLOR": "1",
        }
        self.env.pop("GITHUB_STEP_SUMMARY", None)
        os.environ["SMM_CACHE"] = (
            "0"  # the in-process commands: every case is checked, never served
        )
        from PIL import Image

        for rel, text in _BASE.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        (root / "assets/zerno").mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (1080, 1080), (180, 120, 60)).save(root / "assets/zerno/a.png")
        Image.new("RGB", (1080, 1350), (60, 120, 180)).save(root / "assets/zerno/b.jpg", quality=80)
        for args in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            ["commit", "-qm", "base"],
            ["tag", "base"],
        ):
            self.git(*args)

    def git(self, *args: str) -> None:
        subprocess.run(
            ["git", *args], cwd=self.root, env=self.env, check=True, capture_output=True, timeout=60
        )

    def apply(self, case: Case) -> None:
        target = self.root / case.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.data)
        self.git("add", "-A")
        self.git("commit", "-qm", f"case {case.index}", "--no-verify")

    def restore(self) -> None:
        self.git("reset", "-q", "--hard", "base")
        self.git("clean", "-qfdx")

    # --- the commands, in-process ---------------------------------------------------------------

    def lint(self, case: Case) -> dict[str, str]:
        from smm.findings import render
        from smm.lint import lint

        found = lint(self.root, now=NOW, use_cache=False, jobs=1).findings
        return {fmt: render(found, fmt) for fmt in ("text", "json", "github")}

    def preview(self, case: Case) -> dict[str, str]:
        from smm.preview import format_preview, preview

        path = case.path if case.kind == "post" else BASE_POST
        return {
            "text": "\n\n".join(
                format_preview(r) for r in preview(str(self.root / path), root=self.root)
            )
        }

    def plan(self, case: Case) -> dict[str, str]:
        from smm.plan import plan, render

        result = plan(self.root, now=NOW, use_cache=False)
        return {fmt: render(result, fmt) for fmt in ("text", "markdown", "json", "ics")}

    def report(self, case: Case) -> dict[str, str]:
        from smm.report import render, report

        result = report(self.root, now=NOW)
        return {fmt: render(result, fmt) for fmt in ("text", "markdown", "json", "csv")}

    def review(self, case: Case) -> dict[str, str]:
        from smm.review import render, review

        result = review("base", root=self.root, now=NOW)
        return {fmt: render(result, fmt) for fmt in ("markdown", "json")}

    def site(self, case: Case) -> dict[str, str]:
        from smm.site import site

        self.site_out.mkdir(exist_ok=True)
        self.check_site("site", lambda: site(self.root, out=self.site_out, now=NOW, jobs=1))
        return {}

    def check_site(self, command: str, build: Callable[[], object]) -> None:
        """Run ``build`` (an ``SmmError`` goes through: a refusal), then check the pages it left
        and that nothing but its output folder and the repository's cache changed."""
        out = self.site_out if command == "site" else self.cli_out
        skip = {out, self.root / ".git", self.root / ".smm-cache"}
        before = sitecheck.snapshot(self.top, skip)
        try:
            build()
        finally:
            if stray := sitecheck.changed(before, sitecheck.snapshot(self.top, skip)):
                detail = "\n".join(stray[:10])
                self.found.append(
                    Failure(command, "bad-output", f"{command} wrote outside --out", detail)
                )
        if problems := sitecheck.site_problems(out):
            kinds = sorted({re.sub(r"'.*|\(.*|: .*", "", p.split(": ", 1)[1]) for p in problems})
            self.found.append(
                Failure(
                    command,
                    "bad-output",
                    f"broken page from {command}: {kinds[0]}",
                    "\n".join(problems[:20]),
                )
            )

    def run(
        self,
        case: Case,
        started: Callable[[str], None],
        cli: bool = False,
        timeout: float = 10.0,
        where: Callable[[], str] = lambda: "",
    ) -> list[Failure]:
        """Every command on ``case``; ``started(command)`` is called before each (the parent's
        clock for hangs). A command that finishes but took over ``timeout`` is a hang too, placed
        by ``where()``. With ``cli``, the real processes run as well. After a MemoryError,
        ``broken`` is set."""
        from smm.errors import SmmError

        failures: list[Failure] = []
        self.found = []
        self.apply(case)
        try:
            for name in COMMANDS:
                started(name)
                began = time.monotonic()
                try:
                    outputs = getattr(self, name)(case)
                except SmmError:
                    outputs = {}  # one line `smm: ...` and exit 2: a clean refusal
                except MemoryError as exc:
                    self.broken = (
                        True  # the worker is in no state to go on (set first: it allocates nothing)
                    )
                    try:
                        traceback.clear_frames(
                            exc.__traceback__
                        )  # let go of what filled the memory
                        failures.append(Failure(name, "traceback", signature(exc), _format(exc)))
                    except MemoryError:
                        failures.append(
                            Failure(name, "traceback", "MemoryError", "no memory left to say where")
                        )
                    break
                except Exception as exc:  # RecursionError too
                    failures.append(Failure(name, "traceback", signature(exc), _format(exc)))
                    outputs = {}
                if (took := time.monotonic() - began) > timeout:
                    failures.append(
                        Failure(name, "hang", f"hang in {name}: {where()}", f"took {took:.1f} s")
                    )
                failures += [
                    f for fmt, out in outputs.items() if (f := _output_problem(name, fmt, out))
                ]
                failures += self.found
                self.found = []
            if cli and not self.broken:
                failures += self.run_cli(case, started, timeout)
        finally:
            if (
                not self.broken
            ):  # after a MemoryError, even forking git may fail: the workspace is dropped
                self.restore()
        return failures

    def _cli(self, command: str, args: list[str], timeout: float) -> subprocess.CompletedProcess:
        def run() -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, "-m", "smm", *args],
                cwd=self.root,
                env=self.env,
                capture_output=True,
                timeout=timeout,
            )

        if command != "cli site":
            return run()
        done: list[subprocess.CompletedProcess] = []
        self.check_site(command, lambda: done.append(run()))
        return done[0]

    def run_cli(self, case: Case, started: Callable[[str], None], timeout: float) -> list[Failure]:
        """The real commands as processes: no traceback, an exit code of 0, 1 or 2, in time."""
        failures = []
        path = case.path if case.kind == "post" else BASE_POST
        now = NOW.isoformat()
        for name, args in (
            ("lint", ["lint", "--no-cache", "--now", now]),
            ("preview", ["preview", path]),
            ("plan", ["plan", "--now", now]),
            ("report", ["report", "--now", now]),
            ("review", ["review", "--base", "base", "--now", now]),
            ("site", ["site", "--out", str(self.cli_out), "--now", now, "--jobs", "1"]),
        ):
            started(f"cli {name}")
            shutil.rmtree(self.cli_out, ignore_errors=True)
            try:
                proc = self._cli(f"cli {name}", args, timeout)
            except subprocess.TimeoutExpired:
                failures.append(
                    Failure(f"cli {name}", "hang", f"hang in cli {name}", f"over {timeout} s")
                )
                continue
            err = proc.stderr.decode("utf-8", "replace")
            if "Traceback (most recent call last)" in err:
                failures.append(
                    Failure(f"cli {name}", "traceback", signature_of_text(err), err[-3000:])
                )
            elif proc.returncode not in (0, 1, 2):
                failures.append(
                    Failure(
                        f"cli {name}",
                        "traceback",
                        f"exit {proc.returncode} in cli {name}",
                        err[-3000:],
                    )
                )
        shutil.rmtree(self.cli_out, ignore_errors=True)
        return failures + self.found


def _format(exc: BaseException) -> str:
    buf = io.StringIO()
    traceback.print_exception(type(exc), exc, exc.__traceback__, limit=-12, file=buf)
    return buf.getvalue()[-4000:]
