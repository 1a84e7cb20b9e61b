"""render.py: a page's relative links as posixpath.relpath makes them, and writing a page."""

from __future__ import annotations

import posixpath
import random

from smm.site import render


def test_relative_links_are_posixpaths_relpath_for_any_pair_of_paths():
    parts = ["posts", "b1", "2026", "x.html", "static", "thumbs", ".", "..", ""]
    rng = random.Random(4)
    for _ in range(20_000):
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 5)))
        here = rng.choice([".", "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))])
        if not target or not here or target.startswith("/") != here.startswith("/"):
            continue  # relpath's own errors: a site's paths are relative and never empty
        assert render._relpath(target, here) == posixpath.relpath(target, here), (target, here)


def test_a_page_is_written_into_new_folders_and_left_alone_with_the_same_bytes(tmp_path):
    assert render.write(tmp_path, "posts/b/2026/12/01-x.html", "<p>é</p>")
    target = tmp_path / "posts/b/2026/12/01-x.html"
    assert target.read_text(encoding="utf-8") == "<p>é</p>"
    before = target.stat().st_mtime_ns
    assert not render.write(tmp_path, "posts/b/2026/12/01-x.html", "<p>é</p>")
    assert target.stat().st_mtime_ns == before
    assert render.write(tmp_path, "posts/b/2026/12/01-x.html", "<p>è</p>")
    assert target.read_text(encoding="utf-8") == "<p>è</p>"
    assert sorted(p.name for p in target.parent.iterdir()) == ["01-x.html"]  # no .part left
