"""Input a team really produces by hand, which the site must show or say, never crash on: figures
in ``metrics:`` that are not counts, readings dated at the ends of time, posts with no network or
outside any brand's folder, a brand file that does not load or names no real time zone, a post
file name as long as the file system allows, a year typed wrong, a shallow clone, a repository
whose posts are not committed yet, and a ``--base-url`` ending in an empty query or fragment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_pages.conftest import clone_of_the_project, record_published

NOW = "2026-12-02T09:00:00+03:00"
POST = "posts/zerno/2026/12/01-winter-menu"
#: a file name of 254 bytes: its page's name, two bytes longer, is past what a file system takes
LONG = "posts/zerno/2026/12/03-" + "x" * (254 - len("03-.md")) + ".md"
BAD_METRICS = (
    "metrics:\n  telegram: {at: '9999-12-31T23:59:59-05:00', views: lots, likes: [1, 2], "
    "reach: 7, shares: -5, comments: .inf, clicks: null}\n"
)


def _post(repo: Path, path: str, head: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(f"---\n{head}---\nТекст.\n", encoding="utf-8")


def _commit(repo: Path, env: dict[str, str], message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=repo, env=env, check=True)


def _site(repo: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smm", "site", "--out", str(out), "--now", NOW, *args],
        cwd=repo,
        env={k: v for k, v in os.environ.items() if not k.startswith("SMM_")},
        capture_output=True,
        text=True,
    )


def _notes(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.removeprefix("smm site: note: ") for line in done.stderr.splitlines()]


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The example project with each odd input of this module committed, built by the CLI."""
    repo, env = clone_of_the_project(tmp_path_factory.mktemp("odd"))
    entry = {"state": "published", "id": "5", "url": "https://t.me/zerno_coffee/5"}
    record_published(repo / f"{POST}.md", telegram=entry | {"at": "2026-12-01T10:00:05+03:00"})
    text = (repo / f"{POST}.md").read_text(encoding="utf-8")
    (repo / f"{POST}.md").write_text(text.replace("\n---\n", f"\n{BAD_METRICS}---\n", 1))
    _post(repo, "posts/zerno/2026/12/04-no-network.md", "time: 2026-12-04 12:00\ntitle: a\n")
    _post(repo, "posts/zerno/2026/12/04-none.md", "network: []\ntime: 2026-12-04 13:00\n")
    _post(repo, LONG, "network: [telegram]\ntime: 2026-12-03 12:00\ntitle: long\n")
    _post(repo, "posts/loose.md", "network: [telegram]\ntime: 2026-12-05 12:00\n")
    _post(repo, "posts/broken/2026/12/01-x.md", "network: [telegram]\ntime: 2026-12-05 12:00\n")
    (repo / "brands/broken.yaml").write_text("name: [x\n", encoding="utf-8")
    _post(repo, "posts/zerno/2099/12/01-typo.md", "network: [telegram]\ntime: 2099-12-01 12:00\n")
    zone = repo / "brands/nordlicht.yaml"
    zone.write_text(re.sub(r"(?m)^timezone: .*$", "timezone: Europe/Osloo", zone.read_text()))
    _commit(repo, env, "odd inputs")
    out = repo.parent / "site"
    done = _site(repo, out)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return repo, out, env


def test_figures_that_are_not_counts_are_left_out_and_lint_says_which(odd):
    repo, out, _ = odd
    page = (out / f"{POST}.html").read_text(encoding="utf-8")
    shown = re.search(r'<dl class="metrics">(.*?)</dl>', page)
    assert shown is not None
    assert re.findall(r"<dt>(\w+)</dt>", shown.group(1)) == ["reach"]  # the one count
    assert not re.search(r"\bnan\b|\binf\b|None|lots", shown.group(1))
    found = subprocess.run(
        [sys.executable, "-m", "smm", "lint", f"{POST}.md"],
        cwd=repo,
        capture_output=True,
        text=True,
    ).stdout
    rules = re.findall(
        r"metrics/malformed the telegram metrics (?:figure (\w+)|entry's (at))", found
    )
    assert sorted(a or b for a, b in rules) == ["at", "clicks", "likes", "shares", "views"]
    assert "schema/value .inf is not a usable number" in found  # YAML's infinity: refused as read


