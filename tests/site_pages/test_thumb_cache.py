"""The thumbnails' cache (.smm-cache/thumbs/) when the repository commits, or someone plants, a
symbolic link there: the build does not use a cache folder that is a link, as lint does not use
its own (tests/lint/test_cache.py), and writes nothing where a link points."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from site_pages.conftest import SITE_NOW
from smm.site import site
from smm.site.thumbs import thumbnail

NOW = datetime.fromisoformat(SITE_NOW)


def _listing(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"/"
        for p in folder.rglob("*")
    }


@pytest.mark.parametrize(
    ("link", "to"),
    [
        (".smm-cache", "elsewhere"),  # a folder outside the repository
        (".smm-cache", "elsewhere/gone"),  # a link to nothing
        (".smm-cache", "repo/assets"),  # a folder of the repository's own
        (".smm-cache/thumbs", "elsewhere"),
    ],
)
def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written_through(
    workspace, tmp_path, link, to
):
    """The build makes its thumbnails without the cache (one planted where the link points is
    not copied) and leaves the folder the link points to as it was: no thumbs/ made there."""
    base = tmp_path
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\nimages: [assets/zerno/square.jpg]",
    )
    made = thumbnail(workspace.root, base / "scratch", "assets/zerno/square.jpg")
    assert made is not None
    # the thumbnail where the link of .smm-cache/thumbs/ has it
    (elsewhere / made.src.removeprefix("thumbs/")).write_bytes(b"planted, not a JPEG")
    shutil.rmtree(workspace.root / ".smm-cache")
    (workspace.root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(base / to, workspace.root / link)
    before = {folder: _listing(base / folder) for folder in ("elsewhere", "repo/assets")}

    site(workspace.root, base / "site", now=NOW, jobs=1)

    with Image.open(base / "site" / made.src) as shown:  # made from the image, not the cache
        assert shown.format == "JPEG" and shown.size == (made.width, made.height)
    assert {folder: _listing(base / folder) for folder in before} == before
    assert (workspace.root / link).is_symlink()


def test_a_link_planted_under_the_name_of_a_cache_files_temporary_file_is_not_written_through(
    tmp_path,
):
    """A thumbnail is written to the cache through a temporary file: a link committed under the
    name it would have (the image's digest and a CI runner's process id) is never followed."""
    Image.new("RGB", (64, 64), "red").save(tmp_path / "a.jpg")
    made = thumbnail(tmp_path, tmp_path / "first", "a.jpg")
    assert made is not None
    cached = tmp_path / ".smm-cache" / made.src
    cached.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    os.symlink(victim, cached.with_name(f"{cached.name}.{os.getpid()}.part"))

    assert thumbnail(tmp_path, tmp_path / "second", "a.jpg") == made
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert cached.is_file() and not cached.is_symlink()
