"""What every emulated network does to a stored post that is edited or deleted.

A post keeps its ``id``: an edit replaces its ``text`` (and what else the network's edit replaces)
and appends ``{"at", "text"}`` to its ``edited`` list, one entry per applied edit, so a test counts
them; a deletion sets ``deleted: true`` and keeps the post in ``GET /_sandbox/posts``, where a
test sees that it was retracted. Each network's readers skip a deleted post (``live``), as the
network answers "not found" for it.
"""

from __future__ import annotations

import copy
from typing import Any

from smm.sandbox.state import Config, State


def live(post: dict[str, Any]) -> bool:
    """Whether the post still shows (not deleted)."""
    return not post.get("deleted")


def find(state: State, network: str, **keys: Any) -> dict[str, Any] | None:
    """A copy of the network's post whose fields equal ``keys``, deleted or not; None if none."""
    with state.lock:
        stored = _stored(state, network, keys)
        return copy.deepcopy(stored) if stored else None


def edit(
    state: State, config: Config, network: str, keys: dict[str, Any], text: str, **changes: Any
) -> dict[str, Any] | None:
    """Replace the live post's text (and ``changes``), record the edit, save; the post as it is
    now, or None when there is no live post with ``keys``."""
    with state.lock:
        post = _stored(state, network, keys)
        if post is None or not live(post):
            return None
        post.update(changes, text=text)
        post.setdefault("edited", []).append({"at": config.now(), "text": text})
        state.save()
        return copy.deepcopy(post)


def delete(state: State, network: str, keys: dict[str, Any]) -> bool:
    """Mark the post deleted and save; False when there is none or it was deleted already."""
    with state.lock:
        post = _stored(state, network, keys)
        if post is None or not live(post):
            return False
        post["deleted"] = True
        state.save()
        return True


def _stored(state: State, network: str, keys: dict[str, Any]) -> dict[str, Any] | None:
    """The live post with ``keys`` (a key used again after a deletion names the new post), else
    the deleted one."""
    posts: list[dict[str, Any]] = state.data["posts"]
    found = [
        p for p in posts if p["network"] == network and all(p.get(k) == v for k, v in keys.items())
    ]
    return next((p for p in found if live(p)), found[0] if found else None)
