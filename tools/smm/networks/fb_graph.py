"""Facebook Pages over the Graph API: its errors onto smm's tree, its usage headers, its figures.

The adapter (networks/facebook.py) sends; this module reads what came back:

- ``graph_error``: a Graph error object (``{"error": {"message", "type", "code", "error_subcode",
  "fbtrace_id"}}``) as RetryableError, MaybePostedError or NetworkError. The throttling codes of
  Meta's rate-limiting docs (4 application, 17 user, 32 Page, 613 "calls within one hour", 80001
  Pages business use case) were refused before anything was stored; 1 and 2 are Meta's side;
  everything else (190 token, 10/200 permission, 100 parameter, 368 policy block, 506 duplicate
  status) would fail the same way again.
- ``Usage``: the highest share of a budget in ``X-App-Usage``, ``X-Page-Usage`` and
  ``X-Business-Use-Case-Usage`` (percentages, ``estimated_time_to_regain_access`` in minutes),
  so the adapter stops before Meta starts refusing.
- ``post_figures``: reactions, comments and shares (post fields) with the post insights still
  valid after Meta's 2025 deprecations (docs/networks.md#facebook): ``post_media_view`` (views),
  ``post_total_media_view_unique`` (reach) and ``post_clicks`` (clicks).

Shared with Instagram (networks/instagram.py), whose media live on the same Graph host:
``publish_comment``, the first comment's ``POST /{object-id}/comments``, and
``fields_and_insights``, the two reads a post's figures come from: the same calls for a Page post
and for an IG media.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smm.errors import MaybePostedError, NetworkError, RetryableError
from smm.networks.ig_insights import insight_value

if TYPE_CHECKING:
    from smm.networks.base import Outgoing

NETWORK = "facebook"
THROTTLED = {4, 17, 32, 613, 80001}  # Graph API rate limiting: nothing was stored
TRANSIENT = 2  # "Service temporarily unavailable"
SERVER_SIDE = {1, -1}  # "An unknown error occurred"
GONE = (100, 33)  # code, subcode: "Object with ID ... does not exist"
DUPLICATE = 506  # "(#506) Duplicate status message": the Page's last post has this text
USAGE_HEADERS = ("x-app-usage", "x-page-usage", "x-business-use-case-usage")
USAGE_FIELDS = ("call_count", "total_cputime", "total_time")

#: the post fields of GET /{post-id}: summaries only (limit 0), so one call per post
POST_FIELDS = "reactions.summary(total_count).limit(0),comments.summary(true).limit(0),shares"
#: post insights valid in Graph v24.0 -> smm's metric keys (post_impressions* and
#: post_engaged_users are gone: deprecated metrics answer "(#100) ... valid insights metric")
INSIGHTS = {
    "post_media_view": "views",
    "post_total_media_view_unique": "reach",
    "post_clicks": "clicks",
}


@dataclass(frozen=True)
class Usage:
    """The fullest of the budgets the usage headers report, and when it frees up again."""

    percent: int = 0
    regain_seconds: float | None = None  # estimated_time_to_regain_access, when one is given

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Usage | None:
        """None when no usage header came (absence is not headroom); unreadable ones are skipped."""
        entries: list[dict[str, Any]] = []
        for name in USAGE_HEADERS:
            raw = headers.get(name)
            if not raw:
                continue
            try:
                value = json.loads(raw)
            except ValueError:
                continue
            if name == "x-business-use-case-usage" and isinstance(value, dict):
                for per_object in value.values():  # {"<page id>": [{"type": "pages", ...}]}
                    entries += [e for e in per_object or [] if isinstance(e, dict)]
            elif isinstance(value, dict):
                entries.append(value)
        if not entries:
            return None
        percent = max(_number(e.get(f)) for e in entries for f in USAGE_FIELDS)
        regains = [_number(e.get("estimated_time_to_regain_access")) for e in entries]
        return cls(int(percent), max(regains) * 60.0 if any(regains) else None)


#: an adapter's one Graph call, its ``_call(token, http_method, path, params, *, writes, what)``:
#: the answer's JSON object, or the mapped error
GraphCall = Callable[..., dict[str, Any]]


def publish_comment(call: GraphCall, network: str, token: str, outgoing: Outgoing, on: str) -> str:
    """``POST /{on}/comments`` with the rendered text as ``message``, as the token's Page or
    professional account; the comment's id. It is the one call that can put the comment up, so an
    answer without an id is MaybePostedError."""
    answer = call(
        token,
        "POST",
        f"{on}/comments",
        {"message": outgoing.rendered.text},
        writes=True,
        what="comment",
    )
    comment_id = str(answer.get("id") or "")
    if not comment_id:
        raise MaybePostedError(network, "the comment was answered without an id")
    return comment_id


def fields_and_insights(
    call: GraphCall, token: str, object_id: str, fields: str, metrics: Iterable[str], what: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two answers a Page post's or an IG media's figures come from: its ``fields`` (``GET
    /{id}?fields=``, asked as ``what``) and its insights (``GET /{id}/insights?metric=``)."""
    answer = call(token, "GET", object_id, {"fields": fields}, writes=False, what=what)
    insights = call(
        token,
        "GET",
        f"{object_id}/insights",
        {"metric": ",".join(metrics)},
        writes=False,
        what="insights",
    )
    return answer, insights


