"""What the sandbox's Graph hosts of Instagram and Threads read alike from a request, and the
faults they answer alike.

- ``access_token``: the token of ``access_token`` (query or form) or of the Authorization header
  (``Bearer``; Instagram's Graph host also takes ``OAuth``); none is Graph's 104, one the sandbox
  does not know 190.
- ``requested_fields``: the names ``fields=`` asks for, each one the node type has, else Graph's
  "(#100) Tried accessing nonexisting field".
- ``throttled`` and ``server_error``: an injected 429 as Graph answers throttling (HTTP 400 with
  code 4, not 429) and an injected 500 (code 2, "An unexpected error has occurred").
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from smm.sandbox.forms import Request
from smm.sandbox.graph_errors import GraphError

Reply = tuple[int, Any]


def access_token(
    req: Request, known: AbstractSet[str] | None, schemes: tuple[str, ...] = ("bearer ",)
) -> str:
    """The request's token, or Graph's refusal; ``known`` None takes any non-empty token."""
    token = req.params.get("access_token", "")
    bearer = req.headers.get("authorization", "")
    if not token and bearer.lower().startswith(schemes):
        token = bearer.split(" ", 1)[1].strip()
    if not token:
        raise GraphError(104, "An access token is required to request this resource.")
    if known is not None and token not in known:
        raise GraphError(190, "Invalid OAuth access token - Cannot parse access token")
    return token


def requested_fields(
    req: Request, allowed: AbstractSet[str], node_type: str, default: str = "id"
) -> list[str]:
    """The fields asked for (``default`` when none are), each one ``node_type`` has."""
    fields = [f.strip() for f in (req.params.get("fields") or default).split(",") if f.strip()]
    for name in fields:
        if name not in allowed:
            raise GraphError(
                100,
                f"(#100) Tried accessing nonexisting field ({name}) on node type ({node_type})",
            )
    return fields


def throttled() -> Reply:
    """An injected 429: Graph answers rate limits with HTTP 400 and code 4, not 429."""
    return GraphError(4, "(#4) Application request limit reached", transient=True).reply()


def server_error() -> Reply:
    """An injected 500: Graph's code 2."""
    return GraphError(
        2,
        "An unexpected error has occurred. Please retry your request later.",
        status=500,
        transient=True,
    ).reply()
