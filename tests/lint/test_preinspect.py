"""lint/preinspect.py: images inspected ahead by a forked process while a cold lint starts; what
it hands over is what the check would find, by the bytes it inspected, and it is always stopped."""

from __future__ import annotations

import os

import pytest

from conftest import NOW
from smm.content.repo import open_repo
from smm.lint import lint  # the public one: it inspects ahead on a cold run
from smm.lint.cache import image_digest
from smm.lint.checker import Checker
from smm.lint.images import inspect
from smm.lint.preinspect import Preinspection


@pytest.fixture
def library(workspace):
    """assets/ with a good image, a PNG, one cut short and a text file that is no image."""
    workspace.image("assets/zerno/wide.png", size=(1200, 600), fmt="PNG")
    cut = workspace.image("assets/zerno/cut.jpg")
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    (workspace.root / "assets/zerno/notes.txt").write_text("not an image", encoding="utf-8")
    return workspace


def test_the_rows_are_what_inspecting_each_image_finds(library):
    root = library.root
    pre = Preinspection.start(root)
    assert pre is not None
    rows = pre.take(finish=True)
    expected = {"assets/zerno/square.jpg", "assets/zerno/wide.png", "assets/zerno/cut.jpg"}
    assert set(rows) == expected
    for src in expected:
        info = inspect(root, src)
        assert rows[src] == (
            image_digest(root, src),
            *(info.problem or (None, None)),
            info.format,
            info.width,
            info.height,
            info.size,
            info.gps,
        )
    assert rows["assets/zerno/cut.jpg"][1] == "image/format"


def test_an_image_changed_after_it_was_inspected_ahead_is_inspected_again(library):
    root = library.root
    pre = Preinspection.start(root)
    assert pre is not None
    rows = pre.take(finish=True)
    library.image("assets/zerno/wide.png", size=(600, 600), fmt="PNG")  # new bytes, same name
    checker = Checker(open_repo(root), rows)
    assert (checker.image("assets/zerno/wide.png").width, checker.inspected) != (1200, {})
    assert checker.image("assets/zerno/wide.png").width == 600
    assert checker.image("assets/zerno/square.jpg").width == 1080  # as inspected ahead


def test_taking_stops_the_process_at_once_whatever_it_has_done(library):
    for n in range(200):
        library.image(f"assets/many/{n:03}.jpg", size=(2000, 2000))
    pre = Preinspection.start(library.root)
    assert pre is not None
    rows = pre.take()  # at once: most images not reached yet
    assert len(rows) < 203
    with pytest.raises(ChildProcessError):
        os.waitpid(pre.pid, os.WNOHANG)  # stopped and reaped: no process left behind


def test_a_cold_lint_finds_the_same_with_images_inspected_ahead(library):
    library.post(
        "zerno/2026/12/01-img.md",
        "network: [telegram, instagram]\ntime: 2026-12-01 10:00\n"
        "images: [assets/zerno/cut.jpg, assets/zerno/wide.png]",
        "Пост с картинками.",
    )
    alone = lint(library.root, now=NOW, use_cache=False, jobs=1)
    ahead = lint(library.root, now=NOW, use_cache=False, jobs=2)  # jobs > 1: inspected ahead
    assert ahead.findings == alone.findings
    assert {"image/format", "image/aspect-ratio"} & {f.rule for f in ahead.findings}
