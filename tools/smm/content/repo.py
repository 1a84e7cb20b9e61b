"""The repository: its brands and campaigns (where it is and which files are posts:
content/paths.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from smm.content.loader import load_brand, load_campaign
from smm.content.model import Brand, Campaign
from smm.content.paths import find_root, is_name, post_paths, yaml_files
from smm.content.slugs import RULE as SLUG_RULE
from smm.content.slugs import layout_problem
from smm.errors import UsageError
from smm.findings import Finding

__all__ = ["Repo", "find_root", "open_repo", "post_paths", "require_brand"]


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


def _in_place(repo: Repo, path: str, depth: int) -> bool:
    """Report a name that is not a slug (``file/slug``); False when the file is not where a brand
    (depth 2) or campaign (depth 3) file goes: brands/x/zerno.yaml must not stand in for zerno."""
    problem = layout_problem(path)
    if problem:
        repo.findings.append(Finding(path, 1, 1, "error", SLUG_RULE, problem))
    # a brands/zerno.yml is said, not read: with a brands/zerno.yaml beside it, which one is zerno?
    return path.count("/") + 1 == depth and path.endswith(".yaml")


def open_repo(root: Path, brand: str | None = None) -> Repo:
    """Load every brand and campaign file; their problems become findings, not exceptions.

    With ``brand``, only that brand's file and campaigns/<brand>/: one brand's run (publish,
    metrics) reads nothing another brand's people wrote, so their mistakes cannot stop it.
    """
    repo = Repo(root)
    brand_files, campaign_files = _config_files(root, brand)
    for path in brand_files:
        repo.config_files.append(path)
        if not _in_place(repo, path, 2):
            continue
        loaded, problems = load_brand(root, path)
        repo.findings.extend(problems)
        if loaded:
            repo.brands[loaded.slug] = loaded
    for path in campaign_files:
        repo.config_files.append(path)
        if not _in_place(repo, path, 3):
            continue
        campaign, problems = load_campaign(root, path, repo.brands)
        repo.findings.extend(problems)
        if campaign:
            repo.campaigns[(campaign.brand, campaign.slug)] = campaign
    return repo


def config_files(root: Path, brand: str | None = None) -> list[str]:
    """The brand and campaign files ``open_repo(root, brand)`` reads, in its order (a listing,
    nothing read): what its ``Repo.config_files`` will be."""
    brand_files, campaign_files = _config_files(root, brand)
    return brand_files + campaign_files


def _config_files(root: Path, brand: str | None) -> tuple[list[str], list[str]]:
    brand_files = yaml_files(root / "brands", root)
    if brand is not None:
        brand_files = [p for p in brand_files if p == f"brands/{brand}.yaml"]
    campaigns = (
        root / "campaigns"
        if brand is None
        else root / "campaigns" / brand
        if is_name(brand)
        else None
    )
    return brand_files, yaml_files(campaigns, root) if campaigns else []


def require_brand(repo: Repo | Path, brand: str | None) -> None:
    """The one check of every command's ``--brand``: it names a brand of the repository (``repo``,
    or the repository at that root), else a UsageError line that names the brands there are.

    Only the brand files' names are listed and only the named brand's file is read, so a broken
    file of another brand cannot stop this one (a brand's run depends on its own files only)."""
    if brand is None:
        return
    root = repo if isinstance(repo, Path) else repo.root
    names = sorted(p.stem for p in (root / "brands").glob("*.yaml"))
    path = f"brands/{brand}.yaml"
    if brand not in names or not is_name(brand):
        raise UsageError(
            f"--brand: no brand '{brand}' ({path}); the brands are: {', '.join(names) or 'none'}"
        )
    loaded = open_repo(root, brand) if isinstance(repo, Path) else repo
    if brand not in loaded.brands:
        raise UsageError(f"--brand: {path} cannot be used as it is (see smm lint {path})")
