"""`smm site` on the benchmark's corpus (tools/bench/corpus.py, a real git repository) large
enough for the pool of workers: the first build from a cold lint cache, then a rebuild after 5
posts changed writes exactly those posts' pages and the pages that list them; the thumbnails
come from the repository's cache when the site folder is new; the pages show each post's history
as `smm history` tells it."""

from __future__ import annotations

import calendar
import contextlib
import os
import random
import re
import signal
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from smm.errors import SmmError
from smm.history import history
from smm.site import build, site
from smm.site.pages import month_page

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "bench"))
import corpus as corpus_mod

NOW = datetime.fromisoformat("2026-12-01T09:00:00+03:00")
POSTS = build.PARALLEL_MIN + 60  # the pool renders them


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "c"
    corpus_mod.generate(root, POSTS, seed=3)
    return root


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def dependents(root: Path, path: str) -> set[str]:
    """The pages a post's bytes can change: its own, its campaign's, home's, and the calendar
    of each month whose grid of whole weeks shows its day."""
    text = (root / path).read_text(encoding="utf-8")
    brand = path.split("/")[1]
    when = re.search(r"^time: (\d{4}-\d\d-\d\d)", text, re.M)
    campaign = re.search(r"^campaign: (\S+)", text, re.M)
    assert when and campaign
    day = date.fromisoformat(when.group(1))
    months = {(day.replace(day=1) + timedelta(days=d)).replace(day=1) for d in (-31, 0, 31)}
    weeks = calendar.Calendar(firstweekday=0)
    return {
        path[: -len(".md")] + ".html",
        f"campaigns/{brand}/{campaign.group(1)}.html",
        "index.html",
        *(
            month_page(brand, m)
            for m in months
            if any(day in week for week in weeks.monthdatescalendar(m.year, m.month))
        ),
    }


def test_a_rebuild_after_5_changed_posts_writes_only_their_pages(corpus, tmp_path):
    out = tmp_path / "site"
    first = site(corpus, out, now=NOW, jobs=2)  # the lint cache is cold: the corpus is new
    assert first.written == first.pages and first.pages > POSTS
    before = mtimes(out)
    posts = sorted(p.relative_to(corpus).as_posix() for p in (corpus / "posts").rglob("*.md"))
    edited = random.Random(5).sample(posts, 5)
    for path in edited:
        with (corpus / path).open("a", encoding="utf-8") as f:
            f.write("\nЕщё строка.\n")
    again = site(corpus, out, now=NOW, jobs=2)
    changed = {p for p, m in mtimes(out).items() if before.get(p) != m}
    allowed = set().union(*(dependents(corpus, p) for p in edited))
    assert {p[: -len(".md")] + ".html" for p in edited} <= changed <= allowed
    assert again.written == len(changed) and again.removed == 0


def test_a_new_site_folder_takes_the_thumbnails_from_the_cache(corpus, tmp_path, monkeypatch):
    site(corpus, tmp_path / "one", now=NOW)
    made = sorted(p.name for p in (tmp_path / "one" / "thumbs").iterdir())
    assert made and made == sorted(p.name for p in (corpus / ".smm-cache" / "thumbs").iterdir())

    def no_scaling(*_: object) -> None:
        raise AssertionError("a cached thumbnail was scaled again")

    from PIL import Image

    monkeypatch.setattr(Image.Image, "thumbnail", no_scaling)
    site(corpus, tmp_path / "two", now=NOW, jobs=1)
    for name in made:
        assert (tmp_path / "two" / "thumbs" / name).read_bytes() == (
            tmp_path / "one" / "thumbs" / name
        ).read_bytes()


