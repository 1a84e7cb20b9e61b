"""Which edits and retractions of live posts a run owes (publish/changes.py does them).

Only posts whose lint facts list a change (``PostFacts.changes``: an ``edit:`` or ``retract:``
request, or a claim a run left) are loaded in full, so a repository of thousands of live posts
costs nothing extra. Per (post, network), at most one job, in this order:

    retract   a claimed retraction (resumed), or ``retract:`` on a published, unretracted post
    edit      a claimed edit (resumed), or ``edit:`` on a published post whose text differs
              from what was sent (``sent``)
    blocked   an edit of a post with lint errors: its text is not sent until they are fixed
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from smm.content.digests import sent_digest
from smm.content.loader import load_post
from smm.content.model import publish_state
from smm.content.repo import Repo
from smm.findings import Finding
from smm.lint.engine import collect
from smm.networks import render
from smm.publish.due import Job


def change_jobs(repo: Repo, brand: str | None = None) -> list[Job]:
    """Every edit and retraction this run owes, by path and network."""
    jobs: list[Job] = []
    for path, entry in collect(repo, brand=brand).entries.items():
        facts = entry.post_facts
        if facts is None:
            continue
        if not facts.changes or (brand is not None and facts.brand != brand):
            continue
        errors = [Finding.of(f) for f in entry.findings if f[3] == "error"]
        jobs.extend(_jobs_for(repo, path, errors))
    jobs.sort(key=lambda j: (j.path, j.network))
    return jobs


def _jobs_for(repo: Repo, path: str, errors: list[Finding]) -> list[Job]:
    post, _ = load_post(repo.root, path, repo.brands)
    if post is None:
        return []
    brand = repo.brands.get(post.brand)
    campaign = repo.campaign(post.brand, post.campaign)
    edits, retracts = _asked(post.meta.data, "edit"), _asked(post.meta.data, "retract")
    when = datetime.fromtimestamp(0, UTC)
    jobs = []
    for network, entry in sorted(post.published.items()):
        state = publish_state(entry)
        if brand is None or state == "retracted":
            continue
        job = Job(path, network, "retract", when, post=post, brand=brand, campaign=campaign)
        job.previous = dict(entry)
        claimed = isinstance(entry.get("retracting"), dict)
        if claimed or (network in retracts and state == "published"):
            job.reason = _reason(entry.get("retracting"), retracts.get(network))
            if claimed or _may_go(entry, "retract_failed", job.reason, None):
                jobs.append(job)
            continue
        if network in retracts:
            continue  # asked to retract a post that is not live: it is not published either
        claimed = isinstance(entry.get("editing"), dict)
        if not claimed and (network not in edits or state != "published"):
            continue
        job.action, job.reason = "edit", _reason(entry.get("editing"), edits.get(network))
        if errors and not claimed:
            job.action, job.reason = "blocked", f"edit not sent: {errors[0].text()}"
            jobs.append(job)
            continue
        job.rendered = render(post, network, brand, campaign)
        digest = sent_digest(job.rendered.text)
        if claimed or (
            digest != entry.get("sent") and _may_go(entry, "edit_failed", job.reason, digest)
        ):
            jobs.append(job)
    return jobs


def _asked(data: dict[str, Any], key: str) -> dict[str, str]:
    """The post's ``edit:`` or ``retract:`` request: network -> reason (schema-checked by lint)."""
    value = data.get(key)
    return {str(k): str(v or "") for k, v in value.items()} if isinstance(value, dict) else {}


def _reason(claim: Any, asked: str | None) -> str:
    """The reason of a claim left by a run, else the one the post gives."""
    if isinstance(claim, dict) and claim.get("reason"):
        return str(claim["reason"])
    return asked or ""


def _may_go(entry: dict[str, Any], key: str, reason: str, digest: str | None) -> bool:
    """True when the request may go (again): it is not the one the network last refused."""
    failed = entry.get(key)
    if not isinstance(failed, dict):
        return True
    return (failed.get("reason"), failed.get("sent")) != (reason, digest)
