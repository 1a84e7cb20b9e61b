"""One loopback HTTP server for every emulated network, routed by path, plus a control API.

The emulated APIs are those the sandbox modules declare (``APIS`` of sandbox/<id>.py, listed in
networks/registry.py), each with its network's options (sandbox/options.py):

    /bot<token>/<method>            Telegram Bot API (sandbox/telegram.py)
    /_t.me/s/<channel>              t.me's public web page of a channel (?before=<id>), HTML (tme.py)
    /method/<name>                  VK API (vk.py)
    /upload/vk/<ticket>             the VK upload URL that photos.getWallUploadServer hands out
    /api/<group>/<method>, /fb.do   OK REST API (ok.py)
    /upload/ok/<ticket>             the OK upload URL that photosV2.getUploadUrl hands out
    /v<ver>/<node>[/<edge>]         Instagram Graph API (instagram.py)
    /2/tweets, /2/media/*, /2/users/<id>/tweets   X API v2, OAuth 1.0a signed (x.py)
    /rest/posts, /rest/images, /rest/socialActions/*, PUT /dms-uploads/*   LinkedIn (linkedin.py)
    GET    /_sandbox/posts    what was posted (?network=vk), a JSON list
    POST   /_sandbox/faults   {"network","method","kind","count","retry_after","delay","code","subcode","message","status","after"}
    GET    /_sandbox/faults   the faults still waiting;  DELETE clears them
    POST   /_sandbox/reset    forget posts, photos and faults
    POST   /_sandbox/comments, /likes, /reposts, /mentions   {"network","post","author",...}: a
                              reader's comment, like or repost on a stored post, or a mention of
                              its author outside it (audience.py)
    POST   /_sandbox/metrics  {"network","id","owner_id"?|"chat"?, figures...}: set a post's figures
                              (else they grow with its age, or stay 0 with flat_metrics: growth.py)

Keep-alive HTTP/1.1 like the real hosts, so a pooled httpx client meets a dropped connection
exactly as it would in production.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from smm.networks.registry import sandboxes
from smm.sandbox.audience import ACTIVITY, add_activity
from smm.sandbox.background import Background
from smm.sandbox.forms import BadBody, parse, whole
from smm.sandbox.options import network_options
from smm.sandbox.state import Config, Fault, Faults, State


def _apis(options: dict[str, Any], config: Config, state: State) -> list[Any]:
    """Each emulated API (route(path), dispatch(method, token, req), fault_reply, bad_body), made
    with its network's options, in registry order."""
    return [
        api(options[network], config, state)
        for network, module in sandboxes().items()
        for api in module.APIS
    ]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], config: Config, options: dict[str, Any], state: State
    ) -> None:
        super().__init__(address, _Handler)
        self.config, self.state = config, state
        self.apis = _apis(options, config, state)
        self.faults = Faults(frozenset(api.network for api in self.apis))

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that gave up (timeout) or went away: expected, not a sandbox bug
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: with Nagle on, the body waits for the client's
    # delayed ACK of the headers, 40 ms per answer on Linux loopback
    disable_nagle_algorithm = True
    server: _Server

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header in the sandbox's clock, which rate-limit resets are told in (X)."""
        return super().date_time_string(
            self.server.config.now() if timestamp is None else timestamp
        )

    def log_message(self, format: str, *args: Any) -> None:
        pass  # request lines carry Telegram tokens; a sandbox has nothing worth logging per request

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:  # LinkedIn's image upload URL takes the bytes by PUT
        self._dispatch()

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if url.path.startswith("/_sandbox/"):
            return self._control(url.path, url.query, body)
        for api in self.server.apis:
            if (hit := api.route(url.path)) is not None:
                method, token = hit
                break
        else:
            return self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        try:
            req = parse(
                method,
                url.query,
                self.headers.get("Content-Type", ""),
                body,
                {k.lower(): v for k, v in self.headers.items()},
                f"http://{self.headers.get('Host')}",
            )
        except BadBody as exc:
            return self._reply(*api.bad_body(str(exc)))
        req.verb = self.command
        if self.server.config.latency:
            time.sleep(self.server.config.latency)
        fault = self.server.faults.take(api.network, method)
        if fault and fault.kind == "echo":
            req.raw = whole(self.command, self.path, self.headers, body, req.params)
        if fault and fault.kind in ("429", "500", "error", "echo"):
            return self._reply(*api.fault_reply(req, fault))
        if fault and fault.kind == "drop_before_store":
            return self._drop()
        reply = api.dispatch(method, token, req)
        if fault and fault.kind == "drop_after_store":
            return self._drop()
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)  # stored already: a client that times out has still posted
        self._reply(*reply)

    def _control(self, path: str, query: str, body: bytes) -> None:
        faults = self.server.faults
        if path == "/_sandbox/posts" and self.command == "GET":
            network = parse_qs(query).get("network", [None])[0]
            return self._reply(200, self.server.state.posts(network))
        if path == "/_sandbox/faults" and self.command == "POST":
            try:
                spec = json.loads(body or b"{}")
                faults.add(Fault(**spec))
            except (ValueError, TypeError) as exc:
                return self._reply(400, {"error": str(exc)})
            return self._reply(200, {"ok": True})
        if path == "/_sandbox/faults" and self.command == "GET":
            return self._reply(200, [dict(asdict(f).items()) for f in faults.items])
        if path == "/_sandbox/faults" and self.command == "DELETE":
            faults.clear()
            return self._reply(200, {"ok": True})
        if path == "/_sandbox/metrics" and self.command == "POST":
            try:
                spec = json.loads(body or b"{}")
                _set_metrics(self.server.apis, **spec)
            except (ValueError, TypeError, KeyError) as exc:
                return self._reply(400, {"error": str(exc)})
            return self._reply(200, {"ok": True})
        if path.removeprefix("/_sandbox/") in ACTIVITY and self.command == "POST":
            try:  # a reader's comment, like or repost (sandbox/audience.py)
                made = add_activity(
                    self.server.state,
                    self.server.config,
                    path.removeprefix("/_sandbox/"),
                    json.loads(body or b"{}"),
                )
            except (ValueError, TypeError, KeyError) as exc:
                return self._reply(400, {"error": str(exc)})
            return self._reply(200, made)
        if path == "/_sandbox/reset" and self.command == "POST":
            faults.clear()
            self.server.state.reset()
            return self._reply(200, {"ok": True})
        self._reply(404, {"error": f"no control endpoint {self.command} {path}"})

    def _reply(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(payload, str):
            data, kind = payload.encode("utf-8"), "text/html; charset=utf-8"
        else:
            data, kind = json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json"
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        """Close the connection without an answer, with a TCP reset (SO_LINGER 0), like a crash."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _set_metrics(apis: list[Any], network: str, id: str | int, **figures: Any) -> None:
    for api in apis:
        if api.network == network and hasattr(api, "set_metrics"):
            api.set_metrics(id, **figures)
            return
    raise ValueError(f"the {network} sandbox keeps no figures to set")


class Sandbox(Background):
    """The sandbox server in a background thread, for tests and demos.

    with Sandbox(state_dir=tmp, latency=0.01, vk_per_second=100) as sb:
        Telegram(client, sb.url) ...; sb.inject("vk", "drop_after_store", method="wall.post")
        assert sb.posts("vk")[0]["text"] == ...

    Each network's options are keywords ``<network>_<field>`` of its sandbox module's ``OPTIONS``
    (``vk_per_second`` is VkOptions.per_second); an unknown one is a TypeError. A post's figures
    grow with its age unless a test sets them (``set_metrics``); ``flat_metrics=True``: 0 instead.
    """

    thread_name = "smm-sandbox"

    def __init__(
        self,
        state_dir: Path | str | None = None,
        latency: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        clock_offset: float = 0.0,
        flat_metrics: bool = False,
        **options: Any,
    ) -> None:
        self.config = Config(latency=latency, clock_offset=clock_offset, flat_metrics=flat_metrics)
        self.options = network_options(options)
        self.state = State(Path(state_dir) if state_dir else None)
        super().__init__(host, port)

    def _make_server(self, address: tuple[str, int]) -> _Server:
        return _Server(address, self.config, self.options, self.state)

    def posts(self, network: str | None = None) -> list[dict[str, Any]]:
        return self.state.posts(network)

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox's clock ``seconds`` ahead, as if they had passed: a container or an
        upload is processed, a rate-limit window ends, a post ages, without waiting for it."""
        self.config.clock_offset += seconds

    def inject(self, network: str, kind: str, method: str | None = None, **options: Any) -> None:
        """Queue a fault: kind 429 | 500 | error | echo | slow | drop_after_store | drop_before_store."""
        assert self._server is not None, "the sandbox is not running"
        self._server.faults.add(Fault(network=network, kind=kind, method=method, **options))

    def clear_faults(self) -> None:
        """Drop every fault still waiting for its request."""
        assert self._server is not None, "the sandbox is not running"
        self._server.faults.clear()

    def audience(self, what: str, **spec: Any) -> dict[str, Any]:
        """Add a reader's comment, like or repost (``what``: comments | likes | reposts), as
        POST /_sandbox/<what> does: audience("comments", network="vk", post="3", author="anna", text="me!")."""
        return add_activity(self.state, self.config, what, spec)

    def set_metrics(self, network: str, post_id: str | int, **figures: Any) -> None:
        """Set the figures the network reports for a post, e.g. set_metrics("vk", 12, views=900, links=7)."""
        assert self._server is not None, "the sandbox is not running"
        _set_metrics(self._server.apis, network, post_id, **figures)


def serve(
    port: int = 8787,
    state_dir: Path | None = None,
    latency: float = 0.0,
    host: str = "127.0.0.1",
    ready: Callable[[str], None] | None = None,
    **options: Any,
) -> None:
    """Run the sandbox in the foreground until interrupted; ``ready(url)`` is called once
    listening. ``options``: as for ``Sandbox``."""
    sandbox = Sandbox(state_dir=state_dir, latency=latency, host=host, port=port, **options).start()
    if ready:
        ready(sandbox.url)
    try:
        while sandbox._thread is not None and sandbox._thread.is_alive():
            sandbox._thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
