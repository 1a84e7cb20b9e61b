"""A read-only static file server on 127.0.0.1: the "public URL" Meta fetches images from.

Instagram takes no uploads: it fetches ``image_url`` itself. Against the sandbox that URL must
still be a real one, so tests and ``smm publish --sandbox`` serve the repository's files here
(GET and HEAD, a content type from the file name, 404 for anything outside the folder).

    with FileServer(repo_root) as files:
        files.url + "/assets/zerno/winter-menu-1080.jpg"
"""

from __future__ import annotations

import mimetypes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from smm.sandbox.background import Background


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], root: Path) -> None:
        super().__init__(address, _Handler)
        self.root = root.resolve()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up after the headers (a HEAD-like GET): nothing to report


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.server.root / rel).resolve()
        inside = path == self.server.root or self.server.root in path.parents
        if (
            not rel
            or not inside
            or not path.is_file()
            or any(p.startswith(".") for p in Path(rel).parts)
        ):
            data = b"Not Found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header(
            "Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


class FileServer(Background):
    """``root``'s files over HTTP on 127.0.0.1 in a background thread (hidden files are not served)."""

    thread_name = "smm-files"

    def __init__(self, root: Path | str, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.root = Path(root)

    def _make_server(self, address: tuple[str, int]) -> _Server:
        return _Server(address, self.root)
