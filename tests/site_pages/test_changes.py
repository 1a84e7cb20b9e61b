"""The site shows edits and retractions of live posts: the post page's history lists each edit
(when, why, the sent text's digest, the commit its text came from) and the retraction; the
retracted network's card says "Retracted <date>: <reason>" in words; the calendar has a
``retracted`` chip and legend entry; and the page passes axe in Chromium."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from site_pages.conftest import clone_of_the_project, record_published
from site_pages.test_browser import AXE, Visit
from smm.site import site

NOW = datetime.fromisoformat("2026-12-20T09:00:00+03:00")
POST = "posts/zerno/2026/12/18-holiday-hours"
SENT = "0123456789abcdef"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with the holiday hours post published, edited on Telegram and
    retracted on VK (as smm publish records them), committed; its site built."""
    base = tmp_path_factory.mktemp("changes")
    repo, env = clone_of_the_project(base)
    record_published(
        repo / f"{POST}.md",
        telegram={
            "state": "published",
            "id": "900",
            "url": "https://t.me/zerno_coffee/900",
            "at": "2026-12-18T08:30:04+03:00",
            "edits": [{"at": "2026-12-18T12:00:00+03:00", "sent": SENT, "reason": "wrong hours"}],
        },
        vk={
            "state": "published",
            "id": "901",
            "url": "https://vk.com/wall-1_901",
            "at": "2026-12-18T08:30:05+03:00",
            "retracted": {"at": "2026-12-19T10:00:00+03:00", "reason": "hours changed again"},
        },
    )
    subprocess.run(
        ["git", "commit", "-qam", "smm: retracted [skip ci]"], cwd=repo, env=env, check=True
    )
    out = base / "site"
    site(repo, out, now=NOW)
    return out


def test_the_post_page_lists_the_edit_and_says_the_retraction_in_words(built):
    html = (built / f"{POST}.html").read_text(encoding="utf-8")
    assert "Retracted 2026-12-19: hours changed again" in html  # on VK's card
    assert "Retracted 2026-12-19T10:00:00+03:00: hours changed again" in html  # in the history
    # its line in the history: when it went out and when it was deleted, each called what it is
    assert (
        "vk: published at 2026-12-18T08:30:05+03:00, retracted at 2026-12-19T10:00:00+03:00" in html
    )
    assert "retracted at 2026-12-18T08:30:05" not in html
    assert "Edited 2026-12-18T12:00:00+03:00: wrong hours" in html and SENT in html
    assert "https://vk.com/wall-1_901" not in html  # no link to a deleted post


def test_the_calendar_has_a_retracted_chip_and_legend_entry(built):
    html = (built / "calendar/zerno/2026-12.html").read_text(encoding="utf-8")
    assert '<div class="legend"' in html and 'class="chip state-retracted"' in html
    assert 'data-state="retracted"' in html


def test_the_retracted_post_page_shows_the_retraction_and_passes_axe(browser, built):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    visit = Visit(page, "file://")
    page.goto((built / f"{POST}.html").as_uri())
    page.wait_for_load_state("load")
    card = page.locator('section.view[data-network="vk"] .retracted-note')
    assert card.inner_text() == "Retracted 2026-12-19: hours changed again"
    assert card.is_visible() and not visit.problems, visit.problems
    # (axe reads the stylesheet again itself, which file:// refuses: only its findings count)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run()).violations.filter(v => ['serious', 'critical']"
        ".includes(v.impact)).map(v => v.id)"
    )
    assert found == [], found
    page.close()
