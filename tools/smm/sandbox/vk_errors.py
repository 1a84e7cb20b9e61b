"""VK API errors as the API answers them, and integer parameters read as VK reads them.

An API error is HTTP 200 with ``{"error": {"error_code", "error_msg", "request_params"}}``
(the token left out of the parameters); error 14 carries a captcha to solve.
"""

from __future__ import annotations

from typing import Any

from smm.sandbox.forms import Request

Reply = tuple[int, Any]
ERRORS = {
    1: "Unknown error occurred",
    3: "Unknown method passed",
    5: "User authorization failed",
    6: "Too many requests per second",
    8: "Invalid request",
    9: "Flood control",
    10: "Internal server error",
    14: "Captcha needed",
    15: "Access denied",
    29: "Rate limit reached",
    100: "One of the parameters specified was missing or invalid",
    121: "Invalid hash",
    214: "Access to adding post denied",
    219: "Advertisement post was recently added",
    224: "Too many ads posts",
}


class ApiError(Exception):
    def __init__(self, code: int, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.message = ERRORS.get(code, "Error") + (f": {detail}" if detail else "")


def error_reply(req: Request, code: int, message: str) -> Reply:
    """An API error as VK answers it: HTTP 200, the code, the message, the request's parameters."""
    params = [{"key": "method", "value": req.method}, {"key": "oauth", "value": "1"}]
    params += [{"key": k, "value": v} for k, v in req.params.items() if k != "access_token"]
    if code == 14:  # the real answer carries a captcha to solve; nobody solves it in CI
        return 200, {
            "error": {
                "error_code": 14,
                "error_msg": message,
                "request_params": params,
                "captcha_sid": "000000000000",
                "captcha_img": f"{req.base_url}/captcha.jpg",
            }
        }
    return 200, {"error": {"error_code": code, "error_msg": message, "request_params": params}}


def int_param(req: Request, name: str, required: bool = True) -> int | None:
    """An integer parameter as VK reads it; error 100 if it is missing (and required) or not a number."""
    value = req.params.get(name, "")
    if value == "" and not required:
        return None
    try:
        return int(value)
    except ValueError:
        raise ApiError(
            100, f"{name} is undefined" if value == "" else f"{name} not integer"
        ) from None
