"""A thread of posts on one network: exactly once per part (docs/publishing.md#threads).

The thread's ``published.<network>`` entry stays ``claimed`` until every part has a result; its
``parts:`` list holds each part's own claim and result. The rule that makes each part go out
once, and the chain never start twice:

1. The run's claim commit claims the thread and its first part (run.py ``_claim``).
2. Before part k (k >= 2) is sent, the result of part k-1 and the claim of part k are written in
   ONE commit and pushed (``claim_part``, on the main thread, which owns git); the sender waits
   for that push. A part without an entry was therefore never sent: it is claimed, then sent. A
   part claimed without a result may have gone out: it is looked for (reconcile, by its own
   marker and claim time), and a part that cannot be found makes the thread ``unknown``.
3. A rerun finds the thread ``claimed`` and resumes it (``send_thread`` with an earlier run's
   entry): published parts are kept, the claimed one reconciled, the rest claimed and sent. A
   claimed thread without ``parts:`` treats every part as maybe sent.
4. The push of a part's claim is a compare-and-swap: the entry on origin must still be the one
   this run last wrote (else another run has taken the thread over, and this one stops).

Part 1 keeps the thread's marker (a single post is unchanged); part k's is ``<marker>-<k>``.

A post's first comment (docs/publishing.md#first-comments) is one more step after the last part,
claimed the same way (its claim in the entry's ``comment:``, written with the last part's result
in one pushed commit; marker ``<marker>-<n+1>``): a self-reply is ``publish`` with the parts as
``Outgoing.thread``, a comment is the adapter's ``publish_comment`` under the first part. A single
post with a first comment goes through here as a thread of one. The post stays ``published``
whatever becomes of its comment, which has its own result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm import clock
from smm.content.managed import read_block
from smm.errors import (
    GitError,
    MaybePostedError,
    RetryableError,
    SmmError,
)
from smm.networks.base import Commenting, Network, Outgoing, Published
from smm.networks.http import with_retries
from smm.publish.attempt import look_for, refusal
from smm.publish.failpoints import failpoint
from smm.publish.ledger import SENDS_AFTER_PUSH
from smm.publish.summary import Outcome
from smm.rules import network_rules

if TYPE_CHECKING:
    from smm.publish.due import Job
    from smm.publish.ledger import Ledger
    from smm.settings import Settings


#: How run.py sets ``published.<network>`` entries of one post (root, path, entries by network).
WriteStates = Callable[[Path, str, Mapping[str, Mapping[str, Any]]], None]


@dataclass
class PartClaim:
    """A sender's request to the main thread: write ``entry`` (the last part's result and the
    next part's claim) over ``expected``, commit and push it; ``done`` is set when it is settled."""

    job: Job
    entry: dict[str, Any]
    expected: dict[str, Any]
    part: int  # the part being claimed, 1-based (the first comment: one past the last part)
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False
    error: str = ""
    stopped: bool = False  # origin refuses pushes: the run sends nothing more (publish/send.py)

    def refuse(self, why: str) -> None:
        """Settle this request unsent: the run has stopped because origin refuses pushes."""
        self.error, self.stopped = f"not sent: {why}", True
        self.done.set()


class _Changed(Exception):
    """The thread's entry is no longer the one this run wrote: another run has it."""


class _Stopped(Exception):
    """The run stopped before the first comment's claim: the post stays claimed to resume."""


def part_marker(marker: str, index: int) -> str:
    """The marker of part ``index`` (0-based): the thread's for the first, ``-<k>`` after it."""
    return marker if index == 0 else f"{marker}-{index + 1}"


