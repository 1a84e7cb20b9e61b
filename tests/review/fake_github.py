"""A loopback fake of the part of GitHub's REST API that the review comment uses, over real HTTP.

Paths as GitHub has them: ``GET/POST /repos/{owner}/{repo}/issues/{number}/comments`` (paginated
with ``per_page``/``page`` and a ``Link`` header, at most ``max_per_page`` a page),
``PATCH /repos/{owner}/{repo}/issues/comments/{id}`` and ``GET /repos/{owner}/{repo}/pulls/{number}``.
Every request must carry ``Authorization: Bearer <token>`` (401 otherwise); a comment written
with the token is authored by ``login``. Every request is logged for the tests to assert on.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class FakeGitHub:
    def __init__(
        self, token: str = "ghs_test", login: str = "github-actions[bot]", max_per_page: int = 100
    ) -> None:
        self.token, self.login, self.max_per_page = token, login, max_per_page
        self.comments: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
        self.pulls: dict[tuple[str, str, int], str] = {}  # head sha
        self.log: list[tuple[str, str]] = []
        self._next_id = 1000
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_PATCH(self) -> None:
                fake._handle(self, "PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FakeGitHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_comment(
        self, owner: str, repo: str, number: int, body: str, login: str
    ) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            item = {
                "id": self._next_id,
                "body": body,
                "user": {"login": login, "type": "Bot" if login.endswith("[bot]") else "User"},
                "html_url": f"https://github.com/{owner}/{repo}/pull/{number}#issuecomment-{self._next_id}",
            }
            self.comments.setdefault((owner, repo, number), []).append(item)
            return item

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        status: int,
        data: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        raw = json.dumps(data).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(raw)

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        self.log.append((method, h.path))
        if h.headers.get("Authorization") != f"Bearer {self.token}":
            return self._send(
                h,
                401,
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
            )
        length = int(h.headers.get("Content-Length") or 0)
        payload = json.loads(h.rfile.read(length) or b"null") if length else None
        query = parse_qs(parts.query)
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/(\d+)/comments", parts.path)
        if m and method == "GET":
            items = self.comments.get((m[1], m[2], int(m[3])), [])
            per_page = min(int(query.get("per_page", ["30"])[0]), self.max_per_page)
            page = int(query.get("page", ["1"])[0])
            chunk = items[(page - 1) * per_page : page * per_page]
            last = max(1, -(-len(items) // per_page))
            links = []
            base = f"{self.url}{parts.path}?per_page={per_page}"
            if page < last:
                links += [
                    f'<{base}&page={page + 1}>; rel="next"',
                    f'<{base}&page={last}>; rel="last"',
                ]
            if page > 1:
                links += [f'<{base}&page={page - 1}>; rel="prev"', f'<{base}&page=1>; rel="first"']
            return self._send(h, 200, chunk, {"Link": ", ".join(links)} if links else None)
        if m and method == "POST":
            if not isinstance(payload, dict) or not isinstance(payload.get("body"), str):
                return self._send(h, 422, {"message": "Validation Failed"})
            if len(payload["body"]) > 65536:
                return self._send(
                    h,
                    422,
                    {
                        "message": "Validation Failed: body is too long (maximum is 65536 characters)"
                    },
                )
            return self._send(
                h, 201, self.add_comment(m[1], m[2], int(m[3]), payload["body"], self.login)
            )
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/comments/(\d+)", parts.path)
        if m and method == "PATCH":
            for (owner, repo, _n), items in self.comments.items():
                for item in items:
                    if (owner, repo) == (m[1], m[2]) and item["id"] == int(m[3]):
                        if item["user"]["login"] != self.login:
                            return self._send(
                                h, 403, {"message": "Resource not accessible by integration"}
                            )
                        item["body"] = payload["body"]
                        return self._send(h, 200, item)
            return self._send(h, 404, {"message": "Not Found"})
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/pulls/(\d+)", parts.path)
        if m and method == "GET" and (m[1], m[2], int(m[3])) in self.pulls:
            return self._send(
                h, 200, {"number": int(m[3]), "head": {"sha": self.pulls[(m[1], m[2], int(m[3]))]}}
            )
        return self._send(h, 404, {"message": "Not Found"})
