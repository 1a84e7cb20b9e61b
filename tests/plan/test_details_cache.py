"""The plan's details cache (.smm-cache/plan-v3.json, the texts apart in plan-texts-v3.json):
JSON that is used only when it has the shape smm writes; anything else is thrown away and the
posts are read again. A few changed posts are read again by the next run rather than the whole
file written for them. Only a plan made with texts (the ICS feed's) reads the texts file."""

from __future__ import annotations

import json

import pytest
from tests.plan.test_plan import DEC1, DEC3, NOW, repo  # noqa: F401  (the fixture)

from smm.plan import plan, render

FILE, TEXTS = "plan-v3.json", "plan-texts-v3.json"


def _text(ws) -> str:
    return render(plan(ws.root, start=DEC1, end=DEC3, now=NOW), "text")


def _ics(ws) -> str:
    return render(plan(ws.root, start=DEC1, end=DEC3, now=NOW), "ics")


BROKEN = {
    "garbage": (FILE, lambda raw: b"\x80\x04garbage"),
    "truncated": (FILE, lambda raw: raw[: len(raw) // 2]),
    "a heading that is a number": (FILE, lambda doc: doc["heading"].__setitem__(0, 5)),
    "a heading that is null": (FILE, lambda doc: doc["heading"].__setitem__(0, None)),
    "one kind too few": (FILE, lambda doc: doc["kind"].pop()),
    "a url that is a list": (FILE, lambda doc: doc["urls"].append([0, ["telegram", ["x"]]])),
    "urls of a post that is not there": (
        FILE,
        lambda doc: doc["urls"].append([99, ["telegram", "x"]]),
    ),
    "paths that are a mapping": (FILE, lambda doc: doc.__setitem__("paths", {})),
    "a path twice": (FILE, lambda doc: doc["paths"].__setitem__(1, doc["paths"][0])),
    "texts: garbage": (TEXTS, lambda raw: b"\x80\x04garbage"),
    "texts: no excerpts": (TEXTS, lambda doc: doc.pop("excerpt")),
    "texts: overrides not in pairs": (TEXTS, lambda doc: doc["overrides"].append([0, ["vk"]])),
    "texts: a digest too few": (TEXTS, lambda doc: doc["digest"].pop()),
}


@pytest.mark.parametrize("how", list(BROKEN))
def test_a_details_cache_that_does_not_fit_is_thrown_away(repo, how):  # noqa: F811
    """Whichever file is broken, the plan (the ICS feed's texts too) is the one made without a
    cache, and the file is written again as it was."""
    expected = [
        render(plan(repo.root, start=DEC1, end=DEC3, now=NOW, use_cache=False), fmt)
        for fmt in ("text", "ics")
    ]
    assert [_text(repo), _ics(repo)] == expected
    name, breaks = BROKEN[how]
    path = repo.root / ".smm-cache" / name
    raw = path.read_bytes()
    if how.endswith(("garbage", "truncated")):
        path.write_bytes(breaks(raw))
    else:
        doc = json.loads(raw)
        breaks(doc)
        path.write_text(json.dumps(doc), encoding="utf-8")
    assert [_text(repo), _ics(repo)] == expected
    assert json.loads(path.read_bytes()) == json.loads(raw)  # written again, good


def test_only_the_ics_feed_reads_the_texts(repo):  # noqa: F811
    """A plan without texts leaves them out of its slots and never opens the texts file; the
    ICS feed's slots have them, from the texts file when it fits."""
    without = plan(repo.root, start=DEC1, end=DEC3, now=NOW, texts=False)
    assert {s.text for bp in without.brands for s in bp.slots} == {""}
    assert not (repo.root / ".smm-cache" / TEXTS).exists()
    with_texts = plan(repo.root, start=DEC1, end=DEC3, now=NOW)
    texts = {s.path: s.text for bp in with_texts.brands for s in bp.slots}
    assert texts["posts/zerno/2026/12/03-c.md"] == "Текст поста про зимний кофе и новое меню."
    path = repo.root / ".smm-cache" / TEXTS
    doc = json.loads(path.read_bytes())
    doc["excerpt"][doc["paths"].index("posts/zerno/2026/12/03-c.md")] = "Текст из кэша"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "Текст из кэша" in _ics(repo)
    assert "Текст из кэша" not in _text(repo)


def test_the_details_cache_is_used_when_it_fits(repo):  # noqa: F811
    """A heading changed in the cache only (same digest) shows: the file is read, not ignored."""
    _text(repo)
    path = repo.root / ".smm-cache" / FILE
    doc = json.loads(path.read_bytes())
    doc["heading"][doc["paths"].index("posts/zerno/2026/12/03-c.md")] = "Из кэша"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "Из кэша" in _text(repo)


def test_a_few_changed_posts_are_read_again_rather_than_the_file_written(repo, monkeypatch):  # noqa: F811
    """A run that read only a few posts again leaves the file as it was: the next run reads
    them again and shows them as they are now. Past REREAD_MOST the file is written."""
    import smm.plan.details as details_module

    _text(repo)
    path = repo.root / ".smm-cache" / FILE
    before = path.read_bytes()
    post = repo.root / "posts/zerno/2026/12/03-c.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Рецепт недели", "Рецепт дня"))
    for _ in range(2):  # and again: the entry left behind is never taken for the new text
        assert "Рецепт дня" in _text(repo) and "Рецепт недели" not in _text(repo)
        assert path.read_bytes() == before
    monkeypatch.setattr(details_module, "REREAD_MOST", 0)
    assert "Рецепт дня" in _text(repo)
    titles = json.loads(path.read_bytes())["heading"]
    assert "Рецепт дня" in titles and "Рецепт недели" not in titles


