"""The rule registry: every rule id smm can report, with its level, network, summary and source.

One table, as ruff's rule codes or pylint's message table: `smm rules` lists it, docs/rules.md is
generated from it, `--select`/`--ignore` and a post's ``lint: {ignore: ...}`` are checked against
it, and the engine runs the checks it names (``check``), in its order. A test fails when code
reports an id that is not here.

Rules that hold for every network are written below. A network's rules (``<network>/length`` and
the rest) are made per network from its rules file, tools/smm/rules/<network>.yaml: a network
has ``vk/hashtags`` only if vk.yaml sets a hashtag limit, and the levels, numbers and sources
come from there.

A rule marked ``fixed`` guards what smm can safely read, render, rewrite or have reviewed (a
file it cannot parse, a post already published, a stale CODEOWNERS): it is always reported and
can be neither ignored nor left out by ``select``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from smm.rules import Limit, NetworkRules, network_rules, supported

#: Where a rule is checked: reading a file (content/), one post (cached), all posts (cached until
#: one changes), all posts against the clock, the repository, or the lint settings themselves.
Stage = Literal["file", "post", "cross", "clock", "repo", "settings"]
ALL = "all"  # the network of a rule that holds for every network


@dataclass(frozen=True)
class Rule:
    id: str
    levels: tuple[str, ...]  # the levels it reports: ("error",), ("warning",) or both
    summary: str
    source: str  # where the rule comes from: a law, a network's documentation, the brand file, smm
    check: str  # the function that reports it, or the module for file-level rules
    stage: Stage
    network: str = ALL
    fixed: bool = False  # always reported: neither ignorable nor left out by select
    data: str = ""  # the rules file and keys its numbers come from

    @property
    def level(self) -> str:
        """The highest level it reports."""
        return "error" if "error" in self.levels else self.levels[0]


E, W, EW = ("error",), ("warning",), ("error", "warning")
SMM = "smm: what it can read and render safely"
LOADER = "content/loader.py"

# (id, levels, stage, check, fixed, summary, source), in the order docs/rules.md shows them
_GENERAL: list[tuple[str, tuple[str, ...], Stage, str, bool, str, str]] = [
    ("file/too-large", E, "file", LOADER, True, "the file is larger than 1 MiB (at most 1 MiB + 1 byte is ever read)", SMM),
    ("file/empty", E, "file", LOADER, True, "the file is empty", SMM),
    ("file/binary", E, "file", LOADER, True, "the file holds NUL bytes: not a text file", SMM),
    ("file/encoding", E, "file", LOADER, True, "the file is not UTF-8", SMM),
    ("file/unreadable", E, "file", LOADER, True, "not a regular file that can be read: a FIFO, a device, a folder, a dangling symlink or a symlink loop is reported, never read", SMM),
    ("file/outside-repo", E, "file", LOADER, True, "a post, brand or campaign file that is a symlink to a file outside the repository is not read (nor linted, planned or published)", SMM),
    ("file/slug", E, "file", "content/slugs.py", True, "brand, campaign and post file names and the folders under `posts/` are slugs (`a-z`, `0-9`, `-`) laid out as `brands/<slug>.yaml`, `campaigns/<brand>/<slug>.yaml`, `posts/<brand>/…/<slug>.md`: names end up in CODEOWNERS patterns, commits and one-line output", SMM),
    ("schema/front-matter", E, "file", LOADER, True, "front matter between `---` lines", SMM),
    ("schema/yaml", E, "file", LOADER, True, "valid YAML, nested at most 32 levels", SMM),
    ("schema/duplicate-key", E, "file", "content/yamlpos.py", True, "a key given twice in one mapping, at any depth (YAML would keep the last one: a second `published: {}` would make a published post look new); reported at the second. The post is blocked from publishing and its file is left alone", SMM),
    ("schema/alias", E, "file", "content/yamlpos.py", True, "YAML aliases (`*name`) and merge keys (`<<`) are refused, never expanded; one finding per file, at the first", SMM),
    ("schema/unknown-key", E, "file", "content/types.py", True, "a key the post, campaign or brand schema does not have (with a did-you-mean)", SMM),
    ("schema/type", E, "file", "content/types.py", True, "a value of the wrong type", SMM),
    ("schema/required", E, "file", "content/types.py", True, "a required key is missing", SMM),
    ("schema/value", E, "file", "content/types.py", True, "a value outside its pattern or bounds: a budget is `amount CUR` or a mapping, a number is finite and fits 64 bits, money is 0 to 999,999,999,999.99 with at most 2 decimals, a duration at most 366 days, a campaign goal 0 to 10¹², a post's (or an override's) `link` an http(s) web address with a host (a `javascript:` or `ftp:` link would reach readers as it is)", SMM),
    ("schema/network", E, "post", "check_networks", True, "a network id that does not exist (did-you-mean), a network listed twice, no network", SMM),
    ("schema/campaign", E, "post", "check_campaign", True, "the post's campaign exists for its brand", SMM),
    ("schema/brand", E, "file", LOADER, True, "`posts/<brand>/` has `brands/<brand>.yaml`", SMM),
    ("schema/time", E, "post", "check_time", True, "`time` (and a campaign's `start` and `end`) is ISO 8601, in the years 2000 to 2099", SMM),
    ("brand/timezone", E, "file", LOADER, True, "the brand's zone is a name from the IANA database (`localtime`, `posixrules`, `Factory` and file paths are not)", "IANA time zone database"),
    ("brand/account", E, "post", "check_networks", True, "the brand has an account on each network the post targets", "the brand file"),
    ("codeowners/stale", E, "repo", "codeowners.py", True, "`.github/CODEOWNERS` is missing or differs from what `smm codeowners` writes; checked when the file exists or a brand has `reviewers`", "the brands' `reviewers`"),
    ("network/unsupported", E, "post", "check_networks", False, "a known network id that has no rules file yet", "tools/smm/rules/"),
    ("time/nonexistent", E, "post", "check_time", False, "a local time in a daylight-saving gap: the clocks skip it", "IANA time zone database"),
    ("time/ambiguous", E, "post", "check_time", False, "a local time in a daylight-saving overlap: it happens twice", "IANA time zone database"),
    ("time/quiet-hours", W, "post", "check_time", False, "the time is inside the brand's quiet hours", "the brand file"),
    ("time/past", E, "clock", "check_past", False, "the time has passed and the post is not published to every target network", "the clock"),
    ("campaign/window", E, "post", "check_campaign", False, "the post lies inside its campaign's window", "the campaign file"),
    ("campaign/network", E, "post", "check_campaign", False, "the post goes only to its campaign's networks", "the campaign file"),
    ("campaign/budget", E, "cross", "check_budgets", False, "the campaign's posts' budgets add up to no more than its budget (reported on the campaign file)", "the campaign file"),
    ("budget/currency", E, "post", "check_budget", False, "a post's budget has a currency, the campaign's", "the campaign file"),
    ("duplicate/text", E, "cross", "check_duplicates", False, "the same body twice for one brand", "smm"),
    ("frequency/per-day", W, "cross", "check_frequency", False, "more posts on one local day than the brand's `frequency.<network>.per_day`", "the brand file"),
    ("frequency/min-gap", W, "cross", "check_frequency", False, "two posts on one account closer than the brand's `frequency.<network>.min_gap`", "the brand file"),
    ("body/too-complex", E, "post", "check_body", True, "the body (or an override `text`) is within what smm parses as Markdown: at most 100,000 characters, nesting and parser work bounded; beyond that the post is an error where it goes over", "smm: tools/smm/networks/markdown_bounds.py"),
    ("body/placeholder", E, "post", "check_body", False, "the body (or an override `text`) still holds the line `smm new` wrote for the writer to replace", "smm: tools/smm/scaffold.py"),
    ("link/dropped", W, "post", "check_links", False, "a link Telegram does not make as written: only web addresses (http, https, a bare host) and `tg:`/`ton:` links are links there, so a `javascript:` link or a path shows as its text alone, and a `mailto:` one becomes a link to a web site", "Telegram: TDLib td/telegram/MessageEntity.cpp and LinkManager::get_checked_link (ported in tools/smm/networks/tg_links.py)"),
    ("thread/unsupported", E, "post", "check_thread", True, "a thread (a body with `---` lines between its parts) for a network that takes none, such as Telegram, VK, OK or Instagram: give that network one text in `overrides.<network>.text`, which must not itself be a thread", "tools/smm/rules/<network>.yaml `threads`"),
    ("thread/empty-part", E, "post", "check_thread", True, "a part of a thread is empty (two `---` lines with nothing between them, or one at the start or end)", SMM),
    ("thread/too-long", W, "post", "check_thread", False, "a thread of more parts than the network's `threads.max_parts`", "tools/smm/rules/<network>.yaml `threads.max_parts`"),
    ("first-comment/unsupported", E, "post", "check_first_comment", False, "a `first_comment` for a network where smm cannot post one (Telegram: comments live in a linked discussion group; OK): set `overrides.<network>.first_comment` to null", "tools/smm/rules/<network>.yaml `comments`"),
    ("hashtag/form", EW, "post", "check_hashtags", False, "letters, digits and `_`, not digits only (error); longer than general.yaml's `hashtags.max_length` (warning)", "tools/smm/rules/general.yaml"),
    ("hashtag/banned", E, "post", "check_hashtags", False, "a hashtag the brand bans", "the brand file"),
    ("hashtag/required", E, "post", "check_hashtags", False, "a hashtag the brand requires is missing", "the brand file"),
    ("image/outside-repo", E, "post", "check_images", False, "the image path leaves the repository (`..`, a symlink out)", SMM),
    ("image/missing", E, "post", "check_images", False, "the image file does not exist", SMM),
    ("image/unreadable", E, "post", "check_images", False, "the image is not a regular file that can be read (a folder, a FIFO, a device, a path ending in `/`)", SMM),
    ("image/format", E, "post", "check_images", False, "the image is not a real image that decodes to the last byte (a cut-off file fails)", SMM),
    ("image/bomb", E, "post", "check_images", False, "a decompression bomb: its declared pixels are checked before any is decoded", SMM),
    ("image/gps", W, "post", "check_images", False, "EXIF carries GPS coordinates", "privacy"),
    ("image/alt", EW, "post", "check_images", False, "alt text where the network shows it (warning; error where it is required, as on Bluesky)", "tools/smm/rules/<network>.yaml `images.alt`"),
    ("ad/ru-marking", E, "post", "check_ad_marking", False, "an ad, exchange or influencer post of a brand under Russian law carries «Реклама», the advertiser and the erid token", "38-FZ art. 18.1"),
    ("ad/disclosure", E, "post", "check_ad_marking", False, "elsewhere, an ad starts with #ad, 'Ad:' or 'Anzeige' (within general.yaml's `ad.disclosure_window` characters)", "FTC, ASA disclosure guidance; tools/smm/rules/general.yaml"),
    ("voice/banned", E, "post", "check_voice", False, "a word the brand's voice bans, matched as a reader sees it (invisible format characters, NFKC forms and case do not hide it)", "the brand file"),
    ("voice/prefer", W, "post", "check_voice", False, "a word the brand prefers written another way", "the brand file"),
    ("published/edited", E, "post", "check_published", True, "the text of a published post changed (what smm would send now differs from the `sent` digest, and the post changed since: `source`)", "the post's `published:` block"),
    ("published/edit-unsupported", W, "post", "check_published", False, "`edit:` names a network whose API cannot change a live post's text (the rules file's `edit.supported`): retract and post again, or leave it", "tools/smm/rules/<network>.yaml `edit`"),
    ("published/retract-unsupported", W, "post", "check_published", False, "`retract:` names a network whose API cannot delete a post (the rules file's `retract.supported`): delete it in the app", "tools/smm/rules/<network>.yaml `retract`"),
    ("published/not-live", W, "post", "check_published", False, "`edit:` or `retract:` names a network the post is not live on (not published, or an edit of a retracted post)", "the post's `published:` block"),
    ("published/malformed", E, "post", "check_published", True, "a `published:` entry says published but has no id, or its `url` is not an http(s) address (a `javascript:` URL would run in the site reader's browser): a hand-edited managed block", "the post's `published:` block"),
    ("metrics/malformed", E, "post", "check_published", True, "a `metrics:` figure that is not a count (text, a list, negative, NaN, over 10^15) or an `at` that is not a time: a hand-edited managed block; the report and the site leave such a figure out", "the post's `metrics:` block"),
    ("deal/missing", W, "post", "check_deal", False, "an exchange or influencer post has no `deal:` (partner, what was agreed, cost or barter, due date): the report cannot balance it", "smm: docs/files.md#deals-and-results"),
    ("deal/kind", W, "post", "check_deal", False, "a `deal:` on a post whose kind is not exchange or influencer: the report leaves it out", "smm: docs/files.md#deals-and-results"),
    ("deal/overdue", W, "clock", "check_overdue", False, "the deal's `due` date has passed (in the brand's time zone) and it has no `counter_post`: ask the partner, or record the URL", "the post's `deal:`"),
    ("contest/missing", E, "post", "check_contest", False, "a post of kind contest has no `contest:` (ends, winners, entry, rules): `smm draw` cannot run", "smm: docs/contests.md"),
    ("contest/kind", W, "post", "check_contest", False, "a `contest:` on a post whose kind is not contest: `smm draw` refuses it", "smm: docs/contests.md"),
    ("contest/ends", E, "post", "check_contest", False, "the contest's `ends` is not an ISO 8601 time, or not after the post's time", "smm: docs/contests.md"),
    ("contest/entry-unlisted", E, "post", "check_contest", False, "a network of the contest cannot list who entered that way (Telegram lists nobody; Instagram only comments): the draw would miss them", "networks/audience.py; docs/contests.md#what-each-network-gives"),
    ("lint/ignore", E, "post", "check_lint_settings", True, "a post's `lint: {ignore: [...]}` names no rule, or a fixed rule", "smm: the rule registry"),
    ("lint/unused-ignore", W, "settings", "stale_ignores", False, "a post's `lint: {ignore: [...]}` names a rule that reports nothing in the post: remove it", "smm"),
]  # fmt: skip

# (rule id suffix, the check, the limits of the network's rules file it enforces)
_PER_NETWORK: list[tuple[str, str, tuple[str, ...]]] = [
    ("length", "check_length", ("text.limit", "text.caption_limit", "text.sent_bytes_limit", "text.visible_bytes_limit")),
    ("empty", "check_length", ()),
    ("hashtags", "check_hashtags", ("hashtags.max", "hashtags.warn_over")),
    ("mentions", "check_mentions", ("mentions.max",)),
    ("links", "check_link_count", ("links.max",)),
    ("alt-length", "check_images", ("images.alt_max",)),
    ("image-count", "check_images", ("images.min_count", "images.max_count")),
    ("image-format", "check_images", ("images.formats",)),
    ("image-size", "check_images", ("images.max_bytes",)),
    ("image-dimensions", "check_images", ("images.max_sum_wh", "images.max_pixels", "images.min_width", "images.max_width")),
    ("image-ratio", "check_images", ("images.max_ratio", "images.min_aspect", "images.max_aspect")),
]  # fmt: skip

#: How each limit reads in a summary ({v}: its value, {unit}: what the network counts).
_PHRASES = {
    "text.limit": "text at most {v:,} {unit}",
    "text.caption_limit": "a caption (with an image) at most {v:,} {unit}",
    "text.sent_bytes_limit": "at most {v:,} UTF-8 bytes as sent (markup and link URLs included)",
    "text.visible_bytes_limit": "at most {v:,} UTF-8 bytes of text",
    "hashtags.max": "at most {v} hashtags",
    "hashtags.warn_over": "a warning over {v} hashtags",
    "mentions.max": "at most {v} people @-mentioned, each counted once",
    "links.max": "at most {v} distinct links (each part of a thread its own post)",
    "images.alt_max": "alt text at most {v:,} characters",
    "images.min_count": "at least {v} image(s)",
    "images.max_count": "at most {v} images",
    "images.formats": "{v}",
    "images.max_bytes": "at most {v:,} bytes an image",
    "images.max_sum_wh": "width + height at most {v:,} px",
    "images.max_pixels": "at most {v:,} pixels (width x height)",
    "images.min_width": "at least {v:,} px wide",
    "images.max_width": "scaled down above {v:,} px wide",
    "images.max_ratio": "sides at most {v}:1",
    "images.min_aspect": "aspect (w/h) at least {v}",
    "images.max_aspect": "aspect (w/h) at most {v}",
    "comments.limit": "a first comment at most {v:,} {unit}",
    "posting.per_month": "at most {v:,} posts in a local month (the API access tier's cap)",
}
#: What each counter counts (tools/smm/networks/counters.py), in words.
_UNITS = {
    "codepoints": "code points",
    "graphemes": "graphemes",
    "mastodon": "graphemes (a URL counts 23)",
    "bluesky": "graphemes",
    "twitter": "weighted characters (twitter-text)",
    "threads": "characters (an emoji as its UTF-8 bytes)",
}


def _phrase(key: str, limit: Limit, rules: NetworkRules) -> str:
    value = ", ".join(limit.value) if isinstance(limit.value, list) else limit.value
    text = _PHRASES[key].format(v=value, unit=_UNITS.get(rules.counter, rules.counter))
    if limit.account_key:
        text += f" (or the account's `{limit.account_key}`)"
    return text + ("" if limit.status == "official" else f" ({limit.status})")


def _network_rules(network: str) -> list[Rule]:
    rules = network_rules(network)
    file = f"tools/smm/rules/{network}.yaml"
    out = []
    for suffix, check, keys in _PER_NETWORK:
        limits = [(key, limit) for key in keys if (limit := rules.limit(key))]
        if keys and not limits:
            continue  # the network sets no such limit: it has no such rule
        levels: tuple[str, ...] = E
        if suffix == "empty":
            summary = f"{rules.name} would get no text and no image"
            source = "a post needs a text or an image"
        else:
            summary = f"{rules.name}: " + "; ".join(_phrase(k, lim, rules) for k, lim in limits)
            if suffix == "image-format":
                summary = f"{rules.name} takes {_phrase(*limits[0], rules)}"
            found = {lim.level for _, lim in limits} | {
                "warning" for k, _ in limits if k == "hashtags.warn_over"
            }
            levels = tuple(level for level in EW if level in found)
            source = "; ".join(f"{k}: {lim.source}" for k, lim in limits)
        data = f"{file}: {', '.join(k for k, _ in limits)}" if limits else ""
        rule_id = f"{network}/{suffix}"
        out.append(Rule(rule_id, levels, summary, source, check, "post", network, data=data))
    if rules.comments:  # a first comment: against comments.limit, or as a post where it is a reply
        key = "comments.limit" if rules.comments == "comment" else "text.limit"
        if limit := rules.limit(key):
            summary = f"{rules.name}: " + _phrase(key, limit, rules)
            if rules.comments == "reply":
                summary = f"{rules.name}: a first comment is a self-reply, a post: {summary[len(rules.name) + 2 :]}"
            out.append(
                Rule(
                    f"{network}/comment-length",
                    (limit.level,),
                    summary,
                    limit.source,
                    "check_first_comment",
                    "post",
                    network,
                    data=f"{file}: {key}",
                )
            )
    if cap := rules.limit("posting.per_month"):  # a cross-post rule: a brand's month of posts
        summary = f"{rules.name}: {_phrase('posting.per_month', cap, rules)}"
        data = f"{file}: posting.per_month"
        out.append(
            Rule(
                f"{network}/monthly-cap",
                W,
                summary,
                cap.source,
                "check_monthly_cap",
                "cross",
                network,
                data=data,
            )
        )
    return out


@cache
def registry() -> dict[str, Rule]:
    """Every rule, by id, in the order docs/rules.md shows them."""
    general = [
        Rule(rule_id, levels, summary, source, check, stage, fixed=fixed)
        for rule_id, levels, stage, check, fixed, summary, source in _GENERAL
    ]
    per_network = [rule for network in supported() for rule in _network_rules(network)]
    return {rule.id: rule for rule in general + per_network}


#: The checks the engine runs, in the order they run. Each reads only its inputs (the post, its
#: brand, campaign, renders and time, lint/context.py), never what another check left behind, so
#: the order is only the order a post's findings read in (and the first error publish names).
CHECKS: dict[Stage, tuple[str, ...]] = {
    "post": (
        "check_networks",
        "check_time",
        "check_campaign",
        "check_budget",
        "check_body",
        "check_thread",
        "check_length",
        "check_first_comment",
        "check_hashtags",
        "check_mentions",
        "check_links",
        "check_link_count",
        "check_images",
        "check_ad_marking",
        "check_voice",
        "check_published",
        "check_deal",
        "check_contest",
        "check_lint_settings",
    ),
    "cross": ("check_budgets", "check_duplicates", "check_frequency", "check_monthly_cap"),
    "clock": ("check_past", "check_overdue"),
}


def checks(stage: Stage) -> tuple[str, ...]:
    """The names of the checks of ``stage``, in the order they run. (That each reports some rule
    of the registry is a test's job, tests/lint/test_rule_registry.py: a warm lint does not read
    every network's rules file to build the registry.)"""
    return CHECKS.get(stage, ())


def matches(pattern: str, rule_id: str) -> bool:
    """A pattern is an id, or a prefix of ids ending at a '/': ``vk/`` (or ``vk``) is every vk rule."""
    prefix = pattern.rstrip("/")
    return rule_id == prefix or rule_id.startswith(prefix + "/")


def matching(pattern: str) -> list[Rule]:
    """The rules ``pattern`` names."""
    return [rule for rule in registry().values() if matches(pattern, rule.id)]


def unknown(patterns: Iterable[str]) -> list[str]:
    """The patterns that name no rule."""
    return [p for p in patterns if not matching(p)]
