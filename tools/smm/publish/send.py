"""Sending the claimed posts (run.py steps 3, 4 and 6): one thread per account sends, the main
thread commits and pushes each result as it comes, and each part's claim before it is sent.

When origin refuses a push of results or of a part's claim (branch protection turned on, a
token that lost its write access, a hook), the run stops sending
(docs/publishing.md#when-origin-refuses-a-push): no sender starts another post or part; the requests in flight are answered and kept; a post
that was not started is ``retry`` (certainly not sent), a thread stopped between parts stays
``claimed`` with the parts that went out, and a claim an earlier run left and this one did not
look at is left as it is. Every result is committed in the clone and pushed once more at the
end; the report names each post and why the run stopped, and the run exits 1.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm import clock
from smm.content.digests import sent_digest, source_digest
from smm.content.managed import read_block, replace_block, write_post
from smm.errors import GitError, MaybePostedError, RetryableError, SmmError
from smm.networks.base import Account, Outgoing
from smm.networks.http import with_retries
from smm.publish.attempt import attempts, reconcile_post, refusal
from smm.publish.failpoints import failpoint
from smm.publish.ledger import Ledger
from smm.publish.summary import Outcome, Progress, PublishReport
from smm.publish.thread import PartClaim, claim_part, send_thread

if TYPE_CHECKING:
    import httpx

    from smm.publish.due import Job
    from smm.settings import Settings

#: What a sender puts on the queue: an answer, a part's claim to push, or None once it is done.
Item = tuple["Job", Outcome] | PartClaim | None


def write_states(root: Path, path: str, block: Mapping[str, Mapping[str, Any]]) -> None:
    """Set ``published.<network>`` entries of one post, keeping the other networks' entries."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    current = read_block(text, "published")
    current.update({network: dict(entry) for network, entry in block.items()})
    write_post(file, replace_block(text, "published", current))


@dataclass
class Stop:
    """Set once origin refuses a push: senders start nothing more; ``why`` is git's one line."""

    event: threading.Event = field(default_factory=threading.Event)
    why: str = ""

    def set(self, why: str) -> None:
        self.why = self.why or why
        self.event.set()

    def __bool__(self) -> bool:
        return self.event.is_set()


def send_all(
    ledger: Ledger,
    jobs: list[Job],
    client: httpx.Client,
    settings: Settings,
    run_id: str,
    report: PublishReport,
    progress: Progress,
) -> None:
    """Send ``jobs``, one thread per account, each account's in order; commit and push results
    as they come. ``report.stopped`` says why when origin refused a push (module doc)."""
    results: queue.Queue[Item] = queue.Queue()
    stop = Stop()
    groups: dict[tuple[str, str], list[Job]] = {}
    for job in jobs:
        account = job.brand.accounts.get(job.network, {}) if job.brand else {}
        groups.setdefault((job.network, repr(sorted(account.items()))), []).append(job)
    for group in groups.values():
        sender = partial(_send_group, group, client, settings, ledger.root, results, run_id, stop)
        threading.Thread(target=sender, daemon=True).start()
    recorder = _Recorder(ledger, run_id)
    answered: set[tuple[str, str]] = set()
    senders = len(groups)
    while senders:
        batch = [results.get()]  # wait for one item, then take every other one already here:
        while True:  # one commit and push per batch keeps a big run from pushing per post
            try:
                batch.append(results.get_nowait())
            except queue.Empty:
                break
        senders -= batch.count(None)
        answers = [item for item in batch if isinstance(item, tuple)]
        if answers:
            failpoint("after-answer")
            for job, outcome in answers:
                report.outcomes.append(outcome)
                progress(outcome)
                answered.add((job.path, job.network))
                recorder.add(job, outcome, refused=outcome.state == "retry")
            recorder.record(answers, stop)
        for request in (item for item in batch if isinstance(item, PartClaim)):
            if stop:
                request.refuse(stop.why)
                continue
            try:
                claim_part(ledger, request, write_states)
            except GitError as exc:
                stop.set(exc.one_line())
    if stop:
        unsent = [job for job in jobs if (job.path, job.network) not in answered]
        _stopped(recorder, unsent, report, progress, stop)


def left_claimed(job: Job, why: str) -> Outcome:
    """An earlier run's claim this run stopped before looking for: left as it is, reported."""
    return Outcome.of(job, "claimed", error=f"not looked for: {why}")


def _stopped(
    recorder: _Recorder, unsent: list[Job], report: PublishReport, progress: Progress, stop: Stop
) -> None:
    """After a refused push: the jobs no sender started, in the report (and, for a claim of this
    run, in the post: ``retry``); every result committed here and pushed once more."""
    for job in unsent:
        # claimed by this run, so certainly not sent: the next run sends it
        if job.action == "publish":
            outcome = Outcome.of(job, "retry", error=f"not sent: {stop.why}")
            recorder.add(job, outcome, refused=False)
        else:
            outcome = left_claimed(job, stop.why)
        report.outcomes.append(outcome)
        progress(outcome)
    pushed = recorder.finish()
    report.stopped = stop.why + ("" if pushed else "; every result is committed in this clone only")


