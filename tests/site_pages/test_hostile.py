"""Content a site must survive as a reader would want it: a ``javascript:`` URL in a hand-edited
``published:`` block is never a link; post files named with "#", "?", "%" or ":" are linked so
that every link resolves; posts the site cannot show are said, on the terminal and on home; an
image past Pillow's size for trusted images gets no thumbnail and no warning on the terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from site_pages.conftest import clone_of_the_project, record_published
from smm.site.thumbs import thumbnail

NOW = "2026-12-02T09:00:00+03:00"
SCRIPT_URL = "javascript:alert(document.domain)"
ODD_NAMES = ("06-a#b", "07-a?b", "09-a%20b", "11-a:b")
POST = "posts/zerno/2026/12/01-winter-menu"


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The example project with a script for a published URL, posts with odd file names and
    one whose front matter does not parse, committed; its site built by the CLI."""
    repo, env = clone_of_the_project(tmp_path_factory.mktemp("hostile"))
    entry = {"state": "published", "id": "1", "url": SCRIPT_URL, "at": "2026-12-01T10:00:05+03:00"}
    record_published(repo / f"{POST}.md", telegram=entry)
    for name in ODD_NAMES:
        (repo / f"posts/zerno/2026/12/{name}.md").write_text(
            f"---\nnetwork: [telegram]\ntime: 2026-12-{name[:2]} 12:00\ntitle: {name}\n"
            "campaign: new-year-2026\n---\nТекст.\n",
            encoding="utf-8",
        )
    (repo / "posts/zerno/2026/12/13-broken.md").write_text("---\ntitle: [\n---\nx\n")
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", "hostile"], cwd=repo, env=env, check=True)
    out = repo.parent / "site"
    done = subprocess.run(
        [sys.executable, "-m", "smm", "site", "--out", str(out), "--now", NOW],
        cwd=repo,
        env={k: v for k, v in os.environ.items() if not k.startswith("SMM_")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return out, done


def test_a_script_for_a_published_url_is_no_link(built):
    out, _ = built
    page = (out / f"{POST}.html").read_text(encoding="utf-8")
    assert "The live post on Telegram" not in page  # the link it would have been
    assert not re.search(r"<a [^>]*javascript:", page)
    assert "published/malformed" in page  # the lint finding says what is wrong


def test_every_link_of_every_page_resolves_whatever_the_file_names(built):
    """Each relative href and src, read as a browser reads it (query and fragment apart, then
    percent-decoded), is a file of the site."""
    out, _ = built
    link = re.compile(r'\b(?:href|src)="([^"]+)"')
    pages = list(out.rglob("*.html"))
    assert {f"posts/zerno/2026/12/{n}.html" for n in ODD_NAMES} <= {
        p.relative_to(out).as_posix() for p in pages
    }
    checked = 0
    for page in pages:
        for target in link.findall(page.read_text(encoding="utf-8")):
            target = target.replace("&amp;", "&")
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "//")):
                continue
            assert (page.parent / unquote(parts.path)).resolve().is_file(), (page, target)
            checked += 1
    assert checked > 500


def test_posts_the_site_cannot_show_are_said(built):
    out, done = built
    said = [line for line in done.stderr.splitlines() if line.startswith("smm site: note: ")]
    assert said == [
        "smm site: note: 1 post file(s) could not be read and are left out: "
        "posts/zerno/2026/12/13-broken.md (see smm lint)"
    ]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert (
        "1 post file(s) could not be read and are left out: posts/zerno/2026/12/13-broken.md"
        in home
    )


def test_an_image_past_pillows_trusted_size_gets_no_thumbnail_and_no_warning(tmp_path, monkeypatch):
    Image.new("RGB", (120, 90), "white").save(tmp_path / "big.jpg")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 80)  # warned from here, refused at twice
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert thumbnail(tmp_path, tmp_path / "site", "big.jpg") is None
    assert seen == []
    monkeypatch.undo()
    assert thumbnail(tmp_path, tmp_path / "site", "big.jpg") is not None


def test_a_repository_git_will_not_read_is_said_not_taken_for_no_git(tmp_path):
    """git refuses a repository of a format it does not know (as it refuses one of another
    owner): the post pages and the terminal say so, where "not in a git repository" would hide
    why the approvals are missing."""
    repo, _ = clone_of_the_project(tmp_path)
    config = repo / ".git" / "config"
    config.write_text(
        config.read_text().replace("repositoryformatversion = 0", "repositoryformatversion = 99")
    )
    done = subprocess.run(
        [sys.executable, "-m", "smm", "site", "--out", str(tmp_path / "site"), "--now", NOW],
        cwd=repo,
        env={k: v for k, v in os.environ.items() if not k.startswith("SMM_")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "smm site: note: no post page shows its history: git " in done.stderr
    page = (tmp_path / "site" / f"{POST}.html").read_text(encoding="utf-8")
    assert "git would not read the repository (git " in page
    assert "not in a git repository" not in page
