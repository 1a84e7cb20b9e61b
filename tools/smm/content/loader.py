"""Reading brand, campaign and post files into the model, collecting every problem as a finding."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from smm.content import yamlpos
from smm.content.deals import parse_deal, parse_results
from smm.content.model import (
    LANGUAGE_TAG,
    Brand,
    Campaign,
    Image,
    Post,
    ends_before_start,
    parse_duration,
    parse_goals,
    parse_money,
)
from smm.content.post_schema import POST
from smm.content.schema import BRAND, CAMPAIGN
from smm.content.slugs import RULE as SLUG_RULE
from smm.content.slugs import layout_problem
from smm.content.timeparse import OutOfRange, iana_zone, parse_day_bound
from smm.content.types import Obj
from smm.content.userfile import OUTSIDE, TOO_LARGE, FileRefused, FolderReader, read_user_file
from smm.content.yamlpos import Rejected, short
from smm.findings import Finding, Level

#: A post is a short text; anything larger is a mistake (a video saved as .md, a dump).
MAX_POST_BYTES = 1 << 20
DEFAULT_LATE_AFTER = timedelta(hours=2)


class Problems(list[Finding]):
    """Findings of one file, with helpers that turn a front-matter key into path:line:col."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def add(self, line: int, col: int, rule: str, message: str, level: Level = "error") -> None:
        self.append(Finding(self.path, line, col, level, rule, message))


def read_bytes(
    root: Path,
    path: str,
    problems: Problems,
    limit: int = MAX_POST_BYTES,
    reader: FolderReader | None = None,
) -> bytes | None:
    """The bytes of the repository's file ``path``, or None with one finding when it is too large,
    outside the repository, not a regular file (a FIFO, a device, a folder) or unreadable.
    ``reader``: the run's open folders (content/userfile.py), when it reads many files."""
    try:
        return reader.read(path, limit) if reader else read_user_file(root, path, limit)
    except FileRefused as exc:
        if exc.kind == TOO_LARGE:
            problems.add(
                1,
                1,
                "file/too-large",
                f"file {exc}; a post, brand or campaign file may have at most {limit:,}",
            )
        elif exc.kind == OUTSIDE:
            problems.add(
                1,
                1,
                "file/outside-repo",
                f"'{path}' {exc}: smm reads only the repository's own files",
            )
        else:
            problems.add(1, 1, "file/unreadable", f"'{path}' {exc}")
        return None


def read_text(root: Path, path: str, problems: Problems, data: bytes | None = None) -> str | None:
    """The file's text, or None with one finding when it cannot be read, is empty, binary or not UTF-8."""
    if data is None:
        data = read_bytes(root, path, problems)
    if data is None:
        return None
    if not data.strip():
        problems.add(1, 1, "file/empty", "file is empty")
        return None
    if b"\0" in data:
        problems.add(
            data.count(b"\n", 0, data.index(b"\0")) + 1, 1, "file/binary", "binary file, not text"
        )
        return None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(
            line,
            1,
            "file/encoding",
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
        )
        return None


def load_yaml(
    text: str, schema: Obj, problems: Problems, line_offset: int = 0
) -> yamlpos.Located | None:
    """Parse YAML, then check it against ``schema``; None when it cannot be used at all."""
    try:
        located = yamlpos.load(text, line_offset)
    except yamlpos.YamlProblem as exc:
        problems.add(exc.line + line_offset, exc.col, "schema/yaml", exc.message)
        return None
    for refusal in located.refusals:  # aliases, unusable numbers, keys given twice, deep nesting
        problems.add(refusal.line, refusal.col, refusal.rule, refusal.message)
    if located.data is None:
        located.data = {}
    if not isinstance(located.data, dict):
        problems.add(*located.at(), "schema/type", "must be a mapping of keys to values")
        return None
    for key, rule, message in schema.check(located.data, ()):
        problems.add(*located.at(*key), rule, message)
    return located


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
    value = data.get(key)
    return (
        value
        if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
        else default
    )


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _read_config(root: Path, path: str, schema: Obj) -> tuple[yamlpos.Located | None, Problems]:
    """A brand or campaign file, read and checked against its schema."""
    problems = Problems(path)
    text = read_text(root, path, problems)
    return (load_yaml(text, schema, problems) if text is not None else None), problems


