"""The code checks a reviewer expects pass, as configured in pyproject.toml: ruff's lint and its
formatter on tools/ and tests/, and strict mypy on tools/smm. The same commands run in pre-commit
(.pre-commit-config.yaml), so a commit that breaks them is refused before CI sees it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import PROJECT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "tools", "tests"],
        ["ruff", "format", "--check", "tools", "tests"],
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_the_code_passes(command: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", *command], cwd=PROJECT, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
