"""A rebuild after any run of changes equals a build from nothing: seeded random walks over what
people do to a repository (edit, retitle, add, delete, commit, revert, merge a pull request,
replace an image, lose the site's thumbnails, let days pass), each step followed by a rebuild
into the same folder and a build into a new one, compared file by file and folder by folder.
test_build.py walks the same kinds of change in a fixed order."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from site_pages.conftest import clone_of_the_project
from site_pages.test_build import site_files
from smm.site import site

START = datetime.fromisoformat("2026-12-02T09:00:00+03:00")


class Walk:
    """The example project, a site built from it, and the changes a step may make."""

    def __init__(self, base: Path, seed: int) -> None:
        (base / "project").mkdir()
        self.repo, self.env = clone_of_the_project(base / "project")
        self.out, self.now, self.rnd, self.made = base / "site", START, random.Random(seed), 0

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.repo, env=self.env, check=True, capture_output=True)

    def post(self) -> Path:
        return self.rnd.choice(sorted((self.repo / "posts").rglob("*.md")))

    def append(self, post: Path, line: str) -> None:
        post.write_text(post.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")

    def body(self) -> None:
        self.append(self.post(), f"Строка {self.rnd.randrange(10**6)}.")

    def title(self) -> None:
        post = self.post()
        text = post.read_text(encoding="utf-8")
        title = f"title: Заголовок {self.rnd.randrange(10**6)}"
        changed = re.sub(r"(?m)^title: .*$", title, text, count=1)
        if changed == text:
            changed = text.replace("---\n", f"---\n{title}\n", 1)
        post.write_text(changed, encoding="utf-8")

    def delete(self) -> None:
        self.post().unlink()

    def add(self) -> None:
        post = self.post()
        self.made += 1
        shutil.copyfile(post, post.with_name(f"{post.stem[:2]}-copy-{self.made}.md"))

    def commit(self) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", "changes")

    def edit_and_revert(self) -> None:
        self.commit()
        post = self.post()
        text = post.read_text(encoding="utf-8")
        self.append(post, "Правка.")
        self.git("commit", "-qam", "an edit")
        post.write_text(text, encoding="utf-8")
        self.git("commit", "-qam", "and back")

    def pull_request(self) -> None:
        self.commit()
        self.made += 1
        self.git("checkout", "-qb", f"pr-{self.made}")
        self.append(self.post(), "Из пулл-реквеста.")
        self.git("commit", "-qam", "the pull request's edit")
        self.git("checkout", "-q", "-")
        message = f"Merge pull request #{self.made} from org/pr-{self.made}"
        self.git("merge", "-q", "--no-ff", f"pr-{self.made}", "-m", message)

    def image(self) -> None:
        images = sorted(p for p in (self.repo / "assets").rglob("*.jpg"))
        source, target = self.rnd.sample(images, 2)
        target.write_bytes(source.read_bytes())

    def thumbs_lost(self) -> None:
        shutil.rmtree(self.out / "thumbs", ignore_errors=True)

    def days_pass(self) -> None:
        self.now += timedelta(days=self.rnd.randrange(1, 20), hours=self.rnd.randrange(24))


MOVES = [
    Walk.body,
    Walk.title,
    Walk.delete,
    Walk.add,
    Walk.commit,
    Walk.edit_and_revert,
    Walk.pull_request,
    Walk.image,
    Walk.thumbs_lost,
    Walk.days_pass,
]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_rebuild_after_random_changes_equals_a_build_from_scratch(tmp_path, seed):
    walk = Walk(tmp_path, seed)
    site(walk.repo, walk.out, now=walk.now)
    done = []
    for i in range(12):
        move = walk.rnd.choice(MOVES)
        move(walk)
        done.append(move.__name__)
        site(walk.repo, walk.out, now=walk.now)
        fresh = tmp_path / f"fresh-{i}"
        site(walk.repo, fresh, now=walk.now)
        kept, made = site_files(walk.out), site_files(fresh)
        assert sorted(kept) == sorted(made), done
        assert [page for page in made if kept[page] != made[page]] == [], done
        shutil.rmtree(fresh)
