"""The JSON Schemas that `smm schema` writes for editors: committed, current, valid, and true to
the example content."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from .conftest import PROJECT

SCHEMAS = PROJECT / "tools/smm/schemas"
NAMES = ("post", "campaign", "brand")


class Yaml12Loader(yaml.SafeLoader):
    """YAML as the YAML language server reads it (1.2 core schema): dates stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    return yaml.load(text, Loader=Yaml12Loader)


def front_matter(text: str) -> str:
    assert text.startswith("---\n"), "a post starts with its front matter"
    end = text.index("\n---\n", 3)
    return text[4 : end + 1]


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def examples() -> list[tuple[str, Path]]:
    found = [("brand", p) for p in sorted(PROJECT.glob("brands/*.yaml"))]
    found += [("campaign", p) for p in sorted(PROJECT.glob("campaigns/**/*.yaml"))]
    found += [("post", p) for p in sorted(PROJECT.glob("posts/**/*.md"))]
    return found


def document(kind: str, path: Path):
    text = path.read_text(encoding="utf-8")
    return load_yaml(front_matter(text) if kind == "post" else text)


def test_the_committed_schemas_are_the_generated_ones(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "smm", "schema", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    fresh = sorted(p.name for p in tmp_path.iterdir())
    assert fresh == sorted(f"{n}.schema.json" for n in NAMES)
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == fresh
    stale = [
        name for name in fresh if (SCHEMAS / name).read_bytes() != (tmp_path / name).read_bytes()
    ]
    assert not stale, f"run `smm schema` and commit tools/smm/schemas/: {stale} differ"


def test_without_out_smm_schema_rewrites_the_committed_schemas():
    """The default folder is the package's schemas/, the one the message above says to commit."""
    committed = {name: (SCHEMAS / f"{name}.schema.json").read_bytes() for name in NAMES}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "smm", "schema"], capture_output=True, text=True, timeout=60
        )
        after = {name: (SCHEMAS / f"{name}.schema.json").read_bytes() for name in NAMES}
    finally:  # never leave the working tree changed, whatever the command did
        for name, data in committed.items():
            (SCHEMAS / f"{name}.schema.json").write_bytes(data)
    assert proc.returncode == 0, proc.stderr
    assert [Path(line) for line in proc.stdout.splitlines()] == [
        SCHEMAS / f"{name}.schema.json" for name in NAMES
    ]
    assert after == committed


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_a_valid_json_schema(name):
    doc = schema(name)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(doc)
    # editors whose validator knows only draft-07 read the same schema the same way
    legacy = copy.deepcopy(doc)
    legacy["$schema"] = "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(legacy)


def test_there_are_examples_of_every_kind():
    kinds = [kind for kind, _ in examples()]
    assert kinds.count("brand") >= 1 and kinds.count("campaign") >= 1 and kinds.count("post") >= 10


@pytest.mark.parametrize(
    "kind,path", examples(), ids=lambda v: str(v.relative_to(PROJECT)) if isinstance(v, Path) else v
)
def test_every_example_file_matches_its_schema(kind, path):
    validator = jsonschema.Draft202012Validator(schema(kind))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document(kind, path))
    ]
    assert errors == []


BAD = {
    "post": (
        "network: telegramm\ncampaign: winter\ntiem: 2026-12-01 10:00\n",
        {
            ("network",),
            (),
        },
    ),
    "campaign": ("name: Winter\nstart: 2026-12-01\nbudget: lots\n", {("budget",), ()}),
    "brand": (
        "name: Zerno\ntimezone: Europe/Moscow\ncurrency: rub\naccounts: {telegramm: {chat: '@z'}}\n",
        {("currency",), ("accounts",)},
    ),
}


@pytest.mark.parametrize("name", NAMES)
def test_a_bad_document_fails(name):
    text, where = BAD[name]
    errors = list(jsonschema.Draft202012Validator(schema(name)).iter_errors(load_yaml(text)))
    assert errors, "the schema accepted a broken document"
    assert {tuple(e.absolute_path) for e in errors} >= where


def test_bad_post_errors_name_the_problems():
    text, _ = BAD["post"]
    messages = " | ".join(
        e.message
        for e in jsonschema.Draft202012Validator(schema("post")).iter_errors(load_yaml(text))
    )
    assert "'time' is a required property" in messages
    assert "'tiem' was unexpected" in messages