def load_brand(root: Path, path: str) -> tuple[Brand | None, Problems]:
    meta, problems = _read_config(root, path, BRAND)
    if meta is None:
        return None, problems
    data = meta.data
    zone = _get(data, "timezone", str)
    tz = iana_zone(zone) if zone is not None else ZoneInfo("UTC")
    if tz is None:
        problems.add(
            *meta.at("timezone"),
            "brand/timezone",
            f"'{short(zone)}' is not an IANA time zone such as Europe/Moscow",
        )
        tz = ZoneInfo("UTC")
    voice = _get(data, "voice", dict, {})
    banned = []
    for item in voice.get("banned") if isinstance(voice.get("banned"), list) else []:
        if isinstance(item, str):
            banned.append((item, ""))
        elif isinstance(item, dict) and isinstance(item.get("word"), str):
            banned.append((item["word"], str(item.get("message") or "")))
    tags = _get(data, "hashtags", dict, {})
    quiet = _get(data, "quiet_hours", dict, {})
    for key in (
        "start",
        "end",
    ):  # unusable quiet hours are ignored (and reported), not a crash in check_time
        try:
            if isinstance(quiet.get(key), str):
                time.fromisoformat(quiet[key].zfill(5))
        except ValueError:
            if re.fullmatch(
                r"\d{1,2}:\d{2}", quiet[key]
            ):  # else the schema's pattern already said so
                problems.add(
                    *meta.at("quiet_hours", key),
                    "schema/value",
                    f"'quiet_hours.{key}': '{quiet[key]}' is not a time of day",
                )
            quiet = {}
            break
    marking = _get(data, "ad_marking", dict, {})
    brand = Brand(
        slug=Path(path).stem,
        path=path,
        meta=meta,
        name=_get(data, "name", str, "").strip() or Path(path).stem,  # blank: lint says so
        tz=tz,
        currency=_get(data, "currency", str),
        jurisdiction=_get(data, "jurisdiction", str),
        late_after=parse_duration(data.get("late_after"), DEFAULT_LATE_AFTER),
        publish_late=data.get("publish_late") is True,
        accounts={k: v for k, v in _get(data, "accounts", dict, {}).items() if isinstance(v, dict)},
        reviewers=_str_list(data.get("reviewers")),
        required_hashtags=_str_list(tags.get("required")),
        banned_hashtags=_str_list(tags.get("banned")),
        banned_words=banned,
        preferred={
            str(k): str(v)
            for k, v in (voice.get("prefer") or {}).items()
            if not isinstance(k, Rejected) and not isinstance(v, Rejected)
        }
        if isinstance(voice.get("prefer"), dict)
        else {},
        signature=_get(data, "signature", str, ""),
        quiet_hours=(quiet["start"], quiet["end"])
        if isinstance(quiet.get("start"), str) and isinstance(quiet.get("end"), str)
        else None,
        frequency={
            k: v for k, v in _get(data, "frequency", dict, {}).items() if isinstance(v, dict)
        },
        advertiser=marking.get("advertiser")
        if isinstance(marking.get("advertiser"), dict)
        else None,
        language=_language(data.get("language")),
    )
    return brand, problems