def test_many_new_posts_are_read_by_forked_processes_too_with_the_same_details(
    repo,  # noqa: F811
    monkeypatch,
):
    """A plan with no window over many posts the cache lacks reads them in this process and
    forked ones (plan/details.py ``read_all``): the same plan and the same cache file as one
    process reading them one by one."""
    import os
    import time

    import smm.plan.details as details_module

    alone = render(plan(repo.root, now=NOW, use_cache=True), "ics")
    cached = {
        name: json.loads((repo.root / ".smm-cache" / name).read_bytes()) for name in (FILE, TEXTS)
    }
    for name in (FILE, TEXTS):
        (repo.root / ".smm-cache" / name).unlink()
    real = details_module.read_details

    def read(root, path):
        time.sleep(0.01)  # the fork starts before this process has read every post
        with open(repo.root / ".smm-cache" / "readers", "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(root, path)

    monkeypatch.setattr(details_module, "read_details", read)
    monkeypatch.setattr(details_module, "PARALLEL_MIN", 2)
    monkeypatch.setattr(details_module, "CHUNK_MIN", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    shared = render(plan(repo.root, now=NOW, use_cache=True), "ics")
    assert shared == alone
    for name, columns in ((FILE, ("digest", "heading", "kind")), (TEXTS, ("digest", "excerpt"))):
        rewritten = json.loads((repo.root / ".smm-cache" / name).read_bytes())
        order = {path: i for i, path in enumerate(rewritten["paths"])}
        assert sorted(rewritten["paths"]) == sorted(cached[name]["paths"])
        for column in columns:
            assert {p: rewritten[column][order[p]] for p in order} == {
                p: cached[name][column][i] for i, p in enumerate(cached[name]["paths"])
            }
    pids = set((repo.root / ".smm-cache" / "readers").read_text().split())
    assert len(pids) == 2 and str(os.getpid()) in pids  # this process and one fork read them


ODD_POSTS = {  # details worked out from odd front matter: the lint's and a read's must agree
    "zerno/2026/12/04-number-title.md": (
        "network: telegram\ntime: 2026-12-04 10:00\ntitle: 42\n",
        "Заголовок из текста, а не из числа.",
    ),
    "zerno/2026/12/04-blank-title.md": (
        "network: telegram\ntime: 2026-12-04 12:00\ntitle: '  '\nkind: [ad]\n",
        "# Первая строка\n\n**Жирный** текст [со ссылкой](https://zerno.example).",
    ),
    "zerno/2026/12/04-override.md": (
        "network: [telegram, vk]\ntime: 2026-12-04 14:00\ntitle: '  С пробелами  '\nkind: ad\n"
        'overrides:\n  vk: {text: "> Свой текст для VK"}\n'
        "published:\n  vk: {state: published, id: '5', url: 'https://vk.com/wall-1_5'}\n",
        "Общий текст.",
    ),
}


def test_a_cold_plan_takes_the_details_the_lint_made_and_reads_no_post_again(
    repo,  # noqa: F811
    monkeypatch,
):
    """With no cache at all, the lint has just loaded every post: the plan's details come with
    its entries (lint/checker.py), the same as reading each post gives (the plan, the ICS
    feed's texts, the cache files), and no post is read a second time for them."""
    import shutil

    import smm.plan.details as details_module

    for rel, (front, body) in ODD_POSTS.items():
        repo.post(rel, front, body)
    plan(repo.root, now=NOW, use_cache=True)  # the lint's cache: the next plan reads the posts
    for name in (FILE, TEXTS):
        (repo.root / ".smm-cache" / name).unlink()
    read = {fmt: render(plan(repo.root, now=NOW, use_cache=True), fmt) for fmt in ("text", "ics")}
    files = {name: _by_path(repo.root / ".smm-cache" / name) for name in (FILE, TEXTS)}
    shutil.rmtree(repo.root / ".smm-cache")

    def never(root, path):
        raise AssertionError(f"{path} read again for its details")

    monkeypatch.setattr(details_module, "read_details", never)
    taken = {fmt: render(plan(repo.root, now=NOW, use_cache=True), fmt) for fmt in ("text", "ics")}
    assert taken == read
    assert "Заголовок из текста" in taken["text"] and "С пробелами" in taken["text"]
    for name in (FILE, TEXTS):
        assert _by_path(repo.root / ".smm-cache" / name) == files[name]


def _by_path(file) -> dict:
    """A details file's columns by post (the order of its rows is the order they were made in)."""
    doc = json.loads(file.read_bytes())
    paths = doc.pop("paths")
    doc.pop("version")
    paired = {c: dict(doc.pop(c)) for c in ("urls", "overrides") if c in doc}  # [row, pairs]
    rows = doc
    return {
        path: {c: v[i] for c, v in rows.items()} | {c: v.get(i) for c, v in paired.items()}
        for i, path in enumerate(paths)
    }
