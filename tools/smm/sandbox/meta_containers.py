"""Meta's media containers in the sandbox, as Instagram and Threads both keep them.

What the two APIs do alike (sandbox/ig_containers.py and sandbox/threads_media.py build on it): a
container is kept in the sandbox's state by id with its user, creation time and whether it was
published; its status follows the sandbox's clock (IN_PROGRESS for ``processing`` seconds, then
``container_end``; a carousel is ERROR when a child is ERROR or EXPIRED and IN_PROGRESS while a
child is; EXPIRED when unpublished after 24 hours; PUBLISHED once published); a carousel's
children must be the user's own carousel items; ``image_url`` is fetched with a real GET, as Meta
fetches it. What each network checks (caption or text, image formats, sizes, limits) and the
error it answers stay in its own module.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any, Protocol

from smm.sandbox.graph_errors import GraphError
from smm.sandbox.state import Config, State

EXPIRY = 24 * 3600.0  # "The container was not published within 24 hours and has expired."


class ContainerOptions(Protocol):
    """The options both networks' sandboxes give their containers."""

    @property
    def processing(self) -> float: ...  # seconds a new container stays IN_PROGRESS

    @property
    def container_end(self) -> str: ...  # what it becomes then: FINISHED, ERROR or EXPIRED

    @property
    def fetch_timeout(self) -> float: ...  # seconds the image_url fetch may take


class ContainerStore:
    """One network's containers, kept in ``state`` under ``key``; ids count up from ``first_id``.
    A subclass names its network's options type (``options: InstagramOptions``)."""

    key: str  # the state's key, e.g. "ig_containers"
    counter: str  # the state's id counter, e.g. "instagram:container"
    first_id: int

    def __init__(self, options: ContainerOptions, config: Config, state: State) -> None:
        self.options, self.config, self.state = options, config, state

    def all(self) -> dict[str, Any]:
        """Every container made, by id (kept in the sandbox's state)."""
        containers: dict[str, Any] = self.state.data.setdefault(self.key, {})
        return containers

    def status(self, container: dict[str, Any]) -> str:
        """IN_PROGRESS, FINISHED, ERROR, EXPIRED or PUBLISHED, by the sandbox's clock."""
        if container.get("published"):
            return "PUBLISHED"
        age = self.config.now() - container["created"]
        if age > EXPIRY:
            return "EXPIRED"
        if container["media_type"] == "CAROUSEL":
            children = [self.status(self.all()[c]) for c in container["children"]]
            if "ERROR" in children or "EXPIRED" in children:
                return "ERROR"
            if "IN_PROGRESS" in children:
                return "IN_PROGRESS"
        if age < self.options.processing:
            return "IN_PROGRESS"
        return self.options.container_end

    def carousel_items(
        self, user: str, given: str, least: int, most: int, wrong_count: GraphError
    ) -> list[str]:
        """The ids of ``children=`` (comma-separated): ``least`` to ``most`` of ``user``'s own
        carousel items, else ``wrong_count`` or Graph's refusal of the first wrong id."""
        ids = [c.strip() for c in given.split(",") if c.strip()]
        if not least <= len(ids) <= most:
            raise wrong_count
        with self.state.lock:
            for child in ids:
                found = self.all().get(child)
                if found is None or found["user"] != user or not found["is_carousel_item"]:
                    raise GraphError(100, f"(#100) Param children contains an invalid id: {child}")
        return ids

    def download(self, url: str, most: int, failed: GraphError) -> bytes:
        """GET ``url`` the way Meta does (a real request): up to ``most`` + 1 bytes of a 200
        answer, else ``failed`` (not http(s), not reachable, not 200)."""
        if not url.startswith(("http://", "https://")):
            raise failed
        try:
            with urllib.request.urlopen(url, timeout=self.options.fetch_timeout) as answer:
                data, status = answer.read(most + 1), answer.status
        except (urllib.error.URLError, OSError, ValueError):
            raise failed from None
        if status != 200:
            raise failed
        return bytes(data)

    def store(self, user: str, container: dict[str, Any]) -> dict[str, str]:
        """Keep a checked container; Graph's answer ``{"id": ...}``."""
        container_id = str(self.first_id + self.state.next_id(self.counter))
        with self.state.lock:
            self.all()[container_id] = {
                **container,
                "id": container_id,
                "user": user,
                "created": self.config.now(),
                "published": None,
            }
            self.state.save()
        return {"id": container_id}