def load_campaign(
    root: Path, path: str, brands: dict[str, Brand]
) -> tuple[Campaign | None, Problems]:
    meta, problems = _read_config(root, path, CAMPAIGN)
    if meta is None:
        return None, problems
    data = meta.data
    parts = Path(path).parts
    brand_slug = _get(data, "brand", str) or (parts[1] if len(parts) > 2 else "")
    brand = brands.get(brand_slug)
    if brand is None:
        problems.add(
            *meta.at("brand"), "schema/brand", f"no brand '{brand_slug}' (brands/{brand_slug}.yaml)"
        )
    tz = brand.tz if brand else ZoneInfo("UTC")
    bounds = {}
    for key in ("start", "end"):
        try:
            bounds[key] = (
                parse_day_bound(data[key], tz, end=key == "end")
                if isinstance(data.get(key), str)
                else None
            )
        except OutOfRange as exc:
            problems.add(*meta.at(key), "schema/time", f"'{short(data[key])}': {exc}")
            bounds[key] = None
        except ValueError:
            problems.add(
                *meta.at(key),
                "schema/time",
                f"'{short(data[key])}' is not an ISO 8601 date or time",
            )
            bounds[key] = None
    if ends_before_start(bounds["start"], bounds["end"]):
        problems.add(*meta.at("end"), "campaign/window", "the campaign ends before it starts")
    utm = {k: str(v) for k, v in _get(data, "utm", dict, {}).items() if isinstance(v, (str, int))}
    campaign = Campaign(
        slug=Path(path).stem,
        brand=brand_slug,
        path=path,
        meta=meta,
        name=_get(data, "name", str, "").strip() or Path(path).stem,  # blank: lint says so
        start=bounds["start"],
        end=bounds["end"],
        budget=parse_money(data.get("budget"), brand.currency if brand else None),
        networks=_str_list(data.get("networks")),
        hashtags=_str_list(data.get("hashtags")),
        utm=utm,
        goals=parse_goals(data.get("goals")),
        results=parse_results(data.get("results"), brand.currency if brand else None),
    )
    return campaign, problems


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, 1-based line of the body) or None when there is no front matter."""
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip() != "---":
        return None
    pos, line = first_end + 1, 2
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        if text[pos:end].rstrip() in ("---", "..."):
            return text[first_end + 1 : pos], text[end + 1 :], line + 1
        pos, line = end + 1, line + 1
    return None


def load_post(
    root: Path, path: str, brands: dict[str, Brand], data: bytes | None = None
) -> tuple[Post | None, Problems]:
    """Read one post file (or its ``data``, already read); the post is None only when unusable."""
    problems = Problems(path)
    bad_name = layout_problem(path)
    if bad_name:
        problems.add(1, 1, SLUG_RULE, bad_name)
    text = read_text(root, path, problems, data)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        problems.add(
            1,
            1,
            "schema/front-matter",
            "no front matter: a post starts with '---', its YAML keys, then '---'",
        )
        return None, problems
    front, body, body_line = parts
    meta = load_yaml(front, POST, problems, line_offset=1)
    if meta is None:
        return None, problems
    segments = path.split("/")  # a repository-relative POSIX path, as every caller gives it
    brand_slug = segments[1] if len(segments) > 2 and segments[0] == "posts" else ""
    brand = brands.get(brand_slug)
    if brand is None:
        problems.add(
            1,
            1,
            "schema/brand",
            f"posts/{brand_slug or '<brand>'}/ has no brand file brands/{brand_slug or '<brand>'}.yaml",
        )
    fields: dict[Any, Any] = meta.data  # load_yaml returns only a mapping
    images = []
    for index, item in enumerate(
        fields.get("images") or [] if isinstance(fields.get("images"), list) else []
    ):
        if isinstance(item, str):
            images.append(Image(item, None, ("images", index)))
        elif isinstance(item, dict) and isinstance(item.get("src"), str):
            images.append(
                Image(
                    item["src"],
                    item.get("alt") if isinstance(item.get("alt"), str) else None,
                    ("images", index),
                )
            )
    overrides = {}
    for network, override in _get(fields, "overrides", dict, {}).items():
        if isinstance(override, dict):
            clean = dict(override)
            if isinstance(override.get("hashtags"), list):
                clean["hashtags"] = [
                    tag for tag in override["hashtags"] if not isinstance(tag, Rejected)
                ]
            if isinstance(override.get("images"), list):
                clean["images"] = [
                    Image(i, None, ("overrides", network, "images", n))
                    if isinstance(i, str)
                    else Image(
                        i["src"],
                        i.get("alt") if isinstance(i.get("alt"), str) else None,
                        ("overrides", network, "images", n),
                    )
                    for n, i in enumerate(override["images"])
                    if isinstance(i, str) or (isinstance(i, dict) and isinstance(i.get("src"), str))
                ]
            else:  # `images:` alone is not set; text, a number, a mapping: the schema says so
                clean.pop("images", None)  # either way the network shows the post's images
            overrides[network] = clean
    time_value = fields.get("time")
    post = Post(
        path=path,
        brand=brand_slug,
        meta=meta,
        body=body,
        body_line=body_line,
        networks=_str_list(fields.get("network")),
        time_text=str(time_value) if isinstance(time_value, (str, int)) else None,
        hashtags=[str(tag) for tag in fields.get("hashtags") or [] if not isinstance(tag, Rejected)]
        if isinstance(fields.get("hashtags"), list)
        else [],
        campaign=_get(fields, "campaign", str),
        kind=_get(fields, "kind", str, "organic"),
        images=images,
        link=_get(fields, "link", str),
        budget=parse_money(fields.get("budget"), brand.currency if brand else None),
        advertiser=_get(fields, "advertiser", dict),
        overrides=overrides,
        published={
            k: v for k, v in _get(fields, "published", dict, {}).items() if isinstance(v, dict)
        },
        title=_get(fields, "title", str),
        deal=parse_deal(fields.get("deal"), brand.currency if brand else None),
    )
    return post, problems


def _language(value: Any) -> str | None:
    """The brand's ``language`` when it is a BCP 47 tag (else the schema's finding says why)."""
    return value if isinstance(value, str) and re.fullmatch(LANGUAGE_TAG, value) else None
