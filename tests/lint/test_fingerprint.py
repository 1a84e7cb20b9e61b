"""smm's code fingerprint: any change to a .py or rule file changes it, remembered or not."""

from __future__ import annotations

import os

import pytest

from smm.lint import fingerprint

OLD = 1_000_000_000_000_000_000  # files settled long ago, so the digest may be remembered


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package tree standing in for smm's own: code, a rule file, a cache and other files."""
    root = tmp_path / "smm"
    for rel, text in {
        "__init__.py": "x = 1\n",
        "lint/engine.py": "def lint(): ...\n",
        "rules/vk.yaml": "limit: 1\n",
        "rules/notes.txt": "not a rule file\n",
        "lint/__pycache__/engine.cpython-311.py": "compiled\n",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        os.utime(path, ns=(OLD, OLD))
    monkeypatch.setattr(fingerprint, "_PACKAGE", root)
    repo = tmp_path / "repo"
    repo.mkdir()
    return root, repo


def test_it_covers_code_and_rule_files_only(package):
    assert [rel for rel, _ in fingerprint._files()] == [
        "__init__.py",
        "lint/engine.py",
        "rules/vk.yaml",
    ]


@pytest.mark.parametrize("memo", [False, True])
@pytest.mark.parametrize("changed", ["lint/engine.py", "rules/vk.yaml"])
def test_a_changed_file_changes_it(package, memo, changed):
    root, repo = package
    where = repo if memo else None
    before = fingerprint.rules_fingerprint(where)
    assert fingerprint.rules_fingerprint(where) == before
    path = root / changed
    path.write_text(path.read_text().replace("1", "2").replace("...", "pass"))
    assert fingerprint.rules_fingerprint(where) != before


def test_it_is_remembered_only_for_the_same_files(package):
    root, repo = package
    value = fingerprint.rules_fingerprint(repo)
    memo = repo / ".smm-cache" / "code-v1.json"
    assert value in memo.read_text()
    memo.write_text(memo.read_text().replace(value, "planted"))
    assert fingerprint.rules_fingerprint(repo) == "planted"  # the stamps match: not hashed again
    (root / "lint" / "new.py").write_text("y = 2\n")
    assert fingerprint.rules_fingerprint(repo) not in ("planted", value)


@pytest.mark.parametrize("planted", ["garbage", "[1, 2, 3]", '["x", 5]'])
def test_a_memo_not_of_smm_is_ignored(package, planted):
    _, repo = package
    value = fingerprint.rules_fingerprint(None)
    (repo / ".smm-cache").mkdir()
    (repo / ".smm-cache" / "code-v1.json").write_text(planted)
    assert fingerprint.rules_fingerprint(repo) == value


def test_a_file_changed_within_the_last_second_is_not_remembered(package):
    root, repo = package
    os.utime(root / "__init__.py")  # now
    fingerprint.rules_fingerprint(repo)
    assert not (repo / ".smm-cache" / "code-v1.json").exists()
