"""What a rebuild deletes in --out: only files of the shapes smm writes (pages of its layout,
static/<name>, thumbs/<digest>.jpg) and never anything outside the folder, whatever the manifest
(.smm-site.json: restored from a cache, or planted) lists; a thumbnail the manifest names as
another file is not taken for the page's thumbnail."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from site_pages.conftest import SITE_NOW
from smm.site import site
from smm.site.incremental import MANIFEST
from smm.site.layout import is_smm_file, is_thumb

NOW = datetime.fromisoformat(SITE_NOW)
PAGE = "posts/zerno/2026/12/01-a.html"

#: Files a person places in a site's folder (GitHub Pages' own among them), each listed by a
#: manifest as a page of the last build, or as a path that leads to one.
HAND_PLACED = (
    "CNAME",
    ".nojekyll",
    "index.md",
    "404.html",
    "robots.txt",
    "static/.htaccess",
    "static/fonts/mine.woff2",
    "thumbs/README",
    "thumbs/0123456789abcdef0123.png",
    "calendar/README.md",
    "calendar/zerno/notes.txt",
    "campaigns/zerno/deep/x.html",
    "posts/zerno/2026/12/01-a.md",
    "posts/index.html",
    "docs/page.html",
)
#: Entries that name the files above (or one outside --out) by a way round.
ROUNDABOUT = (
    "../outside.txt",
    "posts/../CNAME",
    "static/../CNAME",
    "posts/zerno/../../CNAME",
    "./CNAME",
    "posts//zerno/x.html",
    "thumbs/../.nojekyll",
)


def _build(root: Path, out: Path) -> None:
    site(root, out, now=NOW, jobs=1)


def _plant(out: Path, pages: list[str], thumbs: dict[str, str] | None = None) -> None:
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    data["pages"].update({path: {"key": "x", "images": []} for path in pages})
    data["thumbs"].update(thumbs or {})
    (out / MANIFEST).write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def built(workspace, tmp_path):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\nimages: [assets/zerno/square.jpg]",
    )
    out = tmp_path / "parent/site"
    _build(workspace.root, out)
    return workspace, out


def test_hand_placed_files_survive_whatever_the_manifest_lists(built, tmp_path):
    workspace, out = built
    outside = tmp_path / "parent/outside.txt"
    outside.write_text("mine", encoding="utf-8")
    for path in HAND_PLACED:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text("mine", encoding="utf-8")
    absolute = tmp_path / "absolute.txt"
    absolute.write_text("mine", encoding="utf-8")
    _plant(out, [*HAND_PLACED, *ROUNDABOUT, str(absolute)])
    _build(workspace.root, out)
    for path in HAND_PLACED:
        assert (out / path).read_text(encoding="utf-8") == "mine", path
    assert outside.read_text(encoding="utf-8") == "mine"
    assert absolute.read_text(encoding="utf-8") == "mine"
    # and the manifest the rebuild wrote lists none of them
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["pages"]
    assert not set(listed) & {*HAND_PLACED, *ROUNDABOUT}


def test_pages_and_thumbnails_of_the_last_build_are_still_removed(built):
    """What smm wrote and no longer makes goes, so the check above is not one of removing
    nothing: a page of a post gone, a calendar month gone, static files and thumbnails."""
    workspace, out = built
    gone = [
        "posts/zerno/2026/11/30-gone.html",
        "posts/zerno/2026/12/01-a.html~/02-b.html",
        "calendar/zerno/2026-01.html",
        "campaigns/zerno/old.html",
        "static/old.css",
    ]
    thumb = "thumbs/" + "ab" * 10 + ".jpg"
    for path in [*gone, thumb]:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text("old", encoding="utf-8")
    _plant(out, gone)
    _build(workspace.root, out)
    for path in [*gone, thumb]:
        assert not (out / path).exists(), path
    assert not (out / "posts/zerno/2026/11").exists()  # the folders they left empty
    assert (out / PAGE).is_file()


def test_a_thumbnail_the_manifest_names_as_another_file_makes_the_page_again(built):
    """The manifest maps each image to its thumbnail, and a page whose thumbnail is missing is
    made again: an entry naming CNAME (which is there) does not make the page look whole."""
    workspace, out = built
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    (real,) = data["thumbs"].values()
    (out / real).unlink()
    (out / "CNAME").write_text("zerno.example", encoding="utf-8")
    _plant(out, [], {"assets/zerno/square.jpg": "CNAME"})
    _build(workspace.root, out)
    assert (out / real).is_file()  # the page was made again, with its thumbnail
    assert (out / "CNAME").read_text(encoding="utf-8") == "zerno.example"
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["thumbs"] == {
        "assets/zerno/square.jpg": real
    }


def test_the_shapes_are_those_the_build_writes(built):
    """Every file a build writes (but its manifest) is of a shape a rebuild may remove."""
    _, out = built
    written = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert sorted(p for p in written if not is_smm_file(p)) == [MANIFEST]
    assert any(is_thumb(p) for p in written)
    assert not any(is_smm_file(p) for p in [*HAND_PLACED, *ROUNDABOUT, "/etc/passwd", ""])
