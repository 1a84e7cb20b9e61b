"""LinkedIn edits and retractions of an organization's post (Posts API, learn.microsoft.com
community-management posts-api "Update Posts" and "Delete Posts").

- edit: ``POST /rest/posts/<urn>`` with ``X-RestLi-Method: PARTIAL_UPDATE`` and
  ``{"patch": {"$set": {"commentary": ...}}}`` (204): the commentary only, escaped as little text
  like a new post's (networks/little.py); the images stay, the partial update cannot change them;
- live_text: ``GET /rest/posts/<urn>``, its commentary read back as the text it shows
  (``little.unescape``); 404 is a post that is gone;
- retract: ``DELETE /rest/posts/<urn>`` with ``X-RestLi-Method: DELETE`` (204). Post deletions
  are idempotent (LinkedIn's Postman collection); a 404 or 410 for a post already gone is done too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smm.errors import NetworkError
from smm.networks.base import Published

if TYPE_CHECKING:
    from smm.networks.base import Account, Outgoing
    from smm.networks.linkedin import LinkedIn

GONE = (404, 410)


def edit(adapter: LinkedIn, outgoing: Outgoing, live: Published) -> Published:
    """The post's commentary replaced by the rendered text; same URN."""
    from smm.networks.linkedin import _urn
    from smm.networks.little import escape

    body = {"patch": {"$set": {"commentary": escape(outgoing.rendered.text)}}}
    adapter._call(
        outgoing.account,
        "POST",
        f"/rest/posts/{_urn(live.id)}",
        writes=True,
        headers={"X-RestLi-Method": "PARTIAL_UPDATE"},
        json=body,
    )
    return Published(live.id, live.url, live.extra)


def live_text(adapter: LinkedIn, account: Account, live: Published) -> str | None:
    """The text the post shows now; None when it is gone."""
    from smm.networks.linkedin import _json, _urn
    from smm.networks.little import unescape

    try:
        answer = adapter._call(account, "GET", f"/rest/posts/{_urn(live.id)}", writes=False)
    except NetworkError as exc:
        if exc.code in GONE:
            return None
        raise
    post = _json(answer)
    commentary = post.get("commentary") if isinstance(post, dict) else None
    return unescape(str(commentary or ""))


def retract(adapter: LinkedIn, account: Account, live: Published) -> None:
    """Delete the post; one already gone counts as done."""
    from smm.networks.linkedin import _urn

    try:
        adapter._call(
            account,
            "DELETE",
            f"/rest/posts/{_urn(live.id)}",
            writes=True,
            headers={"X-RestLi-Method": "DELETE"},
        )
    except NetworkError as exc:
        if exc.code not in GONE:
            raise