class _Recorder:
    """The results of this run, written into the post files, committed and pushed."""

    def __init__(self, ledger: Ledger, run_id: str) -> None:
        self.ledger, self.run_id = ledger, run_id
        self.written: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, job: Job, outcome: Outcome, refused: bool) -> None:
        """Take ``outcome`` as the entry of its post and network; ``refused``: the network
        certainly refused it, one more run to count."""
        entry = outcome.entry(self.run_id, job.marker, *_digests(job))
        if outcome.state == "retry":  # how many runs the network has refused it so far
            entry["attempts"] = attempts(job) + (1 if refused else 0)
            if not entry["attempts"]:
                del entry["attempts"]
        self.written[(job.path, job.network)] = entry

    def record(self, answers: list[tuple[Job, Outcome]], stop: Stop) -> None:
        """Commit the newest results and push them, unless the run has stopped (then commit
        only); a refused push stops it."""
        self._write([(job.path, job.network) for job, _ in answers])
        if stop:
            return
        try:
            self._push()
        except GitError as exc:
            stop.set(exc.one_line())

    def finish(self) -> bool:
        """After a stop: every result committed (again) and pushed once more; whether origin
        took them."""
        self._write(list(self.written))
        try:
            return self._push()
        except GitError:
            return False

    def _push(self) -> bool:
        """Push; if origin moved, every result is written again on top of it, and a result
        another run recorded meanwhile is kept (our ``unknown`` never overwrites a
        ``published``: ``_write``)."""
        failpoint("before-result-push")
        return self.ledger.push_or_refresh(lambda: self._write(list(self.written)))

    def _write(self, items: list[tuple[str, str]]) -> bool:
        """Write ``items``' entries and commit them; False when nothing was left to commit."""
        ledger, written = self.ledger, self.written
        by_path: dict[str, dict[str, dict[str, Any]]] = {}
        on_disk: dict[str, dict[str, Any]] = {}
        kept = []
        for path, network in items:
            if path not in on_disk:
                on_disk[path] = read_block(
                    (ledger.root / path).read_text(encoding="utf-8"), "published"
                )
            if (
                written[(path, network)]["state"] != "published"
                and (on_disk[path].get(network) or {}).get("state") == "published"
            ):
                continue
            kept.append((path, network))
            by_path.setdefault(path, {})[network] = written[(path, network)]
        if not kept:
            return False
        for path, block in by_path.items():
            write_states(ledger.root, path, block)
        failpoint("after-result-write")
        lines = [
            f"{written[k]['state']}: {k[0]} -> {k[1]}"
            + (f" {written[k].get('url')}" if written[k].get("url") else "")
            for k in kept
        ]
        head = lines[0] if len(lines) == 1 else f"{len(lines)} results"
        return ledger.commit(by_path, f"smm: {head} [skip ci]\n\n" + "\n".join(lines))


def _send_group(
    jobs: list[Job],
    client: httpx.Client,
    settings: Settings,
    root: Path,
    results: queue.Queue[Item],
    run_id: str,
    stop: Stop,
) -> None:
    """Send one account's jobs in order, each answer onto ``results``; then None."""

    def ask(request: PartClaim) -> PartClaim:  # the main thread commits and pushes the claim
        results.put(request)
        request.done.wait()
        return request

    try:
        for job in jobs:
            if stop:  # origin refuses pushes: nothing more starts (the main thread reports it)
                break
            results.put((job, _send_one(job, client, settings, root, run_id, ask)))
    finally:
        results.put(None)


def _send_one(
    job: Job,
    client: httpx.Client,
    settings: Settings,
    root: Path,
    run_id: str,
    ask: Callable[[PartClaim], PartClaim],
) -> Outcome:
    """Send (or reconcile, or resume) one job; its outcome, whatever the network said."""
    from smm.networks.registry import adapter

    try:
        network = adapter(job.network, client, settings.api_base)
        assert job.rendered is not None  # due_jobs renders every job it sends or reconciles
        outgoing = Outgoing(
            job.rendered,
            _account(job, settings),
            root,
            job.marker,
            clock.instant(job.previous.get("at")),
        )
        failpoint("before-request")
        if job.rendered.parts or job.rendered.first_comment is not None:
            # a thread, or a post and its first comment: each step claimed, then sent
            return send_thread(job, network, outgoing, settings, run_id, ask)
        if job.action == "reconcile":
            why = "an earlier run claimed it and left no result"
            return reconcile_post(job, network, outgoing, why, settings)
        sent = with_retries(
            partial(network.publish, outgoing),
            attempts=settings.retry_attempts,
            max_wait=settings.max_retry_wait,
        )
        return Outcome.of(job, "published", published=sent, note=job.reason)
    except MaybePostedError as exc:
        return reconcile_post(job, network, outgoing, exc.one_line(), settings)
    except RetryableError as exc:  # certainly refused, nothing stored: the next run sends it
        return refusal(job, exc.one_line())
    except SmmError as exc:
        return Outcome.of(job, "failed", error=exc.one_line())
    except Exception as exc:
        return Outcome.of(job, "unknown", error=f"internal error: {type(exc).__name__}: {exc}")


def _digests(job: Job) -> tuple[str, str]:
    """``sent`` and ``source`` for the job's published: entry: what went out, from what post."""
    if job.rendered is None or job.post is None:
        return "", ""
    return sent_digest(job.rendered.text), source_digest(job.post.meta.data, job.post.body)


def _account(job: Job, settings: Settings) -> Account:
    """The brand's account with its secrets read from the environment variables it names."""
    assert job.brand is not None
    brand = job.brand
    return settings.account(job.network, brand.accounts.get(job.network, {}), brand.language)
