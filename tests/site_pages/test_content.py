"""What the example site shows, read in the browser, against what the files say: each post page
shows the text `smm preview` computes for each network, the calendar shows each post on its local
day with the state its file records, and each post page shows the figures of its metrics: block."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from site_pages.conftest import SITE_NOW
from smm.content.managed import read_block
from smm.content.model import publish_state
from smm.networks.base import METRIC_KEYS
from smm.networks.compose import Rendered
from smm.preview import preview
from smm.site.figures import NBSP

TIME = re.compile(r"^time: (\d{4}-\d\d-\d\d \d\d:\d\d)", re.M)


def posts_of(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "posts").rglob("*.md"))


def test_each_post_page_shows_the_text_smm_preview_computes(browser, served, demo_repo):
    repo, _ = demo_repo
    page = browser.new_page()
    checked = threads = comments = 0
    for path in posts_of(repo):
        page.goto(served + path[: -len(".md")] + ".html")
        for rendered in preview(str(repo / path), root=repo):
            section = page.locator(f'section.view[data-network="{rendered.network}"]')
            # a thread shows each part as the network will (its own count); then a first comment
            messages = [*rendered.messages, *filter(None, [rendered.first_comment])]
            bodies = section.locator(".body").evaluate_all("es => es.map(e => e.textContent)")
            counts = section.locator(".count").all_inner_texts()
            assert len(bodies) == len(counts) == len(messages), (path, rendered.network)
            for message, shown, count in zip(messages, bodies, counts, strict=True):
                # Telegram shows its entities as formatting: the text is what Telegram keeps
                assert shown.strip("\n ") == message.visible.replace("\u200c", "").strip("\n "), (
                    path,
                    rendered.network,
                )
                assert f"{message.length:,}".replace(",", NBSP) in count, (path, count)
            threads += len(rendered.parts) > 1
            comments += rendered.first_comment is not None
            checked += 1
    page.close()
    assert checked >= 80  # every network of every example post
    assert threads and comments  # the example thread's parts and a first comment were among them


def test_the_calendar_shows_each_post_on_its_local_day_in_its_state(browser, served, demo_repo):
    repo, _ = demo_repo
    now = datetime.fromisoformat(SITE_NOW)
    page = browser.new_page()
    published = 0
    for path in posts_of(repo):
        text = (repo / path).read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        brand = path.split("/")[1]
        zone = ZoneInfo(yaml.safe_load((repo / "brands" / f"{brand}.yaml").read_text())["timezone"])
        local = datetime.strptime(TIME.search(text).group(1), "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        recorded = read_block(text, "published")
        page.goto(served + f"calendar/{brand}/{local:%Y-%m}.html")
        target = path.rsplit("/", 1)[-1][: -len(".md")] + ".html"
        networks = front["network"]
        for network in dict.fromkeys([networks] if isinstance(networks, str) else networks):
            chip = page.locator(
                f'[data-date="{local:%Y-%m-%d}"] a.chip[data-network="{network}"][href$="/{target}"]'
            )
            assert chip.count() == 1, (path, network)
            assert chip.locator(".t").inner_text() == f"{local:%H:%M}"
            state = chip.get_attribute("data-state")
            if network in recorded:
                assert state == publish_state(recorded[network]), (path, network)
                published += state == "published"
            else:
                assert state == (
                    "scheduled" if local > now else state in ("due", "overdue") and state
                )
    page.close()
    assert published >= 7  # the demo published the 1 December posts to seven networks


def test_each_post_page_shows_its_metrics_block(browser, served, demo_repo):
    repo, _ = demo_repo
    page = browser.new_page()
    measured = 0
    for path in posts_of(repo):
        block = read_block((repo / path).read_text(encoding="utf-8"), "metrics")
        if not block:
            continue
        page.goto(served + path[: -len(".md")] + ".html")
        for network, figures in block.items():
            section = page.locator(f'section.view[data-network="{network}"]')
            shown = dict(
                zip(
                    section.locator("dl.metrics dt").all_inner_texts(),
                    section.locator("dl.metrics dd").all_inner_texts(),
                )
            )
            expected = {
                k: f"{v:,}".replace(",", "\u00a0") for k, v in figures.items() if k in METRIC_KEYS
            }
            assert shown == expected, (path, network)
            # one reading (the demo's one metrics run): its figures, and no chart of one dot
            assert section.locator("svg.chart").count() == 0
            measured += 1
    page.close()
    assert measured >= 7


COUNT = re.compile(r'<p class="count( over)?">([^<]*)</p>')
SECTION = re.compile(r'<section class="view [^"]*" data-network="([^"]+)".*?</section>', re.S)


def count_line(message: Rendered, what: str) -> tuple[bool, str]:
    """The count line as the page must say it: what, length / limit, unit (and over or not)."""
    limit = f"{message.limit.value:,}".replace(",", NBSP) if message.limit else "no limit"
    over = message.over_limit()
    said = f"{what} {message.length:,}/{limit} {message.unit}".replace(",", NBSP)
    return over, said + (" · over the limit" if over else "")


def test_each_view_says_its_length_limit_and_unit_and_whether_it_is_over(demo_repo, demo_site):
    repo, _ = demo_repo
    checked = 0
    for path in posts_of(repo):
        page = (demo_site / (path[: -len(".md")] + ".html")).read_text(encoding="utf-8")
        sections = {m.group(1): m.group(0) for m in SECTION.finditer(page)}
        for rendered in preview(str(repo / path), root=repo):
            caption = rendered.limit_key == "text.caption_limit"
            expected = [count_line(m, "caption" if caption else "text") for m in rendered.messages]
            if rendered.first_comment is not None:
                expected.append(count_line(rendered.first_comment, "comment"))
            shown = [
                (bool(over), html.unescape(text))
                for over, text in COUNT.findall(sections[rendered.network])
            ]
            assert shown == expected, (path, rendered.network)
            checked += 1
    assert checked >= 80
