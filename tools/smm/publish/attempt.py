"""One post's attempt that did not simply go out: refused by the network for now (``retry``, and
after RETRY_RUNS runs ``failed``), or its answer lost and the post looked for (reconcile).

Shared by single posts (send.py) and threads (thread.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from smm.errors import ConfigError, NetworkError, UnconfirmedError, UnsupportedError
from smm.networks.base import Network, Outgoing, Published
from smm.networks.http import with_retries
from smm.publish.summary import Outcome

if TYPE_CHECKING:
    from smm.publish.due import Job
    from smm.settings import Settings


#: Runs whose attempt a network certainly refused before a post is ``failed`` for a person: a
#: refusal that outlasts 8 runs (2 h of a 15-minute schedule) is not a passing rate limit.
RETRY_RUNS = 8


def refusal(job: Job, error: str) -> Outcome:
    """The outcome of an attempt the network certainly refused (a 429, a 5xx that stored
    nothing): ``retry``, which the next run claims and sends again, or ``failed`` for a person
    once RETRY_RUNS runs were refused."""
    runs = attempts(job) + 1
    if runs >= RETRY_RUNS:
        return Outcome.of(job, "failed", error=f"refused in {runs} runs; {error}")
    return Outcome.of(job, "retry", error=f"{error}; the next run sends it again")


def attempts(job: Job) -> int:
    """Runs whose attempt the network refused before this one (a retry's claim carries it)."""
    count = job.previous.get("attempts")
    return count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 0


def reconcile_post(
    job: Job, network: Network, outgoing: Outgoing, why: str, settings: Settings
) -> Outcome:
    """Find the post on the network; if we cannot look, or do not find it, a person decides."""
    state, found, error = look_for(partial(network.reconcile, outgoing), job.network, settings, why)
    if found is None:
        return Outcome.of(job, state, error=error)
    return Outcome.of(job, "published", published=found, note="reconciled")


def look_for(
    look: Callable[[], Published | None], network: str, settings: Settings, why: str
) -> tuple[str, Published | None, str]:
    """(state, the message if found, why not) for one that may have gone out: ``unknown`` when
    it cannot be looked for or is not found. Looking only reads, so a rate limit or a 5xx while
    looking is waited out and retried."""
    try:
        found = with_retries(
            look, attempts=settings.retry_attempts, max_wait=settings.max_retry_wait
        )
    except (UnsupportedError, UnconfirmedError) as exc:
        return "unknown", None, f"{why}; {exc.one_line()}"
    except (NetworkError, ConfigError) as exc:
        return "unknown", None, f"{why}; looking for it failed: {exc.one_line()}"
    if found is None:
        return "unknown", None, f"{why}; not found on {network} — check by hand"
    return "published", found, ""
