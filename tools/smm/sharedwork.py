"""Work shared between this process and forked ones: a cold lint's posts, a site's post pages.

The work comes in chunks. This process and ``jobs - 1`` forked ones each take the next chunk no
one has taken (a shared counter), until none is left: they finish within a chunk of each other,
and this process works too, where a pool's parent only waits and unpickles. So the tree holds
one copy of the run fewer (a fork's memory counts whole in its RSS, shared or not), and only the
forks' results cross a pipe, a chunk at a time, read by this process between its own chunks.
What the work reads (the repository, the checker, the compiled templates) is loaded before the
fork and inherited, not sent.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from smm.errors import SmmError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from multiprocessing.sharedctypes import Synchronized

T = TypeVar("T")
R = TypeVar("R")


def fork_piped(child: Callable[[int], None], child_writes: bool) -> tuple[int, int] | None:
    """Fork a process that runs ``child`` with its end of a new pipe and then ends, whatever
    happens (``os._exit``: never back into this process's code, its atexit or its buffers);
    (its pid, this process's end of the pipe), or None where processes do not fork. The child
    writes into the pipe (``child_writes``) or reads from it."""
    if not hasattr(os, "fork"):
        return None
    reader, writer = os.pipe()
    mine, theirs = (reader, writer) if child_writes else (writer, reader)
    pid = os.fork()
    if pid == 0:
        try:
            gc.disable()  # a short life whose every allocation the exit frees: no cycle to find
            os.close(mine)
            child(theirs)
        finally:
            os._exit(0)
    os.close(theirs)
    return pid, mine


def aside(work: Callable[[], list[str]]) -> Callable[[], list[str]]:
    """``work`` started in a forked process while this one goes on; the function returned gives
    its result, waiting for the fork. The result crosses the pipe as JSON (text, never objects).
    Where processes do not fork, or the fork fails (its result is not a list of text), the
    function returned does the work here."""

    def child(writer: int) -> None:
        with open(writer, "wb") as pipe:
            pipe.write(json.dumps(work(), ensure_ascii=False).encode("utf-8", "surrogatepass"))

    forked = fork_piped(child, child_writes=True)
    if forked is None:
        return work
    pid, reader = forked

    def result() -> list[str]:
        with open(reader, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            found = json.loads(data.decode("utf-8", "surrogatepass"))
        except ValueError:  # the fork failed (an error, killed): nothing or half was sent
            return work()
        if not isinstance(found, list) or not all(isinstance(item, str) for item in found):
            return work()
        return found

    return result


def forks_pay(count: int, jobs: int, minimum: int) -> bool:
    """Whether ``count`` pieces of work are worth forking for: more than one process asked, at
    least ``minimum`` pieces (below, forking costs more than it saves), a platform that forks
    (Linux, macOS: where os.fork is, multiprocessing has its "fork" method, which shared() uses;
    asked of os, so a run that forks nothing need not load multiprocessing)."""
    return jobs > 1 and count >= minimum and hasattr(os, "fork")


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
    done: dict[int, list[R]] = {}
    with _collector_for_work():
        forks = []
        for _ in range(jobs - 1):
            reader, writer = context.Pipe(duplex=False)
            _widen(writer)
            process = context.Process(
                target=_worker, args=(chunks, work, taken, writer), daemon=True
            )
            process.start()
            writer.close()  # the worker's end: its exit (even a crash) ends the parent's reading
            forks.append(_Fork(process, reader, doing))
        try:
            meanwhile()
            for i, results in _take(chunks, work, taken):
                done[i] = results
                for fork in forks:  # what the forks sent meanwhile: read while they work on
                    fork.receive(done, wait=False)
            for fork in forks:
                fork.receive(done, wait=True)
        except BaseException:
            for fork in forks:
                fork.process.terminate()
            raise
    return [result for i in range(len(chunks)) for result in done[i]]


class _Fork:
    """A forked worker as this process sees it: the results it sends a chunk at a time, as it
    finishes each, and then None. Read between this process's own chunks, the forks' results no
    longer wait to be pickled, sent and unpickled all at once at the end (a cold lint of 10,000
    posts: 55 ms in which the other core did nothing)."""

    def __init__(self, process: BaseProcess, reader: Connection, doing: str) -> None:
        self.process, self.reader, self.doing, self.ended = process, reader, doing, False

    def receive(self, done: dict[int, Any], wait: bool) -> None:
        """Take what the fork sent into ``done`` (``wait``: until it has sent everything)."""
        while not self.ended and (wait or self.reader.poll()):
            try:
                message = self.reader.recv()
            except EOFError:  # it ended without a word: killed (out of memory, a signal)
                self.process.join()
                raise SmmError(
                    f"a worker {self.doing} stopped (exit {self.process.exitcode})"
                ) from None
            if isinstance(message, BaseException):
                raise message
            if message is None:
                self.ended = True
                self.process.join()
            else:
                done[message[0]] = message[1]


def _widen(writer: Connection) -> None:
    """A pipe of 1 MiB where the system allows (Linux), so that a fork rarely waits for this
    process to read what it sent (a lint's 5,000 posts: about 1.2 MB)."""
    with contextlib.suppress(ImportError, OSError, AttributeError):
        import fcntl

        fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


@contextlib.contextmanager
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
) -> Iterator[tuple[int, list[R]]]:
    """Work the next chunk no process has taken yet, until there is none."""
    while True:
        with taken.get_lock():
            i = taken.value
            taken.value += 1
        if i >= len(chunks):
            return
        yield i, work(chunks[i])


def _worker(
    chunks: list[list[T]],
    work: Callable[[list[T]], list[R]],
    taken: Synchronized[int],
    writer: Connection,
) -> None:
    """A forked worker: each chunk's results to the parent as it finishes it, then None (or its
    error, which the parent raises)."""
    try:
        for finished in _take(chunks, work, taken):
            writer.send(finished)
        writer.send(None)
    except Exception as exc:  # the parent raises it, as a pool would
        writer.send(exc)
    writer.close()
