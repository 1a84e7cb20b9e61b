"""`smm report` shows the edits and retractions of live posts, per post and network, in every
format; a retracted post still counts in the campaign's spend and figures (report/changes.py)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from smm.report import FORMATS, render, report
from smm.report.formats import CSV_HEADER

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
EDITED = "zerno/2026/12/01-menu.md"
GONE = "zerno/2026/12/02-cake.md"


@pytest.fixture
def repo(workspace):
    """zerno/winter: the menu post edited twice on Telegram (once on VK); the cake post
    retracted on VK after its metrics were read; 500 RUB each, split over their networks."""
    ws = workspace
    ws.post(
        EDITED,
        """
        network: [telegram, vk]
        time: 2026-12-01 10:00
        budget: 500 RUB
        campaign: winter
        published:
          telegram: {state: "published", id: "1", at: "2026-12-01T10:00:04+03:00", edits: [
              {at: "2026-12-02T09:00:00+03:00", sent: "0123456789abcdef", reason: "typo"},
              {at: "2026-12-03T11:30:00+03:00", sent: "fedcba9876543210", reason: "wrong price"}]}
          vk: {state: "published", id: "2", at: "2026-12-01T10:00:05+03:00", edits: [
              {at: "2026-12-02T09:00:01+03:00", sent: "0123456789abcdef", reason: "typo"}]}
        """,
        body="Зимнее меню: латте с кардамоном и пряный раф.",
    )
    ws.post(
        GONE,
        """
        network: [vk]
        time: 2026-12-02 10:00
        budget: 500 RUB
        campaign: winter
        published:
          vk: {state: "published", id: "3", at: "2026-12-02T10:00:04+03:00", retracted: {at: "2026-12-04T08:15:00+03:00", reason: "sold out"}}
        metrics:
          vk: {at: "2026-12-03T10:00:00+03:00", reach: 1200, likes: 30}
        """,
        body="Морковный торт снова на витрине, приходите.",
    )
    return ws


def winter(data: dict) -> dict:
    return next(c for c in data["campaigns"] if c["campaign"] == "winter")


def test_json_lists_each_edit_count_and_the_retraction_and_the_retracted_post_counts(repo):
    data = json.loads(render(report(repo.root, now=NOW), "json"))
    c = winter(data)
    assert c["changes"] == [
        {
            "path": f"posts/{EDITED}",
            "network": "telegram",
            "edits": 2,
            "last_edit": {"at": "2026-12-03T11:30:00+03:00", "reason": "wrong price"},
            "retracted": None,
        },
        {
            "path": f"posts/{EDITED}",
            "network": "vk",
            "edits": 1,
            "last_edit": {"at": "2026-12-02T09:00:01+03:00", "reason": "typo"},
            "retracted": None,
        },
        {
            "path": f"posts/{GONE}",
            "network": "vk",
            "edits": 0,
            "last_edit": None,
            "retracted": {"at": "2026-12-04T08:15:00+03:00", "reason": "sold out"},
        },
    ]
    # the retracted post was live: its 500 RUB are spent and its reach read before is counted
    assert c["spend"] == "1000.00" and c["total"]["published"] == 2
    assert c["total"]["reach"] == 1200
    assert any("1 retracted post-network pair(s) still count" in n for n in c["notes"])


def test_text_and_markdown_show_the_edits_and_the_retraction(repo):
    result = report(repo.root, now=NOW)
    text = render(result, "text")
    assert "edits and retractions of live posts:" in text
    line = next(x for x in text.splitlines() if GONE in x)
    assert "2026-12-04" in line and "sold out" in line
    line = next(x for x in text.splitlines() if EDITED in x and "telegram" in x)
    assert " 2 " in line and "2026-12-03" in line and "wrong price" in line
    md = render(result, "markdown")
    assert "**Edits and retractions of live posts**" in md
    row = next(x for x in md.splitlines() if GONE in x)
    assert "retracted 2026-12-04" in row and "sold out" in row


def test_csv_has_a_row_per_edited_or_retracted_post_and_network(repo):
    rows = list(csv.DictReader(io.StringIO(render(report(repo.root, now=NOW), "csv"))))
    assert list(rows[0]) == list(CSV_HEADER)
    posts = [r for r in rows if r["scope"] == "post"]
    assert [(r["key"], r["network"], r["edits"]) for r in posts] == [
        (f"posts/{EDITED}", "telegram", "2"),
        (f"posts/{EDITED}", "vk", "1"),
        (f"posts/{GONE}", "vk", "0"),
    ]
    assert (posts[0]["last_edit_at"], posts[0]["last_edit_reason"]) == (
        "2026-12-03T11:30:00+03:00",
        "wrong price",
    )
    assert (posts[2]["retracted_at"], posts[2]["retracted_reason"]) == (
        "2026-12-04T08:15:00+03:00",
        "sold out",
    )
    assert all(r["network"] == "" for r in rows if r["scope"] != "post")


def test_every_format_carries_the_retraction(repo):
    result = report(repo.root, now=NOW)
    for fmt in FORMATS:
        assert "sold out" in render(result, fmt), fmt
