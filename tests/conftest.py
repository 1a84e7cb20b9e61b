"""Shared fixtures: a real repository on disk in a temp folder, written file by file.

`workspace` starts with one Russian brand (Europe/Moscow, RUB, all four networks) and one
international brand (Europe/Berlin, EUR), one campaign each, and no posts; each test adds the
posts it is about, so a test reads as its scenario.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from smm.findings import Finding
from smm.lint import LintResult, lint

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)

RU_BRAND: dict[str, Any] = {
    "name": "Кофейня «Зерно»",
    "timezone": "Europe/Moscow",
    "currency": "RUB",
    "jurisdiction": "RU",
    "accounts": {
        "telegram": {"chat": "@zerno"},
        "vk": {"owner_id": -1},
        "ok": {"group_id": "1"},
        "instagram": {"user_id": "1"},
        "x": {"handle": "zerno"},
        "mastodon": {"handle": "@z@m.social"},
        "bluesky": {"handle": "zerno.bsky.social"},
    },
    "ad_marking": {"advertiser": {"name": "ООО «Зерно»", "inn": "7701234560"}},
}
INT_BRAND: dict[str, Any] = {
    "name": "Nordlicht",
    "timezone": "Europe/Berlin",
    "currency": "EUR",
    "jurisdiction": "DE",
    "accounts": {"telegram": {"chat": "@nordlicht"}, "instagram": {"user_id": "2"}},
}
RU_CAMPAIGN: dict[str, Any] = {
    "name": "Зима",
    "start": "2026-12-01",
    "end": "2027-02-28",
    "budget": "10000 RUB",
    "networks": ["telegram", "vk", "ok", "instagram", "x", "mastodon", "bluesky"],
    "utm": {"medium": "social", "campaign": "winter"},
}
INT_CAMPAIGN: dict[str, Any] = {
    "name": "Winter",
    "start": "2026-12-01",
    "end": "2027-04-30",
    "budget": "1000 EUR",
    "networks": ["telegram", "instagram"],
}


def png_declaring(width: int, height: int) -> bytes:
    """A 1x1 PNG whose IHDR claims width x height (CRC fixed): a decompression bomb in 70 bytes."""
    import io
    import struct
    import zlib

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


class Workspace:
    """A repository in a temp folder with helpers to write content and lint it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def yaml(self, rel: str, data: dict[str, Any]) -> Path:
        return self.write(rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def brand(self, slug: str, **changes: Any) -> Path:
        base = RU_BRAND if slug == "zerno" else INT_BRAND
        return self.yaml(f"brands/{slug}.yaml", {**base, **changes})

    def campaign(self, brand: str, slug: str, **changes: Any) -> Path:
        base = RU_CAMPAIGN if brand == "zerno" else INT_CAMPAIGN
        return self.yaml(f"campaigns/{brand}/{slug}.yaml", {**base, **changes})

    def post(
        self, rel: str, front: str, body: str = "Текст поста про зимний кофе и новое меню."
    ) -> Path:
        """Write posts/<rel> with ``front`` (YAML, dedented) and ``body``."""
        text = "---\n" + textwrap.dedent(front).strip("\n") + "\n---\n" + body
        return self.write(f"posts/{rel}", text)

    def image(
        self,
        rel: str,
        size: tuple[int, int] = (1080, 1080),
        fmt: str = "JPEG",
        exif: bytes | None = None,
    ) -> Path:
        from PIL import Image

        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        img = Image.new("RGB", size, (200, 120, 40))
        kwargs = {"exif": exif} if exif else {}
        img.save(path, fmt, **kwargs)
        return path

    def lint(self, *paths: str, now: datetime = NOW) -> LintResult:
        return lint(
            self.root, paths=[str(self.root / p) for p in paths], now=now, use_cache=False, jobs=1
        )

    def findings(self, *paths: str, now: datetime = NOW) -> list[Finding]:
        return self.lint(*paths, now=now).findings

    def rules(self, *paths: str, now: datetime = NOW) -> set[str]:
        return {f.rule for f in self.findings(*paths, now=now)}

    def smm(
        self, *args: str, env: dict[str, str] | None = None, input: bytes | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the installed CLI the way a person does (a subprocess in the repository)."""
        full_env = {**os.environ, "SMM_NOW": NOW.isoformat(), **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "smm", *args],
            cwd=self.root,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "repo")
    ws.root.mkdir()
    ws.brand("zerno")
    ws.brand("nordlicht")
    ws.campaign("zerno", "winter")
    ws.campaign("nordlicht", "winter-sale")
    ws.image("assets/zerno/square.jpg")
    return ws
