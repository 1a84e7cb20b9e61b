"""Deals and results end to end: real git (a bare origin, a clone), `publish()` and `metrics()`
against the sandbox on 127.0.0.1, then `smm lint` and `smm report` on the clone. The influencer's
reach is what the sandbox reported for our post; the spend is what was published."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from publish.harness import (
    BRAND,
    NOW,
    TG_TOKEN,
    TOKENS,
    VK_TOKEN,
    bare_origin,
    git,
    sandbox_at_now,
    write_repo,
)
from publish.harness import published as published_block
from smm.lint import lint
from smm.metrics.run import metrics
from smm.publish.run import publish
from smm.report import report
from smm.sandbox import Sandbox
from smm.settings import Settings

ANNA, SWAP = "posts/zerno/2026/12/01-anna.md", "posts/zerno/2026/12/01-swap.md"
POSTS = {
    ANNA: """\
        ---
        network: [telegram, vk]
        time: 2026-12-01 10:00
        kind: influencer
        campaign: winter
        budget: {amount: 8000, currency: RUB, kind: influencer}
        advertiser: {name: "ООО «Зерно»", inn: "7701234560", erid: "2VtzqxN3rLm"}
        deal: {partner: "@anna", cost: 20000 RUB, due: 2026-12-03, counter_post: "https://vk.com/anna?w=wall1_7"}
        ---
        Аня из «Кофейного дневника» попробовала зимнее меню: её выбор — латте с корицей.
        """,
    SWAP: """\
        ---
        network: [telegram, vk]
        time: 2026-12-01 10:15
        kind: exchange
        campaign: winter
        budget: 2000 RUB
        advertiser: {name: "ИП Смирнова", inn: "771234567859", erid: "2VtzqwE8kPq"}
        deal:
          partner: Пекарня «Колобок»
          agreed: пост за пост
          cost: barter
          due: 2026-11-30
        ---
        Круассаны к нашему кофе печёт пекарня «Колобок» с Покровки, каждое утро с шести.
        """,
}
CAMPAIGN = {
    "name": "Зима",
    "start": "2026-12-01",
    "end": "2026-12-31",
    "budget": "30000 RUB",
    "networks": ["telegram", "vk"],
    "results": {"leads": 25, "revenue": "90000 RUB"},
}
LATER = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with sandbox_at_now(
        tmp_path / "sandbox",
        telegram_tokens=[TG_TOKEN],
        vk_tokens=[VK_TOKEN],
        telegram_chats=["@zerno"],
        vk_owners=[-1],
        vk_per_second=50,
    ) as sb:
        yield sb


@pytest.fixture
def clone(tmp_path: Path, sandbox: Sandbox) -> Path:
    """A clone whose two deal posts went out to telegram and vk, and whose figures were read back."""
    origin, seed, clone = bare_origin(tmp_path), tmp_path / "seed", tmp_path / "clone"
    seed.mkdir()
    git(seed, "init", "--quiet", "-b", "main")
    write_repo(seed, POSTS, BRAND)
    (seed / "campaigns/zerno").mkdir(parents=True)
    (seed / "campaigns/zerno/winter.yaml").write_text(
        yaml.safe_dump(CAMPAIGN, allow_unicode=True), encoding="utf-8"
    )
    git(seed, "add", "--all")
    git(seed, "commit", "--quiet", "-m", "Two deals for 1 December")
    git(seed, "remote", "add", "origin", str(origin))
    git(seed, "push", "--quiet", "-u", "origin", "main")
    git(tmp_path, "clone", "--quiet", str(origin), str(clone))
    git(clone, "config", "user.name", "smm test")
    git(clone, "config", "user.email", "smm@example.invalid")
    settings = Settings(api_base=sandbox.url, env=TOKENS)
    done = publish(root=clone, now=NOW, settings=settings)
    assert done.counts() == {"published": 4}, done.table()
    for path in POSTS:
        ids = published_block(clone / path)
        sandbox.set_metrics("vk", ids["vk"]["id"], views=3000, likes=10, reach_total=950, links=4)
        sandbox.set_metrics("telegram", ids["telegram"]["id"], views=987)
    read = metrics(root=clone, now=NOW + timedelta(hours=2), settings=settings)
    assert read.exit_code == 0, read.table()
    return clone


def test_the_published_deals_and_results_as_the_report_gives_them(clone: Path) -> None:
    result = report(clone, now=LATER)
    winter = next(c for c in result.campaigns if c.slug == "winter")
    assert winter.total.spend == Decimal(10000)  # 8 000 + 2 000, every network published
    assert (winter.cost_per_lead, winter.romi) == (
        Decimal(400),
        Decimal(8),
    )  # 10 000 / 25; (90 000 - 10 000) / 10 000
    (deals,) = result.deals
    anna, kolobok = deals.partners
    assert (anna.partner, anna.ours_published, anna.theirs_out, anna.balance) == ("@anna", 1, 1, 0)
    assert (anna.reach, anna.reach_measured) == (950 + 987, 1)  # vk's reach + telegram's views
    assert anna.cpm == {"RUB": Decimal(20000) / 1937 * 1000}
    assert (kolobok.partner, kolobok.ours_published, kolobok.balance, kolobok.barter) == (
        "Пекарня «Колобок»",
        1,
        -1,
        1,
    )
    assert [(o.path, o.due) for o in kolobok.overdue] == [(SWAP, date(2026, 11, 30))]


def test_lint_warns_of_the_overdue_counter_post_and_the_cli_reports_it(clone: Path) -> None:
    found = lint(clone, now=LATER, jobs=1).findings
    assert [(f.path, f.level, f.rule) for f in found] == [(SWAP, "warning", "deal/overdue")]
    proc = subprocess.run(
        [sys.executable, "-m", "smm", "report", "--format", "csv", "--now", LATER.isoformat()],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    total = next(r for r in rows if r["campaign"] == "winter" and r["scope"] == "total")
    assert (total["spend"], total["cost_per_lead"], total["romi"]) == (
        "10000.00",
        "400.00",
        "8.0000",
    )
    anna = next(r for r in rows if r["scope"] == "partner" and r["key"] == "@anna")
    assert (anna["deal_reach"], anna["deal_cpm"]) == ("1937", "10325.25 RUB")
