"""The plan's details cache (.smm-cache/plan-v2.json): JSON that is used only when it has the
shape smm writes; anything else is thrown away and the posts are read again."""

from __future__ import annotations

import json

import pytest

from smm.plan import plan, render

from tests.plan.test_plan import DEC1, DEC3, NOW, repo  # noqa: F401  (the fixture)


def _text(ws) -> str:
    return render(plan(ws.root, start=DEC1, end=DEC3, now=NOW), "text")


def _first(doc: dict) -> list:
    return next(iter(doc["posts"].values()))


BROKEN = {
    "garbage": lambda raw: b"\x80\x04garbage",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "a title that is a number": lambda doc: _first(doc).__setitem__(1, 5),
    "an excerpt missing": lambda doc: _first(doc).pop(3),
    "overrides not in pairs": lambda doc: _first(doc).__setitem__(4, ["vk"]),
    "a url that is a list": lambda doc: _first(doc).__setitem__(5, ["telegram", ["x"]]),
    "posts that are a list": lambda doc: doc.__setitem__("posts", []),
}


@pytest.mark.parametrize("how", list(BROKEN))
def test_a_details_cache_that_does_not_fit_is_thrown_away(repo, how):  # noqa: F811
    expected = render(plan(repo.root, start=DEC1, end=DEC3, now=NOW, use_cache=False), "text")
    assert _text(repo) == expected
    path = repo.root / ".smm-cache" / "plan-v2.json"
    raw = path.read_bytes()
    if how in ("garbage", "truncated"):
        path.write_bytes(BROKEN[how](raw))
    else:
        doc = json.loads(raw)
        BROKEN[how](doc)
        path.write_text(json.dumps(doc), encoding="utf-8")
    assert _text(repo) == expected
    assert json.loads(path.read_bytes())["posts"] == json.loads(raw)["posts"]  # written again, good


def test_the_details_cache_is_used_when_it_fits(repo):  # noqa: F811
    """A title changed in the cache only (same digest) shows: the file is read, not ignored."""
    _text(repo)
    path = repo.root / ".smm-cache" / "plan-v2.json"
    doc = json.loads(path.read_bytes())
    doc["posts"]["posts/zerno/2026/12/03-c.md"][1] = "Из кэша"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "Из кэша" in _text(repo)
