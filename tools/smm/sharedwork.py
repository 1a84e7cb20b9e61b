"""Work shared between this process and forked ones: a cold lint's posts, a site's post pages.

The work comes in chunks. This process and ``jobs - 1`` forked ones each take the next chunk no
one has taken (a shared counter), until none is left: they finish within a chunk of each other,
and this process works too, where a pool's parent only waits and unpickles. So the tree holds
one copy of the run fewer (a fork's memory counts whole in its RSS, shared or not), and only the
forks' results cross a pipe, once each, at the end. What the work reads (the repository, the
checker, the compiled templates) is loaded before the fork and inherited, not sent.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from smm.errors import SmmError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.sharedctypes import Synchronized

T = TypeVar("T")
R = TypeVar("R")


def forks_pay(count: int, jobs: int, minimum: int) -> bool:
    """Whether ``count`` pieces of work are worth forking for: more than one process asked, at
    least ``minimum`` pieces (below, forking costs more than it saves), a platform that forks
    (Linux, macOS). multiprocessing is loaded only past the first two: a run that checks a few
    posts need not load it."""
    if jobs <= 1 or count < minimum:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def chunked(items: list[T], jobs: int, smallest: int, per_process: int = 8) -> list[list[T]]:
    """``items`` in chunks of at least ``smallest``, about ``per_process`` chunks a process:
    small enough that the processes finish within a chunk of each other."""
    size = max(smallest, len(items) // (jobs * per_process))
    return [items[i : i + size] for i in range(0, len(items), size)]


def shared(
    chunks: list[list[T]],
    work: Callable[[list[T]], list[R]],
    jobs: int,
    doing: str,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[R]:
    """``work`` over every chunk, in this process and ``jobs - 1`` forked ones; the results in
    the chunks' order. ``meanwhile`` runs in this process once the forks are started, before it
    takes its first chunk. An error in a fork is raised here, as a pool would; a fork that dies
    (killed, out of memory) is one line: "a worker <doing> stopped (exit N)"."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    taken: Synchronized[int] = context.Value("l", 0)
    with _collector_for_work():
        workers = []
        for _ in range(jobs - 1):
            reader, writer = context.Pipe(duplex=False)
            worker = context.Process(
                target=_worker, args=(chunks, work, taken, writer), daemon=True
            )
            worker.start()
            writer.close()  # the worker's end: its exit (even a crash) ends the parent's reading
            workers.append((worker, reader))
        try:
            meanwhile()
            done = dict(_take(chunks, work, taken))
        except BaseException:
            for worker, _ in workers:
                worker.terminate()
            raise
        for worker, reader in workers:
            try:
                answer = reader.recv()
            except EOFError:  # it ended without a word: killed (out of memory, a signal)
                worker.join()
                answer = SmmError(f"a worker {doing} stopped (exit {worker.exitcode})")
            worker.join()
            if isinstance(answer, BaseException):
                raise answer
            done.update(answer)
    return [result for i in range(len(chunks)) for result in done[i]]


@contextmanager
def _collector_for_work() -> Iterator[None]:
    """The cyclic collector while the work runs, in every process: what they inherit (modules,
    the repository, a cache) is out of its passes (``gc.freeze``), and its youngest generation is
    collected every 10,000 new containers, not every 700. The work makes few cycles (a lint of
    10,000 posts: a few dozen) and many containers that live until its end (the results), which
    each pass walked again: 25 ms of each process's 1.4 s, then 10."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _take(
    chunks: list[list[T]], work: Callable[[list[T]], list[R]], taken: Synchronized[int]
) -> list[tuple[int, list[R]]]:
    """Work the next chunk no process has taken yet, until there is none."""
    done: list[tuple[int, list[R]]] = []
    while True:
        with taken.get_lock():
            i = taken.value
            taken.value += 1
        if i >= len(chunks):
            return done
        done.append((i, work(chunks[i])))


def _worker(
    chunks: list[list[T]],
    work: Callable[[list[T]], list[R]],
    taken: Synchronized[int],
    writer: Connection,
) -> None:
    """A forked worker: its chunks' results (or its error) to the parent, once, at the end."""
    try:
        answer: Any = _take(chunks, work, taken)
    except Exception as exc:  # the parent raises it, as a pool would
        answer = exc
    writer.send(answer)
    writer.close()
