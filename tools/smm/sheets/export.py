"""`smm plan --format csv|xlsx`: the plan's posts as spreadsheet rows, one per post, in the
columns `smm import` reads (columns.ORDER), so a sheet exported and imported again gives the same
post files. Overrides, links and published: blocks stay in the files; the ``path`` column says
which file a row is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from smm.content.loader import load_post
from smm.content.model import Post
from smm.content.repo import find_root, open_repo
from smm.errors import UsageError
from smm.plan.model import Plan
from smm.sheets.columns import HEADERS, ORDER
from smm.sheets.files import Cell, write_csv, write_xlsx

#: per locale: the CSV separator Excel expects there, and how dates are written
LOCALES = {"en": (",", "%Y-%m-%d", "yyyy-mm-dd"), "ru": (";", "%d.%m.%Y", "dd.mm.yyyy")}


def rows(result: Plan, root: Path | None = None, locale: str = "en") -> list[list[Cell]]:
    """The header and a row per post of the plan (in plan order), with dates and times as such."""
    root = find_root(root)
    repo = open_repo(root)
    out: list[list[Cell]] = [[HEADERS[locale][name] for name in ORDER]]
    seen: set[str] = set()
    for brand_plan in result.brands:
        for slot in brand_plan.slots:
            if slot.path in seen:
                continue
            seen.add(slot.path)
            post, _ = load_post(root, slot.path, repo.brands)
            if post is not None:
                out.append(_row(post, slot.local))
    return out


def _row(post: Post, local: datetime) -> list[Cell]:
    values: dict[str, Cell] = {
        "brand": post.brand,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "networks": ", ".join(post.networks),
        "title": post.title or "",
        "text": post.body.strip("\n"),
        "hashtags": " ".join(f"#{tag}" for tag in post.hashtags),
        "images": "\n".join(image.src for image in post.images),
        "alt": "\n".join(image.alt or "" for image in post.images)
        if any(image.alt for image in post.images)
        else "",
        "campaign": post.campaign or "",
        "budget": f"{post.budget.amount:f} {post.budget.currency}"
        if post.budget and post.budget.currency
        else "",
        "kind": post.kind,
        "advertiser": str((post.advertiser or {}).get("name") or ""),
        "inn": str((post.advertiser or {}).get("inn") or ""),
        "erid": str((post.advertiser or {}).get("erid") or ""),
        "path": post.path,
    }
    return [values[name] for name in ORDER]


def to_csv(table: list[list[Cell]], locale: str = "en") -> str:
    """CSV with the locale's separator and date format (times as HH:MM)."""
    separator, day_format, _ = LOCALES[locale]
    return write_csv([[_plain(cell, day_format) for cell in row] for row in table], separator)


def to_xlsx(table: list[list[Cell]], out: Path | None, locale: str = "en") -> Path:
    if out is None:
        raise UsageError("--format xlsx: name the file with --out plan.xlsx")
    write_xlsx(out, table, LOCALES[locale][2])
    return out


def _plain(cell: Cell, day_format: str) -> Cell:
    if isinstance(cell, datetime):
        return cell.strftime(f"{day_format} %H:%M")
    if isinstance(cell, date):
        return cell.strftime(day_format)
    if isinstance(cell, time):
        return cell.strftime("%H:%M")
    return cell
