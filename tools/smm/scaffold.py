"""`smm new` and `smm brand new`: a post or brand file to edit, with the repository's defaults.

A new post takes its networks from the campaign (else the brand's accounts), the brand's required
hashtags, and a time: the one given, else 10:00 brand time on the first day from tomorrow that
lies in the campaign's window. Its body is a line to replace; lint's ``body/placeholder`` keeps it
from being approved as it is. Neither command ever overwrites a file.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from smm import clock
from smm.content.model import PLACEHOLDER_BODY, Brand, Campaign
from smm.content.repo import find_root, open_repo
from smm.content.schema_values import NETWORK_IDS, POST_KINDS
from smm.content.slugs import is_slug
from smm.content.timeparse import iana_zone
from smm.errors import UsageError

#: Where a generated slug is cut (at a '-'): file names stay readable in a pull request.
SLUG_LENGTH = 60
DEFAULT_HOUR = clock_time(10, 0)
# Russian passport transliteration (ICAO 9303, as Russian foreign passports since 2013), with
# German umlauts; anything else loses its accents (NFKD) or becomes a '-'
_TRANSLIT = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ъ": "ie", "ь": "", "ю": "iu", "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g"},
        **{"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"},
    }
)


def slugify(title: str) -> str:
    """'Открываем зимнее меню!' -> 'otkryvaem-zimnee-meniu': a-z, 0-9 and '-' (content/slugs.py)."""
    text = title.casefold().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > SLUG_LENGTH:
        slug = (
            slug[:SLUG_LENGTH].rsplit("-", 1)[0]
            if "-" in slug[:SLUG_LENGTH]
            else slug[:SLUG_LENGTH]
        )
    return slug or "post"


@dataclass(frozen=True)
class NewPost:
    path: str  # relative to the repository
    text: str


def new_post(
    title: str,
    root: Path | None = None,
    brand: str | None = None,
    campaign: str | None = None,
    networks: tuple[str, ...] = (),
    when: str | None = None,
    kind: str = "organic",
    now: datetime | None = None,
) -> NewPost:
    """Write posts/<brand>/<YYYY>/<MM>/<DD>-<slug>.md; UsageError when it exists or an option
    names what the repository does not have."""
    if not title.strip():
        raise UsageError("TITLE: give the post a title, e.g. smm new 'Winter menu'")
    root = find_root(root)
    repo = open_repo(root)
    chosen = _brand(repo.brands, brand)
    found = repo.campaign(chosen.slug, campaign) if campaign else None
    if campaign and found is None:
        names = sorted(slug for b, slug in repo.campaigns if b == chosen.slug)
        raise UsageError(
            f"--campaign: {chosen.slug} has no campaign '{campaign}' "
            f"(campaigns/{chosen.slug}/{campaign}.yaml); it has: {', '.join(names) or 'none'}"
        )
    unknown = [n for n in networks if n not in NETWORK_IDS]
    if unknown:
        raise UsageError(
            f"--network: unknown {', '.join(unknown)}; the networks: {', '.join(NETWORK_IDS)}"
        )
    if kind not in POST_KINDS:
        raise UsageError(f"--kind: one of {', '.join(POST_KINDS)}")
    chosen_networks = list(networks) or (
        found.networks if found and found.networks else list(chosen.accounts)
    )
    if not chosen_networks:
        raise UsageError(f"--network: {chosen.slug} has no accounts yet; name the networks")
    local = _time(chosen, found, when, now or clock.now())
    slug = slugify(title)
    path = f"posts/{chosen.slug}/{local:%Y/%m/%d}-{slug}.md"
    text = post_text(
        {
            "network": chosen_networks,
            "time": f"{local:%Y-%m-%d %H:%M}",
            "title": title.strip(),
            "hashtags": chosen.required_hashtags,
            "campaign": found.slug if found else None,
            "kind": kind,
        },
        PLACEHOLDER_BODY,
    )
    create_file(root, path, text, "pick another title or --time")
    return NewPost(path, text)


def post_text(fields: dict[str, Any], body: str) -> str:
    """A post file: ``fields`` as front matter in the examples' style (lists in brackets, images
    one per line; empty values left out), then ``body``."""
    lines = ["---"]
    for key, value in fields.items():
        if value in (None, "", [], {}):
            continue
        if key == "time":
            lines.append(f"time: {value}")  # a local time, read as one (content/timeparse.py)
        elif key == "images":
            lines.append("images:")
            for image in value:
                lines.append(f"  - src: {_scalar(image['src'])}")
                if image.get("alt"):
                    lines.append(f"    alt: {_scalar(image['alt'])}")
        elif isinstance(value, dict):
            inner = ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
            lines.append(f"{key}: {{{inner}}}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_scalar(item) for item in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join([*lines, "---", body.strip("\n"), ""])


_PLAIN = re.compile(r"[^\W\d_][\w-]*(?: [\w.:/-]+)*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(value: object) -> str:
    """A YAML scalar: plain where it reads back as the same string, else double-quoted (JSON)."""
    text = str(value)
    if _PLAIN.fullmatch(text) and text.casefold() not in _YAML_WORDS and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _brand(brands: dict[str, Brand], slug: str | None) -> Brand:
    if slug is None:
        if len(brands) == 1:
            return next(iter(brands.values()))
        raise UsageError(
            f"--brand: which brand? the brands are: {', '.join(sorted(brands)) or 'none (smm brand new SLUG)'}"
        )
    if slug not in brands:
        raise UsageError(
            f"--brand: no brand '{slug}'; the brands are: {', '.join(sorted(brands)) or 'none'}"
        )
    return brands[slug]


def _time(brand: Brand, campaign: Campaign | None, when: str | None, now: datetime) -> datetime:
    """The post's local time: ``when`` ('2026-12-05 10:00', '2026-12-05'), else the default."""
    if when:
        try:
            parsed = datetime.fromisoformat(when.strip())
        except ValueError:
            raise UsageError(
                f"--time: '{when}' is not a time such as '2026-12-05 10:00' or '2026-12-05'"
            ) from None
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(brand.tz).replace(tzinfo=None)
        if not 2000 <= parsed.year <= 2099:  # lint's schema/time bound
            raise UsageError(f"--time: '{when}' is not in the years 2000 to 2099")
        has_clock = len(when.strip()) > 10
        return parsed if has_clock else datetime.combine(parsed.date(), DEFAULT_HOUR)
    day: date = now.astimezone(brand.tz).date() + timedelta(days=1)
    if campaign and campaign.start and campaign.start.astimezone(brand.tz).date() > day:
        day = campaign.start.astimezone(brand.tz).date()
    return datetime.combine(day, DEFAULT_HOUR)


