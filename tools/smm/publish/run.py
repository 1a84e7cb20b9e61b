"""`smm publish`: the state machine of docs/publishing.md over the ledger (git) and the adapters (HTTP).

    scheduled -> claimed -> published | failed | unknown      (and missed, for late posts)

1. Only a clean main publishes; it is brought level with origin first (what a killed run left on
   this clone is put right first: ledger.py, recover.py).
2. Claims for every due post (due.py) are committed and pushed before any network is called. A
   refused push means another run got there first: reset to origin, select what is due again,
   claim what is still free; claims that appeared meanwhile are that run's, not stale ones to
   reconcile (refused 8 times: nothing is sent, and each post is reported still due). A post
   whose entry is gone although git's history holds its claim is a ``conflict``, never claimed
   again (claims.py).
3. Each account's posts go out in order on a thread of their own (one slow network does not hold
   up the others); a RetryableError is retried after ``retry_after``, a MaybePostedError is
   reconciled (found on the network) or becomes ``unknown`` — never sent again.
4. Each result is committed as it arrives and pushed; a claim left by an earlier run is only
   reconciled. When origin refuses a push, nothing more is sent and the run ends with every
   result committed in the clone and each post in the report (send.py).
5. Then the edits and retractions of live posts the files ask for, each claimed (committed and
   pushed) before its call and recorded after (changes.py).
6. A thread of posts goes out part by part, each part claimed (committed and pushed) before it
   is sent, so a part is sent at most once and a killed run's thread resumes (thread.py); a
   post's first comment is one more such step after its last part.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smm import clock
from smm.content.repo import find_root, open_repo, require_brand
from smm.errors import GitError
from smm.networks.http import ClientOnThread
from smm.publish.attempt import attempts
from smm.publish.claims import ClaimIndex
from smm.publish.due import Job, Opening, due_jobs
from smm.publish.early import EarlyStatus
from smm.publish.failpoints import failpoint
from smm.publish.ledger import SENDS_AFTER_PUSH, Ledger
from smm.publish.send import left_claimed, send_all, write_states
from smm.publish.summary import Outcome, Progress, PublishReport
from smm.settings import Settings


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
    jobs, refused = _claim(ledger, now, settings, run_id, opening, client)
    failpoint("after-claim-push")
    report = PublishReport([], stopped=refused)
    for job in jobs:
        if refused and job.action == "publish":  # still due: the next run claims it
            outcome = Outcome.of(job, "due", error=f"not sent: {refused}")
        elif refused and job.action == "reconcile":
            outcome = left_claimed(job, refused)
        elif job.action not in ("publish", "reconcile"):
            outcome = Outcome.of(job, job.action, error=job.reason)
        else:
            continue
        report.outcomes.append(outcome)
        progress(outcome)
    if refused:
        return report
    sending = [job for job in jobs if job.action in ("publish", "reconcile")]
    if sending:
        send_all(ledger, sending, client.get(), settings, run_id, report, progress)
    if report.stopped:  # origin refuses pushes: an edit or a retraction would not be recorded
        return report
    from smm.publish import changes  # loaded after the first request, not before

    try:
        changes.run(ledger, now, settings, run_id, report, progress)  # edits and retractions
    except GitError as exc:  # origin refused a push: a claimed change the next run resumes
        report.stopped = exc.one_line()
    return report


def _claim(
    ledger: Ledger,
    now: datetime,
    settings: Settings,
    run_id: str,
    opening: Opening,
    client: ClientOnThread,
) -> tuple[list[Job], str]:
    """Select what is due, write claims (and missed marks), commit and push them; select again if
    origin moved. The jobs, and git's reason when origin refused the claims' push."""
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
            write_states(ledger.root, path, block)
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
        try:
            ledger.push_or_refresh(claim_on_head)
        except GitError as exc:  # origin has no claim of this run, so nothing may be sent
            return jobs, exc.one_line()
    return jobs, ""


def _missing_secrets(job: Job, settings: Settings) -> list[str]:
    """Names of the environment variables the brand names for this account that are not set."""
    if job.brand is None:
        return []
    return settings.missing_secrets(job.brand.accounts.get(job.network, {}))
