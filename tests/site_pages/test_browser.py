"""The example site in Debian's Chromium: every page at 1280 and 390 px served from a sub-path,
with no console error, no failed request, no request to another origin, no horizontal scrolling
on the phone, every internal link resolving, and no serious or critical axe-core violation; the
same pages opened from the file system; the filter."""

from __future__ import annotations

import posixpath
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from site_pages.conftest import SUB_PATH, clone_of_the_project

AXE = (
    Path(__file__).resolve().parents[2]
    / "tools"
    / "browser"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
WIDTHS = (1280, 390)
#: every image on the page loaded (lazy ones made eager; a failure is recorded by the listeners),
#: without networkidle's half-second wait per page
LOADED = """() => Promise.all([...document.images].map(i => (i.loading = 'eager') && i.complete ? null :
    new Promise(done => { i.addEventListener('load', done); i.addEventListener('error', done); })))"""


def pages_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


class Visit:
    """One page load, with everything that went wrong on the way."""

    def __init__(self, page: Any, origin: str) -> None:
        self.problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                m.type in ("error", "warning")
                and self.problems.append(f"console {m.type}: {m.text}")
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"),
        )

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith(origin):
                route.continue_()
            else:  # never let it out: an unpublished plan must not leave the page
                self.problems.append(f"request to another origin: {url}")
                route.abort()

        page.route("**/*", guard)


def internal_links(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "a[href], link[href], script[src], img[src]",
        "els => els.map(e => e.href || e.src)",
    )


def test_every_page_served_from_a_sub_path_loads_clean_at_two_widths(browser, served, demo_site):
    origin = served.split(SUB_PATH)[0]
    problems: dict[str, list[str]] = {}
    axe = AXE.read_text(encoding="utf-8")
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        visit = Visit(page, origin)
        for path in pages_of(demo_site):
            visit.problems = []
            page.goto(served + path, wait_until="load")
            page.evaluate(LOADED)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                visit.problems.append(f"scrolls sideways by {overflow}px at {width}px")
            for link in internal_links(page):
                if not link.startswith(("http://", "https://")) or not link.startswith(origin):
                    continue  # a live post on its network: a link, never loaded
                local = posixpath.normpath(unquote(urlsplit(link).path))
                if (
                    not local.startswith(SUB_PATH)
                    or not (demo_site / local[len(SUB_PATH) :]).is_file()
                ):
                    visit.problems.append(f"broken link {link}")
            # at both widths: the phone's list of days keeps roles of its own
            page.add_script_tag(content=axe)
            found = page.evaluate(
                "async () => (await axe.run()).violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
            )
            visit.problems.extend(f"axe {v}" for v in found)
            if visit.problems:
                problems[f"{path} @{width}"] = visit.problems
        context.close()
    assert not problems, problems
    assert len(pages_of(demo_site)) > 50


@pytest.mark.parametrize("kind", ["index.html", "calendar/", "campaigns/", "posts/"])
def test_pages_opened_from_the_file_system_load_clean(browser, demo_site, kind):
    path = next(p for p in pages_of(demo_site) if p.startswith(kind))
    page = browser.new_page(viewport={"width": 390, "height": 800})
    visit = Visit(page, "file://")
    page.goto((demo_site / path).as_uri())
    page.wait_for_load_state("load")
    for link in internal_links(page):
        if link.startswith("file://"):
            assert Path(unquote(urlsplit(link).path)).is_file(), link
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(246, 247, 249)"
    )  # the CSS loaded
    assert not visit.problems
    page.close()


#: the networks of the chips a person sees (drawn: not merely flagged hidden)
SEEN = "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.network)"


def test_the_calendar_filter_shows_one_network(browser, served, demo_site):
    page = browser.new_page()
    page.goto(served + "calendar/zerno/2026-12.html")
    everything = page.locator(".month .chip").count()
    page.select_option("#f-network", "vk")
    shown = page.eval_on_selector_all(".month .chip", SEEN)
    assert shown and set(shown) == {"vk"} and len(shown) < everything
    assert page.evaluate("location.hash") == "#network=vk"
    page.select_option("#f-network", "")
    assert len(page.eval_on_selector_all(".month .chip", SEEN)) == everything
    page.close()


def test_the_filtered_calendar_on_a_phone_lists_only_days_with_a_chip_shown(
    browser, served, demo_site
):
    """On a phone the month is a list of its days with posts: filtered, a day whose every chip
    is hidden goes too, instead of a box with its date and nothing under it."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(served + "calendar/zerno/2026-12.html")
    listed = "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.date)"
    every_day = page.eval_on_selector_all(".month .day", listed)
    page.select_option("#f-network", "vk")
    days = page.eval_on_selector_all(".month .day", listed)
    with_vk = page.eval_on_selector_all(
        ".month .day",
        "els => els.filter(e => e.querySelector('.chip[data-network=vk]') ||"
        " e.querySelector('.mark')).map(e => e.dataset.date)",
    )
    assert days and days == with_vk and len(days) < len(every_day)
    page.select_option("#f-network", "")
    assert page.eval_on_selector_all(".month .day", listed) == every_day
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_carousel_steps_with_its_buttons_and_says_which_image(
    browser, served, demo_site, width
):
    """A mouse cannot scroll Instagram's carousel sideways: its buttons do, one image a press,
    the number follows (scrolled by hand too), and each end's button is off."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(served + "posts/zerno/2026/12/10-new-year-carousel.html")
    media, at = page.locator(".ig-post .media.carousel"), page.locator(".carousel-nav .at")
    previous, following = (page.locator(f".carousel-nav [data-step='{s}']") for s in (-1, 1))
    scrolled = "m => Math.round(m.scrollLeft / m.clientWidth)"
    assert page.is_visible(".carousel-nav") and at.inner_text() == "1 / 3"
    off = [b.get_attribute("aria-disabled") for b in (previous, following)]
    assert off == ["true", "false"]
    following.focus()
    for shown in (2, 3):
        page.keyboard.press("Enter")  # by keyboard: the focus stays on the button at the end
        page.wait_for_function(
            f"document.querySelector('.carousel-nav .at').textContent === '{shown} / 3'"
        )
        assert media.evaluate(scrolled) == shown - 1
    assert [b.get_attribute("aria-disabled") for b in (previous, following)] == ["false", "true"]
    assert following.evaluate("b => document.activeElement === b")
    media.evaluate("m => m.scrollTo({left: 0})")  # by hand (a finger, a trackpad)
    page.wait_for_function("document.querySelector('.carousel-nav .at').textContent === '1 / 3'")
    assert page.locator("script[src$='carousel.js']").count() == 1
    page.goto(served + "posts/zerno/2026/12/01-winter-menu.html")  # one image: no carousel
    assert page.locator("script[src$='carousel.js']").count() == 0
    page.close()


