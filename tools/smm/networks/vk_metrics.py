"""VK metrics: a community wall's counters and, where the token may read them, reach and clicks.

Two sources (docs/networks.md#vk):

- ``wall.getById`` (100 posts a call): views, likes, reposts (as shares) and comments, each a
  ``{"count": n}`` counter of the post;
- ``stats.getPostReach`` (30 posts a call): reach (``reach_total``) and link clicks (``links``).
  It wants a community admin's user token and covers only the wall's newest 300 posts; when it
  refuses, the counters are kept and the reason is left in the adapter's ``notes``. A user wall
  has no such statistics at all.

A post missing from wall.getById's answer (deleted, or not on this wall) is missing from the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from smm.errors import NetworkError, RetryableError

if TYPE_CHECKING:
    from smm.networks.base import Account
    from smm.networks.vk import VK

GET_BY_ID_BATCH = 100  # posts per wall.getById call
REACH_BATCH = 30  # stats.getPostReach takes at most 30 post_ids (docs/networks.md#vk)
# wall.getById counter -> smm's metric name (METRIC_KEYS): views.count, likes.count, ...
COUNTERS = (("views", "views"), ("likes", "likes"), ("reposts", "shares"), ("comments", "comments"))
# stats.getPostReach field -> metric name: reach_total is everyone reached, links the link clicks
REACH_FIELDS = (("reach_total", "reach"), ("links", "clicks"))


def read(adapter: VK, account: Account, ids: Sequence[str]) -> dict[str, dict[str, float]]:
    """Figures by post id: the counters, then reach and clicks where readable (module doc)."""
    from smm.networks.vk import _owner, _token

    adapter.notes = []
    owner_id, token = _owner(account), _token(account)
    wanted = [str(i) for i in ids]
    out = _counters(adapter, owner_id, token, wanted)
    if owner_id >= 0:
        if out:
            adapter.notes.append(
                "vk: no reach or link clicks for a user wall: stats.getPostReach is for communities"
            )
        return out
    _add_reach(adapter, owner_id, token, [i for i in wanted if i in out], out)
    return out


def _counters(
    adapter: VK, owner_id: int, token: str, wanted: list[str]
) -> dict[str, dict[str, float]]:
    """wall.getById's counters of the posts of this wall that are still there."""
    out: dict[str, dict[str, float]] = {}
    for chunk in _chunks(wanted, GET_BY_ID_BATCH):
        posts = ",".join(f"{owner_id}_{post_id}" for post_id in chunk)
        answer = adapter._call(token, "wall.getById", {"posts": posts}, writes=False)
        # v5.199 answers {"items": [...]}; versions before 5.131 answered the bare list
        items = answer.get("items", []) if isinstance(answer, dict) else answer
        for item in items or []:
            if not isinstance(item, dict) or str(item.get("owner_id", owner_id)) != str(owner_id):
                continue
            figures: dict[str, float] = {}
            for field, key in COUNTERS:
                count = (
                    (item.get(field) or {}).get("count")
                    if isinstance(item.get(field), dict)
                    else None
                )
                if isinstance(count, (int, float)) and not isinstance(count, bool):
                    figures[key] = count
            out[str(item.get("id"))] = figures
    return out


def _add_reach(
    adapter: VK, owner_id: int, token: str, found: list[str], out: dict[str, dict[str, float]]
) -> None:
    """stats.getPostReach's reach and clicks into ``out``; a refusal is a note, not a failure."""
    for chunk in _chunks(found, REACH_BATCH):
        try:
            stats = adapter._call(
                token,
                "stats.getPostReach",
                {"owner_id": owner_id, "post_ids": ",".join(chunk)},
                writes=False,
            )
        except RetryableError:
            raise
        except NetworkError as exc:
            adapter.notes.append(
                f"vk: no reach or link clicks ({exc.one_line()}); stats.getPostReach needs the "
                "user token of a community admin and covers the wall's newest 300 posts"
            )
            return
        for position, stat in enumerate(stats if isinstance(stats, list) else []):
            if not isinstance(stat, dict):
                continue
            post_id = (
                str(stat["post_id"])
                if "post_id" in stat
                else (chunk[position] if position < len(chunk) else None)
            )
            if post_id not in out:
                continue
            for field, key in REACH_FIELDS:
                value: Any = stat.get(field)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    out[post_id][key] = value


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
