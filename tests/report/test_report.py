"""`smm report`: campaign figures against hand-computed values, the four formats, the edge cases,
the command as a subprocess, and the repository's own example content."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import yaml

from project_copy import copy_project
from smm.content.repo import open_repo
from smm.errors import UsageError
from smm.lint.engine import collect
from smm.report import render, report
from smm.report.campaigns import read_metrics
from smm.report.figures import Figures, split
from smm.report.formats import CSV_HEADER, ROW_KEYS

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
D = Decimal


def published(*networks: str) -> str:
    """A published: block to put in a front matter template indented by 8 spaces."""
    lines = ["published:"]
    for i, n in enumerate(networks, 1):
        lines.append(
            f'          {n}: {{state: "published", id: "{i}", url: "https://example.org/{n}/{i}", at: "2026-12-01T10:00:04+03:00"}}'
        )
    return "\n".join(lines)


@pytest.fixture
def repo(workspace):
    """zerno/winter (10 000 RUB) with five posts; nordlicht/winter-sale (1 000 EUR) with one; nordlicht/empty with none.

    Budget shares: P1 1000 over [telegram, vk] = 500 + 500; P2 1000 over [telegram, vk, ok] =
    333.34 + 333.33 + 333.33; P3 2000 on vk; P4 500 EUR in a RUB campaign: left out; P5 600 on ok.
    """
    ws = workspace
    ws.campaign(
        "zerno",
        "winter",
        networks=["telegram", "vk", "ok"],
        goals={"reach": 5000, "engagement_rate": 0.05, "clicks": 100, "leads": 10},
    )
    ws.campaign("nordlicht", "empty", name="Nothing yet", budget="300 EUR")
    ws.post(
        "zerno/2026/12/01-a.md",
        f"""
        network: [telegram, vk]
        time: 2026-12-01 10:00
        budget: 1000 RUB
        campaign: winter
        {published("telegram", "vk")}
        metrics:
          telegram: {{at: "2026-12-02T10:00:00+03:00", views: 2000, reactions: 50, shares: 10}}
          vk: {{at: "2026-12-02T10:00:00+03:00", views: 3000, reach: 1500, likes: 60, comments: 15, shares: 5, clicks: 30}}
        """,
        body="Пост один: зимнее меню и пряный латте для всех.",
    )
    ws.post(
        "zerno/2026/12/03-b.md",
        f"""
        network: [telegram, vk, ok]
        time: 2026-12-03 12:00
        budget: {{amount: 1000, currency: RUB, kind: boost}}
        campaign: winter
        {published("telegram", "vk")}
        metrics:
          telegram:
            at: "2026-12-04T12:00:00+03:00"
            views: 1000
            reactions: 20
        """,
        body="Пост два: подарочные наборы зерна к праздникам.",
    )
    ws.post(
        "zerno/2026/12/08-c.md",
        f"""
        network: vk
        time: 2026-12-08 12:00
        budget: 2000 RUB
        campaign: winter
        {published("vk")}
        metrics:
          vk: {{at: "2026-12-09T12:00:00+03:00", reach: 0, views: 0, likes: 0}}
        """,
        body="Пост три: никто не увидел, ноль охвата и ноль реакций.",
    )
    ws.post(
        "zerno/2026/12/15-d.md",
        f"""
        network: telegram
        time: 2026-12-15 12:00
        budget: 500 EUR
        campaign: winter
        {published("telegram")}
        metrics:
          telegram: {{at: "2026-12-16T12:00:00+03:00", views: 400, reactions: 4}}
        """,
        body="Пост четыре: бюджет в евро, а кампания в рублях.",
    )
    ws.post(
        "zerno/2027/01/04-e.md",
        """
        network: ok
        time: "2027-01-03T22:30:00Z"
        budget: 600 RUB
        campaign: winter
        """,
        body="Пост пять: понедельник в Москве, воскресенье по UTC.",
    )
    ws.post(
        "nordlicht/2026/12/05-n.md",
        f"""
        network: [telegram, instagram]
        time: 2026-12-05 12:00
        budget: 100 EUR
        campaign: winter-sale
        {published("instagram")}
        metrics:
          instagram: {{at: "2026-12-06T12:00:00+01:00", likes: 5, saves: 3}}
        """,
        body="Winter sale: shells and insulation, up to 30 % off.",
    )
    return ws


def get(result, brand, slug):
    return next(c for c in result.campaigns if (c.brand, c.slug) == (brand, slug))


def shown(f: Figures) -> dict:
    """A row as the formats round it (money and costs to 0.01, ER to 0.01 %)."""
    from smm.report.formats import row

    return row(f)


# --- the maths -----------------------------------------------------------------------------------


def test_budget_shares_are_whole_cents_that_add_up():
    assert split(D(1000), 3) == [D("333.34"), D("333.33"), D("333.33")]
    assert split(D(1000), 2) == [D(500), D(500)]
    assert split(D("0.02"), 3) == [D("0.01"), D("0.01"), D("0.00")]
    for amount in (D("0.01"), D("99.99"), D("1234.57"), D(7)):
        for parts in range(1, 8):
            shares = split(amount, parts)
            assert sum(shares) == amount and all(s == s.quantize(D("0.01")) for s in shares)
    assert split(D(5), 0) == []


def test_per_network_figures_equal_hand_computed(repo):
    r = get(report(repo.root, now=NOW), "zerno", "winter")
    assert list(r.networks) == ["telegram", "vk", "ok"]
    tg, vk, ok = (shown(r.networks[n]) for n in ("telegram", "vk", "ok"))
    # telegram: P1 500 + P2 333.34 + P4 0 (EUR left out); reach = views 2000 + 1000 + 400; eng 60 + 20 + 4
    assert tg == {
        "posts": 3,
        "published": 3,
        "planned_spend": "833.34",
        "spend": "833.34",
        "reach": 3400,
        "reach_from_views": 3,
        "engagements": 84,
        "clicks": None,
        "engagement_rate": "0.0247",  # 84 / 3400 = 0.024706
        "cpm": "245.10",  # 833.34 / 3400 x 1000 = 245.1
        "cpe": "9.92",  # 833.34 / 84 = 9.9207
        "cpc": None,
        "measured": 3,
    }
    # vk: P1 500 (reach 1500, eng 80, clicks 30), P2 333.33 (no metrics yet), P3 2000 (reach 0, eng 0)
    assert vk == {
        "posts": 3,
        "published": 3,
        "planned_spend": "2833.33",
        "spend": "2833.33",
        "reach": 1500,
        "reach_from_views": 0,
        "engagements": 80,
        "clicks": 30,
        "engagement_rate": "0.0533",  # 80 / 1500
        "cpm": "1666.67",  # (500 + 2000) / 1500 x 1000: P2's 333.33 has no metrics, so no rate
        "cpe": "31.25",  # 2500 / 80
        "cpc": "16.67",  # 500 / 30: only P1 reports clicks
        "measured": 2,
    }
    # ok: P2's 333.33 and P5's 600, nothing published
    assert ok == {
        "posts": 2,
        "published": 0,
        "planned_spend": "933.33",
        "spend": "0.00",
        "reach": None,
        "reach_from_views": 0,
        "engagements": None,
        "clicks": None,
        "engagement_rate": None,
        "cpm": None,
        "cpe": None,
        "cpc": None,
        "measured": 0,
    }


def test_campaign_total_and_budget_equal_hand_computed(repo):
    r = get(report(repo.root, now=NOW), "zerno", "winter")
    assert shown(r.total) == {
        "posts": 5,
        "published": 4,  # P1-P4 published somewhere; P5 not
        "planned_spend": "4600.00",  # 1000 + 1000 + 2000 + 600 (the EUR budget left out)
        "spend": "3666.67",  # 1000 + 666.67 (P2's telegram and vk shares) + 2000
        "reach": 4900,
        "reach_from_views": 3,
        "engagements": 164,
        "clicks": 30,
        "engagement_rate": "0.0335",  # 164 / 4900 = 0.033469
        "cpm": "680.27",  # (500 + 500 + 333.34 + 2000 + 0) / 4900 x 1000 = 680.2735
        "cpe": "20.33",  # 3333.34 / 164 = 20.3252
        "cpc": "16.67",  # 500 / 30
        "measured": 5,
    }
    assert (r.currency, r.budget, r.status) == ("RUB", D(10000), "running")
    assert r.total.spend == D("3666.67") and r.remaining == D("6333.33")
    assert r.budget_used == D("0.366667")


def test_weeks_are_iso_weeks_in_the_brands_zone_with_hand_computed_figures(repo):
    r = get(report(repo.root, now=NOW), "zerno", "winter")
    # P5 is 2027-01-03 22:30 UTC, a Sunday (2026-W53) in UTC but Monday 01:30 in Moscow: 2027-W01
    assert list(r.weeks) == ["2026-W49", "2026-W50", "2026-W51", "2027-W01"]
    w49, w50, w51, w01 = (shown(r.weeks[w]) for w in r.weeks)
    assert w49 == {
        "posts": 2,
        "published": 2,
        "planned_spend": "2000.00",
        "spend": "1666.67",
        "reach": 4500,
        "reach_from_views": 2,
        "engagements": 160,
        "clicks": 30,
        "engagement_rate": "0.0356",  # 160 / 4500
        "cpm": "296.30",  # (500 + 500 + 333.34) / 4500 x 1000 = 296.2978
        "cpe": "8.33",  # 1333.34 / 160
        "cpc": "16.67",
        "measured": 3,
    }
    # P3 alone: reach 0 and no engagements, so every rate is undefined, not a division by zero
    assert w50 == {
        "posts": 1,
        "published": 1,
        "planned_spend": "2000.00",
        "spend": "2000.00",
        "reach": 0,
        "reach_from_views": 0,
        "engagements": 0,
        "clicks": None,
        "engagement_rate": None,
        "cpm": None,
        "cpe": None,
        "cpc": None,
        "measured": 1,
    }
    # P4: its EUR budget is left out, so it costs nothing in RUB
    assert w51 == {
        "posts": 1,
        "published": 1,
        "planned_spend": "0.00",
        "spend": "0.00",
        "reach": 400,
        "reach_from_views": 1,
        "engagements": 4,
        "clicks": None,
        "engagement_rate": "0.0100",
        "cpm": "0.00",
        "cpe": "0.00",
        "cpc": None,
        "measured": 1,
    }
    assert w01["planned_spend"] == "600.00" and w01["published"] == 0 and w01["cpm"] is None


def test_goals_compared(repo):
    r = get(report(repo.root, now=NOW), "zerno", "winter")
    goals = {g.name: g for g in r.goals}
    assert list(goals) == ["reach", "engagement_rate", "clicks", "leads"]
    assert (goals["reach"].actual, goals["reach"].progress, goals["reach"].met) == (
        D(4900),
        D("0.98"),
        False,
    )
    assert goals["engagement_rate"].actual == D(164) / D(4900)
    assert goals["engagement_rate"].progress.quantize(D("0.0001")) == D("0.6694")  # 0.033469 / 0.05
    assert (goals["clicks"].actual, goals["clicks"].progress) == (D(30), D("0.3"))
    assert goals["leads"].actual is None and goals["leads"].met is None


def test_currency_mismatch_is_left_out_with_a_note_and_views_standing_in_for_reach_are_said(repo):
    r = get(report(repo.root, now=NOW), "zerno", "winter")
    notes = "\n".join(r.notes)
    assert "posts/zerno/2026/12/15-d.md (500 EUR)" in notes and "campaign's currency RUB" in notes
    assert "reach is views for telegram" in notes
    assert "1 published post-network pair(s) have no metrics yet" in notes  # P2 on vk


def test_a_network_without_reach_has_engagements_and_cpe_but_no_er_or_cpm(repo):
    r = get(report(repo.root, now=NOW), "nordlicht", "winter-sale")
    ig, tg = shown(r.networks["instagram"]), shown(r.networks["telegram"])
    assert (
        ig["spend"],
        ig["reach"],
        ig["engagements"],
        ig["engagement_rate"],
        ig["cpm"],
        ig["cpe"],
    ) == ("50.00", None, 8, None, None, "6.25")  # 50 / (5 likes + 3 saves)
    assert (tg["planned_spend"], tg["spend"], tg["published"]) == ("50.00", "0.00", 0)


def test_campaign_with_no_posts(repo):
    r = get(report(repo.root, now=NOW), "nordlicht", "empty")
    assert r.total.posts == 0 and r.weeks == {} and "no posts yet" in r.notes
    assert shown(r.total)["cpm"] is None and r.budget_used == 0 and r.remaining == D(300)
    text = render(report(repo.root, campaign="empty", now=NOW), "text")
    assert "Nothing yet (nordlicht/empty)" in text and "note: no posts yet" in text


def test_empty_figures_never_divide_by_zero():
    f = Figures()
    assert (f.engagement_rate, f.cpm, f.cpe, f.cpc) == (None, None, None, None)


def test_filters_and_unknown_names(repo):
    assert {(c.brand, c.slug) for c in report(repo.root, brand="zerno", now=NOW).campaigns} == {
        ("zerno", "winter")
    }
    assert [
        (c.brand, c.slug) for c in report(repo.root, campaign="winter-sale", now=NOW).campaigns
    ] == [("nordlicht", "winter-sale")]
    with pytest.raises(UsageError):
        report(repo.root, campaign="nope", now=NOW)
    with pytest.raises(UsageError):
        report(repo.root, brand="nope", now=NOW)


def test_posts_without_a_campaign_and_with_an_unknown_one(repo):
    repo.post(
        "zerno/2026/12/20-x.md",
        """
        network: telegram
        time: 2026-12-20 12:00
        """,
        body="Просто пост без кампании: часы работы на праздники.",
    )
    repo.post(
        "zerno/2026/12/21-y.md",
        """
        network: telegram
        time: 2026-12-21 12:00
        campaign: ghost
        budget: 100 RUB
        """,
        body="Пост кампании, файла которой нет в репозитории.",
    )
    result = report(repo.root, now=NOW)
    loose = get(result, "zerno", None)
    assert loose.total.posts == 1 and loose.name == "(posts without a campaign)"
    assert any("campaign 'ghost'" in n for n in result.notes)
    assert get(result, "zerno", "winter").total.posts == 5


def test_the_facts_lint_collected_make_the_same_report_as_its_own_reading(repo):
    """Handed the lint engine's collection (smm site) or reading alone: the same report, a post
    file lint cannot read counted alike."""
    (repo.root / "posts/zerno/2026/12/30-broken.md").write_text("---\nnetwork: [\n---\nТекст\n")
    alone = report(repo.root, now=NOW)
    collected = collect(open_repo(repo.root))
    handed = report(repo.root, now=NOW, collected=collected)
    assert render(alone, "json") == render(handed, "json")
    assert alone.posts == 6 and alone.notes == [
        "1 post file(s) could not be read and are left out: posts/zerno/2026/12/30-broken.md "
        "(see smm lint)"
    ]


def test_metrics_block_reading(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\nnetwork: vk\nmetrics:\n  vk: {views: 10, likes: 2, forwards: 9, reach: true}\n"
        "  telegram:\n    views: 3\n# a comment\ntitle: x\n---\nbody metrics: no\n"
    )
    assert read_metrics(tmp_path, "a.md") == (
        {"vk": {"views": 10, "likes": 2}, "telegram": {"views": 3}},
        None,
    )
    (tmp_path / "b.md").write_text("---\nnetwork: vk\nmetrics:\n  vk: {views: [\n---\nbody\n")
    found, problem = read_metrics(tmp_path, "b.md")
    assert found == {} and "not valid YAML" in problem
    (tmp_path / "c.md").write_text("---\nnetwork: vk\n---\nmetrics: in the body only\n")
    assert read_metrics(tmp_path, "c.md") == ({}, None)


def test_metrics_figures_python_cannot_take_are_left_out(tmp_path):
    """A hand edit in smm's own one-line form, or in free YAML: never int() of 5,000 digits or NaN."""
    big = "9" * 5000
    (tmp_path / "a.md").write_text(
        f"---\nnetwork: vk\nmetrics:\n  vk: {{views: {big}, likes: 2}}\n---\nbody\n"
    )
    assert read_metrics(tmp_path, "a.md") == ({"vk": {"likes": 2}}, None)
    (tmp_path / "b.md").write_text(
        "---\nnetwork: vk\nmetrics:\n  vk:\n    views: .nan\n    likes: .inf\n"
        "    reach: 1.0e+300\n    shares: &n 3\n    comments: *n\n---\nbody\n"
    )
    assert read_metrics(tmp_path, "b.md") == ({"vk": {"shares": 3}}, None)


