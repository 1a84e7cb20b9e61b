"""`smm brands`: the brands of a repository, and publish.yml's job matrix built from them.

publish.yml's first job runs `smm brands --format matrix`, so adding brands/<slug>.yaml is all a
team does for the brand to get its own publishing job (docs/design.md#scale). Every brand file is
listed, a broken one too, and every folder of posts/ that has no brand file: its job then fails
with the problem, where a brand missing from the matrix would leave its approved posts silently
unpublished.

GitHub runs at most 256 jobs per matrix; with more brands, neighbouring brands (in name order)
share a job, which publishes them one after another.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from smm.content.loader import load_brand
from smm.content.repo import find_root
from smm.tables import text_table

#: GitHub's limit of jobs in one matrix (docs.github.com: "A matrix can generate a maximum of 256
#: jobs per workflow run").
MAX_MATRIX_JOBS = 256


@dataclass(frozen=True)
class BrandEntry:
    """One brand file, as far as it could be read."""

    brand: str  # the slug: the file's name
    name: str
    timezone: str
    networks: list[str]
    secrets: list[str]  # the environment variables its accounts name (token_env, ...)
    problem: str | None  # the first problem of the file (path:line: rule message), if any


def brands(root: Path | None = None) -> list[BrandEntry]:
    """Every brands/*.yaml of the repository at ``root``, by slug, and every folder of posts/
    without one: no brand's job would ever publish its posts, so it gets a job that fails."""
    root = find_root(root)
    entries = [
        BrandEntry(folder.name, folder.name, "", [], [], f"posts/{folder.name}/ has no brand file")
        for folder in (root / "posts").glob("*/")
        if folder.is_dir() and not (root / "brands" / f"{folder.name}.yaml").exists()
    ]
    for path in sorted((root / "brands").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        loaded, problems = load_brand(root, rel)
        errors = [p for p in problems if p.level == "error"]
        problem = errors[0].text() if errors else None
        if loaded is None:
            entries.append(BrandEntry(path.stem, path.stem, "", [], [], problem or "unreadable"))
            continue
        secrets = sorted(
            {
                value
                for account in loaded.accounts.values()
                for key, value in account.items()
                if key.endswith("_env") and isinstance(value, str)
            }
        )
        entries.append(
            BrandEntry(
                loaded.slug, loaded.name, str(loaded.tz), sorted(loaded.accounts), secrets, problem
            )
        )
    return sorted(entries, key=lambda entry: entry.brand)


def matrix(entries: list[BrandEntry], max_jobs: int = MAX_MATRIX_JOBS) -> dict[str, Any]:
    """publish.yml's ``strategy.matrix``: one job per brand, or with more brands than
    ``max_jobs``, runs of neighbouring brands per job (``brand`` holds their slugs, space
    separated; ``key`` names the job's concurrency group and cache)."""
    slugs = [entry.brand for entry in entries]
    if len(slugs) <= max_jobs:
        return {"include": [{"brand": slug, "key": slug} for slug in slugs]}
    size = math.ceil(len(slugs) / max_jobs)
    groups = [slugs[i : i + size] for i in range(0, len(slugs), size)]
    return {
        "include": [
            {"brand": " ".join(group), "key": f"{group[0]}-{group[-1]}"} for group in groups
        ]
    }


def render(entries: list[BrandEntry], fmt: str, max_jobs: int = MAX_MATRIX_JOBS) -> str:
    """The brands as a table (text), a JSON list (json) or publish.yml's matrix (one JSON line)."""
    if fmt == "json":
        return json.dumps([asdict(entry) for entry in entries], ensure_ascii=False, indent=2)
    if fmt == "matrix":
        return json.dumps(matrix(entries, max_jobs), separators=(",", ":"))
    rows = [
        [e.brand, e.name, e.timezone, ", ".join(e.networks), e.problem or "ok"] for e in entries
    ]
    if not rows:
        return "no brands (brands/*.yaml)"
    return "\n".join(text_table([["brand", "name", "time zone", "networks", "file"], *rows]))
