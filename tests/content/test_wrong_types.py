"""Every value of a real brand, campaign and post file, swapped for a value of every other YAML
type: the loader reports what the schema says and never raises (the fuzzer found
``voice: {banned: 1000}`` raising TypeError; this walks the whole class, not that one key)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from project_copy import copy_project
from smm.content.loader import load_brand, load_campaign, load_post, split_front_matter
from smm.content.repo import open_repo

SWAPS: list[Any] = [1000, -1, 2.5, "x", "", True, None, [1, "a"], [], {"a": 1}, {}]
FILES = {
    "brand": "brands/zerno.yaml",
    "campaign": "campaigns/zerno/new-year-2026.yaml",
    "post": "posts/zerno/2026/12/01-winter-menu.md",
}


def _paths(value: Any, key: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path of a loaded YAML value, the deepest last."""
    if isinstance(value, dict):
        for name, inner in value.items():
            yield (*key, name)
            yield from _paths(inner, (*key, name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*key, index)
            yield from _paths(inner, (*key, index))


def _swapped(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _swapped(data[path[0]], path[1:], new)
    return copy


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wrong-types")
    copy_project(root, "brands", "campaigns", "posts", "assets")  # as shipped
    return root


@pytest.mark.parametrize("kind", sorted(FILES))
def test_any_value_of_any_type_is_a_finding_never_an_exception(project: Path, kind: str) -> None:
    rel = FILES[kind]
    file = project / rel
    original = file.read_text(encoding="utf-8")
    parts = split_front_matter(original) if kind == "post" else (original, "", 0)
    assert parts is not None
    data = yaml.safe_load(parts[0])
    brands = open_repo(project).brands
    tried = 0
    try:
        for path in list(_paths(data)):
            for new in SWAPS:
                text = yaml.safe_dump(_swapped(data, path, new), allow_unicode=True)
                file.write_text(
                    f"---\n{text}---\n{parts[1]}" if kind == "post" else text, encoding="utf-8"
                )
                if kind == "brand":
                    load_brand(project, rel)
                elif kind == "campaign":
                    load_campaign(project, rel, brands)
                else:
                    load_post(project, rel, brands)
                tried += 1
    finally:
        file.write_text(original, encoding="utf-8")
    assert tried >= 10 * len(SWAPS)
