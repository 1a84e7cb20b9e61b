"""Due selection: which (post, network) pairs a publish run owes, and what to do with each.

(Not the content plan, which is smm/plan/: that lays out the calendar for people; this decides
what one run of `smm publish` does now.)

Facts come from the lint cache (parsed once per changed post); only posts whose time has come
and that still lack a result are loaded in full. Every approved post ends in exactly one of
these actions, so none is dropped silently:

    publish      due, within the brand's ``late_after``: claim it, then send it (also a ``retry``
                 entry: an earlier run's attempt the network certainly refused)
    reconcile    claimed by an earlier run that left no result: look for it, never re-send
    blocked      the post, or a file it depends on (its brand file, its campaign file), has lint
                 errors, or the post cannot be read: a person must fix it (its file is left
                 alone, late or not: YAML that lint refuses is not safe to rewrite; a brand file
                 with errors is read with fallbacks, e.g. UTC for a misspelt time zone, so its
                 posts would go out at the wrong moment)
    missed       later than ``late_after`` (GitHub's schedule skipped, or merged too late)
    unsupported  smm cannot publish to that network yet
    conflict     no entry in the file, but git's history holds a claim for it (claims.py): it
                 went out, or may have; never claimed again, a person must look
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from smm.content.loader import load_post
from smm.content.model import Brand, Campaign, Post
from smm.content.repo import Repo, config_files, open_repo
from smm.findings import Finding
from smm.lint.cache import Cache
from smm.lint.engine import collect
from smm.lint.facts import PostFacts
from smm.lint.suppress import tune
from smm.networks import Rendered, render
from smm.networks.registry import publishers
from smm.publish.claims import ClaimIndex

Action = Literal[
    "publish", "reconcile", "missed", "blocked", "unsupported", "conflict", "edit", "retract"
]


#: seconds from UTC to the zone farthest ahead of it (UTC+14)
ANY_ZONE = 14 * 3600.0


@dataclass
class Job:
    path: str
    network: str
    action: Action
    when: datetime | None
    reason: str = ""
    post: Post | None = None
    brand: Brand | None = None
    campaign: Campaign | None = None
    rendered: Rendered | None = None
    previous: dict[str, Any] = field(
        default_factory=dict
    )  # the network's published: entry (a claim, once claimed)

    @property
    def marker(self) -> str:
        return marker(self.path, self.network, self.post.time_text if self.post else "")


def marker(path: str, network: str, time_text: str | None) -> str:
    """Stable per (post, network, time): what VK keeps as guid, and what ties a result to its claim."""
    return (
        "smm-"
        + hashlib.blake2b(f"{path}|{network}|{time_text}".encode(), digest_size=8).hexdigest()
    )


def due_jobs(
    repo: Repo,
    now: datetime,
    brand: str | None = None,
    claims: ClaimIndex | None = None,
    clean: bool = False,
    opened: Cache | None = None,
) -> list[Job]:
    """Every job this run owes, in time order (then path and network). ``clean``: git status has
    just shown no change to a tracked file; ``opened``: the lint cache (lint/engine.py
    ``collect``)."""
    collected = collect(repo, brand=brand, clean=clean, opened=opened)
    entries = collected.entries
    # brand and campaign files' errors, tuned as `smm lint` tunes them (lint/engine.py _report)
    config_errors = [
        f for f in tune(repo.findings, collected.selection, collected.ignores) if f.level == "error"
    ]
    jobs: list[Job] = []
    moment = now.timestamp()
    for path, entry in entries.items():
        facts = entry.post_facts
        if facts is None:
            if brand is None or path.split("/")[1:2] == [brand]:
                first = next((Finding.of(f) for f in entry.findings if f[3] == "error"), None)
                jobs.append(
                    Job(path, "?", "blocked", None, first.text() if first else "cannot be read")
                )
            continue
        if brand is not None and facts.brand != brand:
            continue
        inherited = depends_on(facts, config_errors) if config_errors else []
        # a brand file with errors may be read in the wrong zone (UTC for a misspelt one): its
        # posts are blocked from the earliest moment their time can be, in any zone
        ahead = ANY_ZONE if inherited else 0.0
        if facts.when is not None and facts.when - ahead > moment:
            continue  # not due yet: most posts of a plan, so nothing more is looked at
        errors = [Finding.of(f) for f in entry.findings if f[3] == "error"] + inherited
        if not facts.networks and errors:
            # no network could be read (``networks:`` for ``network:``, a wrong type): the post
            # is not done, it is unreadable, and a person must hear of it
            jobs.append(Job(path, "?", "blocked", None, errors[0].text()))
            continue
        retracted = {n for n, kind in facts.changes if kind == "retract"}  # never (re)published
        pending = [
            n
            for n in facts.networks
            if facts.state(n) in (None, "claimed", "retry")
            and (n not in retracted or facts.state(n) == "claimed")
        ]
        if pending:
            jobs.extend(_jobs_for(repo, path, facts, pending, errors, now, claims or ClaimIndex()))
    jobs.sort(key=lambda j: (j.when.timestamp() if j.when else 0.0, j.path, j.network))
    return jobs


def depends_on(facts: PostFacts, config_errors: list[Finding]) -> list[Finding]:
    """The errors of the files the post is published by: its brand file (time zone, accounts,
    late_after) and, with ``campaign:``, its campaign file. Matched by name, so a file that did
    not load at all (its errors are why) still counts."""
    slug = facts.brand
    out = []
    for finding in config_errors:
        folder, _, name = finding.path.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        if (folder == "brands" and stem == slug) or (
            facts.campaign and folder == f"campaigns/{slug}" and stem == facts.campaign
        ):
            out.append(finding)
    return out


class Opening:
    """``open_repo`` and the lint cache, read on a thread of their own while the checkout is
    checked (git status and fetch wait on other processes, 60 ms in a 10,000-post clone). Taken
    once, and only while the brand and campaign files are the bytes they were read from (the
    cache's key says so): a sync that changed them, or any failure, leaves the caller to open
    both itself."""

    def __init__(self, root: Path, brand: str | None) -> None:
        self.root, self.brand = root, brand
        self._opened: tuple[Repo, Cache] | None = None
        self._thread = threading.Thread(target=self._open, daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            repo = open_repo(self.root, self.brand)
            self._opened = repo, Cache.open(self.root, repo.config_files)
        except Exception:  # the caller opens both itself, and meets the error there
            self._opened = None

    def take(self) -> tuple[Repo, Cache] | None:
        """(repo, cache) if they still hold, once; else None."""
        self._thread.join()
        opened, self._opened = self._opened, None
        if opened is None:
            return None
        listed = config_files(self.root, self.brand)
        if listed != opened[0].config_files or Cache.key_of(self.root, listed) != opened[1].key:
            return None
        return opened


def _jobs_for(
    repo: Repo,
    path: str,
    facts: PostFacts,
    pending: list[str],
    errors: list[Finding],
    now: datetime,
    claims: ClaimIndex,
) -> list[Job]:
    post, _ = load_post(repo.root, path, repo.brands)
    brand = repo.brands.get(facts.brand)
    if post is None or brand is None or facts.when is None:
        reason = errors[0].text() if errors else "the post's time or brand cannot be read"
        return [Job(path, n, "blocked", None, reason) for n in pending]
    when = datetime.fromtimestamp(facts.when, UTC)
    campaign = repo.campaign(post.brand, post.campaign)
    jobs = []
    for network in pending:
        job = Job(
            path,
            network,
            "publish",
            when,
            post=post,
            brand=brand,
            campaign=campaign,
            previous=dict(post.published.get(network) or {}),
        )
        late = now - when
        claim = claims.get(path, network) if facts.state(network) is None else None
        if claim is not None:  # first: whatever else is wrong with the post, this needs a person
            job.action, job.reason = (
                "conflict",
                claim.conflict() + (f"; the file also has {errors[0].text()}" if errors else ""),
            )
        elif facts.state(network) == "claimed":
            job.action = "reconcile"
        elif errors:  # before missed: a file with errors (a key given twice, say) is not written
            # to; before unsupported: `network: telegram, vk` is a lint error, not a network
            job.action, job.reason = "blocked", errors[0].text()
        elif network not in publishers():
            job.action, job.reason = "unsupported", f"smm cannot publish to {network} yet"
        elif facts.state(network) == "retry" and _live_parts(job.previous):
            job.action, job.reason = (
                "blocked",
                (
                    f"state: retry, but {_live_parts(job.previous)} of its parts are live: sending"
                    " again would post them twice; make what is left a new post"
                ),
            )
        elif late > brand.late_after and not brand.publish_late:
            job.action, job.reason = (
                "missed",
                f"{_minutes(late)} late; the brand allows {_minutes(brand.late_after)}",
            )
        elif late > brand.late_after:  # the brand publishes late posts: say so in the summary
            job.reason = f"late: {_minutes(late)} after its time; the brand allows {_minutes(brand.late_after)} and publish_late"
        if job.action in ("publish", "reconcile"):
            job.rendered = render(post, network, brand, campaign)
        jobs.append(job)
    return jobs


def _live_parts(entry: dict[str, Any]) -> int:
    """How many parts of a thread's entry are published (a retry must not send them again)."""
    parts = entry.get("parts")
    listed = parts if isinstance(parts, list) else []
    return sum(1 for p in listed if isinstance(p, dict) and p.get("state") == "published")


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
