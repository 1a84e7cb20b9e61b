"""threads/links: Threads takes at most 5 distinct links a post (THREADS_API__LINK_LIMIT_EXCEEDED
since 2025-12-22, developers.facebook.com/docs/threads/create-posts/text-attachments). Lint and
the sandbox count them with one function (networks/counters.py ``links``), so a text lint passes
is one the sandbox takes, and a sixth link fails both; each part of a thread is its own post."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from threads_container import sandbox_takes

from smm.sandbox import Sandbox

PATH = "zerno/2026/12/01-links.md"
TOKEN = "THAAlinksToken"


@pytest.fixture
def sandbox(tmp_path) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path / "sandbox", threads_tokens=[TOKEN]) as sb:
        yield sb


def addresses(n: int) -> str:
    return "\n".join(f"Stop {i}: https://zerno.example/{i}" for i in range(n))


def _lint(workspace, body: str):
    workspace.brand("zerno", accounts={"threads": {"user_id": "1"}})
    workspace.post(PATH, "network: threads\ntime: 2026-12-01 10:00\n", body + "\n")
    return [f for f in workspace.findings() if f.rule == "threads/links"]


def _sandbox_takes(sandbox: Sandbox, text: str) -> bool:
    return sandbox_takes(sandbox, TOKEN, text, "(#100) THREADS_API__LINK_LIMIT_EXCEEDED")


def test_five_links_pass_lint_and_the_sandbox(workspace, sandbox):
    assert _lint(workspace, addresses(5)) == []
    assert _sandbox_takes(sandbox, addresses(5))


def test_a_sixth_link_fails_lint_at_that_link_and_the_sandbox(workspace, sandbox):
    (finding,) = _lint(workspace, addresses(6))
    assert finding.level == "error"
    assert finding.message == "Threads text has 6 distinct links; at most 5"
    assert finding.line == 10 and finding.col == len("Stop 5: ") + 1  # the sixth, where it is
    assert not _sandbox_takes(sandbox, addresses(6))


def test_one_link_written_six_times_is_one_link(workspace, sandbox):
    body = " ".join(["https://zerno.example/menu"] * 6)
    assert _lint(workspace, body) == []
    assert _sandbox_takes(sandbox, body)


def test_each_part_of_a_thread_has_its_own_five(workspace):
    assert _lint(workspace, addresses(4) + "\n\n---\n\n" + addresses(4)) == []
    (finding,) = _lint(workspace, addresses(2) + "\n\n---\n\n" + addresses(6))
    assert "6 distinct links" in finding.message