# --- the formats ---------------------------------------------------------------------------------


def test_text_and_markdown(repo):
    result = report(repo.root, now=NOW)
    text = render(result, "text")
    flat = " ".join(text.split())
    assert (
        "ER (engagement rate) = engagements / reach" in flat
        and "CPM = spend / reach x 1000" in flat
    )
    assert (
        "budget 10 000.00 RUB · spend 3 666.67 (36.67 %) · planned 4 600.00 (46.00 %) · left 6 333.33"
        in text
    )
    line = next(row for row in text.splitlines() if row.startswith("vk ") and "2 833.33" in row)
    assert line.split() == [
        "vk",
        "3",
        "3",
        "2",
        "833.33",
        "2",
        "833.33",
        "1",
        "500",
        "80",
        "5.33",
        "%",
        "1",
        "666.67",
        "31.25",
        "16.67",
        "30",
    ]
    assert "4 900*" in text  # some of the reach is views
    assert "reach             5 000   4 900  98.00 % of the goal" in text
    assert (
        "ok            2          0         933.33      0.00       —            —       —         —      —      —       —"
        in text
    )
    md = render(result, "markdown")
    assert md.startswith("### smm report · as of 2026-12-20T12:00+00:00")
    assert (
        "| vk | 3 | 3 | 2 833.33 | 2 833.33 | 1 500 | 80 | 5.33 % | 1 666.67 | 31.25 | 16.67 | 30 |"
        in md
    )
    assert (
        "| **total** | **5** | **4** | **4 600.00** | **3 666.67** | **4 900*** | **164** | **3.35 %** | **680.27** | **20.33** | **16.67** | **30** |"
        in md
    )
    assert (
        "| 2026-W50 (2026-12-07) | 1 | 1 | 2 000.00 | 2 000.00 | 0 | 0 | — | — | — | — | — |" in md
    )
    widths = {
        len(re.findall(r"(?<!\\)\|", row))
        for row in md.splitlines()
        if row.startswith(("| network", "| week"))
    }
    assert widths == {13}


