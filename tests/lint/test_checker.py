"""Checking posts a chunk at a time, stage by stage (lint/checker.py ``check_chunk``): each post
gets exactly the entry it gets checked alone, across batch boundaries and whatever its
neighbours are."""

from __future__ import annotations

from conftest import Workspace
from smm.content.repo import open_repo
from smm.lint.checker import STAGE_BATCH, Checker

#: Posts of every kind a chunk can hold: clean, with findings, unusable, with images and
#: overrides, and a thread; repeated past a batch's end.
KINDS = {
    "clean": ("network: telegram\ntime: 2026-12-{day} 10:00", "Зимний кофе и новое меню."),
    "findings": ("network: [telegramm, vk]\ntime: 2026-12-{day} 10:00", "#a #b " * 20),
    "no-front-matter": (None, "Текст без front matter."),
    "images": (
        "network: [instagram, vk]\ntime: 2026-12-{day} 11:00\n"
        "images: [assets/zerno/square.jpg, assets/zerno/missing.jpg]",
        "Подпись к [фото](https://zerno.example/a).",
    ),
    "override": (
        "network: [telegram, x]\ntime: 2026-12-{day} 12:00\n"
        "overrides: {x: {text: 'Короче для X', hashtags: [кофе]}}",
        "**Длинный** текст для Telegram " * 10,
    ),
    "thread": ("network: mastodon\ntime: 2026-12-{day} 13:00", "Первая часть.\n\n---\n\nВторая."),
}


def _write_posts(ws: Workspace, count: int) -> list[str]:
    paths = []
    kinds = list(KINDS.items())
    for n in range(count):
        kind, (front, body) = kinds[n % len(kinds)]
        rel = f"zerno/2026/12/{n % 28 + 1:02d}-{kind}-{n}.md"
        if front is None:
            ws.write(f"posts/{rel}", body)
        else:
            ws.post(rel, front.replace("{day}", f"{n % 28 + 1:02d}"), body)
        paths.append(f"posts/{rel}")
    return sorted(paths)


def test_a_chunk_gives_each_post_the_entry_it_gets_alone(workspace: Workspace) -> None:
    paths = _write_posts(workspace, 2 * STAGE_BATCH + 7)
    repo = open_repo(workspace.root)
    chunked = Checker(repo).check_chunk(paths)
    alone = Checker(repo)
    assert [found[:2] for found in chunked] == [alone.check(path) for path in paths]
    assert {rule for _, entry, _, _ in chunked for rule in (f[4] for f in entry.findings)} >= {
        "schema/network",
        "schema/front-matter",
        "image/missing",
    }


def test_a_chunks_inspected_images_come_with_its_last_entry(workspace: Workspace) -> None:
    paths = _write_posts(workspace, STAGE_BATCH + 1)
    found = Checker(open_repo(workspace.root)).check_chunk(paths)
    assert [bool(inspected) for _, _, inspected, _ in found] == [False] * STAGE_BATCH + [True]
    assert set(found[-1][2]) == {"assets/zerno/square.jpg"}
