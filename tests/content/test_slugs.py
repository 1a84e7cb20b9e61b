"""file/slug: brand, campaign and post names follow one safe pattern, checked by lint on every
file of the layout (and by `smm codeowners`, tested in tests/codeowners/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm.content.slugs import SLUG, is_slug, layout_problem

PROJECT = Path(__file__).resolve().parents[2]
TEXT = "network: telegram\ntime: 2026-12-01 10:00"


def test_every_name_in_the_example_content_is_a_slug():
    paths = [
        p.relative_to(PROJECT).as_posix()
        for top in ("brands", "campaigns", "posts")
        for p in (PROJECT / top).rglob("*")
        if p.is_file() and p.suffix in (".yaml", ".md")
    ]
    assert len(paths) > 40
    assert [(p, layout_problem(p)) for p in paths if layout_problem(p)] == []


@pytest.mark.parametrize("text", ["zerno", "new-year-2026", "01-winter-menu", "2026", "a", "0"])
def test_slugs(text):
    assert is_slug(text) and SLUG.fullmatch(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-a",
        "A",
        "a_b",
        "a.b",
        "a b",
        "a*",
        "a?",
        "[a]",
        "!a",
        "a#",
        "a\\b",
        "a\n",
        "a\nb",
        "é",
        "a\u2028",
        "a\x1b",
        "\u0430",
    ],
)  # the last is Cyrillic 'а'
def test_not_slugs(text):
    assert not is_slug(text)


@pytest.mark.parametrize(
    "rel",
    [
        "posts/zerno/2026/12/01-Winter.md",
        "posts/zerno/2026/12/01 winter.md",
        "posts/zerno/2026/12/01-a,b.md",
        "posts/zerno/2026/12/01-a*.md",
        "posts/zerno/2026/12/01-a\nposts-x.md",
        "posts/zerno/2026/12/01-a\x1b[31m.md",
        "posts/zerno/2026/Dec/01-a.md",
        "posts/zerno/drafts_old/01-a.md",
        "posts/zerno/2026/12/.md",
        "posts/zerno/2026/12/01-upper.MD",  # read as a post all the same: never left out unsaid
        "posts/zerno/2026/12/01-long.markdown",
    ],
)
def test_a_post_whose_name_or_folder_is_not_a_slug_is_an_error(workspace, rel):
    workspace.write(rel, "---\n" + TEXT + "\n---\nТекст поста про зимний кофе и новое меню.")
    found = [f for f in workspace.findings() if f.rule == "file/slug"]
    assert [(f.path, f.line, f.col, f.level) for f in found] == [(rel, 1, 1, "error")]


@pytest.mark.parametrize(
    "rel",
    [
        "campaigns/zerno/Winter.yaml",
        "campaigns/zerno/win ter.yaml",
        "campaigns/zerno/a*.yaml",
        "campaigns/zerno/x/winter.yaml",
        "campaigns/zerno.yaml",
        "campaigns/zerno/winter.yml",  # said, not read
        "campaigns/zerno/winter.YAML",
    ],
)
def test_a_campaign_whose_name_is_not_a_slug_is_an_error(workspace, rel):
    workspace.yaml(rel, {"name": "x", "start": "2026-12-01", "end": "2026-12-31"})
    found = [f for f in workspace.findings() if f.rule == "file/slug"]
    assert [(f.path, f.level) for f in found] == [(rel, "error")]


def test_a_campaign_in_a_subfolder_does_not_stand_in_for_another(workspace):
    from smm.content.repo import open_repo

    workspace.yaml(
        "campaigns/zerno/x/winter.yaml",
        {"name": "Intruder", "start": "2026-12-01", "end": "2026-12-31", "budget": "1 RUB"},
    )
    assert (
        open_repo(workspace.root).campaigns[("zerno", "winter")].path
        == "campaigns/zerno/winter.yaml"
    )


def test_a_post_with_a_bad_name_is_blocked_not_published(workspace):
    """A lint error blocks the post: publish --dry-run says so."""
    workspace.post("zerno/2026/11/28-Bad.md", "network: telegram\ntime: 2026-11-28 12:00")
    proc = workspace.smm(
        "publish", "--dry-run", "--now", "2026-11-28T12:01:00+03:00", "--format", "json"
    )
    import json

    outcomes = json.loads(proc.stdout)["outcomes"]
    assert [(o["path"], o["state"]) for o in outcomes] == [
        ("posts/zerno/2026/11/28-Bad.md", "blocked")
    ]
    assert "file/slug" in outcomes[0]["error"]
