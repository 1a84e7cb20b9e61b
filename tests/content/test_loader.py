"""The loader: files into the model, every unusable file as one finding (never an exception)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from smm.content.loader import MAX_POST_BYTES, Problems, load_post, read_text, split_front_matter
from smm.content.model import Money, parse_duration, parse_money
from smm.content.repo import find_root, open_repo, post_paths
from smm.content.timeparse import parse_day_bound, parse_local
from smm.errors import RepositoryError

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")


def _load(workspace, rel):
    repo = open_repo(workspace.root)
    return load_post(workspace.root, f"posts/{rel}", repo.brands)


# --- front matter -----------------------------------------------------------------------------


def test_front_matter_and_body_are_split_with_the_body_line():
    front, body, body_line = split_front_matter("---\na: 1\nb: 2\n---\nHello\nworld\n")
    assert (front, body, body_line) == ("a: 1\nb: 2\n", "Hello\nworld\n", 5)


def test_front_matter_may_end_with_three_dots_and_trailing_spaces():
    assert split_front_matter("---  \na: 1\n...\nbody") == ("a: 1\n", "body", 4)


def test_a_body_that_starts_with_a_rule_is_not_front_matter():
    assert split_front_matter("----\na: 1\n---\n") is None
    assert split_front_matter("--- a: 1\n---\n") is None
    assert split_front_matter("text\n---\na: 1\n---\n") is None


def test_unterminated_front_matter_is_none():
    assert split_front_matter("---\na: 1\nbody\n") is None


def test_empty_front_matter_and_empty_body():
    assert split_front_matter("---\n---\n") == ("", "", 3)


# --- raw files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, rule, line",
    [
        (b"", "file/empty", 1),
        (b"  \n\t\n", "file/empty", 1),
        (b"---\nnetwork: telegram\n\x00\x01\x02", "file/binary", 3),
        (b"---\nnetwork: telegram\ntime: 2026-12-01 10:00\n---\nCaf\xe9\n", "file/encoding", 5),
    ],
)
def test_unusable_files_give_one_finding_with_a_line(tmp_path, data, rule, line):
    (tmp_path / "p.md").write_bytes(data)
    problems = Problems("p.md")
    assert read_text(tmp_path, "p.md", problems) is None
    ((f),) = problems
    assert (f.path, f.line, f.col, f.level, f.rule) == ("p.md", line, 1, "error", rule)


def test_a_byte_order_mark_is_dropped(tmp_path):
    (tmp_path / "p.md").write_bytes("\ufeff---\na: 1\n---\nтекст".encode())
    problems = Problems("p.md")
    assert read_text(tmp_path, "p.md", problems) == "---\na: 1\n---\nтекст"
    assert problems == []


def test_a_file_over_the_limit_is_not_read(tmp_path):
    with open(tmp_path / "p.md", "wb") as fh:
        fh.write(b"---\nnetwork: telegram\n---\n")
        fh.truncate(MAX_POST_BYTES + 1)
    problems = Problems("p.md")
    assert read_text(tmp_path, "p.md", problems) is None
    assert [f.rule for f in problems] == ["file/too-large"]
    assert f"{MAX_POST_BYTES + 1:,}" in problems[0].message


def test_a_missing_file_is_unreadable_not_an_exception(tmp_path):
    problems = Problems("p.md")
    assert read_text(tmp_path, "p.md", problems) is None
    assert [f.rule for f in problems] == ["file/unreadable"]


# --- posts -------------------------------------------------------------------------------------


def test_a_post_loads_into_the_model(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        """
        network: [telegram, vk]
        time: 2026-12-01 10:00
        title: Зима
        hashtags: [кофе, зима]
        campaign: winter
        kind: ad
        link: https://zerno.example/winter
        images:
          - assets/zerno/square.jpg
          - src: assets/zerno/square.jpg
            alt: Чашка
        overrides:
          vk:
            images: [assets/zerno/other.jpg]
        published:
          telegram: {id: "1", url: https://t.me/zerno/1}
    """,
        "Тело\nпоста",
    )
    post, problems = _load(workspace, "zerno/2026/12/01-a.md")
    assert problems == []
    assert post.brand == "zerno"
    assert post.networks == ["telegram", "vk"]
    assert post.time_text == "2026-12-01 10:00"  # text: the brand's zone decides, not YAML
    assert post.title == "Зима" and post.campaign == "winter" and post.kind == "ad"
    assert post.hashtags == ["кофе", "зима"]
    assert [(i.src, i.alt, i.key) for i in post.images] == [
        ("assets/zerno/square.jpg", None, ("images", 0)),
        ("assets/zerno/square.jpg", "Чашка", ("images", 1)),
    ]
    assert [i.src for i in post.images_for("vk")] == ["assets/zerno/other.jpg"]
    assert post.images_for("vk")[0].key == ("overrides", "vk", "images", 0)
    assert post.images_for("telegram") == post.images
    assert post.published == {"telegram": {"id": "1", "url": "https://t.me/zerno/1"}}
    assert post.body == "Тело\nпоста"
    assert post.body_line == 19
    assert post.at("images", 1, "alt") == (12, 5)


@pytest.mark.parametrize("value", ["", "assets/zerno/square.jpg", "1000", "true", "{src: x.jpg}"])
def test_override_images_that_are_not_a_list_leave_the_posts_images(workspace, value):
    """``images:`` alone, text, a number or a mapping under an override once reached the checks
    and the preview as the network's images (a traceback); the schema reports it, the network
    keeps the post's images."""
    workspace.post(
        "zerno/2026/12/01-a.md",
        f"""
        network: [telegram]
        time: 2026-12-01 10:00
        images: [assets/zerno/square.jpg]
        overrides:
          telegram:
            images: {value}
    """,
    )
    post, _ = _load(workspace, "zerno/2026/12/01-a.md")
    assert post.images_for("telegram") == post.images
    rules = workspace.rules()  # renders and runs every check on the post
    assert ("schema/type" in rules) == (value != "")
    preview = workspace.smm("preview", "posts/zerno/2026/12/01-a.md")
    assert preview.returncode == 0, preview.stderr
    assert "[image] assets/zerno/square.jpg" in preview.stdout


def test_a_single_network_is_a_list_of_one(workspace):
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    post, _ = _load(workspace, "zerno/2026/12/01-a.md")
    assert post.networks == ["telegram"]
    assert post.kind == "organic"


@pytest.mark.parametrize(
    "budget, expected",
    [
        ("1500 RUB", Money(Decimal("1500"), "RUB")),
        ("99.50 EUR", Money(Decimal("99.50"), "EUR")),
        ("1500", None),  # text without a currency is not money
        (1500, Money(Decimal("1500"), "RUB")),  # a bare number is in the brand's currency
        (
            {"amount": 200, "currency": "USD", "kind": "boost"},
            Money(Decimal("200"), "USD", "boost"),
        ),
        ({"amount": 200}, Money(Decimal("200"), "RUB")),
        (True, None),
        ("much", None),
    ],
)
def test_money(budget, expected):
    assert parse_money(budget, "RUB") == expected


def test_a_post_budget_without_currency_takes_the_brand_currency(workspace):
    workspace.post(
        "nordlicht/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\nbudget: 40"
    )
    post, _ = _load(workspace, "nordlicht/2026/12/01-a.md")
    assert post.budget == Money(Decimal("40"), "EUR")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        (" 1d ", timedelta(days=1)),
        ("2 h", timedelta(hours=2)),
        ("soon", timedelta(hours=9)),
        (None, timedelta(hours=9)),
        (3, timedelta(hours=9)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text, timedelta(hours=9)) == expected


def test_a_post_without_front_matter_is_one_finding(workspace):
    workspace.write("posts/zerno/2026/12/01-a.md", "Just text, no front matter.\n")
    post, problems = _load(workspace, "zerno/2026/12/01-a.md")
    assert post is None
    assert [(f.line, f.col, f.rule) for f in problems] == [(1, 1, "schema/front-matter")]


def test_front_matter_that_is_a_list_is_a_type_error(workspace):
    workspace.write("posts/zerno/2026/12/01-a.md", "---\n- network\n- time\n---\nText")
    post, problems = _load(workspace, "zerno/2026/12/01-a.md")
    assert post is None
    assert [(f.line, f.col, f.rule) for f in problems] == [(2, 1, "schema/type")]


def test_empty_front_matter_reports_the_required_keys(workspace):
    workspace.write("posts/zerno/2026/12/01-a.md", "---\n---\nText")
    post, problems = _load(workspace, "zerno/2026/12/01-a.md")
    assert post is not None
    assert sorted(f.message for f in problems) == [
        "missing required key 'network'",
        "missing required key 'time'",
    ]


def test_invalid_yaml_is_reported_at_its_line_in_the_file(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\nhashtags: [a, b\ncampaign: x",
    )
    post, problems = _load(workspace, "zerno/2026/12/01-a.md")
    assert post is None
    ((f),) = problems
    assert (f.line, f.col, f.rule) == (5, 9, "schema/yaml")  # line 1 is '---'


def test_posts_anywhere_under_posts_are_found(workspace):
    workspace.post("zerno/a.md", "network: telegram\ntime: 2026-12-01 10:00")
    workspace.post("zerno/2026/12/deep/er/b.md", "network: telegram\ntime: 2026-12-01 10:00")
    workspace.write("posts/zerno/notes.txt", "not a post")
    assert sorted(post_paths(workspace.root)) == [
        "posts/zerno/2026/12/deep/er/b.md",
        "posts/zerno/a.md",
    ]


# --- brands and campaigns ------------------------------------------------------------------------


def test_brands_and_campaigns_are_loaded(workspace):
    repo = open_repo(workspace.root)
    assert repo.findings == []
    assert set(repo.brands) == {"zerno", "nordlicht"}
    zerno = repo.brands["zerno"]
    assert zerno.tz == MOSCOW and zerno.currency == "RUB" and zerno.jurisdiction == "RU"
    assert zerno.late_after == timedelta(hours=2)
    assert repo.config_files == [
        "brands/nordlicht.yaml",
        "brands/zerno.yaml",
        "campaigns/nordlicht/winter-sale.yaml",
        "campaigns/zerno/winter.yaml",
    ]
    winter = repo.campaign("zerno", "winter")
    assert winter.brand == "zerno" and winter.budget == Money(Decimal("10000"), "RUB")
    # dates are whole local days; the end day is included, so the window ends at the next midnight
    assert winter.start == datetime(2026, 12, 1, tzinfo=MOSCOW)
    assert winter.end == datetime(2027, 3, 1, tzinfo=MOSCOW)
    assert repo.campaign("zerno", "winter-sale") is None
    assert repo.campaign("zerno", None) is None


def test_a_brand_with_an_unknown_time_zone(workspace):
    workspace.brand("zerno", timezone="Europe/Mordor")
    repo = open_repo(workspace.root)
    assert [(f.path, f.rule) for f in repo.findings] == [("brands/zerno.yaml", "brand/timezone")]
    assert repo.brands["zerno"].tz == ZoneInfo("UTC")


def test_a_campaign_that_ends_before_it_starts(workspace):
    workspace.campaign("zerno", "winter", start="2027-01-10", end="2027-01-09")
    repo = open_repo(workspace.root)
    assert [(f.path, f.line, f.rule) for f in repo.findings] == [
        ("campaigns/zerno/winter.yaml", 3, "campaign/window")
    ]


def test_a_one_day_campaign_is_not_empty(workspace):
    workspace.campaign("zerno", "winter", start="2027-01-10", end="2027-01-10")
    repo = open_repo(workspace.root)
    assert repo.findings == []
    assert repo.campaign("zerno", "winter").end - repo.campaign(
        "zerno", "winter"
    ).start == timedelta(days=1)


def test_a_campaign_with_a_bad_date_and_an_unknown_brand(workspace):
    workspace.write(
        "campaigns/zerno/winter.yaml",
        "name: Зима\nbrand: zernoo\nstart: first of december\nend: 2027-02-28\n",
    )
    repo = open_repo(workspace.root)
    rules = sorted((f.line, f.col, f.rule) for f in repo.findings)
    assert rules == [(2, 1, "schema/brand"), (3, 1, "schema/time")]
    assert "no brand 'zernoo'" in next(f.message for f in repo.findings if f.rule == "schema/brand")


def test_find_root_walks_up_and_refuses_outside(workspace, tmp_path):
    deep = workspace.root / "assets" / "zerno"
    assert find_root(deep) == workspace.root.resolve()
    with pytest.raises(RepositoryError, match="not inside an smm repository"):
        find_root(tmp_path)


# --- times -------------------------------------------------------------------------------------


def test_a_time_without_offset_is_in_the_given_zone():
    when, fold = parse_local("2026-12-01 10:00", MOSCOW)
    assert fold == "ok"
    assert when == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def test_a_time_with_an_offset_is_that_instant_whatever_the_zone():
    when, fold = parse_local("2026-12-01T10:00:00+01:00", MOSCOW)
    assert (when, fold) == (datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "ok")
    assert parse_local("2026-12-01T10:00Z", MOSCOW)[0] == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_daylight_saving_gap_and_overlap():
    assert parse_local("2027-03-28 02:30", BERLIN)[1] == "nonexistent"
    assert parse_local("2026-10-25 02:30", BERLIN)[1] == "ambiguous"
    assert parse_local("2027-10-31 02:59", BERLIN)[1] == "ambiguous"
    assert parse_local("2026-10-25 03:00", BERLIN)[1] == "ok"
    assert parse_local("2027-03-28 03:00", BERLIN)[1] == "ok"
    assert parse_local("2027-03-28 02:30", MOSCOW)[1] == "ok"  # Moscow has no DST
    # with an offset there is nothing to guess
    assert parse_local("2026-10-25T02:30:00+01:00", BERLIN)[1] == "ok"


def test_bad_times_raise_value_error():
    for text in ("tomorrow", "2026-13-01 10:00", "10:00", ""):
        with pytest.raises(ValueError):
            parse_local(text, MOSCOW)


def test_day_bounds():
    assert parse_day_bound("2026-12-01", BERLIN, end=False) == datetime(2026, 12, 1, tzinfo=BERLIN)
    assert parse_day_bound("2026-12-31", BERLIN, end=True) == datetime(2027, 1, 1, tzinfo=BERLIN)
    assert parse_day_bound("2026-12-31 18:00", BERLIN, end=True) == datetime(
        2026, 12, 31, 18, tzinfo=BERLIN
    )


@pytest.mark.parametrize("name", ["", "   ", 5])
def test_a_blank_brand_name_is_a_finding_and_the_slug_stands_in(workspace, name):
    """A brand shows its name in the site's navigation and headings: a blank one would be an
    empty link; the brand's slug is shown instead and lint says why."""
    from smm.content.repo import open_repo

    workspace.brand("zerno", name=name)
    repo = open_repo(workspace.root)
    assert repo.brands["zerno"].name == "zerno"
    found = [f for f in repo.findings if f.path == "brands/zerno.yaml"]
    assert [f.rule for f in found] in (["schema/value"], ["schema/type"])


def test_a_time_in_a_managed_block_past_what_any_zone_can_show_is_no_time():
    from smm import clock

    for text in ("9999-12-31T23:59:59", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"):
        assert clock.instant(text) is None, text
    assert clock.instant("2026-12-01T12:30:00+03:00").isoformat() == "2026-12-01T12:30:00+03:00"
