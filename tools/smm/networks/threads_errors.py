"""One Threads API call and its answer, with Graph errors onto smm's error tree.

Threads answers errors in the Graph API's shape, ``{"error": {"message", "type", "code",
"error_subcode", "fbtrace_id"}}`` (developers.facebook.com/docs/threads/troubleshooting; Graph API
error handling). Which may be sent again and which may have posted follows the Graph API's error
handling guide, as for Instagram (networks/ig_errors.py): the throttling codes 4, 17, 32 and 613
and the transient 2 refused the call; 1 ("An unknown error occurred") after a write may have
stored it; the rest (190 bad token, 10/200 permission, 100 bad parameter, 24 a container that is
gone, 9 the publishing limit) would fail the same way again. A token the error quotes is masked
where it becomes text (smm.redaction).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smm.errors import MaybePostedError, NetworkError, RetryableError
from smm.networks.http import send, status_error

if TYPE_CHECKING:
    import httpx

NETWORK = "threads"
THROTTLED = {4, 17, 32, 613}  # application, user, page, hourly call limits: nothing was stored
TRANSIENT = 2  # "Service temporarily unavailable"
SERVER_SIDE = {1, -1}  # "An unknown error occurred": after a write, it may have been stored
# 9: the publishing limit, a rolling 24 h: waiting in this run cannot help
PUBLISHING_LIMIT = 9


def answer_body(
    client: httpx.Client,
    method: str,
    url: str,
    data: dict[str, str],
    *,
    writes: bool,
    what: str,
) -> dict[str, Any]:
    """The JSON object of a successful answer; the error of any other (module doc).

    GETs and DELETEs carry the parameters in the query string, POSTs in a form body, as Meta's
    examples do.
    """
    if method in ("GET", "DELETE"):
        response = send(client, NETWORK, method, url, writes=method != "GET", params=data)
    else:
        response = send(client, NETWORK, "POST", url, writes=writes, data=data)
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        raise graph_error(what, body["error"], response.status_code, writes)
    if response.status_code != 200 or not isinstance(body, dict):
        message = f"{what}: HTTP {response.status_code}" + (
            "" if isinstance(body, dict) else " without Graph JSON"
        )
        if response.status_code == 200 and writes:
            raise MaybePostedError(NETWORK, message)
        raise status_error(
            NETWORK, response.status_code, message, response.status_code, writes=writes
        )
    return body


def graph_error(what: str, error: dict[str, Any], status: int, writes: bool) -> NetworkError:
    """A Graph error object onto the error tree, keeping Meta's words and codes."""
    code, subcode = error.get("code"), error.get("error_subcode")
    text = str(error.get("error_user_msg") or error.get("message") or "error")
    message = (
        f"{what}: {text}"
        + (f" (subcode {subcode})" if subcode else "")
        + (f" [fbtrace_id {error['fbtrace_id']}]" if error.get("fbtrace_id") else "")
    )
    if code in THROTTLED or code == TRANSIENT:
        return RetryableError(NETWORK, message, code)
    if code == PUBLISHING_LIMIT:
        return NetworkError(
            NETWORK, f"{message}; the 24-hour publishing limit: publish again later", code
        )
    if code in SERVER_SIDE or (code is None and status >= 500):
        return (
            MaybePostedError(NETWORK, message, code)
            if writes
            else RetryableError(NETWORK, message, code)
        )
    return NetworkError(NETWORK, message, code)