def test_markdown_escapes_pipes_in_names(workspace):
    workspace.campaign("zerno", "winter", name="A | B")
    md = render(report(workspace.root, now=NOW), "markdown")
    assert "#### A \\| B (zerno/winter)" in md


def test_json_keys_are_stable(repo):
    data = json.loads(render(report(repo.root, now=NOW), "json"))
    assert list(data) == ["as_of", "definitions", "notes", "campaigns", "deals"]
    c = next(c for c in data["campaigns"] if c["campaign"] == "winter")
    assert list(c) == [
        "brand",
        "campaign",
        "name",
        "file",
        "currency",
        "start",
        "end",
        "status",
        "budget",
        "spend",
        "planned_spend",
        "remaining",
        "budget_used",
        "total",
        "networks",
        "weeks",
        "goals",
        "results",
        "changes",
        "notes",
    ]
    assert list(c["total"]) == list(ROW_KEYS)
    assert [next(iter(n)) for n in c["networks"]] == ["network"] * 3
    assert list(c["weeks"][0]) == ["week", "week_start", *ROW_KEYS]
    assert (c["budget"], c["spend"], c["remaining"], c["budget_used"]) == (
        "10000.00",
        "3666.67",
        "6333.33",
        "0.3667",
    )
    assert c["total"]["cpm"] == "680.27" and c["networks"][2]["cpm"] is None
    assert c["goals"][1] == {
        "goal": "engagement_rate",
        "target": "0.05",
        "actual": "0.0335",
        "progress": "0.6694",
        "met": False,
    }
    assert c["weeks"][3]["week_start"] == "2027-01-04"


