"""`smm plan`: the calendar against exact expected output, gaps and posts too close (found and not
found), the window and brand filters, states, the iCalendar feed parsed by a real calendar
library, the example content, and the command as a subprocess."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from project_copy import copy_project
from smm.errors import UsageError
from smm.plan import plan, render
from smm.plan.ics import LIMIT, uid

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
DEC1, DEC3 = date(2026, 12, 1), date(2026, 12, 3)


@pytest.fixture
def repo(workspace):
    """zerno aims for one Telegram post a day (cadence) and allows 2 a day, 2 h apart (frequency).

    Dec 1: A (telegram published + vk, 1000 RUB, 10:00) and B (telegram 11:00, untitled): too close.
    Dec 2: no zerno Telegram post: a gap. Dec 3: C (telegram 09:00). nordlicht: D on Dec 2.
    """
    ws = workspace
    ws.brand(
        "zerno",
        cadence={"telegram": {"per_day": 1}},
        frequency={"telegram": {"per_day": 2, "min_gap": "2h"}},
    )
    ws.post(
        "zerno/2026/12/01-a.md",
        """
        network: [telegram, vk]
        time: 2026-12-01 10:00
        title: Зимнее меню
        campaign: winter
        budget: 1000 RUB
        published:
          telegram: {state: "published", id: "7", url: "https://t.me/zerno/7", at: "2026-12-01T10:00:04+03:00"}
        """,
        body="Зима началась — по крайней мере, в наших чашках.\n\nЛатте с корицей.",
    )
    ws.post(
        "zerno/2026/12/01-b.md",
        """
        network: telegram
        time: 2026-12-01 11:00
        kind: announcement
        """,
        body="**Пряный раф**, корица и мёд: новый вкус недели в каждой кофейне города.",
    )
    ws.post(
        "zerno/2026/12/03-c.md",
        """
        network: telegram
        time: 2026-12-03 09:00
        title: Рецепт недели
        """,
    )
    ws.post(
        "nordlicht/2026/12/02-d.md",
        """
        network: [telegram, instagram]
        time: 2026-12-02 12:00
        title: Layering guide
        campaign: winter-sale
        budget: 100.01 EUR
        """,
        body="How to layer for a Berlin winter.",
    )
    return ws


def run(ws, fmt: str = "text", **kwargs) -> str:
    kwargs.setdefault("now", NOW)
    return render(plan(ws.root, **kwargs), fmt)


EXPECTED_TEXT = """\
smm plan · 2026-12-01 – 2026-12-03 · now 2026-11-28T09:00+00:00

Кофейня «Зерно» (zerno) · Europe/Moscow · 2026-12-01 – 2026-12-03 · 3 posts, 4 placements
cadence: telegram 1 a day
Tue 2026-12-01
  10:00  telegram   published  Зимнее меню  [organic · winter · 500.00 RUB]  posts/zerno/2026/12/01-a.md  https://t.me/zerno/7
  10:00  vk         scheduled  Зимнее меню  [organic · winter · 500.00 RUB]  posts/zerno/2026/12/01-a.md
  11:00  telegram   scheduled  Пряный раф, корица и мёд: новый вкус недели…  [announcement]  posts/zerno/2026/12/01-b.md
  ! too close: telegram 10:00 and 11:00 are 1h apart (min_gap 2h): posts/zerno/2026/12/01-a.md and posts/zerno/2026/12/01-b.md
Wed 2026-12-02
  (no posts)
  ! gap: telegram has 0 of 1 post
Thu 2026-12-03
  09:00  telegram   scheduled  Рецепт недели  [organic]  posts/zerno/2026/12/03-c.md
1 gap, 1 pair too close, 0 days over the limit, 0 months over the cap
budget per week (planned shares per network; published: of those, the published ones)
  week                   currency  telegram      vk     total  published  posts
  2026-W49 (2026-11-30)  RUB         500.00  500.00  1 000.00     500.00      1
"""

EXPECTED_MARKDOWN = """\
# Content plan · 2026-12-01 – 2026-12-03

As of 2026-11-28T09:00+00:00; times in each brand's zone.

