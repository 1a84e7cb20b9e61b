"""A loopback HTTP server in a daemon thread: start, stop, a context manager, its URL."""

from __future__ import annotations

import threading
from http.server import HTTPServer
from typing import Any


class Background:
    """Subclasses say which server to make (``_make_server``); the rest is the same for all."""

    thread_name = "smm-loopback"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def _make_server(self, address: tuple[str, int]) -> HTTPServer:
        raise NotImplementedError

    def start(self) -> Any:
        self._server = self._make_server(self._address)
        # a short poll keeps stop() quick (shutdown waits for the loop to look at its flag)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, f"{type(self).__name__} is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"
