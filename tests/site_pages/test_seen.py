"""What a person sees, and what a screen reader says, of a post's and a campaign's page (in
Debian's Chromium): Instagram's picture at its own ratio, a metrics chart whose lines stay apart
and whose readings are text, each post text in its language, the commits readable on a phone,
the bars' values in their names and figures that do not break across lines. Built from the
README's demo with two metrics readings, and Instagram posts of a wide, a tall and a landscape
picture."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from site_pages.conftest import METRICS_NOW, PUBLISH_NOW, clone_of_the_project, smm
from site_pages.test_browser import AXE, LOADED

SECOND_METRICS = "2026-12-02T10:30:00+03:00"
#: picture (width, height) -> the ratio Instagram's feed shows it at (rules/instagram.yaml: 4:5
#: to 1.91:1); the carousel's first picture is the landscape one, its second a tall one
PICTURES = {"wide": (1500, 500), "tall": (600, 1200), "landscape": (1600, 900)}
SHOWN = {"wide": 1.91, "tall": 0.8, "landscape": 1600 / 900, "carousel": 1600 / 900}
CHART_POST = "posts/zerno/2026/12/01-winter-menu.html"


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo, env = clone_of_the_project(tmp_path_factory.mktemp("seen"))
    smm(repo, env, "publish", "--sandbox", "--no-push", "--now", PUBLISH_NOW)
    smm(repo, env, "metrics", "--sandbox", "--no-push", "--now", METRICS_NOW)
    smm(repo, env, "metrics", "--sandbox", "--no-push", "--now", SECOND_METRICS)
    for name, size in PICTURES.items():
        Image.new("RGB", size, "teal").save(repo / f"assets/zerno/{name}.jpg")
    (repo / "posts/zerno/2027/03").mkdir(parents=True, exist_ok=True)
    for day, (name, images) in enumerate(
        [(n, [n]) for n in PICTURES] + [("carousel", ["landscape", "tall"])], start=20
    ):
        listed = "".join(f"  - src: assets/zerno/{i}.jpg\n    alt: {i}\n" for i in images)
        (repo / f"posts/zerno/2027/03/{day}-{name}.md").write_text(
            f"---\nnetwork: instagram\ntime: 2027-03-{day} 12:00\ntitle: {name}\n"
            f"images:\n{listed}---\nКартинка.\n",
            encoding="utf-8",
        )
    smm(repo, env, "site", "--out", str(repo.parent / "site"), "--now", SECOND_METRICS)
    return repo.parent / "site"


def _open(browser: Any, site: Path, path: str, width: int = 390) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((site / path).as_uri())
    page.evaluate(LOADED)
    return page


@pytest.mark.parametrize("name", list(SHOWN))
def test_instagram_shows_a_picture_at_its_ratio_held_between_4_5_and_1_91(browser, seen, name):
    page = _open(browser, seen, f"posts/zerno/2027/03/{20 + list(SHOWN).index(name)}-{name}.html")
    box = page.locator(".ig-post .media").bounding_box()
    assert box is not None and box["width"] / box["height"] == pytest.approx(SHOWN[name], 0.02)
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_metrics_chart_keeps_every_line_apart_and_gives_its_readings_as_text(
    browser, seen, width
):
    page = _open(browser, seen, CHART_POST, width)
    view = page.locator("section[data-network=vk]")
    chart = view.locator("svg.chart.line")
    described = chart.get_attribute("aria-describedby")
    table = page.locator(f"table#{described}")
    assert table.is_visible()
    heads = table.locator("thead th").all_inner_texts()
    rows = [r.locator("th, td").all_inner_texts() for r in table.locator("tbody tr").all()]
    assert len(rows) == 2 and all(len(r) == len(heads) for r in rows)
    assert {"reach", "views", "likes", "comments", "shares"} <= set(heads)
    # the first reading is text too, each figure a number
    assert rows[0][0] == "01.12 11:30" and all(re.fullmatch(r"[\d\u00a0]+", v) for v in rows[0][1:])
    # five figures on their own scales: drawn in a width, a dash and a marker of their own, the
    # widest first, so that lines lying on one another all show
    styles = chart.locator("polyline").evaluate_all(
        "ls => ls.map(l => [parseFloat(getComputedStyle(l).strokeWidth),"
        " getComputedStyle(l).strokeDasharray])"
    )
    assert len(styles) == 5 and len(set(map(tuple, styles))) == 5
    assert [w for w, _ in styles] == sorted((w for w, _ in styles), reverse=True)
    shapes = chart.evaluate(
        "svg => [...svg.querySelectorAll('polyline')].map(l => l.getAttribute('class'))"
        ".map(c => [...svg.querySelectorAll('.' + c + ':not(polyline):not(line):not(text)')]"
        ".map(e => e.tagName + (e.getAttribute('r') || '') +"
        " (e.getAttribute('points') || '').split(' ').length).sort().join())"
    )
    assert len(set(shapes)) == 5
    page.close()


def test_post_texts_are_in_the_language_the_brand_file_names(browser, seen):
    page = _open(browser, seen, "posts/nordlicht/2026/12/12-fjell-care-guide.html")
    assert page.evaluate("document.documentElement.lang") == "en"  # the page's own words
    langs = page.locator(".body").evaluate_all("es => es.map(e => e.closest('[lang]').lang)")
    assert langs and set(langs) == {"de"}
    assert page.locator("h1").get_attribute("lang") == "de"
    page.goto((seen / CHART_POST).as_uri())  # Zerno's brand file says `language: ru`
    langs = page.locator(".body").evaluate_all("es => es.map(e => e.closest('[lang]').lang)")
    assert langs and set(langs) == {"ru"}
    page.close()


@pytest.mark.parametrize("width", [390, 640])
def test_on_a_phone_each_commit_reads_whole_with_its_subject_across(browser, seen, width):
    page = _open(browser, seen, CHART_POST, width)
    rows = page.locator("table.changes tbody tr")
    assert rows.count() >= 5
    for row in rows.all():
        subject, whole = row.locator("td").last.bounding_box(), row.bounding_box()
        assert subject and whole and subject["width"] >= whole["width"] - 20
        assert subject["height"] < 110  # a line to five, not a sliver of one word a line
    scroll = page.locator(".scroll[aria-label=Commits]")
    assert scroll.evaluate("s => s.scrollWidth <= s.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_bars_say_their_values_to_a_screen_reader(browser, seen):
    page = _open(browser, seen, "campaigns/zerno/new-year-2026.html", 1280)
    reach = page.get_by_role("img", name=re.compile(r"^goal reach: [\d\s]+ of [\d\s]+ \("))
    assert reach.count() == 1
    budget = page.get_by_role("img", name=re.compile(r"budget used: [\d.]+\s%"))
    assert budget.count() == 1
    bars = page.locator("svg.chart[aria-label$='by week']")
    assert bars.count() == 6
    for by in bars.evaluate_all("cs => cs.map(c => c.getAttribute('aria-describedby'))"):
        assert page.locator(f"table#{by} tbody tr").count() >= 1
    page.close()


@pytest.mark.parametrize(
    "path",
    [CHART_POST, "campaigns/zerno/new-year-2026.html", "posts/zerno/2027/03/23-carousel.html"],
)
@pytest.mark.parametrize("width", [1280, 390])
def test_these_pages_stay_clean_for_axe_and_the_phone(browser, seen, path, width):
    page = _open(browser, seen, path, width)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run()).violations.filter(v => ['serious', 'critical']"
        ".includes(v.impact)).map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')))"
    )
    assert not found
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_figures_keep_their_digits_together_on_the_site_and_plain_in_the_report(seen):
    from decimal import Decimal

    from smm.report import numbers
    from smm.site import figures

    assert numbers.fmt_int(200_000) == "200 000"  # `smm report`'s text is as it was
    assert figures.fmt_int(200_000) == "200\u00a0000" == figures.group(200_000)
    assert figures.money(Decimal("1500"), "RUB") == "1\u00a0500.00\u00a0RUB"
    assert figures.fmt_percent(Decimal("0.64")) == "64.00\u00a0%"
    for page in (CHART_POST, "campaigns/zerno/new-year-2026.html"):
        text = (seen / page).read_text(encoding="utf-8")
        assert not re.search(r"\d \d{3}\b|\d %", re.sub(r"<[^>]*>", "", text)), page