def every_page(
    fetch: Callable[[dict[str, Any]], dict[str, Any]], query: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every item of a Graph listing (Facebook's, Instagram's, Threads'): ``fetch(query)`` page by
    page, following ``paging.cursors.after`` while the page says there is a ``next``."""
    out: list[dict[str, Any]] = []
    while True:
        body = fetch(query)
        out += [item for item in body.get("data") or [] if isinstance(item, dict)]
        paging = body.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        if not paging.get("next") or not after:
            return out
        query = {**query, "after": after}


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def graph_error(
    what: str, error: dict[str, Any], status: int, writes: bool, usage: Usage | None
) -> NetworkError:
    """A Graph error object onto the error tree, keeping Meta's words and codes (a token they
    quote is masked where the error becomes text, smm.redaction)."""
    code, subcode = error.get("code"), error.get("error_subcode")
    text = str(error.get("error_user_msg") or error.get("message") or "error")
    message = (
        f"{what}: {text}"
        + (f" (subcode {subcode})" if subcode else "")
        + (f" [fbtrace_id {error['fbtrace_id']}]" if error.get("fbtrace_id") else "")
    )
    if code in THROTTLED:
        wait = usage.regain_seconds if usage else None
        return RetryableError(NETWORK, message, code, retry_after=wait)
    if code == TRANSIENT:
        return RetryableError(NETWORK, message, code)
    if code in SERVER_SIDE or (code is None and status >= 500):
        return (
            MaybePostedError(NETWORK, message, code)
            if writes
            else RetryableError(NETWORK, message, code)
        )
    if code == DUPLICATE:
        return NetworkError(
            NETWORK,
            f"{message}; the Page's latest post already has this text: check the Page, "
            "smm does not send it again",
            code,
        )
    return NetworkError(NETWORK, message, code)


def gone(exc: NetworkError) -> bool:
    """Whether a Graph refusal says the object is not there: code 100, subcode 33 ("Unsupported
    get request. Object with ID ... does not exist, cannot be loaded due to missing permissions").
    Graph words a missing object and one the token cannot see alike; a Page token that published
    the post sees it, so for its own post this means deleted."""
    return exc.code == GONE[0] and f"(subcode {GONE[1]})" in str(exc)


def post_figures(fields: dict[str, Any], insights: dict[str, Any]) -> dict[str, int | float]:
    """smm's figures of one Page post from its fields' and its insights' answers; what an answer
    leaves out stays out (a post without shares has no ``shares`` field: 0 shares)."""
    figures: dict[str, int | float] = {}
    for edge, key in (("reactions", "reactions"), ("comments", "comments")):
        total = ((fields.get(edge) or {}).get("summary") or {}).get("total_count")
        if isinstance(total, int) and not isinstance(total, bool):
            figures[key] = total
    if "id" in fields:  # a post read back: Graph leaves ``shares`` out when nobody shared it
        count = (fields.get("shares") or {}).get("count", 0)
        if isinstance(count, int) and not isinstance(count, bool):
            figures["shares"] = count
    for entry in insights.get("data") or []:
        metric = INSIGHTS.get(entry.get("name"))
        value = insight_value(entry)
        if metric and value is not None:
            figures[metric] = value
    return figures
