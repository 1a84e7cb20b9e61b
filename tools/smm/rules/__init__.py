"""Stage data: per-network limits and rule packs, one YAML file per network, each number sourced.

A limit is ``{value, status, source}``; ``status`` is official, third-party or unconfirmed
(PLATFORMS.md's legend). A limit that is not official is enforced as a warning unless its file
says ``level: error``, so a guess never blocks a post that the network would take.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smm.content.schema import NETWORK_IDS

_HERE = Path(__file__).parent
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Limit:
    value: Any
    status: str
    source: str
    level: str

    def note(self) -> str:
        """What a message adds so that a reader knows how sure the number is."""
        return "" if self.status == "official" else f" ({self.status}: {self.source})"


def _limit(raw: Any) -> Limit | None:
    if not isinstance(raw, dict):
        return None
    status = raw.get("status", "unconfirmed")
    level = raw.get("level", "error" if status == "official" else "warning")
    return Limit(raw["value"], status, raw.get("source", ""), level)


@dataclass(frozen=True)
class NetworkRules:
    network: str
    name: str
    text_format: str
    counter: str
    link_in_text: bool
    alt: str
    limits: dict[str, Limit]

    def limit(self, name: str) -> Limit | None:
        return self.limits.get(name)


@lru_cache(maxsize=None)
def network_rules(network: str) -> NetworkRules:
    raw = yaml.load((_HERE / f"{network}.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    text, images, hashtags = raw.get("text", {}), raw.get("images", {}), raw.get("hashtags", {}) or {}
    limits = {}
    for prefix, section in (("text", text), ("images", images), ("hashtags", hashtags)):
        for key, value in section.items():
            limit = _limit(value)
            if limit:
                limits[f"{prefix}.{key}"] = limit
    return NetworkRules(raw["network"], raw["name"], text["format"], text["counter"],
                        bool(text.get("link_in_text", True)), images.get("alt", "unsupported"), limits)


@lru_cache(maxsize=None)
def general() -> dict[str, Any]:
    raw = yaml.load((_HERE / "general.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    return raw


def rules_fingerprint() -> str:
    """Changes whenever a rule file or smm's own code changes, so cached lint results go with it
    (a new check must see every post, not only the ones edited since)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=12)
    package = _HERE.parent
    for path in sorted([*_HERE.glob("*.yaml"), *package.rglob("*.py")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def supported() -> tuple[str, ...]:
    """Network ids that have a rule file (the others are known ids without rules yet)."""
    return tuple(n for n in NETWORK_IDS if (_HERE / f"{n}.yaml").exists())
