"""The columns of a content-plan spreadsheet, found by their headers, and how each cell is read.

Headers are matched case-insensitively, ignoring spaces, '_' and '-', in English or Russian, as
spreadsheets exported from Excel or Google Sheets in either locale name them. Each reader takes
the cell as text (or the date/time object an XLSX cell holds) and returns a value, or raises
CellError with what is wrong and what it expected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from smm.content.model import Money, parse_money
from smm.content.schema_values import NETWORK_IDS, POST_KINDS
from smm.content.timeparse import FIRST_YEAR, LAST_YEAR

#: canonical column -> the headers that name it (normalised: casefolded, no spaces, '_' or '-')
COLUMNS: dict[str, tuple[str, ...]] = {
    "brand": ("brand", "бренд", "клиент", "проект"),
    "date": ("date", "day", "дата", "день"),
    "time": ("time", "время", "час"),
    "networks": (
        "networks",
        "network",
        "channels",
        "channel",
        "сети",
        "сеть",
        "соцсети",
        "соцсеть",
        "площадки",
        "площадка",
        "каналы",
        "канал",
    ),
    "title": ("title", "topic", "subject", "заголовок", "тема", "название"),
    "text": ("text", "body", "copy", "post", "текст", "пост", "содержание"),
    "hashtags": ("hashtags", "tags", "хештеги", "хэштеги", "хештег", "хэштег", "теги"),
    "images": (
        "images",
        "image",
        "picture",
        "pictures",
        "photo",
        "картинки",
        "картинка",
        "изображение",
        "изображения",
        "фото",
    ),
    "alt": ("alt", "alttext", "imagealt", "описаниекартинки", "описаниеизображения", "альт"),
    "campaign": ("campaign", "кампания", "рк"),
    "budget": ("budget", "бюджет", "стоимость"),
    "kind": ("kind", "type", "тип", "вид", "формат"),
    "advertiser": ("advertiser", "рекламодатель"),
    "inn": ("inn", "инн", "taxid"),
    "erid": ("erid", "токен", "токенerid", "маркировка"),
    "path": ("path", "file", "файл", "путь"),
}
#: What the export writes, in this order, with its English and Russian headers.
_EXPORTED = (
    ("brand", "бренд"),
    ("date", "дата"),
    ("time", "время"),
    ("networks", "сети"),
    ("title", "заголовок"),
    ("text", "текст"),
    ("hashtags", "хештеги"),
    ("images", "картинки"),
    ("alt", "описание картинки"),
    ("campaign", "кампания"),
    ("budget", "бюджет"),
    ("kind", "тип"),
    ("advertiser", "рекламодатель"),
    ("inn", "ИНН"),
    ("erid", "erid"),
    ("path", "файл"),
)
ORDER = tuple(name for name, _ in _EXPORTED)
HEADERS = {"en": {name: name for name in ORDER}, "ru": dict(_EXPORTED)}
NETWORK_NAMES = {
    "telegram": ("telegram", "tg", "телеграм", "телеграмм", "тг"),
    "vk": ("vk", "vkontakte", "вк", "вконтакте"),
    "ok": ("ok", "odnoklassniki", "ок", "одноклассники"),
    "instagram": ("instagram", "insta", "ig", "инстаграм", "инста"),
    "x": ("x", "twitter", "твиттер", "твитер"),
    "mastodon": ("mastodon", "мастодон"),
    "bluesky": ("bluesky", "bsky", "блюскай"),
    "facebook": ("facebook", "fb", "фейсбук"),
    "threads": ("threads", "тредс"),
    "linkedin": ("linkedin", "линкедин"),
}
KIND_NAMES = {
    "organic": ("organic", "органика", "органический", "пост"),
    "ad": ("ad", "ads", "advert", "реклама", "рекламный"),
    "exchange": ("exchange", "взаимопиар", "обмен", "бартер"),
    "influencer": ("influencer", "блогер", "инфлюенсер", "лидермнений"),
    "contest": ("contest", "giveaway", "конкурс", "розыгрыш"),
    "announcement": ("announcement", "анонс", "объявление"),
}
CURRENCIES = {
    "₽": "RUB",
    "руб": "RUB",
    "р": "RUB",
    "rub": "RUB",
    "€": "EUR",
    "eur": "EUR",
    "$": "USD",
    "usd": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "₸": "KZT",
    "тг": "KZT",
}
DEFAULT_TIME = time(10, 0)
_DAY_FIRST = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?\s*([ap]\.?m\.?)?", re.IGNORECASE)
_LIST = re.compile(r"[\n,;]+")
_NAMES = {alias: name for name, aliases in NETWORK_NAMES.items() for alias in aliases}
_KINDS = {alias: name for name, aliases in KIND_NAMES.items() for alias in aliases}


class CellError(ValueError):
    """What is wrong with one cell; the importer adds the row and column."""


def norm(header: object) -> str:
    """A header (or a name in a cell) as it is matched: casefolded, without spaces, '_', '-', '.'."""
    return re.sub(r"[\s_\-.]+", "", str(header or "")).casefold().replace("ё", "е")


def find_columns(header: Sequence[object]) -> tuple[dict[str, int], list[str]]:
    """canonical column -> its index, and the headers no column knows (reported, then ignored).

    A header is its column's name or begins with one ("Дата публикации", "Text of the post");
    names shorter than four letters must match whole."""
    known = {alias: name for name, aliases in COLUMNS.items() for alias in map(norm, aliases)}
    found: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(header):
        key = norm(cell)
        name = known.get(key) or next(
            (
                known[a]
                for a in sorted(known, key=len, reverse=True)
                if len(a) >= 4 and key.startswith(a)
            ),
            None,
        )
        if name and name not in found:
            found[name] = index
        elif str(cell or "").strip():
            unknown.append(str(cell).strip())
    return found, unknown


def read_date(value: object, day_first: bool) -> tuple[date, time | None]:
    """A date cell: an XLSX date, '05.12.2026' (Russian), '2026-12-05' (ISO) or '12/5/2026'
    (month first, as the US English locale writes it; ``day_first`` for '5/12/2026'), maybe with
    a time after it."""
    if isinstance(value, datetime):
        return _planned(value.date(), str(value.date())), (
            value.time() if value.time() != time(0) else None
        )
    if isinstance(value, date):
        return _planned(value, str(value)), None
    text = str(value or "").strip()
    if match := _ISO_DAY.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _SLASHED.match(text):
        first, second, year = (int(g) for g in match.groups())
        month, day = (second, first) if day_first else (first, second)
    else:
        raise CellError(f"'{text}' is not a date such as 05.12.2026 or 2026-12-05")
    if match.re is not _ISO_DAY and len(match.group(3)) == 2:
        year += 2000  # only a two-digit year is one of the 2000s ('05.12.26'); '0026' is a typo
    _in_plan(year, text)  # before date(): it refuses the year 0 as no date of the calendar
    try:
        found = date(year, month, day)
    except ValueError:
        raise CellError(f"'{text}' is not a date of the calendar") from None
    rest = text[match.end() :].strip(" T,")
    return found, (read_time(rest) if rest else None)


def _planned(found: date, text: str) -> date:
    """``found`` when smm plans in its year, else a CellError (an XLSX date cell)."""
    _in_plan(found.year, text)
    return found


def _in_plan(year: int, text: str) -> None:
    """A CellError when ``year`` is outside the years smm plans in (content/timeparse.py)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(
            f"'{text}' is in the year {year}, outside the years {FIRST_YEAR} to "
            f"{LAST_YEAR} smm plans in"
        )


