"""Edits and retractions of live posts: claimed, committed and pushed before the call, recorded after.

docs/publishing.md#edits-and-retractions. A post asks with ``edit: {network: reason}`` (send its
changed text to the live post) or ``retract: {network: reason}`` (delete the live post); both
were approved in the pull request, and `smm publish` does them only from main.

    edit      ``edit:`` names the network, the entry is published (not retracted), and the text
              smm would send now is not the entry's ``sent`` (so the same ``edit:`` left in the
              file does nothing on the next run); not while the same text and reason stand
              refused (``edit_failed``)
    retract   ``retract:`` names the network and the entry is published, not yet retracted (and
              not while the same reason stands refused, ``retract_failed``)

1. Claims: the entry gains ``editing: {at, run, sent, reason}`` or ``retracting: {at, run,
   reason}``; committed and pushed before any call (a refused push: select again on origin).
2. The call, through the adapter's Editing / Retracting methods (networks/base.py).
3. The result, committed and pushed: ``edits:`` gains ``{at, sent, reason, commit}`` and
   ``sent``/``source`` become the new text's; or ``retracted: {at, reason}``. The claim goes.

A claim without a result (a killed run; an answer that may or may not have been applied) is
resumed by the next run: an edit reads the live text first (the new text: recorded as done; the
old one: never applied, sent again; anything else: ``edit_failed`` for a person), so one request
is never applied twice; a retraction is sent again (deleting is idempotent).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import httpx

from smm.content.digests import sent_digest, source_digest
from smm.content.managed import read_block, replace_block, write_post
from smm.content.repo import open_repo
from smm.errors import MaybePostedError, SmmError, UnsupportedError
from smm.networks.base import Editing, Outgoing, Published, Retracting
from smm.networks.http import client as http_client
from smm.networks.http import with_retries
from smm.publish.before import comparable, sent_text
from smm.publish.changes_due import change_jobs
from smm.publish.due import Job
from smm.publish.failpoints import failpoint
from smm.publish.ledger import SENDS_AFTER_PUSH, Ledger
from smm.publish.summary import Outcome, PublishReport
from smm.rules import network_rules
from smm.settings import Settings

Update = Callable[[dict[str, Any]], dict[str, Any] | None]  # entry -> new entry, None: not ours


def dry_run(ledger: Ledger, settings: Settings) -> list[Outcome]:
    """What a dry run shows of the edits and retractions that are due."""
    jobs = change_jobs(open_repo(ledger.root, settings.brand), settings.brand)
    return [
        _cannot(job)
        or (
            Outcome.of(job, "due", note=f"{job.action}: {job.reason}")
            if job.action in ("edit", "retract")
            else Outcome.of(job, job.action, error=job.reason)
        )
        for job in jobs
    ]


def _cannot(job: Job) -> Outcome | None:
    """``unsupported``, as the run will report it, for an edit or retraction the network's rules
    file says smm cannot make (a claim a run left is resumed whatever, so it is not this)."""
    if job.action not in ("edit", "retract") or _claim_of(job):
        return None
    capability = getattr(network_rules(job.network), job.action)
    if capability is not None and capability.supported:
        return None
    return _unsupported(job)


def _unsupported(job: Job) -> Outcome:
    """The outcome of an edit or a retraction the network cannot make (dry run and run alike)."""
    verb = "edit" if job.action == "edit" else "delete"
    return Outcome.of(job, "unsupported", error=f"smm cannot {verb} {job.network} posts")


def run(
    ledger: Ledger,
    now: datetime,
    settings: Settings,
    run_id: str,
    report: PublishReport,
    progress: Callable[[Outcome], None],
) -> None:
    """Claim every due edit and retraction, then send and record each (the module doc's steps)."""
    commit = (
        ledger.head()
        if ledger.git("rev-parse", "-q", "--verify", "HEAD", check=False).returncode == 0
        else ""
    )
    jobs = _claim(ledger, now, settings, run_id)
    failpoint("after-change-claim-push")
    with http_client() as client:
        for job in jobs:
            if job.action in ("edit", "retract"):
                outcome, update = _send(job, client, ledger, settings, run_id, commit)
                _record(ledger, job, outcome, update)
            else:
                outcome = Outcome.of(job, job.action, error=job.reason)
            report.outcomes.append(outcome)
            progress(outcome)


def _claim(ledger: Ledger, now: datetime, settings: Settings, run_id: str) -> list[Job]:
    """Write the claims of what is due, commit and push them; select again if origin moved."""
    jobs: list[Job] = []
    stale: set[tuple[str, str]] | None = None  # claims already there when this run started
    stamp = now.isoformat(timespec="seconds")

    def claim_on_head() -> bool:
        nonlocal stale
        jobs[:] = change_jobs(open_repo(ledger.root, settings.brand), settings.brand)
        found = {(j.path, j.network) for j in jobs if _claim_of(j)}
        if stale is None:
            stale = found  # left by a run that ended without a result: ours to resume
        else:  # claims that appeared since we started belong to a run working right now
            jobs[:] = [j for j in jobs if not _claim_of(j) or (j.path, j.network) in stale]
        fresh = [j for j in jobs if j.action in ("edit", "retract") and not _claim_of(j)]
        for job in fresh:
            key = "editing" if job.action == "edit" else "retracting"
            claim = {"at": stamp, "run": run_id, "reason": job.reason}
            if job.action == "edit":
                assert job.rendered is not None
                claim = {
                    "at": stamp,
                    "run": run_id,
                    "sent": sent_digest(job.rendered.text),
                    "reason": job.reason,
                }
            job.previous = {**job.previous, key: claim}
            _write_entry(ledger, job.path, job.network, job.previous)
        if not fresh:
            return False
        failpoint("after-change-claim-write")
        lines = [f"{j.action}: {j.path} -> {j.network}" for j in fresh]
        message = f"smm: claim {len(fresh)} edit(s) and retraction(s) [skip ci]\n\n" + "\n".join(
            lines
        )
        if ledger.pushing and ledger.has_remote():
            message += "\n\n" + SENDS_AFTER_PUSH
        return ledger.commit({j.path for j in fresh}, message)

    if claim_on_head():
        failpoint("after-change-claim-commit")
        ledger.push_or_refresh(claim_on_head)
    return jobs


def _claim_of(job: Job) -> dict[str, Any] | None:
    """The edit's or retraction's claim in the job's entry (its own, or an earlier run's)."""
    claim = job.previous.get("editing" if job.action == "edit" else "retracting")
    return claim if isinstance(claim, dict) else None


def _send(
    job: Job, client: httpx.Client, ledger: Ledger, settings: Settings, run_id: str, commit: str
) -> tuple[Outcome, Update]:
    """Call the network for one claimed job: its outcome, and how it changes the entry."""
    from smm.networks.registry import adapter

    claim = _claim_of(job) or {}
    entry = job.previous
    live = Published(str(entry.get("id", "")), str(entry.get("url", "")), dict(entry))
    key = "editing" if job.action == "edit" else "retracting"
    failed_key = "edit_failed" if job.action == "edit" else "retract_failed"
    resumed = claim.get("run") != run_id

    def still_ours(e: dict[str, Any]) -> bool:
        return e.get(key) == claim

    def keep_claim(e: dict[str, Any]) -> dict[str, Any] | None:
        return None  # nothing to write: the claim stays for the next run

    def refused(error: str) -> Update:
        def update(e: dict[str, Any]) -> dict[str, Any] | None:
            if not still_ours(e):
                return None
            out = {k: v for k, v in e.items() if k != key}
            out[failed_key] = {
                **{k: v for k, v in claim.items() if k != "run"},
                "at": _at(job),
                "error": error,
            }
            return out

        return update

    try:
        network = adapter(job.network, client, settings.api_base)
        brand = job.brand
        account = settings.account(
            job.network,
            brand.accounts.get(job.network, {}) if brand else {},
            brand.language if brand else None,
        )
        if job.action == "retract":
            if not isinstance(network, Retracting):
                return _unsupported(job), refused("unsupported")
            failpoint("before-change-call")
            with_retries(
                partial(network.retract, account, live),
                attempts=settings.retry_attempts,
                max_wait=settings.max_retry_wait,
            )
            failpoint("after-change-call")

            def retracted(e: dict[str, Any]) -> dict[str, Any] | None:
                if not still_ours(e):
                    return None
                out = {k: v for k, v in e.items() if k not in (key, failed_key)}
                out["retracted"] = {"at": _at(job), "reason": str(claim.get("reason", ""))}
                return out

            return Outcome.of(job, "retracted", published=live, note=job.reason), retracted
        if not isinstance(network, Editing):
            return _unsupported(job), refused("unsupported")
        assert job.rendered is not None and job.post is not None
        new_text = job.rendered.text
        if sent_digest(new_text) != claim.get("sent"):  # the text changed again since the claim
            return Outcome.of(
                job, "unknown", error="the text changed since this edit was claimed"
            ), refused("the text changed since the claim: a person checks the live post")
        outgoing = Outgoing(job.rendered, account, ledger.root, job.marker)
        source = source_digest(job.post.meta.data, job.post.body)

        def edited(e: dict[str, Any]) -> dict[str, Any] | None:
            if not still_ours(e):
                return None
            out = {k: v for k, v in e.items() if k not in (key, failed_key)}
            record = {"at": _at(job), "sent": claim["sent"], "reason": str(claim.get("reason", ""))}
            if commit:
                record["commit"] = commit
            listed = out.get("edits")
            history: list[Any] = listed if isinstance(listed, list) else []
            out.update(sent=claim["sent"], source=source, edits=[*history, record])
            return out

        if resumed:  # an earlier run claimed it: was it applied?
            try:
                seen = with_retries(
                    partial(network.live_text, account, live),
                    attempts=settings.retry_attempts,
                    max_wait=settings.max_retry_wait,
                )
            except SmmError as exc:  # it cannot read the post back (or not now): a person looks
                why = f"an earlier run may have sent this edit; reading the post failed: {exc.one_line()}"
                return Outcome.of(job, "unknown", error=why), refused(why)
            if seen is None:
                why = f"the post is gone from {job.network}"
                return Outcome.of(job, "unknown", error=why), refused(why)
            if comparable(seen) == comparable(new_text):
                return Outcome.of(
                    job, "edited", published=live, note="an earlier run's edit, found applied"
                ), edited
            before = sent_text(ledger, job)
            if sent_digest(seen) != entry.get("sent") and (
                before is None or comparable(seen) != comparable(before)
            ):
                why = "the live text is neither the text before the edit nor after it: check it by hand"
                return Outcome.of(job, "unknown", error=why), refused(why)
        failpoint("before-change-call")
        try:
            with_retries(
                partial(network.edit, outgoing, live),
                attempts=settings.retry_attempts,
                max_wait=settings.max_retry_wait,
            )
        except MaybePostedError as exc:  # applied or not: read it back, else the next run does
            seen = network.live_text(account, live)
            if seen is None or comparable(seen) != comparable(new_text):
                return Outcome.of(
                    job, "unknown", error=f"{exc.one_line()}; the next run checks the live text"
                ), keep_claim
        failpoint("after-change-call")
        return Outcome.of(job, "edited", published=live, note=job.reason), edited
    except MaybePostedError as exc:  # a retraction (sent again next run) or a read that failed
        return Outcome.of(
            job, "unknown", error=f"{exc.one_line()}; the next run tries again"
        ), keep_claim
    except UnsupportedError as exc:  # this account or tier cannot: recorded, not tried again
        return Outcome.of(job, "unsupported", error=exc.one_line()), refused(exc.one_line())
    except SmmError as exc:
        return Outcome.of(job, "failed", error=exc.one_line()), refused(exc.one_line())


def _record(ledger: Ledger, job: Job, outcome: Outcome, update: Update) -> None:
    """Write the result into the post's entry, commit and push (again on top of origin if refused)."""

    def write() -> bool:
        file = ledger.root / job.path
        text = file.read_text(encoding="utf-8")
        block = read_block(text, "published")
        new = update(dict(block.get(job.network) or {}))
        if new is None:
            return False
        block[job.network] = new
        write_post(file, replace_block(text, "published", block))
        failpoint("after-change-result-write")
        line = f"{outcome.state}: {job.path} -> {job.network}"
        return ledger.commit(
            [job.path],
            f"smm: {line} [skip ci]\n\n{line}" + (f"\n{outcome.error}" if outcome.error else ""),
        )

    if write():
        failpoint("before-change-result-push")
        ledger.push_or_refresh(write)


def _write_entry(ledger: Ledger, path: str, network: str, entry: dict[str, Any]) -> None:
    file = ledger.root / path
    text = file.read_text(encoding="utf-8")
    block = read_block(text, "published")
    block[network] = entry
    write_post(file, replace_block(text, "published", block))


def _at(job: Job) -> str:
    from smm import clock

    tz = job.brand.tz if job.brand else None
    return clock.current().astimezone(tz).isoformat(timespec="seconds")
