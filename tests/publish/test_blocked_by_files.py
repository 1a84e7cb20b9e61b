"""A post is published by its brand file (time zone, accounts, late_after) and its campaign file:
an error there blocks the post as its own error does, in the dry run and the run alike, with the
file, line and rule in the reason (publish/due.py ``depends_on``). And a lint error always wins
over ``unsupported``: `network: telegram, vk` is a mistake in the file, not a network."""

from __future__ import annotations

from pathlib import Path

from .harness import POSTS, Publisher, git

MENU = "posts/zerno/2026/12/01-winter-menu.md"
CAKE = "posts/zerno/2026/12/01-carrot-cake.md"


def change(pub: Publisher, edit: dict[str, str]) -> Path:
    """A clone with ``edit`` (path -> new text) committed and pushed to origin."""
    clone = pub.clone("editor")
    for rel, text in edit.items():
        (clone / rel).parent.mkdir(parents=True, exist_ok=True)
        (clone / rel).write_text(text, encoding="utf-8")
    git(clone, "add", "--all")
    git(clone, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "edit")
    git(clone, "push", "--quiet", "origin", "main")
    return clone


def both_runs(pub: Publisher) -> list[dict[tuple[str, str], dict]]:
    """The outcomes of a dry run and of a run, in fresh clones."""
    dry = pub.run(pub.clone(), "--dry-run")
    run = pub.run(pub.clone())
    assert run.code == 1, run.stdout + run.stderr
    return [dry.outcomes(), run.outcomes()]


def test_a_misspelt_brand_time_zone_blocks_every_post_of_the_brand(pub: Publisher) -> None:
    brand = (pub.tmp / "seed/brands/zerno.yaml").read_text(encoding="utf-8")
    change(pub, {"brands/zerno.yaml": brand.replace("Europe/Moscow", "America/New_Yrok")})
    for outcomes in both_runs(pub):
        assert {k: o["state"] for k, o in outcomes.items()} == {
            (p, n): "blocked" for p in POSTS for n in ("telegram", "vk")
        }
        for o in outcomes.values():
            assert o["error"].startswith("brands/zerno.yaml:2:"), o
            assert " error brand/timezone 'America/New_Yrok' " in o["error"], o
    assert pub.posts() == []
    assert "claim" not in " ".join(s for s, _ in pub.origin_log())


def test_an_error_in_the_campaign_file_blocks_its_posts_only(pub: Publisher) -> None:
    campaign = "name: Зима\nstart: 2026-11-01\nend: 2027-01-31\nbudget: lots of money\n"
    menu = POSTS[MENU].replace("kind: organic", "kind: organic\ncampaign: winter")
    change(pub, {"campaigns/zerno/winter.yaml": campaign, MENU: menu})
    for outcomes in both_runs(pub):
        states = {k: o["state"] for k, o in outcomes.items()}
        assert states[(MENU, "telegram")] == states[(MENU, "vk")] == "blocked"
        assert "blocked" not in (states[(CAKE, "telegram")], states[(CAKE, "vk")])
        assert outcomes[(MENU, "vk")]["error"].startswith("campaigns/zerno/winter.yaml:4:")
    assert {p["text"][:10] for p in pub.posts("vk")} == {"Морковный "}


def test_a_lint_error_wins_over_unsupported(pub: Publisher) -> None:
    menu = POSTS[MENU].replace("network: [telegram, vk]", "network: telegram, vk")
    cake = POSTS[CAKE].replace("network: [telegram, vk]", "network: [myspace]")
    change(pub, {MENU: menu, CAKE: cake})
    run = pub.run(pub.clone(), "--dry-run")
    assert run.code == 1, run.stdout + run.stderr
    for (path, _), o in run.outcomes().items():
        assert o["state"] == "blocked", o
        assert o["error"].startswith(f"{path}:"), o
    assert "cannot publish" not in run.stdout
