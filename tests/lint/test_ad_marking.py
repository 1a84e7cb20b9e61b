"""ad/ru-marking (38-FZ: «Реклама», advertiser, erid) and ad/disclosure (#ad up front elsewhere)."""

from __future__ import annotations

import textwrap

import pytest

from smm.preview import preview

RU = "zerno/2026/12/01-ad.md"
DE = "nordlicht/2026/12/01-ad.md"


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def ru_ad(
    workspace,
    extra="",
    body="Новый раф с лавандой: попробуйте первыми!",
    kind="ad",
    network="[telegram, vk]",
):
    front = f"network: {network}\ntime: 2026-12-01 10:00\nkind: {kind}\n" + textwrap.dedent(extra)
    workspace.post(RU, front, body)
    return workspace.findings()


def rendered(workspace, rel, network):
    (result,) = preview(str(workspace.root / "posts" / rel), network, root=workspace.root)
    return result


# --- ad/ru-marking ---


def test_ru_ad_without_erid_is_an_error(workspace):
    (finding,) = _of(ru_ad(workspace), "ad/ru-marking")
    assert finding.level == "error" and "erid" in finding.message
    assert finding.line == 4  # at 'kind: ad' when the post has no advertiser block


def test_ru_ad_with_an_advertiser_block_but_no_erid_is_reported_at_the_block(workspace):
    (finding,) = _of(ru_ad(workspace, "advertiser: {name: ООО «Зерно»}\n"), "ad/ru-marking")
    assert finding.line == 5 and "erid" in finding.message


def test_ru_ad_without_any_advertiser_name_is_an_error(workspace):
    workspace.brand("zerno", ad_marking={})
    (finding,) = _of(ru_ad(workspace, "advertiser: {name: '', erid: 2VtzqvAbC}\n"), "ad/ru-marking")
    assert "name" in finding.message


@pytest.mark.parametrize("kind", ["exchange", "influencer"])
def test_ru_exchange_and_influencer_posts_are_ads_too(workspace, kind):
    assert _of(ru_ad(workspace, kind=kind), "ad/ru-marking")


@pytest.mark.parametrize("kind", ["organic", "contest", "announcement"])
def test_ru_post_that_is_not_an_ad_needs_no_marking(workspace, kind):
    # (a contest post's missing contest: block is contest/missing: tests/lint/test_contest_rules.py)
    assert [f for f in ru_ad(workspace, kind=kind) if not f.rule.startswith("contest/")] == []


def test_ru_ad_with_erid_passes(workspace):
    assert ru_ad(workspace, "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\n") == []


def test_ru_ad_with_erid_renders_the_marking_first_on_every_network(workspace):
    ru_ad(workspace, "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\n")
    marking = "Реклама. ООО «Зерно», ИНН 7701234560. erid: 2VtzqvAbC"
    for network in ("telegram", "vk"):
        result = rendered(workspace, RU, network)
        assert result.text.startswith(marking + "\n\n")
        assert result.marking == marking
        assert "Новый раф с лавандой" in result.text


def test_ru_ad_marking_counts_towards_the_length(workspace):
    ru_ad(workspace, "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\n", body="Раф.")
    result = rendered(workspace, RU, "vk")
    assert result.length == len("Реклама. ООО «Зерно», ИНН 7701234560. erid: 2VtzqvAbC\n\nРаф.")


def test_smm_preview_shows_the_marking(workspace):
    ru_ad(workspace, "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\n")
    done = workspace.smm("preview", f"posts/{RU}", "--network", "telegram")
    assert done.returncode == 0, done.stderr
    assert "Реклама. ООО «Зерно», ИНН 7701234560. erid: 2VtzqvAbC" in done.stdout


def test_ru_ad_of_another_advertiser_shows_that_advertisers_details_not_the_brands(workspace):
    ru_ad(
        workspace,
        "advertiser: {name: ИП Иванов, inn: '500100732259', erid: 2VtzqvXyZ}\n",
        kind="exchange",
    )
    result = rendered(workspace, RU, "vk")
    assert result.marking == "Реклама. ИП Иванов, ИНН 500100732259. erid: 2VtzqvXyZ"


