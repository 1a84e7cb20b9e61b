"""Threads counts an emoji as its UTF-8 bytes (developers.facebook.com/documentation/threads/posts):
lint counts so (networks/counters.py ``threads``), and the sandbox refuses by the same count, so a
text lint passes is one Threads takes, and one over the limit fails both (the auditor's case:
"a" * 380 + " " + "😀" * 30, 411 code points, is 501 to Threads)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from threads_container import sandbox_takes

from smm.networks.counters import UPPER_BOUNDS, threads
from smm.sandbox import Sandbox

PATH = "zerno/2026/12/01-threads.md"
TOKEN = "THAAlengthToken"
AT_LIMIT = "a" * 379 + " " + "😀" * 30  # 379 + 1 + 30 × 4 = 500
OVER = "a" * 380 + " " + "😀" * 30  # 501


@pytest.fixture
def sandbox(tmp_path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path / "sandbox", threads_tokens=[TOKEN]) as sb:
        yield sb


def _lint(workspace, body: str) -> list[str]:
    workspace.brand("zerno", accounts={"threads": {"user_id": "1"}})
    workspace.post(PATH, "network: threads\ntime: 2026-12-01 10:00\n", body + "\n")
    return [f.message for f in workspace.findings() if f.rule == "threads/length"]


def _sandbox_takes(sandbox: Sandbox, text: str) -> bool:
    refusal = "(#100) Param text must be at most 500 characters long"
    return sandbox_takes(sandbox, TOKEN, text, refusal)


def test_a_text_at_the_limit_passes_lint_and_the_sandbox(workspace, sandbox):
    assert threads(AT_LIMIT) == 500
    assert _lint(workspace, AT_LIMIT) == []
    assert _sandbox_takes(sandbox, AT_LIMIT)


def test_a_text_one_over_fails_lint_and_the_sandbox(workspace, sandbox):
    assert len(OVER) == 411 and threads(OVER) == 501
    messages = _lint(workspace, OVER)
    assert len(messages) == 1 and "is 501 characters" in messages[0], messages
    assert "the limit is 500 (over by 1)" in messages[0]
    assert not _sandbox_takes(sandbox, OVER)


@pytest.mark.parametrize(
    "text", ["abc", "中文", "☀☕️", "👩‍💻", "🏳️‍🌈", "é", "\U000e0067", "a\u200db", "😀" * 3]
)
def test_the_bound_lint_counts_under_is_never_below_the_count(text):
    assert UPPER_BOUNDS["threads"](text) >= threads(text)
