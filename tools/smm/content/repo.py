"""The repository: where it is, which files are posts, and its brands and campaigns."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from smm.content.loader import load_brand, load_campaign
from smm.content.model import Brand, Campaign
from smm.errors import RepositoryError
from smm.findings import Finding


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds posts/ or brands/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "posts").is_dir() or (folder / "brands").is_dir():
            return folder
    raise RepositoryError(f"{here}: not inside an smm repository (no posts/ or brands/ folder above it)")


def post_paths(root: Path, brand: str | None = None) -> dict[str, tuple[int, int]]:
    """Every ``.md`` under posts/ (posts/<brand>/ if given) -> its (size, mtime_ns), keyed by
    sorted relative POSIX path."""
    found: dict[str, tuple[int, int]] = {}
    base = str(root)
    if brand is not None and not _is_name(brand):
        return found
    stack = [os.path.join(base, "posts", *([brand] if brand is not None else []))]
    cut = len(base) + 1
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith(".md"):
                try:
                    st = entry.stat()
                except OSError:
                    continue  # a dangling symlink is not a post
                found[entry.path[cut:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns)
    return dict(sorted(found.items()))


def _is_name(brand: str) -> bool:
    """A brand given on the command line names one folder, never a path (``..``, ``a/b``)."""
    return bool(brand) and "/" not in brand and os.sep not in brand and not brand.startswith(".")


def _yaml_files(folder: Path, root: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.yaml") if p.is_file())


@dataclass
class Repo:
    """Brands and campaigns of a repository (posts are loaded by the lint engine, with a cache)."""

    root: Path
    brands: dict[str, Brand] = field(default_factory=dict)
    campaigns: dict[tuple[str, str], Campaign] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    config_files: list[str] = field(default_factory=list)

    def campaign(self, brand: str, slug: str | None) -> Campaign | None:
        return self.campaigns.get((brand, slug)) if slug else None


def open_repo(root: Path, brand: str | None = None) -> Repo:
    """Load every brand and campaign file; their problems become findings, not exceptions.

    With ``brand``, only that brand's file and campaigns/<brand>/: one brand's run (publish,
    metrics) reads nothing another brand's people wrote, so their mistakes cannot stop it.
    """
    repo = Repo(root)
    brand_files = _yaml_files(root / "brands", root)
    if brand is not None:
        brand_files = [p for p in brand_files if p == f"brands/{brand}.yaml"]
    for path in brand_files:
        repo.config_files.append(path)
        loaded, problems = load_brand(root, path)
        repo.findings.extend(problems)
        if loaded:
            repo.brands[loaded.slug] = loaded
    campaigns = root / "campaigns" if brand is None else root / "campaigns" / brand if _is_name(brand) else None
    for path in _yaml_files(campaigns, root) if campaigns else []:
        repo.config_files.append(path)
        campaign, problems = load_campaign(root, path, repo.brands)
        repo.findings.extend(problems)
        if campaign:
            repo.campaigns[(campaign.brand, campaign.slug)] = campaign
    return repo
