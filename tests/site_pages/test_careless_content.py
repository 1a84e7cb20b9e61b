"""What the content fuzzer (tools/fuzz/fuzz_content.py, which builds the site of every case)
found a site page taking from a careless or hostile file, each as its scenario: every page
stays whole HTML (checked by the fuzzer's own tools/fuzz/sitecheck.py) and the build never
prints a traceback."""

from __future__ import annotations

import importlib.util
import re
from datetime import datetime
from pathlib import Path

from .conftest import SITE_NOW

_SPEC = importlib.util.spec_from_file_location(
    "sitecheck", Path(__file__).resolve().parents[2] / "tools/fuzz/sitecheck.py"
)
assert _SPEC and _SPEC.loader
sitecheck = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(sitecheck)
NOW = datetime.fromisoformat(SITE_NOW)


def build(workspace, out: Path):
    from smm.site import site

    result = site(workspace.root, out, now=NOW, jobs=1)
    assert sitecheck.site_problems(out) == []
    return result


def test_control_characters_in_a_post_are_shown_and_every_page_stays_html(workspace, tmp_path):
    """A NUL, an ESC, DEL, a C1 control or a noncharacter (which the HTML standard makes a parse
    error wherever it stands) in a title, a campaign's name or the text: shown as an escape, as
    smm's terminal output shows it, on the post page, the calendar and the campaign page."""
    workspace.campaign("zerno", "winter", name="Зима\x00\x9b")
    workspace.post(
        "zerno/2026/12/01-odd.md",
        'network: [telegram, vk]\ntime: 2026-12-01 10:00\ntitle: "Меню\\0\\e[31m\\x7f\\uffff"\n'
        "campaign: winter",
        body="Текст\x07 и\x1b ещё\ufdd0.\n",
    )
    build(workspace, tmp_path / "site")
    post = (tmp_path / "site/posts/zerno/2026/12/01-odd.html").read_text(encoding="utf-8")
    assert '<h1 dir="auto">Меню\\x00\\x1b[31m\\x7f\\uffff</h1>' in post
    assert "Текст\\x07 и\\x1b ещё\\ufdd0." in post
    month = (tmp_path / "site/calendar/zerno/2026-12.html").read_text(encoding="utf-8")
    assert re.search(r'title="Меню\\x00\\x1b\[31m\\x7f\\uffff"', month)
    campaign = (tmp_path / "site/campaigns/zerno/winter.html").read_text(encoding="utf-8")
    assert "Зима\\x00\\x9b" in campaign