def test_each_post_page_shows_the_history_smm_history_tells(corpus, tmp_path):
    out = tmp_path / "site"
    site(corpus, out, now=NOW, jobs=2)
    posts = sorted(p.relative_to(corpus).as_posix() for p in (corpus / "posts").rglob("*.md"))
    for path in random.Random(1).sample(posts, 10):
        with contextlib.chdir(corpus):
            told = history(path, branch="HEAD")
        page = (out / (path[: -len(".md")] + ".html")).read_text(encoding="utf-8")
        change = told.changes[0]
        assert f'<td role="cell"><code>{change.short}</code></td>' in page
        assert f"Written by {change.author} on {change.date[:10]}." in page


class Forks:
    """Watches this process's forked children while a build runs: those with our command line for
    50 ms (a git process has it only until it execs); ``kill`` sends them SIGKILL."""

    def __init__(self, kill: bool = False) -> None:
        self.seen: set[int] = set()
        self.first: dict[int, float] = {}  # pid -> when it was first seen with our command line
        self.kill, self.done = kill, threading.Event()
        self.own = Path("/proc/self/cmdline").read_bytes()
        self.thread = threading.Thread(target=self.watch, daemon=True)

    def children(self) -> list[int]:
        found = []
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
        return found

    def watch(self) -> None:
        while not self.done.wait(0.002):
            for pid in self.children():
                with contextlib.suppress(OSError):
                    if Path(f"/proc/{pid}/cmdline").read_bytes() != self.own:
                        continue
                    if time.monotonic() - self.first.setdefault(pid, time.monotonic()) < 0.05:
                        continue
                    self.seen.add(pid)
                    if self.kill:
                        os.kill(pid, signal.SIGKILL)

    def __enter__(self) -> Forks:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        self.thread.join()


def pages_of(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}


def test_the_build_renders_in_itself_and_jobs_minus_one_forks(corpus, tmp_path):
    site(corpus, tmp_path / "one", now=NOW, jobs=1)  # and the lint cache warm: lint forks nothing
    with Forks() as forks:
        built = site(corpus, tmp_path / "three", now=NOW, jobs=3)
    assert len(forks.seen) == 2  # the tree holds one copy of the build fewer than a pool's
    assert built.written == built.pages
    assert pages_of(tmp_path / "three") == pages_of(tmp_path / "one")


def test_a_worker_that_dies_fails_the_build_with_one_line(corpus, tmp_path):
    site(corpus, tmp_path / "warm", now=NOW, jobs=1)
    with (
        Forks(kill=True) as forks,
        pytest.raises(SmmError, match="a worker rendering post pages stopped"),
    ):
        site(corpus, tmp_path / "site", now=NOW, jobs=2)
    assert forks.seen


def test_a_rebuild_that_moves_a_post_equals_a_build_from_nothing(corpus, tmp_path):
    """A rebuild of this many posts makes its listing pages in a fork beside the post pages: the
    calendars and the campaign that show the moved and retitled post come out as a build from
    nothing makes them."""
    out = tmp_path / "site"
    site(corpus, out, now=NOW, jobs=2)
    before = mtimes(out)
    path = sorted(p.relative_to(corpus).as_posix() for p in (corpus / "posts").rglob("*.md"))[7]
    old_pages = dependents(corpus, path)
    text = (corpus / path).read_text(encoding="utf-8")
    text = re.sub(r"^time: (\d{4})-\d\d-\d\d", r"time: \1-06-15", text, count=1, flags=re.M)
    head, _, body = text.partition("\n---\n")
    (corpus / path).write_text(f"{head}\n---\nНовый заголовок\n{body}", encoding="utf-8")
    again = site(corpus, out, now=NOW, jobs=2)
    fresh = site(corpus, tmp_path / "fresh", now=NOW, jobs=1)
    assert pages_of(out) == pages_of(tmp_path / "fresh")
    changed = {p for p, m in mtimes(out).items() if before.get(p) != m}
    assert changed <= old_pages | dependents(corpus, path)
    moved_to = [p for p in dependents(corpus, path) - old_pages if p.startswith("calendar")]
    assert moved_to and set(moved_to) <= changed
    assert "Новый заголовок" in (out / moved_to[0]).read_text(encoding="utf-8")
    assert again.rendered < again.pages == fresh.pages
