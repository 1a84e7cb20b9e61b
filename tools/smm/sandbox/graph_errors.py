"""Graph API errors as the Instagram sandbox answers them, worded as Meta's error-code table words them.

Meta's table (developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/
error-codes) gives each (code, subcode) its HTTP status and "user message"; answers seen in the
wild add the ``message`` and ``error_user_title`` (code 4 / 2207051 comes as HTTP 403 with
"Application request limit reached" and "Action is blocked"). The 400-containers limit is
documented (ig-user/media, Limitations) but its error is not: code 9, the code of the publishing
limit, with the documented sentence, is the sandbox's guess (unconfirmed).
"""

from __future__ import annotations

import secrets
from typing import Any

Reply = tuple[int, Any]
CAPTION_LIMIT = (
    2200  # "Maximum 2200 characters, 30 hashtags, and 20 @ tags" (ig-user/media, caption)
)
MENTION_LIMIT = 20
CONTAINER_LIMIT_TEXT = (
    "An Instagram account can only create {limit} containers within a rolling 24 hour period"
)


class GraphError(Exception):
    def __init__(
        self,
        code: int,
        message: str,
        subcode: int | None = None,
        status: int = 400,
        user_title: str | None = None,
        user_msg: str | None = None,
        transient: bool = False,
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.subcode, self.status = code, message, subcode, status
        self.user_title, self.user_msg, self.transient = user_title, user_msg, transient

    def reply(self) -> Reply:
        error: dict[str, Any] = {
            "message": self.message,
            "type": "OAuthException",
            "code": self.code,
        }
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        error["is_transient"] = self.transient
        if self.user_title:
            error["error_user_title"] = self.user_title
        if self.user_msg:
            error["error_user_msg"] = self.user_msg
        error["fbtrace_id"] = secrets.token_urlsafe(16)
        return self.status, {"error": error}


#: code -> the subcode an injected error of that code carries unless the fault names one
SUBCODES = {9: 2207042, 9007: 2207027, 9004: 2207052, 36000: 2207004, 24: 2207008, 4: None}

#: (code, subcode) -> (HTTP status, message, error_user_title, error_user_msg) of documented errors
DOCUMENTED: dict[tuple[int, int | None], tuple[int, str, str | None, str]] = {
    # the spam restriction: a person must act (appeal, post by hand); sending again cannot help
    (4, 2207051): (
        403,
        "Application request limit reached",
        "Action is blocked",
        "We restrict certain activity to protect our community. Tell us if you think we made a mistake.",
    ),
    # "Temporary error publishing a container. Try again 1-2 times in the next 30 seconds to 2 minutes."
    (24, 2207008): (
        400,
        "The media builder does not exist or has been expired.",
        None,
        "The media builder with creation id = {creation_id} does not exist or has been expired.",
    ),
    (9, 2207042): (
        400,
        "Application request limit reached",
        "Publishing limit reached",
        "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
    ),
}


def documented(code: int, subcode: int | None, **values: str) -> GraphError:
    """The error Meta's table describes for (code, subcode) (one of DOCUMENTED), placeholders filled."""
    status, message, title, user_msg = DOCUMENTED[(code, subcode)]
    return GraphError(
        code,
        message,
        subcode,
        status=status,
        user_title=title,
        user_msg=user_msg.format_map({"creation_id": "?", **values}),
    )


def caption_too_long(length: int) -> GraphError:
    """36004 / 2207010, in the table's words."""
    return GraphError(
        36004,
        "The caption was too long.",
        2207010,
        user_msg=f"The submitted image's caption was {length} characters long. The maximum number "
        f"of characters permitted for a caption is {CAPTION_LIMIT}. Please submit media "
        "with a shorter caption.",
    )


def too_many_mentions() -> GraphError:
    """100 / 2207040: "The app user exceeded the maximum number (20) of @ tags"."""
    return GraphError(
        100,
        "Invalid parameter",
        2207040,
        user_msg=f"Cannot use more than {MENTION_LIMIT} tags per created media.",
    )


def too_many_containers(limit: int) -> GraphError:
    """The documented 400-containers limit; its code and wording are the sandbox's (module doc)."""
    return GraphError(
        9,
        "Application request limit reached",
        user_msg=CONTAINER_LIMIT_TEXT.format(limit=limit) + ".",
    )


def unsupported(node: str, verb: str = "get") -> GraphError:
    return GraphError(
        100,
        f"Unsupported {verb} request. Object with ID '{node}' does not exist, cannot be loaded "
        "due to missing permissions, or does not support this operation. Please read the Graph API "
        "documentation at https://developers.facebook.com/docs/graph-api",
        33,
    )
