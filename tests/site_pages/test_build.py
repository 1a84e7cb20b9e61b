"""`smm site` without a browser: incremental rebuilds render only the pages whose inputs changed,
the output folder is checked, Telegram's markup keeps only Telegram's entities, and no page
refers to another origin for anything it loads."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from site_pages.conftest import clone_of_the_project, smm
from smm.errors import UsageError
from smm.site import site
from smm.site.tghtml import safe_markup

NOW = datetime.fromisoformat("2026-12-02T09:00:00+03:00")
POST = "posts/zerno/2026/12/08-bakery-exchange.md"


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {p for p in after if before.get(p) != after[p]}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clone, _ = clone_of_the_project(tmp_path_factory.mktemp("incremental"))
    return clone


def test_a_rebuild_renders_only_the_pages_whose_inputs_changed(repo, tmp_path):
    out = tmp_path / "site"
    first = site(repo, out, now=NOW)
    assert first.written == first.pages  # every page and the two static files
    before = mtimes(out)
    again = site(repo, out, now=NOW)
    assert again.written == 0 and rewritten(before, mtimes(out)) == set()

    # one post's body: its page, and the pages that list it (its month, its campaign, and home's
    # next seven days), no other
    path = repo / POST
    path.write_text(
        path.read_text(encoding="utf-8").replace("Колобок", "Колобок и Ко"), encoding="utf-8"
    )
    edited = site(repo, out, now=NOW)
    changed = rewritten(before, mtimes(out))
    assert changed == {
        "posts/zerno/2026/12/08-bakery-exchange.html",
        "calendar/zerno/2026-12.html",
        "campaigns/zerno/new-year-2026.html",
        "index.html",
    }
    assert edited.written == len(changed)

    # an image touched, its bytes the same (as a fresh checkout has them): no page changes; its
    # bytes changed (a new thumbnail): only the posts that show it
    before = mtimes(out)
    image = repo / "assets/zerno/winter-menu-1080.jpg"
    os.utime(image, ns=(image.stat().st_atime_ns, image.stat().st_mtime_ns + 10**9))
    assert site(repo, out, now=NOW).written == 0 and rewritten(before, mtimes(out)) == set()
    image.write_bytes(image.read_bytes() + b"\0")  # JPEG readers stop at the end marker
    site(repo, out, now=NOW)
    users = {p for p in rewritten(before, mtimes(out)) if p.startswith("posts/")}
    assert users and all(
        "winter-menu-1080" in (repo / (p[: -len(".html")] + ".md")).read_text(encoding="utf-8")
        for p in users
    )

    # the brand file: every page of that brand's posts, none of the other brand's
    before = mtimes(out)
    brand = repo / "brands/zerno.yaml"
    text = brand.read_text(encoding="utf-8")
    assert 'signature: ""' in text
    brand.write_text(text.replace('signature: ""', 'signature: "— Зерно"'), encoding="utf-8")
    site(repo, out, now=NOW)
    changed = rewritten(before, mtimes(out))
    assert {p for p in changed if p.startswith("posts/")} == {
        p for p in before if p.startswith("posts/zerno/")
    }


def test_a_page_gone_from_the_output_folder_is_written_again(repo, tmp_path):
    """The manifest is not taken on trust: a page deleted is made again, a page that is there is
    not; a folder where a page goes is one line naming it (smm deletes no folder of yours)."""
    out = tmp_path / "site"
    site(repo, out, now=NOW)
    page, listing = out / POST.replace(".md", ".html"), out / "calendar/zerno/2026-12.html"
    page.unlink()
    before = mtimes(out)
    again = site(repo, out, now=NOW)
    assert again.written == 1 and page.is_file()
    assert rewritten(before, mtimes(out)) == {POST.replace(".md", ".html")}
    listing.unlink()
    listing.mkdir()
    with pytest.raises(
        UsageError, match=r"2026-12\.html: cannot write this page \(Is a directory\)"
    ):
        site(repo, out, now=NOW)
    assert not listing.with_name(listing.name + ".part").exists()
    listing.rmdir()
    assert site(repo, out, now=NOW).written == 1 and listing.is_file()


def test_a_deleted_post_loses_its_page_and_a_commit_rewrites_its_history(repo, tmp_path):
    out = tmp_path / "site"
    site(repo, out, now=NOW)
    victim = "posts/zerno/2026/12/18-holiday-hours"
    assert (out / f"{victim}.html").is_file()
    (repo / f"{victim}.md").rename(tmp_path / "kept.md")
    result = site(repo, out, now=NOW)
    assert result.removed == 1 and not (out / f"{victim}.html").exists()
    (tmp_path / "kept.md").rename(repo / f"{victim}.md")
    site(repo, out, now=NOW)

    # the same bytes, committed: its history (from git) is new, so its page is rendered again
    path = repo / POST
    path.write_text(path.read_text(encoding="utf-8") + "\nP.S.\n", encoding="utf-8")
    site(repo, out, now=NOW)
    before = mtimes(out)
    subprocess.run(["git", "commit", "-qam", "P.S."], cwd=repo, check=True)
    site(repo, out, now=NOW)
    assert "posts/zerno/2026/12/08-bakery-exchange.html" in rewritten(before, mtimes(out))
    assert "P.S." in (out / "posts/zerno/2026/12/08-bakery-exchange.html").read_text()


def test_the_output_folder_may_not_be_the_repository(repo):
    for out in (repo, repo / "posts" / "x", repo.parent, repo / ".git", repo / "brands"):
        with pytest.raises(UsageError, match="--out"):
            site(repo, out, now=NOW)
    for out in (repo / "assets" / "site", repo / ".smm-cache" / "site", repo / ".github"):
        with pytest.raises(UsageError, match="--out"):
            site(repo, out, now=NOW)


IN_THE_WAY = ("a file where the folder goes", "a file where static/ goes", "a folder as manifest")


@pytest.mark.parametrize("in_the_way", IN_THE_WAY)
def test_an_output_folder_that_cannot_be_built_in_is_one_line(repo, tmp_path, in_the_way):
    """What is in the way is named, in one line with exit 2, and no traceback."""
    out = tmp_path / "site"
    if in_the_way == IN_THE_WAY[0]:
        (tmp_path / "file").write_text("x")
        out = tmp_path / "file" / "site"
    elif in_the_way == IN_THE_WAY[1]:
        out.mkdir()
        (out / "static").write_text("x")
    else:
        (out / ".smm-site.json").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMM_")}
    done = subprocess.run(
        [sys.executable, "-m", "smm", "site", "--out", str(out), "--now", NOW.isoformat()],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"smm: --out {out}: cannot build there (")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "base_url",
    ["sub", "/sub/", "javascript:alert(1)", "https://e.example/?q=1", "https://e.example/#x", " "],
)
def test_a_base_url_that_is_not_a_web_address_is_refused(repo, tmp_path, base_url):
    with pytest.raises(UsageError, match="--base-url"):
        site(repo, tmp_path / "site", base_url=base_url, now=NOW)


def test_a_base_url_makes_each_pages_canonical_address(repo, tmp_path):
    site(repo, tmp_path / "site", base_url="https://owner.github.io/repo/", now=NOW)
    page = (tmp_path / "site" / "posts/zerno/2026/12/08-bakery-exchange.html").read_text()
    canonical = "https://owner.github.io/repo/posts/zerno/2026/12/08-bakery-exchange.html"
    assert f'<link rel="canonical" href="{canonical}">' in page


def test_the_cli_builds_and_says_what_it_wrote(repo, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMM_")}
    done = smm(
        repo, env, "site", "--out", str(tmp_path / "s"), "--now", "2026-12-02T09:00:00+03:00"
    )
    said = re.fullmatch(
        r"smm site: (\d+) pages in .+ \((\d+) rendered, (\d+) written, 0 unchanged, 0 removed\)\n",
        done.stdout,
    )
    # a first build renders and writes every file it lists
    assert said and said.group(1) == said.group(2) == said.group(3)
    bad = subprocess.run(
        ["python", "-m", "smm", "site", "--brand", "nope", "--out", str(tmp_path / "t")],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and bad.stderr.startswith("smm: --brand: no brand 'nope'")


def test_no_page_loads_anything_from_another_origin(repo, tmp_path):
    out = tmp_path / "site"
    site(repo, out, now=NOW)
    loads = re.compile(
        r'<(?:img|script|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)="([^"]+)"'
    )
    for page in out.rglob("*.html"):
        for target in loads.findall(page.read_text(encoding="utf-8")):
            assert not re.match(r"[a-z]+:|//", target), (page, target)


@pytest.mark.parametrize(
    ("markup", "page"),
    [
        ("<b>жирный</b> и <i>курсив</i>", "<b>жирный</b> и <i>курсив</i>"),
        (
            '<a href="https://zerno.example/">сайт</a>',
            '<a href="https://zerno.example/" rel="noopener noreferrer nofollow">сайт</a>',
        ),
        ('<a href="javascript:alert(1)">x</a>', "x"),
        # what Telegram makes of the link (TDLib's check), not what smm sent
        (
            '<a href="mailto:hi@zerno.example">почта</a>',
            '<a href="http://mailto:hi@zerno.example/" rel="noopener noreferrer nofollow">'
            "почта</a>",
        ),
        ('<a href="/menu">меню</a>', "меню"),
        (
            '<a href="HTTPS://Zerno.Example">сайт</a>',
            '<a href="https://zerno.example/" rel="noopener noreferrer nofollow">сайт</a>',
        ),
        (
            '<a href="tg://user?id=123">Аня</a>',
            '<a href="tg://user?id=123" rel="noopener noreferrer nofollow">Аня</a>',
        ),
        ("<script>alert(1)</script>", "alert(1)"),
        ('<img src="https://evil.example/t.gif" onerror="x()">', ""),
        ('<span class="tg-spoiler">сюрприз</span>', '<span class="tg-spoiler">сюрприз</span>'),
        ("<b>не закрыт", "<b>не закрыт</b>"),
        ("1 &lt; 2 &amp; <code>&lt;b&gt;</code>", "1 &lt; 2 &amp; <code>&lt;b&gt;</code>"),
    ],
)
def test_telegram_markup_keeps_only_telegram_entities(markup, page):
    assert safe_markup(markup) == page


def site_files(out: Path) -> dict[str, bytes | None]:
    """Each file of the site with its bytes, and each folder (None): an empty folder left
    behind is a difference too."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() if p.is_file() else None
        for p in out.rglob("*")
        if p.name != ".smm-site.json"
    }


