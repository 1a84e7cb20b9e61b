"""The digest a real publish run records is what lint computes: a fresh post is clean, an edit is not.

Real git (origin, clones), the Telegram and VK sandbox on 127.0.0.1, `smm publish` and `smm lint`
as subprocesses in the clone, as CI and a person run them.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import yaml

from publish.harness import BRAND, DUE, NETWORKS, NOW_ISO, Publisher, git, published

MENU = "posts/zerno/2026/12/01-winter-menu.md"


def hex16(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def lint(clone: Path) -> tuple[int, list[dict]]:
    proc = subprocess.run(
        [sys.executable, "-m", "smm", "lint", "--now", NOW_ISO, "--format", "json"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return proc.returncode, json.loads(proc.stdout)


def ours(findings: list[dict]) -> list[tuple[str, str, str]]:
    return sorted(
        (f["path"], f["rule"], f["level"]) for f in findings if f["rule"].startswith("published/")
    )


def published_clone(pub: Publisher) -> Path:
    clone = pub.clone()
    run = pub.run(clone)
    assert run.code == 0 and run.state_of() == dict.fromkeys(DUE, "published"), (
        run.stdout + run.stderr
    )
    return clone


def test_the_sent_digest_is_the_digest_of_exactly_what_the_network_received(pub: Publisher) -> None:
    clone = published_clone(pub)
    received = {("telegram", p["id"]): p["text"] for p in pub.posts("telegram")}  # the HTML as sent
    received |= {("vk", p["id"]): p["text"] for p in pub.posts("vk")}
    assert any(
        "<b>зимнее меню</b>" in text
        for (network, _), text in received.items()
        if network == "telegram"
    )
    for path, network in DUE:
        entry = published(clone / path)[network]
        assert entry["sent"] == hex16(received[(network, entry["id"])]), (path, network)
        assert len(entry["source"]) == 16
        # and on origin, where CI keeps it
        origin = yaml.safe_load(pub.origin_file(path).split("---\n", 2)[1])["published"][network]
        assert origin["sent"] == entry["sent"] and origin["source"] == entry["source"]


def test_a_freshly_published_post_is_clean_and_an_edit_of_its_text_is_an_error(
    pub: Publisher,
) -> None:
    clone = published_clone(pub)
    code, found = lint(clone)
    assert ours(found) == [] and code == 0, found

    file = clone / MENU
    original = file.read_text(encoding="utf-8")
    file.write_text(original.replace("пряный раф", "пряный раф и глинтвейн"), encoding="utf-8")
    code, found = lint(clone)
    assert code == 1
    assert ours(found) == [(MENU, "published/edited", "error")] * len(NETWORKS)
    assert {f["line"] for f in found if f["rule"] == "published/edited"} == {
        original.splitlines().index("Зима началась — по крайней мере, в наших чашках ☕❄️") + 1
    }

    # asking for the edit: nothing to say (Telegram and VK can edit), nothing blocks
    marked = file.read_text(encoding="utf-8").replace(
        "kind: organic\n", 'kind: organic\nedit: {telegram: "глинтвейн", vk: "глинтвейн"}\n'
    )
    file.write_text(marked, encoding="utf-8")
    code, found = lint(clone)
    assert code == 0 and ours(found) == [], found
    # ... and a publish run sends the edit: the same posts, the new text, once
    git(clone, "commit", "--quiet", "-am", "Winter menu: add mulled wine (edit requested)")
    git(clone, "push", "--quiet", "origin", "main")
    count = len(pub.posts())
    again = pub.run(clone)
    assert again.code == 0 and again.data is not None
    assert {o["state"] for o in again.data["outcomes"]} == {"edited"}
    edited = [p for p in pub.posts() if "глинтвейн" in p["text"]]
    assert len(pub.posts()) == count and len(edited) == len(NETWORKS)
    assert all(len(p["edited"]) == 1 for p in edited)


def test_a_brand_change_alone_does_not_make_every_published_post_an_edit(pub: Publisher) -> None:
    """The rendered text changes with the brand's signature, but nobody edited the posts."""
    clone = published_clone(pub)
    (clone / "brands/zerno.yaml").write_text(
        yaml.safe_dump(
            {**BRAND, "signature": "— Кофейня «Зерно»"}, allow_unicode=True, sort_keys=False
        ),
        encoding="utf-8",
    )
    _, found = lint(clone)
    assert ours(found) == [], found
    # an edit of the post itself still counts
    file = clone / MENU
    file.write_text(
        file.read_text(encoding="utf-8").replace("латте с корицей", "латте с кардамоном"),
        encoding="utf-8",
    )
    _code, found = lint(clone)
    assert ours(found) == [(MENU, "published/edited", "error")] * len(NETWORKS)
    assert {f["path"] for f in found if f["rule"] == "published/edited"} == {MENU}
