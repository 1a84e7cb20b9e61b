"""`smm publish`: the state machine of docs/publishing.md over the ledger (git) and the adapters (HTTP).

    scheduled -> claimed -> published | failed | unknown      (and missed, for late posts)

1. Only a clean main publishes; it is brought level with origin first (what a killed run left on
   this clone is put right first: ledger.py, recover.py).
2. Claims for every due post (due.py) are committed and pushed before any network is called. A
   refused push means another run got there first: reset to origin, select what is due again,
   claim what is still free; claims that appeared meanwhile are that run's, not stale ones to
   reconcile. A post whose entry is gone although git's history holds its claim is a
   ``conflict``, never claimed again (claims.py).
3. Each account's posts go out in order on a thread of their own (one slow network does not hold
   up the others); a RetryableError is retried after ``retry_after``, a MaybePostedError is
   reconciled (found on the network) or becomes ``unknown`` — never sent again.
4. Each result is committed as it arrives and pushed; a claim left by an earlier run is only
   reconciled.
5. Then the edits and retractions of live posts the files ask for, each claimed (committed and
   pushed) before its call and recorded after (changes.py).
6. A thread of posts goes out part by part, each part claimed (committed and pushed) before it
   is sent, so a part is sent at most once and a killed run's thread resumes (thread.py); a
   post's first comment is one more such step after its last part.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm import clock
from smm.content.digests import sent_digest, source_digest
from smm.content.managed import read_block, replace_block, write_post
from smm.content.repo import find_root, open_repo, require_brand
from smm.errors import (
    MaybePostedError,
    RetryableError,
    SmmError,
)
from smm.networks.base import Account, Outgoing
from smm.networks.http import ClientOnThread, with_retries
from smm.publish.claims import ClaimIndex
from smm.publish.due import Job, Opening, due_jobs
from smm.publish.early import EarlyStatus
from smm.publish.failpoints import failpoint
from smm.publish.ledger import SENDS_AFTER_PUSH, Ledger
from smm.publish.summary import Outcome, PublishReport
from smm.publish.thread import (
    PartClaim,
    attempts,
    claim_part,
    reconcile_post,
    refusal,
    send_thread,
)
from smm.settings import Settings

if TYPE_CHECKING:
    import httpx

Progress = Callable[[Outcome], None]


def publish(
    root: Path | None = None,
    now: datetime | None = None,
    dry_run: bool = False,
    settings: Settings | None = None,
    progress: Progress = lambda outcome: None,
    early: EarlyStatus | None = None,
) -> PublishReport:
    """Publish every due post of the repository at ``root``; see the module doc for the steps.
    ``early``: ``git status`` of ``root``, started before this module was imported."""
    settings = settings or Settings()
    root = find_root(root)
    require_brand(root, settings.brand)
    now = clock.pin(now or datetime.now(UTC))
    ledger = Ledger(root, branch=settings.branch, push=settings.push)
    if dry_run:
        jobs = due_jobs(
            open_repo(root, settings.brand), now, settings.brand, ClaimIndex.load(ledger)
        )
        from smm.publish import changes  # edits and retractions: after what is due

        outcomes = [Outcome.dry_run(job) for job in jobs] + changes.dry_run(ledger, settings)
        return PublishReport(outcomes, dry_run=True)
    client = ClientOnThread()
    try:
        return _publish(ledger, client, now, settings, progress, early)
    finally:
        client.close()


def _publish(
    ledger: Ledger,
    client: ClientOnThread,
    now: datetime,
    settings: Settings,
    progress: Progress,
    early: EarlyStatus | None,
) -> PublishReport:
    opening = Opening(ledger.root, settings.brand)  # while git checks the checkout
    ledger.check_ready(early)
    run_id = os.environ.get("GITHUB_RUN_ID") or f"{now:%Y%m%dT%H%M%S}-{os.getpid()}"
    failpoint("before-claim")
    jobs = _claim(ledger, now, settings, run_id, opening, client)
    failpoint("after-claim-push")
    report = PublishReport([])
    for job in jobs:
        if job.action not in ("publish", "reconcile"):
            outcome = Outcome.of(job, job.action, error=job.reason)
            report.outcomes.append(outcome)
            progress(outcome)
    sending = [job for job in jobs if job.action in ("publish", "reconcile")]
    if sending:
        _send_all(ledger, sending, client.get(), settings, run_id, report, progress)
    from smm.publish import changes  # loaded after the first request, not before

    changes.run(ledger, now, settings, run_id, report, progress)  # edits and retractions
    return report


def _claim(
    ledger: Ledger,
    now: datetime,
    settings: Settings,
    run_id: str,
    opening: Opening,
    client: ClientOnThread,
) -> list[Job]:
    """Select what is due, write claims (and missed marks), commit and push them; select again if
    origin moved."""
    jobs: list[Job] = []
    stale: set[tuple[str, str]] | None = None  # claims already there when this run started
    pushing = ledger.pushing and ledger.has_remote()

    def claim_on_head() -> bool:
        nonlocal stale
        repo, cache = opening.take() or (open_repo(ledger.root, settings.brand), None)
        jobs[:] = due_jobs(
            repo, now, settings.brand, ClaimIndex.load(ledger), clean=ledger.clean, opened=cache
        )
        found = {(j.path, j.network) for j in jobs if j.action == "reconcile"}
        if stale is None:
            stale = found  # left by a run that ended without a result: ours to reconcile
        else:
            # claims that appeared since we started belong to a run working right now: not ours
            jobs[:] = [j for j in jobs if j.action != "reconcile" or (j.path, j.network) in stale]
        for job in jobs:
            missing = _missing_secrets(job, settings) if job.action == "publish" else []
            if missing:  # blocked, not claimed: the post goes out once the secret is set
                job.action, job.reason = "blocked", f"set {', '.join(missing)} in the environment"
        stamp = now.isoformat(timespec="seconds")
        writes: dict[str, dict[str, dict[str, Any]]] = {}
        for job in jobs:
            if job.action == "publish":
                writes.setdefault(job.path, {})[job.network] = {
                    "state": "claimed",
                    "at": stamp,
                    "run": run_id,
                    "marker": job.marker,
                }
                if attempts(job):  # a retry: git keeps the count of earlier refusals
                    writes[job.path][job.network]["attempts"] = attempts(job)
                if job.rendered and job.rendered.parts:  # a thread: its first part is claimed too
                    first = {"state": "claimed", "at": stamp, "run": run_id}
                    writes[job.path][job.network]["parts"] = [first]
            elif job.action == "missed":
                writes.setdefault(job.path, {})[job.network] = {
                    "state": "missed",
                    "at": stamp,
                    "error": job.reason,
                }
        for path, block in writes.items():
            _write_states(ledger.root, path, block)
        for job in jobs:
            if job.action == "publish":
                job.previous = writes[job.path][
                    job.network
                ]  # its claim: reconcile looks no further back
        claimed = sum(1 for j in jobs if j.action == "publish")
        lines = [
            f"{j.action}: {j.path} -> {j.network}"
            for j in jobs
            if j.action in ("publish", "missed")
        ]
        message = f"smm: claim {claimed} post(s) for publishing [skip ci]\n\n" + "\n".join(lines)
        if pushing:
            message += "\n\n" + SENDS_AFTER_PUSH
        failpoint("after-claim-write")
        if claimed or any(j.action == "reconcile" for j in jobs):
            client.start()  # while git commits and pushes
        return ledger.commit(writes, message)

    if claim_on_head():
        failpoint("after-claim-commit")
        ledger.push_or_refresh(claim_on_head)
    return jobs


def _write_states(root: Path, path: str, block: Mapping[str, Mapping[str, Any]]) -> None:
    """Set ``published.<network>`` entries of one post, keeping the other networks' entries."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    current = read_block(text, "published")
    current.update({network: dict(entry) for network, entry in block.items()})
    write_post(file, replace_block(text, "published", current))


