"""Deterministic generator of the reference corpus of docs/design.md#targets.

The corpus is a real git repository shaped like docs/design.md#layout: ``brands/<b>.yaml``,
``campaigns/<b>/<slug>.yaml``, ``assets/<b>/img-NNN.jpg`` and
``posts/<b>/<YYYY>/<MM>/<DD>-<slug>.md``.  It is meant to be (mostly) lint-clean
against a ``--now`` before 2027: every post lies in its campaign's window, budgets
stay within the campaign budget, Instagram posts carry an image and at most five
hashtags (campaign tag included), X posts stay well under 280 characters, and each
body is unique.  The same ``(posts, seed)`` always gives byte-identical files and
the same commit id.
"""

from __future__ import annotations

import calendar
import os
import random
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

NETWORKS = ("telegram", "vk", "ok", "instagram", "x", "mastodon")
YEAR = 2027
IMAGES = 100
CAMPAIGNS_PER_BRAND = 10
SIZES = ((1080, 1080), (1080, 1350))
FIRST_MINUTE, LAST_MINUTE = 8 * 60, 22 * 60  # posting hours, brand-local

HASHTAGS = [
    "кофе",
    "утро",
    "скидка",
    "новинка",
    "выходные",
    "доставка",
    "рецепт",
    "акция",
    "завтрак",
    "десерт",
    "осень",
    "зима",
    "подарок",
    "конкурс",
    "москва",
    "вкусно",
    "праздник",
    "coffee",
    "weekend",
    "sale",
    "news",
    "brunch",
    "berlin",
    "nyc",
]
WORDS = [
    "новый",
    "вкус",
    "сезон",
    "бариста",
    "зерно",
    "обжарка",
    "молоко",
    "корица",
    "карамель",
    "круассан",
    "утро",
    "вечер",
    "город",
    "друзья",
    "уют",
    "скидка",
    "подарок",
    "рецепт",
    "шоколад",
    "ваниль",
    "лимон",
    "мята",
    "сироп",
    "чашка",
    "кружка",
    "доставка",
    "меню",
    "заказ",
    "столик",
    "терраса",
    "музыка",
    "книга",
    "неделя",
    "суббота",
    "пятница",
    "праздник",
    "fresh",
    "roast",
    "latte",
    "espresso",
    "brunch",
    "cozy",
    "market",
    "local",
    "beans",
    "crema",
    "filter",
    "cold",
    "brew",
    "matcha",
    "pastry",
    "bakery",
    "table",
    "team",
    "story",
    "recipe",
    "tasting",
]
EMOJI = [
    "☕",
    "🥐",
    "🍰",
    "🎉",
    "🔥",
    "✨",
    "🍫",
    "🍋",
    "🌿",
    "📦",
    "🎁",
    "❤️",
    "😋",
    "🙌",
    "⏰",
    "📍",
]
ALTS = (
    "Coffee cup on a table",
    "Чашка капучино с корицей",
    "Croissants on a tray",
    "Бариста готовит латте",
    "Storefront at night",
    "Десерт с ягодами",
)


@dataclass(frozen=True)
class Brand:
    """One brand of the corpus (file brands/<slug>.yaml)."""

    slug: str
    timezone: str
    currency: str
    jurisdiction: str


BRANDS = (
    Brand("b1", "Europe/Moscow", "RUB", "RU"),
    Brand("b2", "Europe/Berlin", "EUR", "DE"),
    Brand("b3", "America/New_York", "USD", "US"),
)


@dataclass
class Campaign:
    """A campaign of one brand with its window and the budget its posts spend."""

    slug: str
    brand: Brand
    start: date
    end: date
    spent: int = 0


@dataclass
class Corpus:
    """What :func:`generate` made: where, how much, and the commit id."""

    root: Path
    posts: list[Path] = field(default_factory=list)
    commit: str = ""