def send_thread(
    job: Job,
    network: Network,
    base: Outgoing,
    settings: Settings,
    run_id: str,
    ask: Callable[[PartClaim], PartClaim],
) -> Outcome:
    """Send (or resume) the thread of ``job`` part by part; the outcome of the whole thread."""
    assert job.rendered is not None
    messages, count = job.rendered.messages, len(job.rendered.messages)
    entry = dict(job.previous)  # the thread's claim: this run's, or an earlier run's to resume
    listed = entry.get("parts")
    known = [dict(p) for p in listed if isinstance(p, dict)] if isinstance(listed, list) else None
    done: list[Published] = []
    records: list[dict[str, Any]] = []
    for index, message in enumerate(messages):
        where = f"part {index + 1}/{count}" if job.rendered.parts else "the post"
        if known is None:  # a claimed thread that lists no parts: any of them may have gone out
            part: dict[str, Any] | None = {"state": "claimed", "at": entry.get("at")}
        else:
            part = known[index] if index < len(known) else None
        if part is not None and part.get("state") == "published" and part.get("id"):
            done.append(_published(part))
            records.append(part)
            continue
        fresh = job.action == "publish" and index == 0  # claimed by this run's claim commit
        if part is None:  # never claimed, so certainly never sent: claim it, then send it
            part = {"state": "claimed", "at": _stamp(job), "run": run_id}
            request = ask(PartClaim(job, {**entry, "parts": [*records, part]}, entry, index + 1))
            if request.stopped:  # the parts so far are kept; the next run resumes at this one
                return _stop(job, "claimed", f"{where}: {request.error}", records, keep=True)
            if not request.ok:
                return _stop(job, "unknown", f"{where}: {request.error}", records)
            entry, fresh = request.entry, True
        elif part.get("state") != "claimed":
            error = f"{where} is {part.get('state')}: check by hand"
            return _stop(job, "unknown", error, records)
        outgoing = replace(
            base,
            rendered=message,
            marker=part_marker(job.marker, index),
            claimed_at=clock.instant(part.get("at")),
            thread=tuple(done),
        )
        if fresh:
            failpoint("before-part-send")
            state, sent, error = _send(network, outgoing, settings)
        else:
            why = f"{where} was claimed by an earlier run that left no result"
            state, sent, error = _look(network, outgoing, settings, why)
        failpoint("after-part-send")
        if sent is None:
            if state == "retry" and not records:  # nothing of it is live: the next run sends it
                return refusal(job, f"{where}: {error}" if count > 1 else error)
            state = "failed" if state == "retry" else state  # parts before it are live
            failed = {"state": state, "at": part.get("at")}
            return _stop(
                job, state, f"{where}: {error}" if count > 1 else error, [*records, failed]
            )
        done.append(sent)
        records.append(_entry(sent, _stamp(job)))
    note = "resumed" if job.action == "reconcile" else job.reason  # an earlier run began it
    comment = None
    if job.rendered.first_comment is not None:
        try:
            comment = _comment(job, network, base, settings, run_id, ask, entry, records, done)
        except _Stopped as exc:  # the post is live, its comment unsent: the next run sends it
            return _stop(job, "claimed", f"first comment: {exc}", records, keep=True)
    parts = records if job.rendered.parts else []  # a single post keeps no parts list
    return Outcome.of(job, "published", published=done[0], note=note, parts=parts, comment=comment)


def _comment(
    job: Job,
    network: Network,
    base: Outgoing,
    settings: Settings,
    run_id: str,
    ask: Callable[[PartClaim], PartClaim],
    entry: dict[str, Any],
    records: list[dict[str, Any]],
    done: list[Published],
) -> dict[str, Any]:
    """The first comment's entry (state, id, url, at, error): claimed and sent, or resumed."""
    assert job.rendered is not None and job.rendered.first_comment is not None
    mode = network_rules(job.network).comments
    if mode == "comment" and not isinstance(network, Commenting):  # nothing claimed, nothing sent
        error = f"first comment: smm cannot post comments on {network.id} yet"
        return {"state": "failed", "at": _stamp(job), "error": error}
    listed = entry.get("comment")
    claim = dict(listed) if isinstance(listed, dict) else None
    if claim is not None and claim.get("state") == "published" and claim.get("id"):
        return claim
    fresh = False
    if claim is None:  # never claimed, so certainly never sent: claim it, then send it
        claim = {"state": "claimed", "at": _stamp(job), "run": run_id}
        wanted = {**entry, "parts": records, "comment": claim}
        request = ask(PartClaim(job, wanted, entry, len(records) + 1))
        if request.stopped:
            raise _Stopped(request.error)
        if not request.ok:
            return {
                "state": "unknown",
                "at": claim["at"],
                "error": f"first comment: {request.error}",
            }
        fresh = True
    elif claim.get("state") != "claimed":
        return claim  # an earlier run's failed or unknown comment: a person's to look at
    outgoing = replace(
        base,
        rendered=job.rendered.first_comment,
        marker=part_marker(job.marker, len(records)),
        claimed_at=clock.instant(claim.get("at")),
        thread=tuple(done),
    )
    on = done[0]
    if mode == "comment":
        assert isinstance(network, Commenting)
        send = partial(network.publish_comment, outgoing, on)
        look = partial(network.reconcile_comment, outgoing, on)
    else:  # a self-reply: one more part of the thread
        send, look = partial(network.publish, outgoing), partial(network.reconcile, outgoing)
    if fresh:
        failpoint("before-comment-send")
        state, sent, error = _attempt(send, look, network.id, settings)
    else:
        why = "the first comment was claimed by an earlier run that left no result"
        state, sent, error = look_for(look, network.id, settings, why)
    failpoint("after-comment-send")
    if sent is None:  # a comment is never sent by a later run (docs/publishing.md): no retry
        state = "failed" if state == "retry" else state
        return {"state": state, "at": claim.get("at"), "error": f"first comment: {error}"}
    return _entry(sent, _stamp(job))