## Кофейня «Зерно» (`zerno`)

Europe/Moscow · 2026-12-01 – 2026-12-03 · 3 posts, 4 placements · cadence: telegram 1 a day

| day | time | network | state | post | kind | campaign | budget |
|---|---|---|---|---|---|---|--:|
| Tue 2026-12-01 | 10:00 | telegram | published | [Зимнее меню](<https://t.me/zerno/7>) | organic | winter | 500.00 RUB |
|  | 10:00 | vk | scheduled | Зимнее меню | organic | winter | 500.00 RUB |
|  | 11:00 | telegram | scheduled | Пряный раф, корица и мёд: новый вкус недели… | announcement |  |  |
| Wed 2026-12-02 |  |  |  | (no posts) |  |  |  |
| Thu 2026-12-03 | 09:00 | telegram | scheduled | Рецепт недели | organic |  |  |

### Gaps, posts too close, days over the limit, months over the cap

- Tue 2026-12-01: too close: telegram 10:00 and 11:00 are 1h apart (min_gap 2h): posts/zerno/2026/12/01-a.md and posts/zerno/2026/12/01-b.md
- Wed 2026-12-02: gap: telegram has 0 of 1 post

### Budget per week

| week | currency | telegram | vk | total | published | posts |
|---|---|--:|--:|--:|--:|--:|
| 2026-W49 (2026-11-30) | RUB | 500.00 | 500.00 | 1 000.00 | 500.00 | 1 |
"""

EXPECTED_JSON_NORDLICHT = """\
{
  "from": "2026-12-01",
  "to": "2026-12-03",
  "now": "2026-11-28T09:00:00+00:00",
  "brands": [
    {
      "brand": "nordlicht",
      "name": "Nordlicht",
      "timezone": "Europe/Berlin",
      "from": "2026-12-01",
      "to": "2026-12-03",
      "posts": 1,
      "cadence": {},
      "days": [
        {
          "date": "2026-12-02",
          "posts": [
            {"time": "2026-12-02T12:00:00+01:00", "utc": "2026-12-02T11:00:00Z", "network": "telegram", "path": "posts/nordlicht/2026/12/02-d.md", "title": "Layering guide", "kind": "organic", "campaign": "winter-sale", "state": "scheduled", "url": null, "budget": {"amount": "50.01", "currency": "EUR"}},
            {"time": "2026-12-02T12:00:00+01:00", "utc": "2026-12-02T11:00:00Z", "network": "instagram", "path": "posts/nordlicht/2026/12/02-d.md", "title": "Layering guide", "kind": "organic", "campaign": "winter-sale", "state": "scheduled", "url": null, "budget": {"amount": "50.00", "currency": "EUR"}}
          ],
          "gaps": [],
          "too_close": [],
          "over": [],
          "over_cap": []
        }
      ],
      "weeks": [
        {"week": "2026-W49", "start": "2026-11-30", "currency": "EUR", "networks": {"telegram": "50.01", "instagram": "50.00"}, "total": "100.01", "published": "0.00", "posts": 1}
      ],
      "notes": []
    }
  ],
  "notes": []
}
"""


def test_text_is_exactly_the_calendar(repo):
    assert run(repo, start=DEC1, end=DEC3, brand="zerno") == EXPECTED_TEXT


def test_markdown_is_exact(repo):
    assert run(repo, "markdown", start=DEC1, end=DEC3, brand="zerno") == EXPECTED_MARKDOWN


def test_json_is_exact(repo):
    out = run(repo, "json", start=DEC1, end=DEC3, brand="nordlicht")
    assert out == EXPECTED_JSON_NORDLICHT
    assert json.loads(out)["brands"][0]["weeks"][0]["total"] == "100.01"


def test_json_of_zerno_has_the_gap_and_the_pair(repo):
    doc = json.loads(run(repo, "json", start=DEC1, end=DEC3, brand="zerno"))
    days = {d["date"]: d for d in doc["brands"][0]["days"]}
    assert days["2026-12-02"]["gaps"] == [{"network": "telegram", "posts": 0, "target": 1}]
    (pair,) = days["2026-12-01"]["too_close"]
    assert (pair["first"]["path"], pair["second"]["path"], pair["apart_minutes"]) == (
        "posts/zerno/2026/12/01-a.md",
        "posts/zerno/2026/12/01-b.md",
        60,
    )


def test_no_gaps_and_no_pairs_when_the_plan_keeps_the_cadence_and_the_gap(workspace):
    ws = workspace
    ws.brand(
        "zerno",
        cadence={"telegram": {"per_day": 1, "days": ["tue", "thu"]}},
        frequency={"telegram": {"per_day": 2, "min_gap": "2h"}},
    )
    ws.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\n")
    ws.post(
        "zerno/2026/12/01-b.md",
        "network: telegram\ntime: 2026-12-01 12:00\n",
        body="Другой текст про кофе, вполне длинный.",
    )
    ws.post(
        "zerno/2026/12/03-c.md",
        "network: telegram\ntime: 2026-12-03 09:00\n",
        body="Третий текст про кофе, тоже длинный.",
    )
    result = plan(
        ws.root, start=DEC1, end=DEC3, brand="zerno", now=NOW
    )  # Wed 2 Dec is not a cadence day
    (bp,) = result.brands
    assert bp.gaps == [] and bp.too_close == [] and bp.over == []
    assert [d.date for d in bp.days] == [DEC1, DEC3]


def test_a_brand_without_cadence_has_no_gaps(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\n")
    (bp,) = plan(workspace.root, start=DEC1, end=date(2026, 12, 31), brand="zerno", now=NOW).brands
    assert bp.gaps == [] and bp.cadence == {}


def test_a_budget_on_a_post_without_networks_spends_nothing_and_plans(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md", "time: 2026-12-01 10:00\nbudget: 500 RUB\n"
    )  # no network: a lint error
    (bp,) = plan(workspace.root, start=DEC1, end=DEC1, brand="zerno", now=NOW).brands
    assert bp.posts == 1 and bp.weeks == []


def test_gaps_count_short_days_and_skip_missed_posts(workspace):
    ws = workspace
    ws.brand("zerno", cadence={"vk": {"per_day": 2}})
    ws.post("zerno/2026/12/01-a.md", "network: vk\ntime: 2026-12-01 10:00\n")
    ws.post(
        "zerno/2026/12/02-b.md",
        """
        network: vk
        time: 2026-12-02 10:00
        published:
          vk: {state: "missed", at: "2026-12-02T12:30:00+03:00"}
        """,
        body="Этот пост не вышел: его время прошло.",
    )
    ws.post(
        "zerno/2026/12/02-c.md",
        "network: vk\ntime: 2026-12-02 18:00\n",
        body="А этот выйдет вечером, всё по плану.",
    )
    (bp,) = plan(ws.root, start=DEC1, end=date(2026, 12, 2), brand="zerno", now=NOW).brands
    assert [(d, g.network, g.posts, g.target) for d, g in bp.gaps] == [
        (DEC1, "vk", 1, 2),
        (date(2026, 12, 2), "vk", 1, 2),
    ]


def test_a_day_over_the_limit_comes_from_the_frequency_rule(workspace):
    ws = workspace
    ws.brand("zerno", frequency={"vk": {"per_day": 1}})
    ws.post("zerno/2026/12/01-a.md", "network: vk\ntime: 2026-12-01 10:00\n")
    ws.post(
        "zerno/2026/12/01-b.md",
        "network: vk\ntime: 2026-12-01 18:00\n",
        body="Второй пост за день на той же стене.",
    )
    (bp,) = plan(ws.root, brand="zerno", now=NOW).brands
    assert [(d, o.network, o.posts, o.limit) for d, o in bp.over] == [(DEC1, "vk", 2, 1)]
    assert "over the limit: vk has 2 posts, per_day 1" in render(
        plan(ws.root, brand="zerno", now=NOW), "text"
    )


def test_a_pair_across_midnight_is_listed_on_the_later_day(workspace):
    ws = workspace
    ws.brand("zerno", frequency={"telegram": {"min_gap": "3h"}})
    ws.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 23:30\n")
    ws.post(
        "zerno/2026/12/02-b.md",
        "network: telegram\ntime: 2026-12-02 00:30\n",
        body="Полночь прошла, а мы всё пишем про кофе.",
    )
    (bp,) = plan(ws.root, brand="zerno", now=NOW).brands
    (day,) = [d for d in bp.days if d.too_close]
    assert day.date == date(2026, 12, 2)
    assert "telegram 2026-12-01 23:30 and 00:30 are 1h apart (min_gap 3h)" in render(
        plan(ws.root, brand="zerno", now=NOW), "text"
    )


def test_from_and_to_are_local_days_inclusive(repo):
    (bp,) = plan(repo.root, start=date(2026, 12, 3), end=DEC3, brand="zerno", now=NOW).brands
    assert [s.path for s in bp.slots] == ["posts/zerno/2026/12/03-c.md"]
    (bp,) = plan(repo.root, end=DEC1, brand="zerno", now=NOW).brands
    assert {s.path for s in bp.slots} == {
        "posts/zerno/2026/12/01-a.md",
        "posts/zerno/2026/12/01-b.md",
    }
    # 2026-12-01 00:30 in Moscow is still 30 November in UTC: the day is the brand's
    repo.post(
        "zerno/2026/12/01-early.md",
        "network: ok\ntime: 2026-12-01 00:30\n",
        body="Ранний пост для полуночников и сов.",
    )
    (bp,) = plan(repo.root, start=DEC1, end=DEC1, brand="zerno", now=NOW).brands
    assert "posts/zerno/2026/12/01-early.md" in {s.path for s in bp.slots}
    (bp,) = plan(
        repo.root, start=date(2026, 11, 30), end=date(2026, 11, 30), brand="zerno", now=NOW
    ).brands
    assert bp.slots == []


def test_brand_filter_and_wrong_options(repo):
    result = plan(repo.root, brand="nordlicht", now=NOW)
    assert [bp.slug for bp in result.brands] == ["nordlicht"]
    assert [bp.slug for bp in plan(repo.root, now=NOW).brands] == ["nordlicht", "zerno"]
    with pytest.raises(UsageError, match="no brand 'acme'"):
        plan(repo.root, brand="acme", now=NOW)
    with pytest.raises(UsageError, match="after --to"):
        plan(repo.root, start=DEC3, end=DEC1, now=NOW)


def test_states_scheduled_due_overdue(repo):
    # zerno's late_after is the default 2 h: at 11:30 Moscow on Dec 1 post A's vk is due; at 13:30 overdue
    def states(now):
        return {
            (s.path[-7:], s.network): s.state
            for s in plan(repo.root, brand="zerno", now=now).brands[0].slots
        }

    def at(hhmm):
        return datetime.fromisoformat(f"2026-12-01T{hhmm}:00+03:00")

    assert states(at("11:30"))[("01-a.md", "vk")] == "due"
    assert states(at("11:30"))[("01-a.md", "telegram")] == "published"
    assert states(at("11:30"))[("03-c.md", "telegram")] == "scheduled"
    assert states(at("13:30"))[("01-a.md", "vk")] == "overdue"
    repo.brand("zerno", publish_late=True)
    assert states(at("13:30"))[("01-a.md", "vk")] == "due"


def test_a_changed_post_shows_its_new_title(repo):
    assert "Рецепт недели" in run(repo, brand="zerno")
    repo.post(
        "zerno/2026/12/03-c.md",
        "network: telegram\ntime: 2026-12-03 09:00\ntitle: Новый заголовок\n",
    )
    out = run(repo, brand="zerno")
    assert "Новый заголовок" in out and "Рецепт недели" not in out


# --- iCalendar -----------------------------------------------------------------------------------


def events(ics: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_ics_parses_with_every_event_at_the_posts_instants(repo):
    result = plan(repo.root, now=NOW)
    ics = render(result, "ics")
    found = events(ics)
    slots = [s for bp in result.brands for s in bp.slots]
    assert len(found) == len(slots) == 6
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids)
    by_uid = {str(e["UID"]): e for e in found}
    for s in slots:
        e = by_uid[uid(s.path, s.network)]
        assert e.decoded("DTSTART") == s.when
        assert e.decoded("DTSTART").tzinfo is not None
        assert str(e["SUMMARY"]) == f"{s.network}: {s.title}"
    a_tg = by_uid[uid("posts/zerno/2026/12/01-a.md", "telegram")]
    assert str(a_tg["URL"]) == "https://t.me/zerno/7"
    assert "URL" not in by_uid[uid("posts/zerno/2026/12/01-a.md", "vk")]
    assert a_tg.decoded("DTSTART") == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    description = str(a_tg["DESCRIPTION"])
    assert "Network: telegram\n" in description and "Campaign: winter\n" in description
    assert description.endswith(
        "Зима началась — по крайней мере, в наших чашках.\nЛатте с корицей."
    )


def test_ics_uids_are_stable_across_runs_and_reschedules(repo):
    first = [str(e["UID"]) for e in events(run(repo, "ics"))]
    assert first == [str(e["UID"]) for e in events(run(repo, "ics"))]
    repo.post(
        "zerno/2026/12/03-c.md", "network: telegram\ntime: 2026-12-03 15:00\ntitle: Рецепт недели\n"
    )
    again = events(run(repo, "ics"))
    assert [str(e["UID"]) for e in again] == first  # the moved post keeps its UID
    moved = {str(e["UID"]): e for e in again}[uid("posts/zerno/2026/12/03-c.md", "telegram")]
    assert moved.decoded("DTSTART") == datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_ics_crlf_folding_and_escaping_of_cyrillic_commas_and_semicolons(workspace):
    ws = workspace
    title = "Кофе, чай; и \\ всё — длинный заголовок про зимнее меню, пряный раф и облепиховый чай с мёдом"
    ws.post(
        "zerno/2026/12/01-a.md",
        f"network: [telegram, vk]\ntime: 2026-12-01 10:00\ntitle: '{title}'\n",
        body="Первая строка, с запятой; и точкой с запятой.\n\nВторая строка: ёжик в тумане " * 3,
    )
    ics = run(ws, "ics")
    raw = ics.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    lines = raw.split(b"\r\n")
    assert lines[-1] == b""
    assert max(len(line) for line in lines) <= LIMIT
    for line in lines:
        line.decode("utf-8")  # no line was cut inside a character
    assert any(line.startswith(b" ") for line in lines)  # something was folded
    assert "SUMMARY:telegram: Кофе\\, чай\\; и \\\\ всё" in ics.replace("\r\n ", "")
    (tg, vk) = events(ics)
    assert str(tg["SUMMARY"]) == f"telegram: {title}"
    assert str(vk["SUMMARY"]) == f"vk: {title}"
    assert "Первая строка, с запятой; и точкой с запятой.\nВторая строка: ёжик в тумане" in str(
        tg["DESCRIPTION"]
    )


def test_ics_of_an_override_uses_the_networks_text(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        """
        network: [telegram, instagram]
        time: 2026-12-01 10:00
        images: [assets/zerno/square.jpg]
        overrides:
          instagram: {text: "Текст только для Instagram, с запятой."}
        """,
    )
    by_summary = {str(e["SUMMARY"]).split(":")[0]: e for e in events(run(workspace, "ics"))}
    assert str(by_summary["instagram"]["DESCRIPTION"]).endswith(
        "Текст только для Instagram, с запятой."
    )
    assert str(by_summary["telegram"]["DESCRIPTION"]).endswith(
        "Текст поста про зимний кофе и новое меню."
    )


# --- the example content and the command ---------------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_project(
        tmp_path_factory.mktemp("example"), "brands", "campaigns", "posts", "assets"
    )


def test_the_example_content_plans_every_post_and_its_ics_holds_every_event(example):
    result = plan(example, now=datetime(2026, 11, 28, 6, 0, tzinfo=UTC))
    files = len(list((example / "posts").rglob("*.md")))
    assert sum(bp.posts for bp in result.brands) == files >= 36
    slots = [s for bp in result.brands for s in bp.slots]
    found = events(render(result, "ics"))
    assert len(found) == len(slots) > files
    assert {str(e["UID"]) for e in found} == {uid(s.path, s.network) for s in slots}
    assert {e.decoded("DTSTART") for e in found} == {s.when for s in slots}
    for fmt in ("text", "markdown", "json"):
        assert render(result, fmt)
    assert all(s.state == "scheduled" for s in slots)


def test_smm_plan_as_a_subprocess(repo):
    done = repo.smm("plan", "--from", "2026-12-01", "--to", "2026-12-03", "--brand", "zerno")
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED_TEXT  # SMM_NOW is the fixture's NOW
    done = repo.smm("plan", "--format", "ics")
    assert done.returncode == 0, done.stderr
    assert len(events(done.stdout)) == 6
    done = repo.smm(
        "plan",
        "--format",
        "json",
        "--brand",
        "nordlicht",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-03",
    )
    assert done.stdout == EXPECTED_JSON_NORDLICHT
    bad = repo.smm("plan", "--from", "1 December")
    assert bad.returncode == 2 and bad.stderr.startswith("smm: --from: '1 December' is not a date")
    assert bad.stdout == ""


def test_smm_plan_ics_bytes_end_lines_in_crlf(repo):
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "smm", "plan", "--format", "ics"],
        cwd=repo.root,
        capture_output=True,
        env={**os.environ, "SMM_NOW": NOW.isoformat()},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR\r\n") and done.stdout.endswith(
        b"END:VCALENDAR\r\n"
    )
    assert b"\n" not in done.stdout.replace(b"\r\n", b"")


def test_a_retracted_post_shows_as_retracted_in_every_format_with_a_state(workspace):
    """The plan's text, Markdown, JSON and iCalendar say ``retracted``; its budget counts as
    published in the week's budget, as in the report (it went out before it was deleted)."""
    workspace.post(
        "zerno/2026/12/01-gone.md",
        """
        network: telegram
        time: 2026-12-01 10:00
        budget: 300 RUB
        published:
          telegram: {state: "published", id: "7", at: "2026-12-01T10:00:04+03:00", retracted: {at: "2026-12-02T09:00:00+03:00", reason: "sold out"}}
        """,
        body="Морковный торт снова на витрине, приходите попробовать.",
    )
    kwargs = {"start": DEC1, "end": DEC3, "brand": "zerno"}
    assert "retracted" in run(workspace, "text", **kwargs)
    assert "retracted" in run(workspace, "markdown", **kwargs)
    assert "State: retracted" in run(workspace, "ics", **kwargs).replace("\r\n ", "")
    data = json.loads(run(workspace, "json", **kwargs))
    [brand] = data["brands"]
    [slot] = [s for d in brand["days"] for s in d["posts"]]
    assert slot["state"] == "retracted"
    assert brand["weeks"][0]["published"] == "300.00"


def test_posts_left_out_of_the_calendar_are_named_five_at_most(workspace):
    for day in range(1, 8):  # seven posts without a time, two unreadable, one without a network
        workspace.post(f"zerno/2026/12/{day:02d}-untimed.md", "network: telegram\n")
    workspace.write("posts/zerno/2026/12/20-broken.md", "---\nnetwork: [\n---\nТекст\n")
    workspace.write("posts/zerno/2026/12/21-none.md", "no front matter at all\n")
    workspace.post("zerno/2026/12/22-alone.md", "time: 2026-12-22 10:00\n")
    done = plan(workspace.root, now=NOW)
    untimed = [f"posts/zerno/2026/12/{day:02d}-untimed.md" for day in range(1, 6)]
    (zerno,) = [bp for bp in done.brands if bp.slug == "zerno"]
    assert (
        f"7 post(s) without a usable time are not in the calendar: {', '.join(untimed)} "
        "and 2 more (see smm lint)"
    ) in zerno.notes
    assert (
        "1 post(s) without a network are not in the calendar: posts/zerno/2026/12/22-alone.md "
        "(see smm lint)"
    ) in zerno.notes
    assert done.notes == [
        "2 post file(s) could not be read and are left out: posts/zerno/2026/12/20-broken.md, "
        "posts/zerno/2026/12/21-none.md (see smm lint)"
    ]
