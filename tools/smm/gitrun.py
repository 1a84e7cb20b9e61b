"""Running git: the one way history, review and the publisher's ledger call it.

Every call runs with no terminal prompt (a CI runner must fail, not wait for a password) and in
the C locale (git's messages are read and shown in one language), and a failure becomes one
GitError line: the git command and the last line git printed (docs/design.md#architecture).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from smm.errors import GitError


def git(
    cwd: Path,
    *args: str,
    check: bool = True,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
    options: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """``git [options] args`` in ``cwd``, its output as text (UTF-8, undecodable bytes replaced,
    line endings as Python's text mode reads them).

    ``options`` go before the command (``-c key=value``); ``env`` adds to the environment;
    ``check`` raises GitError when git fails, else the caller reads ``returncode``.
    """
    result = subprocess.run(
        ["git", *options, *args],
        cwd=cwd,
        env=_environment(env),
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        input=input,
    )
    if check and result.returncode != 0:
        raise _failure(args, result.stderr or result.stdout)
    return result


def git_bytes(
    cwd: Path,
    *args: str,
    check: bool = True,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    options: Sequence[str] = (),
) -> subprocess.CompletedProcess[bytes]:
    """As git(), with output (and ``input``) as bytes, exactly as git wrote them."""
    result = subprocess.run(
        ["git", *options, *args],
        cwd=cwd,
        env=_environment(env),
        capture_output=True,
        input=input,
    )
    if check and result.returncode != 0:
        raise _failure(args, (result.stderr or result.stdout).decode("utf-8", "replace"))
    return result


def start(
    cwd: Path,
    *args: str,
    options: Sequence[str] = (),
    stdout: int | IO[bytes] = subprocess.PIPE,
    stderr: int | IO[bytes] = subprocess.DEVNULL,
) -> subprocess.Popen[bytes]:
    """``git [options] args`` started in ``cwd`` and left running; the caller reads its output
    (bytes, ``communicate``, unless ``stdout`` is a file) when it needs it and judges its exit
    code. OSError without git."""
    return subprocess.Popen(
        ["git", *options, *args],
        cwd=cwd,
        env=_environment(None),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
    )


class Started:
    """``git [options] args`` started in ``cwd``, its output going to unnamed temporary files
    (not a pipe, which would stop git once full): git runs beside this process's own work, which
    may fork meanwhile (no thread reads it), until ``result`` waits for it. OSError without git."""

    def __init__(self, cwd: Path, *args: str, options: Sequence[str] = ()) -> None:
        self.args = args
        # closed by result() or stop(), whichever ends the command
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self._process = start(cwd, *args, options=options, stdout=self._out, stderr=self._err)
        except OSError:
            self._out.close()
            self._err.close()
            raise

    def result(self, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        """What git wrote, once it has ended (as git_bytes gives it; GitError when it failed)."""
        code = self._process.wait()
        out, err = (_read_back(f) for f in (self._out, self._err))
        if check and code != 0:
            raise _failure(self.args, (err or out).decode("utf-8", "replace"))
        return subprocess.CompletedProcess(self._process.args, code, out, err)

    def stop(self) -> None:
        """Not wanted after all: ended, waited for, its files closed."""
        self._process.kill()
        self._process.wait()
        self._out.close()
        self._err.close()


def _read_back(file: IO[bytes]) -> bytes:
    with file:
        file.seek(0)
        return file.read()


def _environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(extra or {})}


def _failure(args: Sequence[str], output: str) -> GitError:
    detail = output.strip().splitlines()
    return GitError(f"git {args[0]}: {detail[-1] if detail else 'failed'}")
