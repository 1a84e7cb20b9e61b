"""`smm import FILE`: a content-plan spreadsheet's rows as post files.

Each row becomes posts/<brand>/<YYYY>/<MM>/<DD>-<slug>.md (the slug from the title, else from the
text's first words), written as `smm new` writes a post. A row that cannot be read is reported
with its row and column and nothing is written for it; a row whose file exists with the same
bytes is left alone (importing a sheet twice, or the export of the plan, changes nothing); a file
that exists with other content is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from smm.content.model import Brand, Money
from smm.content.repo import Repo, find_root, open_repo
from smm.content.slugs import layout_problem
from smm.errors import UsageError
from smm.findings import Finding
from smm.scaffold import create_file, post_text, slugify
from smm.sheets.columns import (
    DEFAULT_TIME,
    CellError,
    find_columns,
    read_budget,
    read_date,
    read_hashtags,
    read_kind,
    read_list,
    read_networks,
    read_time,
)
from smm.sheets.files import Cell, read_rows


@dataclass
class Imported:
    rows: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


#: advertiser: {name, inn, erid} from the columns advertiser, inn and erid (38-FZ marking)
_ADVERTISER = {"name": "advertiser", "inn": "inn", "erid": "erid"}


class RowError(Exception):
    def __init__(self, column: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.column, self.rule, self.message = column, rule, message


def import_sheet(
    file: Path,
    root: Path | None = None,
    brand: str | None = None,
    dry_run: bool = False,
    day_first: bool = False,
) -> Imported:
    """Write a post file for every readable row of ``file`` (none with ``dry_run``)."""
    root = find_root(root)
    repo = open_repo(root)
    rows = read_rows(file)
    result = Imported()
    header_at = next((i for i, row in enumerate(rows) if any(_text(c) for c in row)), None)
    if header_at is None:
        raise UsageError(f"{file}: no header row (date, time, networks, text, ...)")
    columns, unknown = find_columns(rows[header_at])
    missing = [name for name in ("date", "text") if name not in columns]
    if missing:
        raise UsageError(
            f"{file}: no {' or '.join(missing)} column in the header row {header_at + 1} "
            "(English or Russian headers: date/дата, text/текст, ...)"
        )
    if unknown:
        result.notes.append(f"columns left out: {', '.join(unknown)}")
    planned: set[str] = set()
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(_text(cell) for cell in row):
            continue
        result.rows += 1
        cells = {name: row[index] if index < len(row) else None for name, index in columns.items()}
        try:
            path, text = _post(repo, cells, columns, brand, day_first, planned)
        except RowError as exc:
            result.problems.append(
                Finding(str(file), number, exc.column + 1, "error", exc.rule, exc.message)
            )
            continue
        planned.add(path)
        existing = root / path
        if existing.exists() and existing.read_bytes() == text.encode("utf-8"):
            result.unchanged.append(path)
        elif existing.exists():
            result.problems.append(
                Finding(
                    str(file),
                    number,
                    1,
                    "error",
                    "import/exists",
                    f"{path} exists with other content; smm never overwrites a post",
                )
            )
        else:
            if not dry_run:
                create_file(root, path, text, "smm never overwrites a post")
            result.written.append(path)
    return result


def _post(
    repo: Repo,
    cells: dict[str, Cell],
    columns: dict[str, int],
    brand: str | None,
    day_first: bool,
    planned: set[str],
) -> tuple[str, str]:
    """The post file (path and text) of one row; RowError at the first cell that cannot be read."""

    def cell(name: str, reader: Any, *args: Any) -> Any:
        try:
            return reader(cells.get(name), *args)
        except CellError as exc:
            raise RowError(columns[name], f"import/{name}", str(exc)) from None

    chosen = _brand(repo, _text(cells.get("brand")).strip() or brand, columns)
    day, clock = cell("date", read_date, day_first)
    if _text(cells.get("time")):
        clock = cell("time", read_time)
    local = datetime.combine(day, clock or DEFAULT_TIME)
    if clock is None and "time" in columns:
        raise RowError(
            columns["time"], "import/time", "no time: give the post its time, e.g. 10:00"
        )
    body = _text(cells.get("text")).replace("\r\n", "\n")
    if not body.strip():
        raise RowError(columns["text"], "import/text", "no text")
    campaign_slug = _text(cells.get("campaign")) or None
    campaign = repo.campaign(chosen.slug, campaign_slug)
    if campaign_slug and campaign is None:
        raise RowError(
            columns["campaign"],
            "import/campaign",
            f"{chosen.slug} has no campaign '{campaign_slug}' (campaigns/{chosen.slug}/{campaign_slug}.yaml)",
        )
    networks = cell("networks", read_networks) if _text(cells.get("networks")) else []
    networks = networks or (campaign.networks if campaign else [])
    if not networks:
        raise RowError(columns.get("networks", 0), "import/networks", "no network to post to")
    images = read_list(cells.get("images"))
    alts = read_list(cells.get("alt"))
    if alts and len(alts) != len(images):
        raise RowError(
            columns["alt"],
            "import/alt",
            f"{len(alts)} alt text(s) for {len(images)} image(s): one per line, in the images' order",
        )
    title = _text(cells.get("title")).strip() or None
    fields = {
        "network": networks,
        "time": f"{local:%Y-%m-%d %H:%M}",
        "title": title,
        "hashtags": cell("hashtags", read_hashtags),
        "campaign": campaign.slug if campaign else None,
        "kind": cell("kind", read_kind) if _text(cells.get("kind")) else "organic",
        "budget": _money(cell("budget", read_budget, chosen.currency))
        if _text(cells.get("budget"))
        else None,
        "advertiser": {
            key: _text(cells.get(_ADVERTISER[key])).strip()
            for key in ("name", "inn", "erid")
            if _text(cells.get(_ADVERTISER[key])).strip()
        },
        "images": [
            {"src": src, "alt": alts[i] if i < len(alts) else None} for i, src in enumerate(images)
        ],
    }
    path = _text(cells.get("path")).strip()
    if path and (
        layout_problem(path) or not path.startswith(f"posts/{chosen.slug}/") or ".." in path
    ):
        raise RowError(
            columns["path"],
            "import/path",
            f"'{path}' is not a post file of {chosen.slug} (posts/{chosen.slug}/...md)",
        )
    path = path or _path(chosen, local, title or body, planned)
    return path, post_text(fields, body)


def _brand(repo: Repo, slug: str | None, columns: dict[str, int]) -> Brand:
    if slug is None and len(repo.brands) == 1:
        return next(iter(repo.brands.values()))
    if slug is None:
        raise RowError(
            columns.get("brand", 0),
            "import/brand",
            f"which brand? give --brand or a brand column ({', '.join(sorted(repo.brands))})",
        )
    if slug not in repo.brands:
        raise RowError(
            columns.get("brand", 0),
            "import/brand",
            f"no brand '{slug}'; the brands are: {', '.join(sorted(repo.brands)) or 'none'}",
        )
    return repo.brands[slug]


def _path(brand: Brand, local: datetime, words: str, planned: set[str]) -> str:
    """posts/<brand>/<YYYY>/<MM>/<DD>-<slug>.md, with -2, -3 ... for a second row of the sheet."""
    base = f"posts/{brand.slug}/{local:%Y/%m/%d}-{slugify(' '.join(words.split()[:8]))}"
    path, n = f"{base}.md", 1
    while path in planned:
        n += 1
        path = f"{base}-{n}.md"
    return path


def _money(money: Money) -> str:
    return f"{money.amount:f} {money.currency}"


def _text(value: Cell) -> str:
    return "" if value is None else str(value)