def test_a_rebuild_after_each_kind_of_change_equals_a_build_from_scratch(tmp_path):
    """Whatever changed (a title the calendar shows, the time, states and "today" as days pass,
    the calendar's marks, a campaign, a brand's name in every page's navigation, a post moved to
    another month, a commit), the
    pages a rebuild kept are the pages a build from nothing makes: no page is left stale."""
    (tmp_path / "project").mkdir()
    repo, env = clone_of_the_project(tmp_path / "project")
    out = tmp_path / "site"
    site(repo, out, now=NOW)

    def edit(path: str, old: str, new: str) -> None:
        file = repo / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def edit_and_revert() -> None:
        """Two commits, the post's bytes as they were: its history has two more commits."""
        edit(POST, "Колобок", "Колобок и Ко")
        git("commit", "-qam", "an edit")
        edit(POST, "Колобок и Ко", "Колобок")
        git("commit", "-qam", "and back")

    def on_a_branch() -> None:
        git("checkout", "-qb", "feature")
        edit(POST, "Колобок", "Колобок и Ко")
        git("commit", "-qam", "the edit of a pull request")

    def merged() -> None:
        """The same bytes, now approved: the merge names the pull request."""
        git("checkout", "-q", "-")
        git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #77 from org/feature")

    def image_replaced() -> None:
        """Another image's bytes under the same name: the old thumbnail is no page's now."""
        assets = repo / "assets/zerno"
        latte = (assets / "latte-cinnamon-1080x1350.jpg").read_bytes()
        (assets / "winter-menu-1080.jpg").write_bytes(latte)

    steps = [
        (NOW, lambda: edit(POST, "title: Взаимный пост", "title: Совместный пост")),
        (NOW, lambda: git("commit", "-qam", "the title")),
        (NOW, edit_and_revert),
        (NOW, on_a_branch),
        (NOW, merged),
        (NOW, image_replaced),
        (NOW, lambda: shutil.rmtree(out / "thumbs")),  # gone from the site: made again
        (NOW, lambda: git("rm", "-qr", "posts/nordlicht/2027/02")),  # a month's folder goes
        # the one post showing an image shows none: its thumbnail goes
        (NOW, lambda: edit(POST, "  - src: assets/zerno/partners-1200x630.jpg", "  - src: x.jpg")),
        # an image that no longer reads: no thumbnail, and the old one goes
        (NOW, lambda: (repo / "assets/zerno/valentine-1080.jpg").write_text("not an image")),
        (NOW, lambda: (repo / "assets/zerno/new-year-carousel-2.jpg").unlink()),
        # a new post, not committed (HEAD as it was): "not committed yet", not "no git"
        (NOW, lambda: shutil.copyfile(repo / POST, repo / "posts/zerno/2027/02/27-copy.md")),
        # the calendar's marks: a gap between posts now too short
        (NOW, lambda: edit("brands/nordlicht.yaml", "min_gap: 3h}", "min_gap: 30h}")),
        (NOW, lambda: edit("campaigns/zerno/new-year-2026.yaml", "Новогоднее меню", "Ёлка")),
        (NOW, lambda: edit("brands/zerno.yaml", "name: Кофейня «Зерно»", "name: Зерно")),
        (NOW, lambda: edit(POST, "time: 2026-12-08 09:00", "time: 2026-12-08 11:30")),
        (NOW, lambda: edit(POST, "time: 2026-12-08 11:30", "time: 2027-01-08 11:30")),
        (NOW, lambda: subprocess.run(["git", "commit", "-qam", "moved"], cwd=repo, env=env)),
        (datetime.fromisoformat("2026-12-09T12:00:00+03:00"), lambda: None),
        # no post between: only "today" moves, from one day of the calendar to the next
        (datetime.fromisoformat("2026-12-23T12:00:00+03:00"), lambda: None),
        (datetime.fromisoformat("2026-12-24T12:00:00+03:00"), lambda: None),
    ]
    for i, (now, change) in enumerate(steps):
        change()
        site(repo, out, now=now)
        fresh = tmp_path / f"fresh-{i}"
        site(repo, fresh, now=now)
        kept, made = site_files(out), site_files(fresh)
        assert sorted(kept) == sorted(made), i
        stale = [page for page in made if kept[page] != made[page]]
        assert stale == [], (i, stale)


def test_a_fresh_clone_with_the_last_site_renders_no_page(repo, tmp_path):
    """CI: a new checkout (every file's mtime new, no lint cache) and the last build's folder
    restored from a cache. Each page's key holds its inputs' bytes, not their dates: nothing is
    rendered again."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMM_")}
    out, now = str(tmp_path / "site"), "2026-12-02T09:00:00+03:00"
    smm(repo, env, "site", "--out", out, "--now", now)
    fresh = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(repo), str(fresh)], check=True)
    for changed in subprocess.run(
        ["git", "ls-files", "-m", "-o", "--exclude-standard"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split():  # what the other tests of this module left uncommitted
        (fresh / changed).parent.mkdir(parents=True, exist_ok=True)
        (fresh / changed).write_bytes((repo / changed).read_bytes())
    assert not (fresh / ".smm-cache").exists()
    again = smm(fresh, env, "site", "--out", out, "--now", now)
    assert re.search(r"\(0 rendered, 0 written, \d+ unchanged, 0 removed\)", again.stdout), (
        again.stdout
    )
