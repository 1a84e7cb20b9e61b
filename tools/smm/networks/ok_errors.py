"""OK's error JSON onto smm's error tree, for the OK adapter (networks/ok.py).

An OK API error is ``{"error_code", "error_msg", "error_data"}``, with HTTP 200. Which codes may
be sent again (and after how long) and which may have posted is read from third-party mirrors of
OK's REST error table, so it is unconfirmed (marked below).
"""

from __future__ import annotations

from typing import Any

from smm.errors import MaybePostedError, NetworkError, RetryableError

# OK error codes (names and meanings from OK's REST error table as mirrored by a partner platform,
# and the OK Android client's ApiInvocationException.ErrorCodes; both third-party, so unconfirmed).
# Refusals before anything was done: safe to send again after a wait. OK's answer carries no
# wait, so None lets with_retries back off (1, 2, 4 … s); a method's quota waits long enough that
# the publisher leaves the post to a later run.
RETRY_AFTER: dict[int, float | None] = {
    2: None,  # SERVICE: service temporarily unavailable
    8: None,  # FLOOD_BLOCKED: the method is blocked due to flood (too many calls)
    11: 3600.0,  # LIMIT_REACHED: a limit of calls was reached
}
# UNKNOWN: the API failed on its side; for mediatopic.post the topic may have been stored anyway
SERVER_SIDE = frozenset({1})


def api_error(method: str, body: dict[str, Any], writes: bool) -> NetworkError:
    """OK's error JSON ({"error_code", "error_msg", "error_data"}) onto the error tree."""
    raw: Any = body.get("error_code")  # JSON: a number, a numeric string, or anything at all
    try:
        code: int | str = int(raw)
    except (TypeError, ValueError):
        code = str(raw)
    message = f"{method}: {body.get('error_msg') or 'error'}"
    if code in RETRY_AFTER:
        return RetryableError("ok", message, code, retry_after=RETRY_AFTER[code])
    if code in SERVER_SIDE:
        return (
            MaybePostedError("ok", message, code) if writes else RetryableError("ok", message, code)
        )
    # 3 unknown method, 4 bad request, 7 action blocked, 9 IP blocked, 10 permission denied,
    # 100 bad parameter, 101 application key, 102/103 session (token) expired or invalid,
    # 104 signature, 300 not found, 5xx photo errors, 6xx topic limits: the same request fails again
    return NetworkError("ok", message, code)