def read_time(value: object) -> time:
    """A time cell: an XLSX time, '10:00', '10.00', '9:30 PM'."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip()
    match = _CLOCK.fullmatch(text)
    if not match:
        raise CellError(f"'{text}' is not a time such as 10:00")
    hour, minute, meridiem = int(match.group(1)), int(match.group(2)), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise CellError(f"'{text}' is not a time of day")
        hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise CellError(f"'{text}' is not a time of day")
    return time(hour, minute)


def read_networks(value: object) -> list[str]:
    """'telegram, vk' or 'Телеграм; ВКонтакте' -> ['telegram', 'vk'] (in the cell's order, once)."""
    out: list[str] = []
    for part in _LIST.split(str(value or "")):
        if not part.strip():
            continue
        name = _NAMES.get(norm(part))
        if name is None:
            raise CellError(
                f"'{part.strip()}' is not a network; the networks: {', '.join(NETWORK_IDS)}"
            )
        if name not in out:
            out.append(name)
    return out


def read_hashtags(value: object) -> list[str]:
    """'#кофе #зима' or 'кофе, зима' -> ['кофе', 'зима']."""
    return [
        tag.lstrip("#＃") for tag in re.split(r"[\s,;]+", str(value or "")) if tag.lstrip("#＃")
    ]


def read_list(value: object) -> list[str]:
    """One item per line (images, their alt texts)."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def read_kind(value: object) -> str:
    text = str(value or "").strip()
    kind = _KINDS.get(norm(text))
    if kind is None:
        raise CellError(f"'{text}' is not a kind; the kinds: {', '.join(POST_KINDS)}")
    return kind


def read_budget(value: object, currency: str | None) -> Money:
    """'1500 RUB', '1 500,50 ₽', '€200' or a number (then in the brand's currency)."""
    text = str(value if value is not None else "").strip()
    compact = re.sub(r"[\s\u00a0\u202f']", "", text).casefold().rstrip(".")  # "руб."
    code = currency
    for sign in sorted(CURRENCIES, key=len, reverse=True):
        if compact.endswith(sign) or compact.startswith(sign):
            code, compact = CURRENCIES[sign], compact.removesuffix(sign).removeprefix(sign)
            break
    else:
        if match := re.fullmatch(r"(.*?)([a-z]{3})", compact):
            compact, code = match.group(1), match.group(2).upper()
    if "," in compact and "." not in compact:
        compact = compact.replace(",", ".")  # the Russian locale's decimal comma
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        amount = Decimal("NaN")
    money = parse_money(f"{amount:f} {code}", None) if amount.is_finite() and code else None
    if money is None:
        raise CellError(f"'{text}' is not an amount of money such as 1500 RUB")
    return money