def test_csv_parses(repo):
    rows = list(csv.DictReader(io.StringIO(render(report(repo.root, now=NOW), "csv"))))
    assert rows and list(rows[0]) == list(CSV_HEADER)
    winter = [r for r in rows if r["campaign"] == "winter"]
    assert [(r["scope"], r["key"]) for r in winter] == [
        ("network", "telegram"),
        ("network", "vk"),
        ("network", "ok"),
        ("week", "2026-W49"),
        ("week", "2026-W50"),
        ("week", "2026-W51"),
        ("week", "2027-W01"),
        ("total", "total"),
    ]
    total = winter[-1]
    assert (
        total["budget"],
        total["spend"],
        total["cpm"],
        total["cpe"],
        total["cpc"],
        total["engagement_rate"],
    ) == ("10000.00", "3666.67", "680.27", "20.33", "16.67", "0.0335")
    assert winter[4]["cpm"] == "" and winter[4]["reach"] == "0"  # undefined is an empty cell


# --- the command ---------------------------------------------------------------------------------


def test_smm_report_as_a_subprocess(repo):
    proc = repo.smm("report", "--format", "json", "--now", "2026-12-20T12:00:00Z")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {(c["brand"], c["campaign"]) for c in data["campaigns"]} == {
        ("zerno", "winter"),
        ("nordlicht", "winter-sale"),
        ("nordlicht", "empty"),
    }
    proc = repo.smm("report", "--brand", "zerno", "--campaign", "winter", "--format", "markdown")
    assert (
        proc.returncode == 0
        and "#### Зима (zerno/winter)" in proc.stdout
        and proc.stdout.endswith("\n")
    )
    proc = repo.smm("report", "--format", "csv", "--brand", "nordlicht")
    assert proc.returncode == 0 and {
        r["brand"] for r in csv.DictReader(io.StringIO(proc.stdout))
    } == {"nordlicht"}
    proc = repo.smm("report", "--campaign", "nope")
    assert proc.returncode == 2 and proc.stderr.strip().startswith(
        "smm: --campaign: no campaign 'nope'"
    )
    assert "Traceback" not in proc.stderr


