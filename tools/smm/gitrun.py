"""Running git: the one way history, review and the publisher's ledger call it.

Every call runs with no terminal prompt (a CI runner must fail, not wait for a password) and in
the C locale (git's messages are read and shown in one language), and a failure becomes one
GitError line: the git command and the last line git printed (docs/design.md#architecture).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

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


def start(cwd: Path, *args: str, options: Sequence[str] = ()) -> subprocess.Popen[bytes]:
    """``git [options] args`` started in ``cwd`` and left running; the caller reads its output
    (bytes, ``communicate``) when it needs it and judges its exit code. OSError without git."""
    return subprocess.Popen(
        ["git", *options, *args],
        cwd=cwd,
        env=_environment(None),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def _environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(extra or {})}


def _failure(args: Sequence[str], output: str) -> GitError:
    detail = output.strip().splitlines()
    return GitError(f"git {args[0]}: {detail[-1] if detail else 'failed'}")