def test_without_javascript_the_filter_is_not_offered(browser, served):
    """A filter that cannot filter is not shown: every chip is."""
    page = browser.new_page(java_script_enabled=False)
    page.goto(served + "calendar/zerno/2026-12.html#network=vk")
    assert not page.is_visible("form.filter")
    assert page.locator(".month .chip[data-network=telegram]").first.is_visible()
    page.close()


@pytest.mark.parametrize(("width", "says_none"), [(1280, False), (390, True)])
def test_a_match_only_on_another_months_day_is_none_on_a_phone(browser, tmp_path, width, says_none):
    """On a phone the month lists its own days only: a filter whose one match is on the next
    month's first day (drawn in the desktop grid, not in the phone's list) says nothing matches."""
    from smm.site import site

    repo, _ = clone_of_the_project(tmp_path)
    (repo / "posts/zerno/2027/01/01-midnight.md").write_text(
        "---\nnetwork: mastodon\ntime: 2027-01-01 00:05\ntitle: Полночь\n---\nС Новым годом!\n",
        encoding="utf-8",
    )
    site(repo, tmp_path / "site", now=datetime.fromisoformat("2026-12-20T09:00:00+03:00"))
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((tmp_path / "site/calendar/zerno/2026-12.html").as_uri() + "#network=mastodon")
    page.wait_for_function("document.getElementById('f-network').value === 'mastodon'")
    assert len(page.eval_on_selector_all(".month .chip", SEEN)) == (0 if says_none else 1)
    assert page.is_visible(".filter-none") == says_none
    page.set_viewport_size({"width": 1670 - width, "height": 900})  # turned: the other layout
    page.wait_for_function(
        f"document.querySelector('.filter-none').hidden === {str(says_none).lower()}"
    )
    page.close()


def test_the_filter_holds_after_back_and_on_the_next_month(browser, served, demo_site):
    page = browser.new_page()
    page.goto(served + "calendar/zerno/2026-12.html")
    page.select_option("#f-network", "telegram")
    page.locator(".month .chip[data-network=telegram]").first.click()
    page.wait_for_load_state("load")
    assert "/posts/" in page.url
    page.go_back()
    page.wait_for_load_state("load")
    assert page.input_value("#f-network") == "telegram"
    assert set(page.eval_on_selector_all(".month .chip", SEEN)) == {"telegram"}
    page.click("a[rel=next]")
    page.wait_for_load_state("load")
    assert page.url.endswith("2027-01.html#network=telegram")
    assert page.input_value("#f-network") in ("telegram", "")  # "" when January has none
    shown = set(page.eval_on_selector_all(".month .chip", SEEN))
    assert shown <= {"telegram"} if page.input_value("#f-network") else shown
    page.close()


def test_a_filter_address_pasted_applies_and_a_filter_nothing_matches_says_so(
    browser, served, demo_site
):
    page = browser.new_page()
    page.goto(served + "calendar/zerno/2026-12.html")
    page.evaluate("location.hash = '#network=vk'")  # a shared link, in the same tab
    page.wait_for_function("document.getElementById('f-network').value === 'vk'")
    assert set(page.eval_on_selector_all(".month .chip", SEEN)) == {"vk"}
    assert not page.is_visible(".filter-none")
    empty = None  # a month, and a network and a state no chip of it has together
    for month in sorted(p for p in pages_of(demo_site) if p.startswith("calendar/")):
        page.goto(served + month)
        options = [
            page.eval_on_selector_all(f"#f-{box} option", "os => os.map(o => o.value)")[1:]
            for box in ("network", "state")
        ]
        chips = page.eval_on_selector_all(
            ".month .chip", "els => els.map(e => e.dataset.network + ' ' + e.dataset.state)"
        )
        pairs = [(n, s) for n in options[0] for s in options[1] if f"{n} {s}" not in chips]
        if pairs:
            empty = pairs[0]
            break
    assert empty is not None
    page.select_option("#f-network", empty[0])
    page.select_option("#f-state", empty[1])
    assert page.eval_on_selector_all(".month .chip", SEEN) == []
    assert page.is_visible(".filter-none")
    page.focus("a.skip")  # the skip link (shown once focused): its #main keeps the filter
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash !== ''")
    assert page.input_value("#f-network") == empty[0]
    page.close()