def _send_all(
    ledger: Ledger,
    jobs: list[Job],
    client: httpx.Client,
    settings: Settings,
    run_id: str,
    report: PublishReport,
    progress: Progress,
) -> None:
    """One thread per account sends its posts in order; this thread commits results as they come,
    and the claim of each thread's next part before the sender may send it (publish/thread.py)."""
    results: queue.Queue[tuple[Job, Outcome] | PartClaim] = queue.Queue()
    groups: dict[tuple[str, str], list[Job]] = {}
    for job in jobs:
        account = job.brand.accounts.get(job.network, {}) if job.brand else {}
        groups.setdefault((job.network, repr(sorted(account.items()))), []).append(job)
    threads = [
        threading.Thread(
            target=_send_group,
            args=(group, client, settings, ledger.root, results, run_id),
            daemon=True,
        )
        for group in groups.values()
    ]
    for thread in threads:
        thread.start()
    written: dict[tuple[str, str], dict[str, Any]] = {}
    remaining = len(jobs)
    while remaining:
        batch = [results.get()]  # wait for one result, then take every other one already here:
        while True:  # one commit and push per batch keeps a big run from pushing per post
            try:
                batch.append(results.get_nowait())
            except queue.Empty:
                break
        claims = [item for item in batch if isinstance(item, PartClaim)]
        answers = [item for item in batch if not isinstance(item, PartClaim)]
        remaining -= len(answers)
        if answers:
            failpoint("after-answer")
            for job, outcome in answers:
                report.outcomes.append(outcome)
                progress(outcome)
                entry = outcome.entry(run_id, job.marker, *_digests(job))
                if outcome.state == "retry":  # how many runs the network has refused it so far
                    entry["attempts"] = attempts(job) + 1
                written[(job.path, job.network)] = entry
            _record(ledger, written, answers)
        for request in claims:
            claim_part(ledger, request, _write_states)
    for thread in threads:
        thread.join()


