"""`smm report`'s deals per partner and a campaign's results (cost per lead, ROMI) against
hand-computed figures (Decimal), in the four formats, and the README's deals demo on the examples."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from project_copy import PROJECT, copy_project
from smm.report import render, report
from smm.report.deals import DEAL_KEYS, RESULT_KEYS
from smm.report.formats import CSV_HEADER

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
D = Decimal
MARK = 'advertiser: {name: "ИП Смирнова", inn: "771234567859", erid: "2VtzqwE8kPq"}'
PUB = "published:\n  {n}: {{state: published, id: '1', url: 'https://example.org/1'}}"


def published(*networks: str) -> str:
    lines = ["published:"] + [
        f"  {n}: {{state: published, id: '{i}', url: 'https://example.org/{i}'}}"
        for i, n in enumerate(networks, 1)
    ]
    return "\n".join(lines)


@pytest.fixture
def deals(workspace):
    """zerno/winter (10 000 RUB), results 40 leads and 12 000 RUB revenue; five deal posts.

    Колобок: a published exchange whose counter-post is out (barter), a published one whose
    counter-post was due 2026-12-10 (2 000 RUB), a planned one due 2026-12-30 (barter); the name
    written three ways. @anna: a published influencer post, 20 000 RUB, no reach in the deal: our
    post's reach 950 (vk) + views 12 345 (telegram) = 13 295. @lena: a planned influencer post,
    1 800 EUR, reach 48 200 as she reports it. Spend: Колобок's 2 000 (its budget) + @anna's
    8 000 (both networks published) = 10 000. And an organic post with a deal: left out.
    """
    ws = workspace
    ws.campaign(
        "zerno",
        "winter",
        results={"leads": 40, "revenue": "12000 RUB"},
        goals={"leads": 50},
    )

    def post(slug: str, front: str, body: str = "Реклама. Наши друзья — пекарня и блогер.") -> None:
        ws.post(f"zerno/2026/12/{slug}.md", f"campaign: winter\n{MARK}\n{front}", body=body + slug)

    post(
        "01-swap",
        "network: telegram\ntime: 2026-12-01 10:00\nkind: exchange\n"
        "deal: {partner: Пекарня Колобок, cost: barter, due: 2026-12-02, "
        "counter_post: 'https://t.me/kolobok/1'}\n" + published("telegram"),
    )
    post(
        "05-swap",
        "network: telegram\ntime: 2026-12-05 10:00\nkind: exchange\nbudget: 2000 RUB\n"
        "deal: {partner: '  пекарня   колобок ', cost: 2000 RUB, due: 2026-12-10}\n"
        + published("telegram"),
    )
    post(
        "28-swap",
        "network: telegram\ntime: 2026-12-28 10:00\nkind: exchange\n"
        "deal: {partner: ПЕКАРНЯ КОЛОБОК, cost: barter, due: 2026-12-30}",
    )
    post(
        "12-anna",
        "network: [telegram, vk]\ntime: 2026-12-12 15:00\nkind: influencer\n"
        "budget: {amount: 8000, currency: RUB, kind: influencer}\n"
        "deal: {partner: '@anna', agreed: обзор меню, cost: 20000 RUB, due: 2026-12-14, "
        "counter_post: 'https://vk.com/anna/1'}\n" + published("telegram", "vk") + "\nmetrics:\n"
        "  telegram: {at: '2026-12-13T15:00:00+03:00', views: 12345}\n"
        "  vk: {at: '2026-12-13T15:00:00+03:00', views: 3000, reach: 950, likes: 3}",
    )
    post(
        "22-lena",
        "network: telegram\ntime: 2026-12-22 12:00\nkind: influencer\n"
        "deal: {partner: '@lena', cost: {amount: 1800, currency: EUR}, reach: 48200}",
    )
    post(
        "15-note",
        "network: telegram\ntime: 2026-12-15 10:00\nkind: organic\ndeal: {partner: '@lena', cost: 5 EUR}",
    )
    return ws


def partners(result):
    (brand,) = result.deals
    assert brand.brand == "zerno"
    return {p.partner: p for p in brand.partners}


def test_deals_per_partner_equal_hand_computed(deals):
    by = partners(report(deals.root, now=NOW))
    assert list(by) == ["@anna", "@lena", "Пекарня Колобок"]  # the first spelling, in name order
    kolobok = by["Пекарня Колобок"]
    assert (kolobok.deals, kolobok.ours_published, kolobok.ours_planned, kolobok.theirs_out) == (
        3,
        2,
        1,
        1,
    )
    assert kolobok.balance == -1  # they owe us one counter-post
    assert [(o.path.split("/")[-1], o.due) for o in kolobok.overdue] == [
        ("05-swap.md", date(2026, 12, 10))
    ]
    assert (kolobok.cost, kolobok.barter, kolobok.reach, kolobok.cpm) == (
        {"RUB": D(2000)},
        2,
        None,
        {},
    )  # exchanges have no influencer reach
    anna = by["@anna"]
    assert (anna.ours_published, anna.theirs_out, anna.balance, anna.overdue) == (1, 1, 0, [])
    assert (anna.reach, anna.reach_measured) == (950 + 12345, 1)
    assert anna.cpm == {"RUB": D(20000) / 13295 * 1000}
    lena = by["@lena"]
    assert (lena.ours_planned, lena.reach, lena.reach_measured, lena.cost) == (
        1,
        48200,
        0,
        {"EUR": D(1800)},
    )
    assert lena.cpm == {"EUR": D(1800) / 48200 * 1000} and lena.deals == 1  # not the organic post


def test_results_give_cost_per_lead_and_romi_over_the_campaigns_spend(deals):
    result = report(deals.root, now=NOW)
    winter = next(c for c in result.campaigns if c.slug == "winter")
    assert winter.total.spend == D(10000)
    assert (winter.leads, winter.revenue) == (40, D(12000))
    assert winter.cost_per_lead == D(250)
    assert winter.romi == D("0.2")  # (12 000 - 10 000) / 10 000
    (leads,) = [g for g in winter.goals if g.name == "leads"]
    assert (leads.actual, leads.met, leads.progress) == (D(40), False, D("0.8"))


@pytest.mark.parametrize(
    ("results", "cpl", "romi", "note"),
    [
        ({"leads": 0, "revenue": "5000 RUB"}, None, D("-0.5"), None),  # no leads: no cost per lead
        ({"leads": 3}, D(10000) / 3, None, None),  # no revenue: no ROMI
        ({"revenue": "900 EUR", "leads": 8}, D(1250), None, "results: revenue 900 EUR"),
    ],
)
def test_undefined_results_are_none_never_a_division_by_zero(deals, results, cpl, romi, note):
    deals.campaign("zerno", "winter", results=results)
    winter = next(c for c in report(deals.root, now=NOW).campaigns if c.slug == "winter")
    assert (winter.cost_per_lead, winter.romi) == (cpl, romi)
    assert (note is None) == (not any(n.startswith("results:") for n in winter.notes))
    if note:
        assert any(n.startswith(note) and "left out of ROMI" in n for n in winter.notes)


def test_no_spend_means_no_romi_and_no_cost_per_lead_is_zero(workspace):
    workspace.campaign("zerno", "winter", results={"leads": 10, "revenue": "100 RUB"})
    winter = next(c for c in report(workspace.root, now=NOW).campaigns if c.slug == "winter")
    assert (winter.cost_per_lead, winter.romi) == (D(0), None)
    assert report(workspace.root, now=NOW).deals == []


def test_a_campaign_filter_keeps_its_own_deals_only(deals):
    deals.post(
        "zerno/2026/12/09-other.md",
        "network: telegram\ntime: 2026-12-09 10:00\nkind: exchange\n"
        f"{MARK}\ndeal: {{partner: Книжный, cost: barter}}",
    )
    assert "Книжный" in partners(report(deals.root, now=NOW))
    only = report(deals.root, campaign="winter", now=NOW)
    assert "Книжный" not in partners(only) and "@anna" in partners(only)
    assert report(deals.root, brand="nordlicht", now=NOW).deals == []


# --- the formats ---------------------------------------------------------------------------------


def test_text_and_markdown(deals):
    result = report(deals.root, now=NOW)
    text = render(result, "text")
    assert "results: 40 leads · revenue 12 000.00 RUB · cost per lead 250.00 · ROMI 20.00 %" in text
    assert "Deals: zerno" in text
    rows = {line.split("  ")[0]: line for line in text.splitlines()}
    assert rows["Пекарня Колобок"].split() == [
        *("Пекарня", "Колобок", "3", "2", "1", "1", "-1", "1", "(2026-12-10)"),
        *("2", "000.00", "RUB", "+", "2", "barter", "—", "—"),
    ]
    assert rows["@anna"].split()[-5:] == ["13", "295*", "1", "504.32", "RUB"]
    assert rows["@lena"].split()[-4:] == ["48", "200", "37.34", "EUR"]  # 1800 / 48 200 x 1000
    flat = " ".join(text.split())
    assert "ROMI (return on marketing spend) = (revenue - spend) / spend" in flat
    assert "counter-post for posts/zerno/2026/12/05-swap.md was due 2026-12-10" in text
    assert re.search(r"\nleads +50 +40 +80\.00 % of the goal\n", text)  # the goal meets the results
    md = render(result, "markdown")
    assert (
        "\nresults: 40 leads · revenue 12 000.00 RUB · cost per lead 250.00 · ROMI 20.00 %\n" in md
    )
    assert "#### Deals: zerno" in md
    assert "| @anna | 1 | 1 | 0 | 1 | 0 | 0 | 20 000.00 RUB | 13 295* | 1 504.32 RUB |" in md
    widths = {len(re.findall(r"(?<!\\)\|", r)) for r in md.splitlines() if r.startswith("| @")}
    assert widths == {11}


def test_json(deals):
    data = json.loads(render(report(deals.root, now=NOW), "json"))
    winter = next(c for c in data["campaigns"] if c["campaign"] == "winter")
    assert winter["results"] == {
        "leads": 40,
        "revenue": "12000.00",
        "cost_per_lead": "250.00",
        "romi": "0.2000",
    }
    assert all(c["results"] is None for c in data["campaigns"] if c["campaign"] != "winter")
    (zerno,) = data["deals"]
    assert zerno["brand"] == "zerno" and zerno["notes"] == []
    kolobok = next(p for p in zerno["partners"] if p["partner"] == "Пекарня Колобок")
    assert kolobok == {
        "partner": "Пекарня Колобок",
        "kinds": ["exchange"],
        "deals": 3,
        "ours_published": 2,
        "ours_planned": 1,
        "theirs_out": 1,
        "balance": -1,
        "overdue": [{"post": "posts/zerno/2026/12/05-swap.md", "due": "2026-12-10"}],
        "cost": {"RUB": "2000.00"},
        "barter": 2,
        "reach": None,
        "reach_measured": 0,
        "cpm": {},
    }
    anna = next(p for p in zerno["partners"] if p["partner"] == "@anna")
    assert (anna["reach"], anna["cpm"]) == (13295, {"RUB": "1504.32"})


def test_csv(deals):
    rows = list(csv.DictReader(io.StringIO(render(report(deals.root, now=NOW), "csv"))))
    assert list(rows[0]) == list(CSV_HEADER) and len(set(CSV_HEADER)) == len(CSV_HEADER)
    total = next(r for r in rows if r["campaign"] == "winter" and r["scope"] == "total")
    assert [total[k] for k in RESULT_KEYS] == ["40", "12000.00", "250.00", "0.2000"]
    assert all(total[k] == "" for k in DEAL_KEYS)
    partner_rows = [r for r in rows if r["scope"] == "partner"]
    assert [(r["brand"], r["key"]) for r in partner_rows] == [
        ("zerno", "@anna"),
        ("zerno", "@lena"),
        ("zerno", "Пекарня Колобок"),
    ]
    kolobok = partner_rows[2]
    assert [kolobok[k] for k in DEAL_KEYS] == [
        *("3", "2", "1", "1", "-1", "2026-12-10", "2000.00 RUB", "2", "", ""),
    ]
    assert partner_rows[0]["deal_cpm"] == "1504.32 RUB" and partner_rows[0]["spend"] == ""


def test_smm_report_as_a_subprocess(deals):
    proc = deals.smm("report", "--format", "json", "--now", "2026-12-20T12:00:00Z")
    assert proc.returncode == 0, proc.stderr
    assert [p["partner"] for p in json.loads(proc.stdout)["deals"][0]["partners"]] == [
        "@anna",
        "@lena",
        "Пекарня Колобок",
    ]


# --- the examples and the README -----------------------------------------------------------------

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_the_readme_deals_demo_on_the_examples(tmp_path):
    """The README's "Deals and results" block, on the examples as shipped: @anna's counter-post
    is overdue, Колобок's is out, and new-year-2026 has its results."""
    section = README[README.index("## Deals and results") :].split("\n## ", 1)[0]
    (command,) = re.findall(r"```bash\n(smm report [^\n]*)\n```", section)
    now = datetime.fromisoformat(command.split("--now ")[1].split()[0])
    root = tmp_path / "examples"
    copy_project(root, "brands", "campaigns", "posts")
    result = report(root, brand="zerno", now=now)
    by = partners(result)
    assert [o.due for o in by["@anna.coffee.diary"].overdue] == [date(2026, 12, 14)]
    assert by["Пекарня «Колобок»"].theirs_out == 1 and not by["Пекарня «Колобок»"].overdue
    new_year = next(c for c in result.campaigns if c.slug == "new-year-2026")
    assert (new_year.leads, new_year.revenue) == (140, D(265000))
    assert "Deals: zerno" in render(result, "text")
    for fmt in ("markdown", "json", "csv"):
        assert "Колобок" in render(result, fmt)
