"""The plan's details cache (.smm-cache/plan-v2.json): JSON that is used only when it has the
shape smm writes; anything else is thrown away and the posts are read again."""

from __future__ import annotations

import json

import pytest
from tests.plan.test_plan import DEC1, DEC3, NOW, repo  # noqa: F401  (the fixture)

from smm.plan import plan, render


def _text(ws) -> str:
    return render(plan(ws.root, start=DEC1, end=DEC3, now=NOW), "text")


BROKEN = {
    "garbage": lambda raw: b"\x80\x04garbage",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "a title that is a number": lambda doc: doc["title"].__setitem__(0, 5),
    "no excerpts": lambda doc: doc.pop("excerpt"),
    "one kind too few": lambda doc: doc["kind"].pop(),
    "overrides not in pairs": lambda doc: doc["overrides"].append([0, ["vk"]]),
    "a url that is a list": lambda doc: doc["urls"].append([0, ["telegram", ["x"]]]),
    "urls of a post that is not there": lambda doc: doc["urls"].append([99, ["telegram", "x"]]),
    "paths that are a mapping": lambda doc: doc.__setitem__("paths", {}),
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
    assert json.loads(path.read_bytes()) == json.loads(raw)  # written again, good


def test_the_details_cache_is_used_when_it_fits(repo):  # noqa: F811
    """A title changed in the cache only (same digest) shows: the file is read, not ignored."""
    _text(repo)
    path = repo.root / ".smm-cache" / "plan-v2.json"
    doc = json.loads(path.read_bytes())
    doc["title"][doc["paths"].index("posts/zerno/2026/12/03-c.md")] = "Из кэша"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert "Из кэша" in _text(repo)
