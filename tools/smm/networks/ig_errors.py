"""Graph API errors onto smm's error tree, for the Instagram adapter (networks/instagram.py).

Which Graph error may be sent again, after how long, and which may have posted: Meta's Graph API
error handling docs and Instagram's error-code table; the message keeps Meta's words and codes
(a token they quote is masked where the error becomes text, smm.redaction).
"""

from __future__ import annotations

from typing import Any

from smm.errors import MaybePostedError, NetworkError, RetryableError

# Graph error codes -> seconds to wait; nothing was stored (Graph API error handling docs; code 9
# with subcode 2207042 is the Content Publishing quota per Instagram's error-code table)
RATE_LIMITED = {
    4: None,  # application request limit
    17: None,  # user request limit
    32: None,  # page request limit
    613: None,  # calls within one hour exceeded
    9: 3600.0,
}  # publishing limit: a rolling 24 h, so no point waiting in this run
# (code, subcode) pairs that mean something else than their code alone (Meta's error-code table)
SPAM_RESTRICTED = (
    4,
    2207051,
)  # "We restrict certain activity to protect our community": a person acts
# "The media builder ... does not exist or has been expired": "Temporary error publishing a
# container. Try again 1-2 times in the next 30 seconds to 2 minutes. If unsuccessful, generate a
# new container ID": nothing was published, so publish() runs again after 30 s, with a new container
BUILDER_GONE = (24, 2207008)
BUILDER_RETRY_AFTER = 30.0
NOT_READY = 9007  # subcode 2207027 "Media ID is not available": container not FINISHED
TRANSIENT = 2  # "Service temporarily unavailable": the front end refused it
SERVER_SIDE = {1, -1}  # "An unknown error occurred" / 2207001 "Instagram server error"


def graph_error(what: str, error: dict[str, Any], status: int, writes: bool) -> NetworkError:
    """A Graph error object onto the error tree; the message keeps Meta's words and codes (a token
    they quote is masked where the error becomes text, smm.redaction)."""
    code, subcode = error.get("code"), error.get("error_subcode")
    text = str(error.get("error_user_msg") or error.get("message") or "error")
    message = (
        f"{what}: {text}"
        + (f" (subcode {subcode})" if subcode else "")
        + (f" [fbtrace_id {error['fbtrace_id']}]" if error.get("fbtrace_id") else "")
    )
    if (code, subcode) == SPAM_RESTRICTED:  # code 4 is a rate limit, except with this subcode
        return NetworkError(
            "instagram",
            f"{message}; Instagram restricts this account for spam-like activity: "
            "publish it in the Instagram app or ask Meta to review it, smm does not send it again",
            code,
        )
    if (code, subcode) == BUILDER_GONE:
        return RetryableError("instagram", message, code, retry_after=BUILDER_RETRY_AFTER)
    if code in RATE_LIMITED:
        return RetryableError("instagram", message, code, retry_after=RATE_LIMITED[code])
    if code == NOT_READY:
        return RetryableError("instagram", message, code, retry_after=5.0)
    if code == TRANSIENT:
        return RetryableError("instagram", message, code)
    if code in SERVER_SIDE or (code is None and status >= 500):
        return (
            MaybePostedError("instagram", message, code)
            if writes
            else RetryableError("instagram", message, code)
        )
    # 190 bad token, 10/200 permission, 100 bad parameter (2207040: over 20 @-mentions), 9004 media
    # fetch, 36000-36004 media format/size/ratio/caption: sending again would fail the same way
    return NetworkError("instagram", message, code)