def _send(
    network: Network, outgoing: Outgoing, settings: Settings
) -> tuple[str, Published | None, str]:
    """(state, what the network answered, why not) for a part sent now."""
    send, look = partial(network.publish, outgoing), partial(network.reconcile, outgoing)
    return _attempt(send, look, network.id, settings)


def _look(
    network: Network, outgoing: Outgoing, settings: Settings, why: str
) -> tuple[str, Published | None, str]:
    """(state, the part if found, why not) for a part that may have gone out: never resent."""
    return look_for(partial(network.reconcile, outgoing), network.id, settings, why)


def _attempt(
    send: Callable[[], Published],
    look: Callable[[], Published | None],
    network: str,
    settings: Settings,
) -> tuple[str, Published | None, str]:
    """(state, what the network answered, why not) for a message sent now: retried while it
    certainly did not go out, looked for (never resent) when it may have."""
    try:
        sent = with_retries(
            send, attempts=settings.retry_attempts, max_wait=settings.max_retry_wait
        )
    except MaybePostedError as exc:
        return look_for(look, network, settings, exc.one_line())
    except RetryableError as exc:  # certainly refused: the caller decides if a later run may send
        return "retry", None, exc.one_line()
    except SmmError as exc:
        return "failed", None, exc.one_line()
    except Exception as exc:
        return "unknown", None, f"internal error: {type(exc).__name__}: {exc}"
    return "published", sent, ""


def _stop(
    job: Job, state: str, error: str, records: list[dict[str, Any]], keep: bool = False
) -> Outcome:
    """The thread ends here: ``failed`` or ``unknown``, the parts before kept as published (a
    single post, sent here for its first comment, keeps no parts list); or ``claimed`` with
    ``keep``, its parts listed whatever it is, for the next run to resume after them."""
    thread = keep or (job.rendered is not None and bool(job.rendered.parts))
    return Outcome.of(job, state, error=error, parts=records if thread else [])


def _published(part: dict[str, Any]) -> Published:
    """A part's entry as the network's answer, for the parts after it to reply to."""
    extra = {"cid": part["cid"]} if isinstance(part.get("cid"), str) else {}
    return Published(str(part["id"]), str(part.get("url") or ""), extra)


def _entry(sent: Published, at: str) -> dict[str, Any]:
    """A published part's entry: id, url, when, and what a reply to it needs (Bluesky's cid)."""
    out: dict[str, Any] = {"state": "published", "id": sent.id}
    if sent.url:
        out["url"] = sent.url
    out["at"] = at
    if isinstance(sent.extra.get("cid"), str):
        out["cid"] = sent.extra["cid"]
    return out


def _stamp(job: Job) -> str:
    """Now, in the brand's zone, as every entry's ``at`` is written."""
    return (
        clock.current().astimezone(job.brand.tz if job.brand else UTC).isoformat(timespec="seconds")
    )


def claim_part(ledger: Ledger, request: PartClaim, write: WriteStates) -> None:
    """On the main thread: write (with run.py's ``write``), commit and push ``request.entry`` if
    the file still holds ``request.expected``; then wake the sender (``request.ok``: send)."""
    job = request.job
    count = len(job.rendered.messages) if job.rendered else 0
    step = "first comment" if request.part > count else f"part {request.part}/{count}"
    what = f"{step}: {job.path} -> {job.network}"
    message = f"smm: claim {what} [skip ci]\n\n{what}"
    if ledger.pushing and ledger.has_remote():
        message += "\n\n" + SENDS_AFTER_PUSH  # never pushed, so never sent: sync drops it

    def apply() -> bool:
        text = (ledger.root / job.path).read_text(encoding="utf-8")
        current = read_block(text, "published").get(job.network)
        if current == request.entry:
            return False  # already there (a refresh found our own commit on origin)
        if current != request.expected:
            raise _Changed
        write(ledger.root, job.path, {job.network: request.entry})
        failpoint("after-part-claim-write")
        return ledger.commit([job.path], message)

    try:
        apply()
        failpoint("after-part-claim-commit")
        request.ok = ledger.push_or_refresh(apply)
        failpoint("after-part-claim-push")
    except _Changed:
        request.error = "the thread's entry was changed by another run meanwhile; check by hand"
    except GitError as exc:  # origin refuses pushes: this part is not sent, and the run stops
        request.error, request.stopped = f"not sent: {exc.one_line()}", True
        raise
    finally:
        request.done.set()