def test_ru_ad_of_another_advertiser_does_not_borrow_the_brands_inn(workspace):
    ru_ad(workspace, "advertiser: {name: ИП Иванов, erid: 2VtzqvXyZ}\n", kind="exchange")
    result = rendered(workspace, RU, "vk")
    assert result.marking == "Реклама. ИП Иванов. erid: 2VtzqvXyZ"
    assert "7701234560" not in result.text


def test_ru_ad_marking_written_by_hand_is_not_doubled(workspace):
    body = "Реклама. ООО «Зерно», ИНН 7701234560. erid: 2VtzqvAbC\n\nНовый раф."
    assert ru_ad(workspace, "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\n", body=body) == []
    result = rendered(workspace, RU, "telegram")
    assert result.marking is None and result.text.count("Реклама") == 1


def test_ru_ad_with_the_erid_only_in_a_link_still_gets_the_marking(workspace):
    body = "Новый раф: https://zerno.example/raf?erid=2VtzqvAbC"
    assert ru_ad(workspace, "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\n", body=body) == []
    assert rendered(workspace, RU, "vk").text.startswith("Реклама. ООО «Зерно»")


def test_ru_ad_override_text_gets_the_marking_too(workspace):
    extra = "advertiser: {name: ООО «Зерно», erid: 2VtzqvAbC}\noverrides:\n  vk: {text: Другой текст для VK}\n"
    assert ru_ad(workspace, extra) == []
    assert rendered(workspace, RU, "vk").text.startswith("Реклама. ООО «Зерно»")


# --- ad/disclosure (brands outside Russia) ---


def de_ad(workspace, body, hashtags=(), network="[telegram, instagram]"):
    front = (
        f"network: {network}\ntime: 2026-12-01 10:00\nkind: ad\n"
        "images:\n  - {src: assets/zerno/square.jpg, alt: Eine Tasse Kaffee}\n"
    )
    if hashtags:
        front += f"hashtags: [{', '.join(hashtags)}]\n"
    workspace.post(DE, front, body)
    return workspace.findings()


LONG = (
    "Unser neuer Winterkaffee ist da: dunkel geröstet, mit Noten von Kakao und Kirsche, "
    "frisch gemahlen in jeder Filiale und ab sofort auch im Onlineshop erhältlich. Probiert ihn!"
)


def test_de_ad_without_any_disclosure_is_an_error_per_network(workspace):
    findings = _of(de_ad(workspace, LONG), "ad/disclosure")
    assert [f.level for f in findings] == ["error", "error"]
    assert {m for f in findings for m in ("Telegram", "Instagram") if m in f.message} == {
        "Telegram",
        "Instagram",
    }


@pytest.mark.parametrize("opening", ["Ad: ", "#ad ", "Anzeige: ", "Werbung | ", "#sponsored "])
def test_de_ad_disclosed_up_front_passes(workspace, opening):
    assert de_ad(workspace, opening + LONG) == []


def test_de_ad_with_ad_on_its_own_first_line_passes(workspace):
    assert de_ad(workspace, "Ad:\n\n" + LONG) == []


def test_de_ad_with_hashtag_ad_only_at_the_end_among_hashtags_fails(workspace):
    assert len(LONG) > 125
    findings = de_ad(workspace, LONG, hashtags=["kaffee", "winter", "ad"])
    assert len(_of(findings, "ad/disclosure")) == 2
    assert "#ad" in rendered(workspace, DE, "instagram").text  # it is there, just too late


def test_de_ad_with_ad_in_the_last_line_of_the_body_fails(workspace):
    assert _of(de_ad(workspace, LONG + "\n\n#ad"), "ad/disclosure")


@pytest.mark.parametrize(
    "opening", ["Read: ", "#adventure ", "Jetzt Bewerbung schicken! ", "Pad | "]
)
def test_de_ad_with_a_word_that_merely_contains_a_token_fails(workspace, opening):
    assert _of(de_ad(workspace, opening + LONG), "ad/disclosure")


def test_de_organic_post_needs_no_disclosure(workspace):
    workspace.post(DE, "network: telegram\ntime: 2026-12-01 10:00\n", LONG)
    assert workspace.findings() == []