def test_the_example_content_makes_a_sensible_report(tmp_path):
    root = tmp_path / "examples"
    copy_project(root, "brands", "campaigns", "posts")  # as shipped
    result = report(root, now=datetime(2026, 12, 15, 7, 0, tzinfo=UTC))
    slugs = {(c.brand, c.slug) for c in result.campaigns if c.slug}
    files = {(p.parent.name, p.stem) for p in (root / "campaigns").glob("*/*.yaml")}
    assert slugs == files
    posts = list((root / "posts").rglob("*.md"))
    assert sum(c.total.posts for c in result.campaigns) == len(posts) == result.posts
    for c in result.campaigns:
        # planned spend is the sum of the campaign's post budgets, read here independently
        expected = D(0)
        for p in posts:
            front = yaml.safe_load(p.read_text(encoding="utf-8").split("---\n")[1])
            if (
                p.relative_to(root / "posts").parts[0] == c.brand
                and front.get("campaign") == c.slug
                and front.get("budget") is not None
            ):
                b = front["budget"]
                expected += D(str(b["amount"])) if isinstance(b, dict) else D(str(b).split()[0])
        assert c.total.planned_spend == expected, c.slug
        if c.budget is not None:
            assert c.total.planned_spend <= c.budget and c.total.spend <= c.total.planned_spend
        assert c.weeks and sum(f.posts for f in c.weeks.values()) == c.total.posts
        assert sum(f.planned_spend for f in c.networks.values()) == c.total.planned_spend
        # nothing in the examples is published: no spend, and every rate undefined rather than 0
        if not any(f.published for f in c.networks.values()):
            assert c.total.spend == 0 and c.total.cpm is None and c.total.engagement_rate is None
    for fmt in ("text", "markdown", "json", "csv"):
        assert render(result, fmt).strip()


def test_metrics_written_by_smm_are_read_back_as_figures(tmp_path):
    """What metrics writes, the report reads (the fast reader itself: tests/content/test_managed.py)."""
    from smm.content.managed import replace_block

    block = {
        "telegram": {
            "at": "2026-12-02T10:05:00+03:00",
            "views": 5312,
            "reactions": 87,
            "shares": 12,
        },
        "vk": {
            "at": "2026-12-02T10:05:00+03:00",
            "views": 10,
            "reach": 7,
            "likes": 1,
            "clicks": 0,
            "note": 'a, "b": {c}',
        },
    }
    text = replace_block("---\nnetwork: [telegram, vk]\n---\nbody\n", "metrics", block)
    (tmp_path / "p.md").write_text(text, encoding="utf-8")
    assert read_metrics(tmp_path, "p.md") == (
        {
            "telegram": {"views": 5312, "reactions": 87, "shares": 12},
            "vk": {"views": 10, "reach": 7, "likes": 1, "clicks": 0},
        },
        None,
    )