def test_posts_left_out_of_the_calendar_are_each_said(odd):
    _, out, _ = odd
    notes = _notes(_site(odd[0], out))
    expected = [
        "1 post(s) directly under posts/, in no brand's folder (posts/<brand>/): left out",
        "1 post(s) under posts/broken/ are left out: brands/broken.yaml cannot be used as it is "
        "(see smm lint brands/broken.yaml)",
        "brands/nordlicht.yaml has no time zone smm can use: its days and times are shown in UTC "
        "(see smm lint brands/nordlicht.yaml)",
        "2 post(s) without a network are not in the calendar: "
        "posts/zerno/2026/12/04-no-network.md, posts/zerno/2026/12/04-none.md (see smm lint)",
    ]
    for note in expected:
        assert any(note in line for line in notes), (note, notes)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "2 post(s) without a network are not in the calendar" in home


def test_a_file_name_as_long_as_allowed_gets_a_page_every_link_reaches_and_rebuilds(odd):
    repo, out, env = odd
    pages = [p for p in (out / "posts/zerno/2026/12").iterdir() if p.name.startswith("03-xxx")]
    assert len(pages) == 1 and len(pages[0].name.encode()) <= 255
    month = (out / "calendar/zerno/2026-12.html").read_text(encoding="utf-8")
    hrefs = [h for h in re.findall(r'href="([^"]+)"', month) if "03-xxx" in h]
    assert hrefs and all(
        (out / "calendar/zerno" / unquote(urlsplit(h).path)).resolve() == pages[0] for h in hrefs
    )
    post = repo / LONG
    post.write_text(post.read_text().replace("title: long", "title: longer"))
    _commit(repo, env, "longer")
    again = _site(repo, out)
    assert again.returncode == 0, again.stderr
    assert "longer" in pages[0].read_text(encoding="utf-8")
    assert not list(out.rglob("*.part"))


def test_a_year_typed_wrong_adds_one_calendar_page_not_every_month_between(odd):
    _, out, _ = odd
    months = sorted(p.name for p in (out / "calendar/zerno").iterdir())
    assert "2099-12.html" in months and len(months) < 12
    page = (out / "calendar/zerno/2099-12.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<nav class="months".*?</nav>', page, re.S)[0]) < 2000


def test_a_shallow_clone_says_its_histories_may_start_late(odd, tmp_path):
    repo, _, env = odd
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], env=env, check=True
    )
    done = _site(shallow, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert any(n.startswith("a shallow clone (git clone --depth)") for n in _notes(done))
    page = (tmp_path / "site" / f"{POST}.html").read_text(encoding="utf-8")
    assert "From a shallow clone: this history starts at the oldest commit fetched" in page
    assert "shallow clone" in (tmp_path / "site/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("commits", ["none", "brands only"])
def test_posts_not_committed_yet_say_so_not_no_git(tmp_path, commits):
    repo, env = clone_of_the_project(tmp_path)
    subprocess.run(["rm", "-rf", str(repo / ".git")], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, env=env, check=True)
    if commits == "brands only":
        subprocess.run(["git", "add", "brands"], cwd=repo, env=env, check=True)
        subprocess.run(["git", "commit", "-qm", "brands"], cwd=repo, env=env, check=True)
    done = _site(repo, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / f"{POST}.html").read_text(encoding="utf-8")
    assert "not committed yet" in page and "not in a git repository" not in page


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/a#",
        "https://x.example/a?",
        'https://x/"a',
        "https://user:pw@x.example/",  # a password in every page's canonical link
        "https://x.example:99999/",
        "https://x.example:0/",
        "https://:80/",
    ],
)
def test_a_base_url_with_an_empty_query_or_fragment_is_refused(odd, tmp_path, url):
    done = _site(odd[0], tmp_path / "site", "--base-url", url)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "--base-url" in done.stderr


