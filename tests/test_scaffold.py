"""`smm new` and `smm brand new`: files written with the repository's defaults, never over one
that exists, and a placeholder body that lint refuses until the writer replaces it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from conftest import Workspace
from smm.content.model import PLACEHOLDER_BODY
from smm.errors import UsageError
from smm.scaffold import new_brand, new_post, slugify

NOW = datetime(2026, 11, 30, 22, 30, tzinfo=ZoneInfo("Europe/Moscow"))


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Открываем зимнее меню!", "otkryvaem-zimnee-meniu"),
        ("Щедрый четверг: ёлка, чай и хачапури", "shchedryi-chetverg-elka-chai-i-khachapuri"),
        ("Öffnungszeiten über die Feiertage", "oeffnungszeiten-ueber-die-feiertage"),
        ("Café crème — 2 for 1", "cafe-creme-2-for-1"),
        ("🎄🎁", "post"),
        ("Новогодний " * 12, "novogodnii-novogodnii-novogodnii-novogodnii-novogodnii"),
    ],
)
def test_slugs_are_transliterated_and_cut_at_a_word(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slug) <= 60


def front(path: str, ws: Workspace) -> dict[str, object]:
    text = (ws.root / path).read_text(encoding="utf-8")
    data: dict[str, object] = yaml.safe_load(text.split("---\n")[1])
    return data


def test_a_post_with_the_campaigns_networks_on_its_first_day(workspace: Workspace) -> None:
    workspace.campaign("zerno", "spring", start="2027-03-01", end="2027-03-31", networks=["vk"])
    made = new_post(
        "Весна: «кофе» на вынос", workspace.root, brand="zerno", campaign="spring", now=NOW
    )
    assert made.path == "posts/zerno/2027/03/01-vesna-kofe-na-vynos.md"
    data = front(made.path, workspace)
    assert data["network"] == ["vk"] and data["campaign"] == "spring"
    assert data["title"] == "Весна: «кофе» на вынос" and data["kind"] == "organic"
    assert str(data["time"]) == "2027-03-01 10:00"
    assert made.text.endswith(f"---\n{PLACEHOLDER_BODY}\n")


def test_without_a_campaign_tomorrow_in_the_brands_time_zone_on_its_accounts(
    workspace: Workspace,
) -> None:
    workspace.brand("nordlicht", hashtags={"required": ["nordlicht"], "banned": []})
    # 22:30 in Moscow is 20:30 in Berlin: tomorrow is 1 December in both
    made = new_post("Winter hours", workspace.root, brand="nordlicht", now=NOW)
    data = front(made.path, workspace)
    assert made.path == "posts/nordlicht/2026/12/01-winter-hours.md"
    assert data["network"] == ["telegram", "instagram"] and data["hashtags"] == ["nordlicht"]
    given = new_post("Heiligabend", workspace.root, brand="nordlicht", when="2026-12-24", now=NOW)
    assert str(front(given.path, workspace)["time"]) == "2026-12-24 10:00"
    utc = new_post("Abend", workspace.root, brand="nordlicht", when="2026-12-24T17:00:00Z")
    assert str(front(utc.path, workspace)["time"]) == "2026-12-24 18:00"  # Berlin time
    picked = new_post("Nur X", workspace.root, brand="nordlicht", networks=("x",), now=NOW)
    assert front(picked.path, workspace)["network"] == ["x"]


def test_never_overwrites_and_says_what_to_do(workspace: Workspace) -> None:
    made = new_post("Меню", workspace.root, brand="zerno", now=NOW)
    (workspace.root / made.path).write_text("the writer's work", encoding="utf-8")
    with pytest.raises(UsageError, match=r"01-meniu\.md: exists already; pick another title"):
        new_post("Меню", workspace.root, brand="zerno", now=NOW)
    assert (workspace.root / made.path).read_text(encoding="utf-8") == "the writer's work"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, r"--brand: which brand\? the brands are: nordlicht, zerno"),
        ({"brand": "zernoo"}, "--brand: no brand 'zernoo'"),
        (
            {"brand": "zerno", "campaign": "summer"},
            "zerno has no campaign 'summer'.*it has: winter",
        ),
        ({"brand": "zerno", "networks": ("vkontakte",)}, "--network: unknown vkontakte"),
        ({"brand": "zerno", "when": "tomorrow"}, "--time: 'tomorrow' is not a time"),
        ({"brand": "zerno", "kind": "advert"}, "--kind: one of organic, ad"),
    ],
)
def test_what_the_repository_lacks_is_one_usage_error(
    workspace: Workspace, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        new_post("Пост", workspace.root, now=NOW, **kwargs)
    assert not (workspace.root / "posts").exists()


def test_the_placeholder_is_an_error_until_replaced(workspace: Workspace) -> None:
    made = new_post("Зимнее меню", workspace.root, brand="zerno", networks=("telegram",), now=NOW)
    findings = workspace.findings(made.path)
    assert [(f.rule, f.line, f.level) for f in findings] == [("body/placeholder", 7, "error")]
    file = workspace.root / made.path
    file.write_text(
        file.read_text(encoding="utf-8").replace(PLACEHOLDER_BODY, "С 1 декабря — зимнее меню."),
        encoding="utf-8",
    )
    assert workspace.findings(made.path) == []


def test_two_fresh_posts_are_each_a_placeholder_not_one_text_twice(workspace: Workspace) -> None:
    """Both still hold the line `smm new` wrote: body/placeholder says so for each; a
    duplicate/text on top would only be noise (and it goes once the texts are written)."""
    first = new_post("Зимнее меню", workspace.root, brand="zerno", networks=("telegram",), now=NOW)
    second = new_post("Глинтвейн", workspace.root, brand="zerno", networks=("telegram",), now=NOW)
    findings = workspace.findings()
    assert sorted((f.path, f.rule) for f in findings) == sorted(
        [(first.path, "body/placeholder"), (second.path, "body/placeholder")]
    )


def test_the_cli_writes_a_post_and_refuses_a_second_with_one_line(workspace: Workspace) -> None:
    first = workspace.smm("new", "--brand", "zerno", "--time", "2026-12-05 12:00", "Глинтвейн")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("wrote posts/zerno/2026/12/05-glintvein.md")
    again = workspace.smm("new", "--brand", "zerno", "--time", "2026-12-05 12:00", "Глинтвейн")
    assert again.returncode == 2 and again.stderr.count("\n") == 1
    assert "exists already" in again.stderr and "Traceback" not in again.stderr


def test_the_cli_counts_tomorrow_from_its_now(workspace: Workspace) -> None:
    """`--now` pins the day, as for every command that reads the clock (the README's "The
    clock"): tomorrow is the day after it in the brand's zone, whatever today is."""
    made = workspace.smm("new", "--brand", "zerno", "--now", "2031-05-10T22:30:00+03:00", "Окрошка")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("wrote posts/zerno/2031/05/11-okroshka.md")


def test_a_new_brand_names_its_secrets_and_owns_its_folders(workspace: Workspace) -> None:
    path = new_brand(
        "kolobok",
        workspace.root,
        name="Пекарня «Колобок»",
        timezone="Europe/Moscow",
        networks=("telegram", "ok"),
        reviewers=("@kolobok-team",),
    )
    data = yaml.safe_load((workspace.root / path).read_text(encoding="utf-8"))
    assert data["name"] == "Пекарня «Колобок»" and data["timezone"] == "Europe/Moscow"
    assert data["accounts"]["telegram"] == {"token_env": "SMM_KOLOBOK_TELEGRAM_TOKEN"}
    assert data["accounts"]["ok"]["secret_env"] == "SMM_KOLOBOK_OK_SECRET"
    owners = (workspace.root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "/posts/kolobok/ @kolobok-team" in owners
    with pytest.raises(UsageError, match=r"brands/kolobok\.yaml: exists already"):
        new_brand("kolobok", workspace.root)
    for slug, zone, message in (
        ("Bad Slug", "UTC", "is not a slug"),
        ("ok-slug", "Mars/Base", "not an IANA time zone"),
    ):
        with pytest.raises(UsageError, match=message):
            new_brand(slug, workspace.root, timezone=zone)
    assert sorted(p.name for p in (workspace.root / "brands").iterdir()) == [
        "kolobok.yaml",
        "nordlicht.yaml",
        "zerno.yaml",
    ]
