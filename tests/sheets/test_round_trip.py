"""The plan exported as CSV and as XLSX, imported into the same repository with its posts gone,
gives back every post with the same values in every column the sheet has."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from project_copy import copy_project
from smm.content.loader import load_post
from smm.content.repo import open_repo
from smm.sheets.files import read_rows

NOW = "2026-11-28T09:00:00+03:00"


def smm(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smm", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "SMM_NOW": NOW, "HOME": str(root)},
    )


def columns(root: Path) -> dict[str, dict[str, Any]]:
    """Per post file, the values the sheet's columns carry."""
    repo = open_repo(root)
    out = {}
    for file in sorted((root / "posts").rglob("*.md")):
        path = file.relative_to(root).as_posix()
        post, _ = load_post(root, path, repo.brands)
        assert post is not None, path
        brand = repo.brands[post.brand]
        out[path] = {
            "networks": post.networks,
            "when": post.meta.data["time"] if isinstance(post.meta.data["time"], str) else None,
            "instant": str(post.meta.data["time"]),
            "title": post.title,
            "text": post.body.strip("\n"),
            "hashtags": post.hashtags,
            "images": [(i.src, i.alt) for i in post.images],
            "campaign": post.campaign,
            "budget": (post.budget.amount, post.budget.currency) if post.budget else None,
            "kind": post.kind,
            "advertiser": post.advertiser or {},
            "zone": str(brand.tz),
        }
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sheets") / "repo"
    root.mkdir()
    copy_project(root, "posts", "brands", "campaigns", "assets")
    return root


@pytest.mark.parametrize(("fmt", "locale"), [("csv", "en"), ("csv", "ru"), ("xlsx", "ru")])
def test_export_then_import_gives_the_same_columns(
    example: Path, tmp_path: Path, fmt: str, locale: str
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(example, root)
    before = columns(root)
    sheet = tmp_path / f"plan.{fmt}"
    done = smm(root, "plan", "--format", fmt, "--locale", locale, "--out", str(sheet))
    assert done.returncode == 0, done.stderr
    assert len(read_rows(sheet)) == len(before) + 1  # a header and a row per post
    shutil.rmtree(root / "posts")
    imported = smm(root, "import", str(sheet))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.endswith(
        f"{len(before)} row(s): {len(before)} wrote, 0 unchanged, 0 refused\n"
    )
    after = columns(root)
    assert sorted(after) == sorted(before)
    for path, values in before.items():
        got = after[path]
        assert {k: v for k, v in got.items() if k != "instant"} == {
            k: v for k, v in values.items() if k != "instant"
        }, path
    again = smm(root, "import", str(sheet))
    assert again.returncode == 0 and f"{len(before)} unchanged" in again.stdout


def test_a_text_a_spreadsheet_would_run_as_a_formula_stays_text(
    example: Path, tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(example, root)
    post = next((root / "posts/zerno").rglob("*.md"))
    head, _, _body = post.read_text(encoding="utf-8").partition("\n---\n")
    post.write_text(
        f'{head}\n---\n=HYPERLINK("http://evil.example";"click")\n-10% today\n', encoding="utf-8"
    )
    csv_file, xlsx_file = tmp_path / "plan.csv", tmp_path / "plan.xlsx"
    assert smm(root, "plan", "--format", "csv", "--out", str(csv_file)).returncode == 0
    assert smm(root, "plan", "--format", "xlsx", "--out", str(xlsx_file)).returncode == 0
    raw = csv_file.read_text(encoding="utf-8")
    assert "\"'=HYPERLINK(" in raw and "\n=HYPERLINK" not in raw
    sheet = load_workbook(xlsx_file).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)  # a string cell, never a formula
    for file in (csv_file, xlsx_file):
        texts = [str(row[5]) for row in read_rows(file)[1:] if "HYPERLINK" in str(row[5])]
        assert texts == ['=HYPERLINK("http://evil.example";"click")\n-10% today']
