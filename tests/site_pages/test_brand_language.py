"""A brand file's ``language`` (docs/files.md#brand): read when it is a BCP 47 tag, refused at its
line when not; the language of the post texts on the site's pages, an account's own winning."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm.content.loader import load_brand
from smm.site.lang import brand_language, view_language

ACCOUNTS = """accounts:
  telegram: {chat: "@zerno", token_env: SMM_TG}
  mastodon: {instance: "https://m.example", token_env: SMM_M, language: de}
"""


def brand_file(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "brands").mkdir(exist_ok=True)
    text = f"name: Зерно\ntimezone: Europe/Moscow\n{extra}"
    (tmp_path / "brands" / "zerno.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("tag", ["ru", "pt-BR", "zh-Hant"])
def test_a_brand_language_is_the_language_of_its_texts(tmp_path: Path, tag: str) -> None:
    brand, problems = load_brand(
        brand_file(tmp_path, f"language: {tag}\n{ACCOUNTS}"), "brands/zerno.yaml"
    )
    assert brand is not None and brand.language == tag and not list(problems)
    assert brand_language(brand) == tag
    assert view_language(brand, "telegram") == tag
    assert view_language(brand, "mastodon") == "de"  # the account's own


@pytest.mark.parametrize("value", ["russian!", "r", "ru_RU", "42", "[ru]"])
def test_a_language_that_is_no_tag_is_a_finding_at_its_line(tmp_path: Path, value: str) -> None:
    brand, problems = load_brand(
        brand_file(tmp_path, f"currency: RUB\nlanguage: {value}\n"), "brands/zerno.yaml"
    )
    [(line, rule, message)] = [(p.line, p.rule, p.message) for p in problems]
    assert line == 4 and rule in ("schema/value", "schema/type"), message
    if rule == "schema/value":
        assert message.endswith("is not a language tag such as ru, de or pt-BR (BCP 47)")
    assert brand is not None and brand.language is None
    assert brand_language(brand) is None  # no guess on the page


def test_without_a_language_the_one_its_accounts_agree_on_or_none(tmp_path: Path) -> None:
    brand, _ = load_brand(brand_file(tmp_path, ACCOUNTS), "brands/zerno.yaml")
    assert brand is not None and brand.language is None
    assert brand_language(brand) == "de" and view_language(brand, "telegram") == "de"
    bare, _ = load_brand(
        brand_file(tmp_path, 'accounts: {telegram: {chat: "@z"}}\n'), "brands/zerno.yaml"
    )
    assert bare is not None and brand_language(bare) is None
