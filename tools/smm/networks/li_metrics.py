"""LinkedIn metrics: what an organization's token may read about its posts, and from where.

Two sources (learn.microsoft.com, community-management "Organization Share Statistics" and
"Social Actions"), chosen by what the token allows:

- ``GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&shares=List(...)``
  needs the rw_organization_admin scope (an ADMINISTRATOR of the page): its
  ``totalShareStatistics`` gives views (impressionCount), reach (uniqueImpressionsCount), likes
  (likeCount), comments (commentCount), shares (shareCount) and clicks (clickCount);
- ``GET /rest/socialActions/<urn>`` needs only r_organization_social, which every token that
  reconciles already holds: likes (likesSummary.totalLikes) and comments
  (commentsSummary.aggregatedTotalComments), nothing about views, reach, shares or clicks.

A token without rw_organization_admin gets 403 ACCESS_DENIED from the first; smm then reads the
second for each post and says so in a note. A deleted post (404) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from smm.errors import NetworkError

if TYPE_CHECKING:
    from smm.networks.base import Account
    from smm.networks.linkedin import LinkedIn

#: totalShareStatistics field -> smm's name (METRIC_KEYS of networks/base.py)
SHARE_STATISTICS = {
    "impressionCount": "views",
    "uniqueImpressionsCount": "reach",
    "likeCount": "likes",
    "commentCount": "comments",
    "shareCount": "shares",
    "clickCount": "clicks",
}
BATCH = 20  # URNs per share-statistics call: the URL stays short
FALLBACK_NOTE = (
    "linkedin: the token lacks rw_organization_admin, so share statistics (views, reach, "
    "shares, clicks) are not readable; likes and comments come from social actions"
)


def read(adapter: LinkedIn, account: Account, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Figures by post URN, from share statistics or else social actions (module doc)."""
    adapter.notes = []
    try:
        return _share_statistics(adapter, account, ids)
    except NetworkError as exc:
        if exc.code != 403:
            raise
    adapter.notes.append(FALLBACK_NOTE)
    return _social_actions(adapter, account, ids)


def _share_statistics(
    adapter: LinkedIn, account: Account, ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    from smm.networks.linkedin import _elements, _urn, organization

    entity = organization(account)
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        query = f"q=organizationalEntity&organizationalEntity={_urn(entity)}"
        for name, prefix in (("shares", "urn:li:share:"), ("ugcPosts", "urn:li:ugcPost:")):
            listed = ",".join(_urn(i) for i in batch if i.startswith(prefix))
            if listed:
                query += f"&{name}=List({listed})"
        path = f"/rest/organizationalEntityShareStatistics?{query}"
        for element in _elements(adapter._call(account, "GET", path, writes=False)):
            urn = element.get("share") or element.get("ugcPost")
            totals = element.get("totalShareStatistics") or {}
            if urn in batch:
                out[str(urn)] = {
                    key: totals[field]
                    for field, key in SHARE_STATISTICS.items()
                    if isinstance(totals.get(field), int)
                }
    return out


def _social_actions(
    adapter: LinkedIn, account: Account, ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    from smm.networks.linkedin import _json, _urn

    out: dict[str, dict[str, Any]] = {}
    for urn in ids:
        try:
            answer = adapter._call(account, "GET", f"/rest/socialActions/{_urn(urn)}", writes=False)
        except NetworkError as exc:
            if exc.code == 404:
                continue
            raise
        body = _json(answer)
        if not isinstance(body, dict):
            continue
        likes = (body.get("likesSummary") or {}).get("totalLikes")
        comments = (body.get("commentsSummary") or {}).get("aggregatedTotalComments")
        figures = {
            key: value
            for key, value in (("likes", likes), ("comments", comments))
            if isinstance(value, int)
        }
        out[urn] = figures
    return out