def create_file(root: Path, path: str, text: str, instead: str) -> None:
    """Create ``path`` with ``text``; never replaces a file (O_EXCL: not even one made meanwhile)."""
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{path}: exists already; {instead}") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def new_brand(
    slug: str,
    root: Path | None = None,
    name: str | None = None,
    timezone: str = "UTC",
    networks: tuple[str, ...] = (),
    reviewers: tuple[str, ...] = (),
) -> str:
    """Write brands/<slug>.yaml (each account with the environment variables of its secrets named
    SMM_<SLUG>_<NETWORK>_<NAME>) and return its path; .github/CODEOWNERS is written again."""
    from smm.codeowners import codeowners
    from smm.networks.registry import account_schema

    root = find_root(root)
    if not is_slug(slug):
        raise UsageError(
            f"SLUG: '{slug}' is not a slug: use only a-z, 0-9 and '-', starting with a letter or digit"
        )
    if iana_zone(timezone) is None:
        raise UsageError(f"--timezone: '{timezone}' is not an IANA time zone such as Europe/Moscow")
    unknown = [n for n in networks if n not in NETWORK_IDS]
    if unknown:
        raise UsageError(
            f"--network: unknown {', '.join(unknown)}; the networks: {', '.join(NETWORK_IDS)}"
        )
    prefix = "SMM_" + slug.upper().replace("-", "_")
    accounts = []
    for network in networks:
        secrets = [key for key in account_schema(network).fields if key.endswith("_env")]
        fields = ", ".join(
            f"{key}: {prefix}_{network.upper()}_{key[:-4].upper()}" for key in secrets
        )
        accounts.append(f"  {network}: {{{fields}}}")
    lines = [
        f"name: {json.dumps(name or slug, ensure_ascii=False)}",
        f"timezone: {timezone}",
        "# each account needs its id too: `smm lint brands/"
        + slug
        + ".yaml` says which keys are missing",
        "accounts:" + ("" if accounts else " {}"),
        *accounts,
        f"reviewers: [{', '.join(json.dumps(r) for r in reviewers)}]",
        "",
    ]
    path = f"brands/{slug}.yaml"
    create_file(root, path, "\n".join(lines), "edit it, or pick another slug")
    codeowners(root=root)
    return path