def _record(
    ledger: Ledger, written: dict[tuple[str, str], dict[str, Any]], new: list[tuple[Job, Outcome]]
) -> None:
    """Commit the newest results and push; if origin moved, re-write every result on top of it.

    A result another run recorded meanwhile (a run that started while this one was sending, or
    the other way round) is kept: our ``unknown`` or ``failed`` never overwrites a ``published``.
    """

    def write(items: list[tuple[str, str]]) -> bool:
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
        items = kept
        for path, block in by_path.items():
            _write_states(ledger.root, path, block)
        failpoint("after-result-write")
        lines = [
            f"{written[k]['state']}: {k[0]} -> {k[1]}"
            + (f" {written[k].get('url')}" if written[k].get("url") else "")
            for k in items
        ]
        head = lines[0] if len(lines) == 1 else f"{len(lines)} results"
        return ledger.commit(by_path, f"smm: {head} [skip ci]\n\n" + "\n".join(lines))

    write([(job.path, job.network) for job, _ in new])
    failpoint("before-result-push")
    ledger.push_or_refresh(lambda: write(list(written)))


def _send_group(
    jobs: list[Job],
    client: httpx.Client,
    settings: Settings,
    root: Path,
    results: queue.Queue[tuple[Job, Outcome] | PartClaim],
    run_id: str,
) -> None:
    from smm.networks.registry import adapter

    def ask(request: PartClaim) -> PartClaim:  # the main thread commits and pushes the claim
        results.put(request)
        request.done.wait()
        return request

    for job in jobs:
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
                outcome = send_thread(job, network, outgoing, settings, run_id, ask)
            elif job.action == "reconcile":
                outcome = reconcile_post(
                    job, network, outgoing, "an earlier run claimed it and left no result", settings
                )
            else:
                sent = with_retries(
                    partial(network.publish, outgoing),
                    attempts=settings.retry_attempts,
                    max_wait=settings.max_retry_wait,
                )
                outcome = Outcome.of(job, "published", published=sent, note=job.reason)
        except MaybePostedError as exc:
            outcome = reconcile_post(job, network, outgoing, exc.one_line(), settings)
        except RetryableError as exc:  # certainly refused, nothing stored: the next run sends it
            outcome = refusal(job, exc.one_line())
        except SmmError as exc:
            outcome = Outcome.of(job, "failed", error=exc.one_line())
        except Exception as exc:
            outcome = Outcome.of(
                job, "unknown", error=f"internal error: {type(exc).__name__}: {exc}"
            )
        results.put((job, outcome))


def _digests(job: Job) -> tuple[str, str]:
    """``sent`` and ``source`` for the job's published: entry: what went out, from what post."""
    if job.rendered is None or job.post is None:
        return "", ""
    return sent_digest(job.rendered.text), source_digest(job.post.meta.data, job.post.body)


def _missing_secrets(job: Job, settings: Settings) -> list[str]:
    """Names of the environment variables the brand names for this account that are not set."""
    if job.brand is None:
        return []
    return settings.missing_secrets(job.brand.accounts.get(job.network, {}))


def _account(job: Job, settings: Settings) -> Account:
    """The brand's account with its secrets read from the environment variables it names."""
    assert job.brand is not None
    return settings.account(job.network, job.brand.accounts.get(job.network, {}))
