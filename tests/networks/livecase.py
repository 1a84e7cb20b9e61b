"""One network live on the loopback sandbox for the adapter tests: the sandbox with the options a
test's network case gives it (its tokens, users, pages ...), the file server Meta fetches images
from where the network needs one, an HTTP client and the adapter over it. Each network's case
module (test_instagram.py, test_vk.py ...) binds it to its own options as ``<case>.live``, so
its own fixtures (``fixtures``) and the tests of edits, retractions and comments start the same
thing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import httpx
import pytest

from smm.networks.http import RateLimiter
from smm.sandbox import Sandbox
from smm.sandbox.files import FileServer

A = TypeVar("A")


@dataclass
class Live(Generic[A]):
    sb: Sandbox
    client: httpx.Client
    adapter: A
    files: FileServer | None = None  # over the repository, where the network fetches images

    @property
    def base(self) -> str:
        """The file server's URL: the public base URL the network fetches the images from."""
        assert self.files is not None, "started without a file server"
        return self.files.url


@contextmanager
def start(
    adapter: Callable[[httpx.Client, str], A],
    state_dir: Path | None = None,
    *,
    files: Path | None = None,
    **options: Any,
) -> Iterator[Live[A]]:
    """The sandbox with ``options``, a file server over ``files`` if given, a client and
    ``adapter(client, sandbox url)``; all stopped on the way out."""
    with ExitStack() as stack:
        sb = stack.enter_context(Sandbox(state_dir=state_dir, **options))
        server = stack.enter_context(FileServer(files)) if files is not None else None
        client = stack.enter_context(httpx.Client(timeout=5.0))
        yield Live(sb, client, adapter(client, sb.url), server)


def polling_fast(kind: Callable[..., A], limiter: RateLimiter) -> Callable[[httpx.Client, str], A]:
    """Meta's container networks (Instagram, Threads): the adapter, not pacing itself, that looks
    at a container's status first after 20 ms, as the sandbox finishes it in 50."""

    def made(client: httpx.Client, url: str) -> A:
        adapter = kind(client, url, limiter=limiter)
        adapter.poll_first = 0.02
        return adapter

    return made


def fixtures(live: Callable[[Path], AbstractContextManager[Live[A]]]) -> tuple[Any, Any, Any]:
    """A case module's fixtures, as ``on, sb, <adapter> = fixtures(live)``: ``on`` is its network
    live with the state under tmp_path/state, ``sb`` the sandbox and the third the adapter."""

    @pytest.fixture
    def on(tmp_path: Path) -> Iterator[Live[A]]:
        with live(tmp_path / "state") as running:
            yield running

    @pytest.fixture
    def sb(on: Live[A]) -> Sandbox:
        return on.sb

    @pytest.fixture
    def adapter(on: Live[A]) -> A:
        return on.adapter

    return on, sb, adapter
