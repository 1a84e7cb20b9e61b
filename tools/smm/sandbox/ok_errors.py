"""OK's API errors: codes, names and the error JSON every refusal is answered with.

An API error is HTTP 200 with ``{"error_code", "error_msg": "<NAME> : <detail>", "error_data"}``.
Names and codes: OK's REST error table as third parties mirror it; the detail texts are
unconfirmed (sandbox/ok.py says more).
"""

from __future__ import annotations

from typing import Any

ERRORS = {
    1: "UNKNOWN",
    2: "SERVICE",
    3: "METHOD",
    4: "REQUEST",
    8: "FLOOD_BLOCKED",
    10: "PERMISSION_DENIED",
    11: "LIMIT_REACHED",
    100: "PARAM",
    101: "PARAM_API_KEY",
    102: "PARAM_SESSION_EXPIRED",
    104: "PARAM_SIGNATURE",
    300: "NOT_FOUND",
    503: "PHOTO_INVALID_FORMAT",
    505: "PHOTO_NO_IMAGE",
    601: "MEDIA_TOPIC_TEXT_LIMIT",
}
DETAILS = {
    1: "Unknown error",
    2: "Service temporary unavailable",
    3: "Method does not exist",
    4: "Failed to process request due to invalid request",
    8: "The execution of method is blocked due to flood",
    10: "Permission denied",
    11: "Limit reached",
}


class ApiError(Exception):
    def __init__(self, code: int, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.detail = code, detail or DETAILS.get(code, "error")


def error_json(code: int, detail: str = "") -> dict[str, Any]:
    """OK's error JSON: "<NAME> : <detail>" as error_msg, error_data null."""
    return {
        "error_code": code,
        "error_msg": f"{ERRORS.get(code, 'UNKNOWN')} : {detail or DETAILS.get(code, 'error')}",
        "error_data": None,
    }