def test_readings_of_two_metrics_commits_are_charted_by_their_time(tmp_path):
    from smm.content.managed import read_block, replace_block

    repo, env = clone_of_the_project(tmp_path)
    post = repo / f"{POST}.md"
    record_published(
        post, telegram={"state": "published", "id": "5", "at": "2026-12-01T10:00:05+03:00"}
    )
    _commit(repo, env, "published")
    for at, views in (("2026-12-01T11:00:00+03:00", 100), ("2026-12-08T11:00:00+03:00", 900)):
        text = post.read_text(encoding="utf-8")
        block = read_block(text, "metrics") | {"telegram": {"at": at, "views": views, "clicks": 3}}
        post.write_text(replace_block(text, "metrics", block), encoding="utf-8")
        _commit(repo, env, "smm: metrics for telegram")
    done = _site(repo, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / f"{POST}.html").read_text(encoding="utf-8")
    section = re.search(r'data-network="telegram".*?</section>', page, re.S)
    assert section is not None
    chart = re.search(r'<svg class="chart line".*?</svg>', section.group(0), re.S)
    assert chart is not None and "views" in chart.group(0)
    assert len(re.findall(r"<circle ", re.sub(r'<g class="key".*?</g>', "", chart.group(0)))) == 2
    assert "01.12 11:00" in chart.group(0) and "08.12 11:00" in chart.group(0)
    # two figures, one charted (clicks are not drawn): no word of scales, one line has one
    assert "own scale" not in section.group(0)


def _nav(out: Path, month: str) -> list[tuple[str, str]]:
    """A month page's links to months (not "previous" and "next"): (label, the page)."""
    page = (out / f"calendar/zerno/{month}.html").read_text(encoding="utf-8")
    nav = re.findall(r'<nav class="months".*?</nav>', page, re.S)[0]
    return [
        (label, Path(href).stem)
        for href, label in re.findall(
            r'<a href="([^"]+)"(?: aria-current="page")?>([^<]+)</a>', nav
        )
    ]


def test_months_of_other_years_are_one_link_each_and_a_new_month_leaves_other_years_alone(
    tmp_path,
):
    """Years of posts give each month page its own year's months and a link per other year (to
    its first month), not one per month; a month added in 2028 changes no 2026 page."""
    repo, env = clone_of_the_project(tmp_path)
    _post(repo, "posts/zerno/2025/06/10-old.md", "network: [telegram]\ntime: 2025-06-10 12:00\n")
    _post(repo, "posts/zerno/2028/03/10-far.md", "network: [telegram]\ntime: 2028-03-10 12:00\n")
    _commit(repo, env, "three more years")
    out = tmp_path / "site"
    assert _site(repo, out).returncode == 0
    assert _nav(out, "2026-12") == [
        ("2025", "2025-06"),
        ("Dec 2026", "2026-12"),
        ("2027", "2027-01"),
        ("2028", "2028-03"),
    ]
    assert [label for label, _ in _nav(out, "2027-02")] == [
        "2025",
        "2026",
        "Jan 2027",
        "Feb 2027",
        "2028",
    ]
    before = (out / "calendar/zerno/2026-12.html").read_bytes()
    _post(repo, "posts/zerno/2028/05/10-later.md", "network: [telegram]\ntime: 2028-05-10 12:00\n")
    _commit(repo, env, "a month more in 2028")
    assert _site(repo, out).returncode == 0
    assert (out / "calendar/zerno/2026-12.html").read_bytes() == before
    assert ("May 2028", "2028-05") in _nav(out, "2028-03")