def _campaigns(rng: random.Random) -> list[Campaign]:
    """Thirty campaigns, ten per brand, each running at least six months of YEAR."""
    out = []
    for i in range(len(BRANDS) * CAMPAIGNS_PER_BRAND):
        first = rng.randint(1, 6)
        last = min(12, first + rng.randint(5, 11))
        end = date(YEAR, last, calendar.monthrange(YEAR, last)[1])
        out.append(
            Campaign(f"c{i + 1:02d}", BRANDS[i // CAMPAIGNS_PER_BRAND], date(YEAR, first, 1), end)
        )
    return out


def _pick_time(rng: random.Random, camp: Campaign, used: set[tuple[str, datetime]]) -> datetime:
    """A brand-local minute inside the campaign window not yet taken by that brand."""
    days = (camp.end - camp.start).days + 1
    for _ in range(100):
        day = camp.start + timedelta(days=rng.randrange(days))
        minute = rng.randrange(FIRST_MINUTE, LAST_MINUTE)
        when = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
        if (camp.brand.slug, when) not in used:
            used.add((camp.brand.slug, when))
            return when
    return when  # a collision now and then is fine for a benchmark corpus


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    """A random run of vocabulary words; unique enough to avoid near-duplicates."""
    words = rng.sample(WORDS, rng.randint(lo, hi))
    return " ".join(words).capitalize()


def _body(
    rng: random.Random, index: int, brand: Brand, slug: str, limit: int, lead: str = ""
) -> str:
    """2-6 lines of Markdown with bold, a link, a list, Cyrillic and emoji, about <= limit chars."""
    lines = [
        f"{lead}**{_sentence(rng, 2, 4)}** {rng.choice(EMOJI)}",
        f"Выпуск №{index + 1}: {_sentence(rng, 2, 4 if limit < 200 else 6).lower()}, "
        f"[подробнее](https://{brand.slug}.example/{slug}).",
    ]
    extra = [f"- {_sentence(rng, 2, 4)} {rng.choice(EMOJI)}" for _ in range(rng.randint(0, 3))]
    extra += [f"{_sentence(rng, 4, 8)} {rng.choice(EMOJI)}"] * rng.randint(0, 1)
    for line in extra:
        if len("\n".join([*lines, line])) > limit:
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


def _inn(rng: random.Random) -> str:
    """A ten-digit Russian INN with a valid check digit."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return "".join(map(str, digits)) + str(sum(d * w for d, w in zip(digits, weights)) % 11 % 10)


def _brand_of_image(n: int) -> Brand:
    """Images 1..IMAGES are split evenly over the brands, in order."""
    return BRANDS[(n - 1) * len(BRANDS) // IMAGES]


def _images_of(brand: Brand) -> list[int]:
    """The image numbers that live under assets/<brand>/."""
    return [n for n in range(1, IMAGES + 1) if _brand_of_image(n) == brand]


def _front_matter(
    rng: random.Random, camp: Campaign, when: datetime, slug: str
) -> tuple[str, list[str]]:
    """The YAML front matter of one post (docs/design.md#files) in a stable key order, and its networks."""
    brand = camp.brand
    nets = rng.sample(NETWORKS, rng.randint(2, 3))
    nets.sort(key=NETWORKS.index)
    tags = rng.sample(HASHTAGS, rng.randint(0, 3))  # + the campaign's own tag: <= 4
    kind = (
        "ad" if rng.random() < 0.1 else rng.choice(("organic",) * 6 + ("announcement", "contest"))
    )
    fm = [
        f"network: [{', '.join(nets)}]" if len(nets) > 1 else f"network: {nets[0]}",
        f"time: {when:%Y-%m-%d %H:%M}",
    ]
    if tags:
        fm.append(f"hashtags: [{', '.join(tags)}]")
    if kind != "organic" or rng.random() < 0.4:
        amount = rng.randrange(500, 5001, 100)
        camp.spent += amount
        fm.append(
            f"budget: {amount} {brand.currency}"
            if rng.random() < 0.8
            else f"budget: {{amount: {amount}, currency: {brand.currency}, kind: boost}}"
        )
    fm += [f"campaign: {camp.slug}", f"kind: {kind}"]
    lo = 1 if "instagram" in nets else 0 if rng.random() < 0.6 else 1
    images = rng.sample(_images_of(brand), rng.randint(lo, max(lo, 2)))
    if images:
        fm.append("images:")
        for n in images:
            fm += [f"  - src: assets/{brand.slug}/img-{n:03d}.jpg", f"    alt: {rng.choice(ALTS)}"]
    if rng.random() < 0.7:
        fm.append(f"link: https://{brand.slug}.example/{slug}")
    if brand.jurisdiction == "RU" and kind == "ad":
        fm.append(
            f'advertiser: {{name: ООО Ромашка, inn: "{_inn(rng)}", '
            f'erid: "{rng.getrandbits(48):012x}"}}'
        )
    if rng.random() < 0.1:
        fm.append(
            "place: Moscow, Tverskaya 1" if brand.jurisdiction == "RU" else "place: Main St 1"
        )
    return "---\n" + "\n".join(fm) + "\n---\n", nets


def _write_post(
    root: Path, rng: random.Random, index: int, camp: Campaign, used: set[tuple[str, datetime]]
) -> Path:
    """Write one post file and return its path."""
    when = _pick_time(rng, camp, used)
    slug = (
        f"{'-'.join(rng.sample(('kofe', 'utro', 'sale', 'news', 'menu', 'brunch'), 2))}-{index:06d}"
    )
    head, nets = _front_matter(rng, camp, when, slug)
    limit = 130 if "x" in nets else 360 if "mastodon" in nets else 600
    # outside Russia (where the advertiser block carries the marking) an ad says so up front
    lead = "Ad: " if "\nkind: ad\n" in head and camp.brand.jurisdiction != "RU" else ""
    path = root / "posts" / camp.brand.slug / f"{when:%Y}" / f"{when:%m}" / f"{when:%d}-{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head + _body(rng, index, camp.brand, slug, limit, lead), encoding="utf-8")
    return path


def _write_images(root: Path, rng: random.Random) -> None:
    """IMAGES small but real JPEGs (1:1 and 4:5), split evenly over the brands."""
    for n in range(1, IMAGES + 1):
        brand = _brand_of_image(n)
        size = SIZES[n % 2]
        img = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(img)
        for _ in range(8):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            r = rng.randrange(60, 400)
            draw.ellipse(
                (x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3))
            )
        path = root / "assets" / brand.slug / f"img-{n:03d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        img.save(path, "JPEG", quality=80)


def _write_config(root: Path, campaigns: list[Campaign]) -> None:
    """Brand and campaign YAML files; campaign budgets cover what their posts spend."""
    for b in BRANDS:
        n = b.slug[1:]
        (root / "brands").mkdir(exist_ok=True)
        (root / "brands" / f"{b.slug}.yaml").write_text(
            f"name: {b.slug.upper()}\ntimezone: {b.timezone}\ncurrency: {b.currency}\n"
            f"jurisdiction: {b.jurisdiction}\naccounts:\n"
            f'  telegram: {{chat: "@{b.slug}"}}\n  vk: {{owner_id: -{n}}}\n'
            f'  ok: {{group_id: "{n}"}}\n  instagram: {{user_id: "{n}"}}\n'
            f'  x: {{handle: "{b.slug}"}}\n  mastodon: {{handle: "@{b.slug}@mastodon.social"}}\n',
            encoding="utf-8",
        )
    for c in campaigns:
        budget = max(5_000_000, -(-c.spent * 5 // 4 // 1_000_000) * 1_000_000)
        path = root / "campaigns" / c.brand.slug / f"{c.slug}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"name: {c.slug.upper()}\nbrand: {c.brand.slug}\nstart: {c.start}\nend: {c.end}\n"
            f"budget: {budget} {c.brand.currency}\nnetworks: [{', '.join(NETWORKS)}]\n"
            f"hashtags: [{c.slug}]\nutm: {{medium: social, campaign: {c.slug}}}\n",
            encoding="utf-8",
        )


def _git(root: Path, *args: str) -> str:
    """Run git in the corpus with a fixed identity and clock (reproducible commit ids)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_AUTHOR_DATE": "2026-11-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-01T00:00:00Z",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def agency(brands: int) -> tuple[Brand, ...]:
    """``brands`` brands b1..bN, with the zones, currencies and jurisdictions of BRANDS in turn."""
    base = [BRANDS[i % len(BRANDS)] for i in range(brands)]
    return tuple(
        Brand(f"b{i + 1}", b.timezone, b.currency, b.jurisdiction) for i, b in enumerate(base)
    )


def generate(root: Path, posts: int = 10_000, seed: int = 8, brands: int = 3) -> Corpus:
    """Create the corpus repository at ``root`` (which must not exist) and commit it; with more
    than three ``brands`` (an agency's repository), two images a brand at least."""
    global BRANDS, IMAGES
    saved = BRANDS, IMAGES
    if brands != len(BRANDS):
        BRANDS, IMAGES = agency(brands), max(IMAGES, 2 * brands)
    try:
        return _generate(root, posts, seed)
    finally:
        BRANDS, IMAGES = saved


def _generate(root: Path, posts: int, seed: int) -> Corpus:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    _write_images(root, rng)
    campaigns = _campaigns(rng)
    by_brand = defaultdict(list)
    for c in campaigns:
        by_brand[c.brand.slug].append(c)
    used: set[tuple[str, datetime]] = set()
    corpus = Corpus(root)
    for i in range(posts):
        camp = rng.choice(by_brand[BRANDS[i % len(BRANDS)].slug])
        corpus.posts.append(_write_post(root, rng, i, camp, used))
    _write_config(root, campaigns)
    (root / ".gitignore").write_text(".smm-cache/\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    # no `git gc --auto` left running after the commit: it packs the loose objects while a
    # benchmark copies the corpus (tools/bench/instructions.py saw folders vanish mid-copy)
    _git(root, "config", "gc.auto", "0")
    _git(root, "add", "-A")  # the corpus repository is ours alone
    _git(root, "commit", "-q", "-m", f"Benchmark corpus: {posts} posts, seed {seed}")
    corpus.commit = _git(root, "rev-parse", "HEAD")
    return corpus


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--brands", type=int, default=3)
    ns = parser.parse_args()
    made = generate(ns.root, ns.posts, ns.seed, ns.brands)
    print(f"{len(made.posts)} posts in {made.root} at {made.commit}")
