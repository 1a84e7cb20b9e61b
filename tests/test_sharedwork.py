"""sharedwork: chunks worked by this process and forked ones, results in the chunks' order, a
fork's error raised here, and each chunk worked exactly once; work set aside in a fork, its
result as text, done here when the fork fails."""

from __future__ import annotations

import os
import time

import pytest

from smm.sharedwork import aside, shared


def test_results_come_in_the_chunks_order_and_each_chunk_is_worked_once(tmp_path) -> None:
    chunks = [list(range(i, i + 3)) for i in range(0, 60, 3)]
    seen = tmp_path / "seen"

    def work(chunk: list[int]) -> list[tuple[int, int]]:
        time.sleep(0.002)  # long enough that no process takes every chunk before the others start
        with open(seen, "a", encoding="utf-8") as fh:  # O_APPEND: one line per chunk, any process
            fh.write(f"{chunk[0]}\n")
        return [(n * n, os.getpid()) for n in chunk]

    ran: list[str] = []
    done = shared(chunks, work, 3, "squaring", meanwhile=lambda: ran.append("meanwhile"))
    assert [square for square, _ in done] == [n * n for n in range(60)]
    assert sorted(int(line) for line in seen.read_text().split()) == list(range(0, 60, 3))
    assert ran == ["meanwhile"]
    assert os.getpid() in {pid for _, pid in done}  # this process works too


def test_an_error_in_a_fork_is_raised_here() -> None:
    parent = os.getpid()

    def work(chunk: list[int]) -> list[int]:
        time.sleep(0.001)  # the fork has started long before the 200th chunk
        if os.getpid() != parent:
            raise ValueError(f"chunk {chunk[0]} failed in a fork")
        return chunk

    with pytest.raises(ValueError, match="failed in a fork"):
        shared([[i] for i in range(200)], work, 2, "checking")


def test_the_collector_is_as_it_was_after_the_work_done_or_failed() -> None:
    # while the work runs, what the processes inherit is frozen and the youngest generation is
    # collected less often; neither may outlive the work (smm site and tests run it again and again)
    import gc

    before = (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled())
    seen: list[tuple[int, int]] = []

    def work(chunk: list[int]) -> list[int]:
        seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
        if chunk == [7]:
            raise ValueError("the eighth chunk fails")
        return chunk

    assert shared([[n] for n in range(5)], work, 1, "counting") == [0, 1, 2, 3, 4]
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before
    assert seen[0][0] == 10_000 and seen[0][1] > before[1]
    with pytest.raises(ValueError, match="eighth"):
        shared([[n] for n in range(9)], work, 1, "counting")
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_a_fork_that_dies_is_one_line_and_no_result_is_lost_silently() -> None:
    from smm.errors import SmmError

    parent = os.getpid()

    def work(chunk: list[int]) -> list[int]:
        time.sleep(0.001)
        if os.getpid() != parent and chunk[0] >= 20:  # killed after sending a few chunks
            os._exit(3)
        return chunk

    with pytest.raises(SmmError, match=r"^a worker counting stopped \(exit 3\)$"):
        shared([[n] for n in range(200)], work, 2, "counting")


def test_work_set_aside_runs_in_a_fork_while_this_process_goes_on(tmp_path) -> None:
    here = os.getpid()
    started = tmp_path / "started"

    def work() -> list[str]:
        started.write_text("yes")
        return [str(os.getpid()), "ключ"]

    result = aside(work)
    while not started.exists():  # the fork works before anyone asks for its result
        time.sleep(0.001)
    pid, text = result()
    assert int(pid) != here and text == "ключ"


def test_work_whose_fork_fails_is_done_here() -> None:
    here = os.getpid()

    def work() -> list[str]:
        if os.getpid() != here:
            raise RuntimeError("only in the fork")
        return ["done here"]

    assert aside(work)() == ["done here"]

    def killed() -> list[str]:
        if os.getpid() != here:
            os.kill(os.getpid(), 9)
        return ["done here too"]

    assert aside(killed)() == ["done here too"]