def test_a_month_before_all_others_renders_no_post_page_again(tmp_path):
    """The navigation links each brand to its page (its months and campaigns), not to its first
    month: a post in a month before all others changes that brand's page, its calendar's months
    and home, and leaves every other post's page as it was (it used to render them all again)."""
    repo, env = clone_of_the_project(tmp_path)
    out = tmp_path / "site"
    assert _site(repo, out).returncode == 0
    _post(repo, "posts/zerno/2026/10/05-early.md", "network: [telegram]\ntime: 2026-10-05 12:00\n")
    _commit(repo, env, "a post in October")
    done = _site(repo, out)
    rendered = int(re.search(r"\((\d+) rendered", done.stdout).group(1))
    # the post; October and December 2026; January and February 2027, whose "2026" now links to
    # October; the brand's page; home: of 72 pages
    assert rendered == 7, done.stdout
    brand = (out / "calendar/zerno/index.html").read_text(encoding="utf-8")
    assert 'href="2026-10.html">October</a>' in brand and 'href="2027-02.html">February' in brand
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="calendar/zerno/index.html">Кофейня «Зерно»</a>' in home


def test_a_campaign_page_says_what_the_report_says_it_left_out(workspace, tmp_path):
    """The report's notes (a budget in another currency, reach that is views), its * on such a
    reach and the campaign's results are on its page, not only in `smm report`."""
    from datetime import datetime

    from smm.site import site

    workspace.campaign("zerno", "winter", results={"leads": 4, "revenue": "9000 RUB"})
    workspace.post(
        "zerno/2026/12/01-eur.md",
        """
        network: telegram
        time: 2026-12-01 10:00
        campaign: winter
        budget: 100 EUR
        published:
          telegram: {state: "published", id: "7", url: "https://t.me/zerno/7", at: "2026-12-01T10:00:04+03:00"}
        metrics:
          telegram: {at: "2026-12-02T10:00:00+03:00", views: 2400, likes: 30}
        """,
    )
    site(workspace.root, tmp_path / "site", now=datetime.fromisoformat(NOW))
    page = (tmp_path / "site/campaigns/zerno/winter.html").read_text(encoding="utf-8")
    assert "left out of spend: posts/zerno/2026/12/01-eur.md (100 EUR)" in page
    assert "reach is views for telegram" in page
    assert re.search(r"<dt>Reach</dt><dd>2\u00a0400<abbr[^>]*>\*</abbr></dd>", page)
    assert "4 leads" in page and "cost per lead" in page


def test_home_lists_what_is_late_and_every_chip_has_its_whole_title(workspace, tmp_path):
    """A post whose time has passed unpublished (overdue) or that failed is what a team must act
    on: home lists it first, though it is not in the next seven days; a calendar chip's title
    is whole in its tooltip however short (how much of it a day shows depends on the screen)."""
    from datetime import datetime

    from smm.site import site

    workspace.post(
        "zerno/2026/12/01-late.md", "network: telegram\ntime: 2026-12-01 10:00\ntitle: Поздно"
    )
    workspace.post(
        "zerno/2026/12/02-failed.md",
        """
        network: vk
        time: 2026-12-02 10:00
        title: Отказ
        published:
          vk: {state: "failed", error: "HTTP 500", at: "2026-12-02T10:00:04+03:00"}
        """,
    )
    workspace.post("zerno/2026/12/30-later.md", "network: telegram\ntime: 2026-12-30 10:00")
    site(workspace.root, tmp_path / "site", now=datetime.fromisoformat("2026-12-05T12:00:00+03:00"))
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    late = home.split("<h3>Late", 1)[1].split("<h3>", 1)[0]
    assert re.findall(r'class="chip state-(\w+)"', late) == ["overdue", "failed"]
    assert "30-later" not in late
    month = (tmp_path / "site/calendar/zerno/2026-12.html").read_text(encoding="utf-8")
    assert '<span class="title" dir="auto" title="Отказ">Отказ</span>' in month
    assert 'aria-current="date"' in month
