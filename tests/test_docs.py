"""The repository explains itself: no reference to a design file outside it, and every docs/ link
(file and #anchor) that code, tests, workflows or the README make resolves inside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"docs/([a-z-]+\.md)(?:#([a-z0-9-]+))?")


def _tracked() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [
        ROOT / name
        for name in names
        if (ROOT / name).is_file()
        and not name.startswith("docs/")
        and name != "tests/test_docs.py"  # it names what it looks for
        and Path(name).suffix in (".py", ".md", ".yaml", ".yml", ".mjs", ".toml", "")
    ]


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as '-'."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}


def test_nothing_points_at_design_files_outside_the_repository() -> None:
    found = [
        f"{p.relative_to(ROOT)}"
        for p in _tracked()
        if re.search(
            r"\b(DESIGN|PLATFORMS)(\.md)?\b", p.read_text(encoding="utf-8", errors="replace")
        )
    ]
    assert not found, found


def test_every_docs_link_resolves_to_a_page_and_a_heading() -> None:
    links = {
        (m.group(1), m.group(2))
        for p in _tracked()
        for m in LINK.finditer(p.read_text(encoding="utf-8", errors="replace"))
    }
    assert len(links) >= 10  # the code does point there
    for page, anchor in sorted(links, key=str):
        target = ROOT / "docs" / page
        assert target.is_file(), f"docs/{page}"
        if anchor:
            assert anchor in _anchors(target), f"docs/{page}#{anchor}"


def test_no_test_copies_the_checkouts_content_as_it_stands() -> None:
    """The quick start publishes from the checkout (published: blocks, commits): a test that copies
    posts/, brands/ ... straight from it depends on that state. project_copy.copy_project copies
    the project as shipped; nothing else may copy the project's folders."""
    copying = re.compile(
        r"copytree\(\s*(PROJECT|project|ROOT)\b|copy2?\(\s*(PROJECT|project|ROOT)\s*/"
    )
    found = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "tests").rglob("*.py"))
        if p.name != "project_copy.py" and copying.search(p.read_text(encoding="utf-8"))
    ]
    assert not found, found


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_every_relative_link_in_the_readme_and_docs_resolves() -> None:
    """The README sends readers to docs/ and the pages to each other: each relative Markdown link
    (file and #anchor) lands on a file and a heading that exist."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in MARKDOWN_LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto: ...
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists() or (anchor and anchor not in _anchors(linked)):
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken, broken


def _listed_modules() -> set[str]:
    """The modules docs/design.md's "Which module owns what" block names, as paths under tools/smm.

    A line is ``name.py`` or ``name.py, other.py   what they own`` under the package folder the
    last ``folder/`` line named (top-level lines come before the first folder)."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    block = text.split("### Which module owns what", 1)[1].split("```")[1]
    listed, folder = set(), ""
    for line in block.splitlines():
        head = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        if not line.startswith(" ") and head.endswith("/"):
            folder = head
            listed.add(folder + "__init__.py")  # the folder's line stands for its package file
            continue
        for name in re.findall(r"[\w/]+\.py", head):
            listed.add((folder if line.startswith(" ") else "") + name)
    return listed


def test_the_module_list_names_every_module_of_the_package() -> None:
    package = ROOT / "tools" / "smm"
    modules = {str(p.relative_to(package)) for p in package.rglob("*.py")}
    assert sorted(modules - _listed_modules()) == [], "add them to docs/design.md's module list"
    assert sorted(_listed_modules() - modules) == [], "modules docs/design.md names that are gone"
