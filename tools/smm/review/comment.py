"""One review comment per pull request: created the first time, updated in place after that.

The comment is found by the hidden marker its body starts with, among the comments of the
bot that writes it (another user's comment that quotes the marker is never touched). GitHub's
REST API: issue comments of a pull request are ``/repos/{owner}/{repo}/issues/{n}/comments``
(paginated by ``Link: <...>; rel="next"``), one comment is ``/repos/{owner}/{repo}/issues/comments/{id}``.

The body comes from an artifact a pull request's own run produced, so it is untrusted data: the
pull request number must be a plain positive integer, the body must start with the marker, a
body over MAX_INPUT_BYTES is refused, and a long one is cut to GitHub's comment limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from smm.errors import NetworkError, UsageError
from smm.networks.http import client as http_client
from smm.review.render import MARKER

#: GitHub refuses comment bodies over 65,536 characters.
MAX_COMMENT_CHARS = 65536
#: Anything bigger is not a review smm wrote: refuse it rather than read it.
MAX_INPUT_BYTES = 1 << 20
DEFAULT_AUTHOR = "github-actions[bot]"
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_PR = re.compile(r"[1-9][0-9]{0,9}")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
TRUNCATED = "\n\n*The review is longer than a comment may be; the rest is in the check run's job summary.*\n"


@dataclass
class Upserted:
    action: str  # created | updated | unchanged | skipped
    id: int | None
    url: str | None
    reason: str = ""


def validate_pr(value: str | int) -> int:
    text = str(value).strip()
    if not _PR.fullmatch(text):
        raise UsageError(f"--pr: {text[:40]!r} is not a pull request number")
    return int(text)


def bound_body(body: str) -> str:
    """The body as it may be posted: starts with the marker, at most MAX_COMMENT_CHARS."""
    if len(body.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        raise UsageError(
            f"the comment body is over {MAX_INPUT_BYTES:,} bytes; not a review smm wrote"
        )
    if not body.startswith(MARKER):
        raise UsageError(f"the comment body does not start with {MARKER}; not a review smm wrote")
    if len(body) <= MAX_COMMENT_CHARS:
        return body
    room = MAX_COMMENT_CHARS - len(TRUNCATED) - 40  # 40: a closing fence, if one is needed
    cut = body.rfind("\n", 0, room)
    head = body[: cut if cut > len(MARKER) else room]
    fence = None  # do not leave a fenced block open
    for line in head.splitlines():
        run = re.match(r"`{3,}", line)
        if run and fence is None:
            fence = run.group(0)
        elif run and fence is not None and line.strip() == fence:
            fence = None
    return head + (f"\n{fence}" if fence else "") + TRUNCATED


def upsert_comment(
    repo: str,
    pr: int | str,
    body: str,
    token: str,
    api_url: str = "https://api.github.com",
    author: str = DEFAULT_AUTHOR,
    head_sha: str | None = None,
    client: httpx.Client | None = None,
) -> Upserted:
    """Create or update the review comment on pull request ``pr`` of ``repo`` ("owner/name").

    With ``head_sha``, the comment is written only if the pull request's head is that commit,
    so an artifact cannot steer the comment to another pull request (or an outdated run
    overwrite a newer review): otherwise nothing is written and the action is "skipped".
    """
    if not _REPO.fullmatch(repo or ""):
        raise UsageError(f"--repo: {repo[:80]!r} is not OWNER/NAME")
    number = validate_pr(pr)
    body = bound_body(body)
    if not token:
        raise UsageError(
            "GITHUB_TOKEN is not set: the comment needs a token with pull-requests: write"
        )
    if head_sha is not None and not _SHA.fullmatch(head_sha):
        raise UsageError(f"--head-sha: {head_sha[:80]!r} is not a commit id")
    base = api_url.rstrip("/")
    headers = {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "smm-review",
    }
    own = client is None
    http = client or http_client(timeout=30)
    try:
        if head_sha is not None:
            pull = _call(http, "GET", f"{base}/repos/{repo}/pulls/{number}", headers).json()
            actual = (pull.get("head") or {}).get("sha") if isinstance(pull, dict) else None
            if actual != head_sha:
                return Upserted(
                    "skipped",
                    None,
                    None,
                    f"pull request #{number}'s head is {str(actual)[:12]}, not "
                    f"{head_sha[:12]}: not this run's pull request or an outdated run",
                )
        found = _find(http, base, repo, number, author, headers)
        if found is None:
            made = _call(
                http,
                "POST",
                f"{base}/repos/{repo}/issues/{number}/comments",
                headers,
                {"body": body},
            ).json()
            return Upserted("created", made.get("id"), made.get("html_url"))
        if found.get("body") == body:
            return Upserted("unchanged", found.get("id"), found.get("html_url"))
        comment_id = int(found["id"])
        made = _call(
            http,
            "PATCH",
            f"{base}/repos/{repo}/issues/comments/{comment_id}",
            headers,
            {"body": body},
        ).json()
        return Upserted("updated", made.get("id"), made.get("html_url"))
    finally:
        if own:
            http.close()


def review_comment(
    repo: str,
    pr: int | str,
    body_file: Path,
    token: str,
    api_url: str = "https://api.github.com",
    author: str = DEFAULT_AUTHOR,
    head_sha: str | None = None,
) -> Upserted:
    """``smm review-comment``: upsert_comment with the body read from ``body_file`` (smm
    review's Markdown), refused unread when it is over MAX_INPUT_BYTES."""
    try:
        if body_file.stat().st_size > MAX_INPUT_BYTES:
            raise UsageError(f"{body_file}: over {MAX_INPUT_BYTES:,} bytes; not a review smm wrote")
        body = body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{body_file}: cannot read ({exc})") from None
    return upsert_comment(repo, pr, body, token, api_url=api_url, author=author, head_sha=head_sha)


def _find(
    http: httpx.Client, base: str, repo: str, number: int, author: str, headers: dict[str, str]
) -> dict[str, Any] | None:
    """The first comment on the pull request by ``author`` whose body starts with the marker."""
    url: str | None = f"{base}/repos/{repo}/issues/{number}/comments?per_page=100"
    origin = urlsplit(base)[:2]
    pages = 0
    while url:
        pages += 1
        if pages > 100:
            raise NetworkError("github", "more than 100 pages of comments; giving up")
        response = _call(http, "GET", url, headers)
        items = response.json()
        if not isinstance(items, list):
            raise NetworkError("github", "the comments answer is not a list")
        for item in items:
            if not isinstance(item, dict):
                continue
            login = (item.get("user") or {}).get("login")
            text = item.get("body") or ""
            if login == author and text.startswith(MARKER) and isinstance(item.get("id"), int):
                return item
        following = response.links.get("next", {}).get("url")
        if following and urlsplit(following)[:2] != origin:
            raise NetworkError(
                "github", "a pagination link leads to another host; refusing to follow it"
            )
        url = following
    return None


def _call(
    http: httpx.Client,
    method: str,
    url: str,
    headers: dict[str, str],
    payload: dict[str, Any] | None = None,
) -> httpx.Response:
    try:
        response = http.request(method, url, headers=headers, json=payload)
    except httpx.HTTPError as exc:
        raise NetworkError(
            "github", f"{method} {urlsplit(url).path}: {type(exc).__name__}"
        ) from None
    if response.status_code >= 400:
        try:
            message = response.json().get("message", "")
        except ValueError:
            message = ""
        raise NetworkError(
            "github",
            f"{method} {urlsplit(url).path}: HTTP {response.status_code} {message}".strip(),
            code=response.status_code,
        )
    return response
