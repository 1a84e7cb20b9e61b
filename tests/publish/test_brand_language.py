"""A brand file's ``language`` goes with each post to the networks whose posts carry one, where
the account names none: Mastodon's status ``language`` (the tag's ISO 639 part) and Bluesky's
record ``langs`` (the tag as written); an account's own language wins."""

from __future__ import annotations

import pytest

from .harness import THREE, Publisher, Scenario, git


@pytest.mark.parametrize("scenario", [THREE], ids=lambda s: s.name)
def test_the_brand_language_is_sent_where_the_account_names_none(
    pub: Publisher, scenario: Scenario
) -> None:
    del scenario
    clone = pub.clone()
    brand = clone / "brands" / "zerno.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "language: pt-BR\n", encoding="utf-8")
    git(clone, "commit", "--quiet", "-am", "Zerno writes in Brazilian Portuguese")
    git(clone, "push", "--quiet")

    run = pub.run(pub.clone())
    assert run.code == 0, run.stdout + run.stderr
    assert {p.get("language") for p in pub.posts("mastodon")} == {"pt"}
    assert [p["langs"] for p in pub.posts("bluesky")] == [["pt-BR"], ["pt-BR"]]


@pytest.mark.parametrize("scenario", [THREE], ids=lambda s: s.name)
def test_without_a_brand_language_none_is_sent(pub: Publisher, scenario: Scenario) -> None:
    del scenario
    run = pub.run(pub.clone())
    assert run.code == 0, run.stdout + run.stderr
    assert {p.get("language") for p in pub.posts("mastodon")} == {None}
    assert all(not p.get("langs") for p in pub.posts("bluesky"))
