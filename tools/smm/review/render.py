"""The review as Markdown (the pull-request comment and the job summary) and as JSON.

Everything a writer typed (post text, titles, finding messages) goes into code spans or fenced
blocks, so it shows as the network will show it and cannot restyle or fake parts of the comment.
No clock-dependent text: the output changes only with the repository (and --now, when given).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote

from smm.content.model import Money
from smm.findings import Finding
from smm.report.figures import money
from smm.review.build import PostReview, Review, network_name
from smm.review.impact import CampaignImpact
from smm.review.preview import Preview
from smm.rules import network_rules
from smm.tables import Markdown, code, markdown_table
from smm.textsafe import block, one_line

#: The first line of every review; the comment upsert finds its own comment by it.
MARKER = "<!-- smm-review -->"
HEADLINES = {
    "retraction": "Deletes a live post",
    "published-edit": "Edits a published post",
    "managed-edit": "Edits what smm records",
    "published-delete": "Deletes a published post",
}


def _fenced(text: str, info: str = "") -> list[str]:
    text = block(text)  # the post's lines stay lines; NUL, ESC and bidi controls are shown
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", *text.splitlines(), fence]


def _money(value: Decimal | None, currency: str | None) -> str:
    """1 500 RUB, 1 500.50 RUB (as budgets are written), or — when unknown."""
    rounded = money(value)
    return "—" if rounded is None else str(Money(rounded, currency))


def _signed(value: Decimal | None, currency: str | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{_money(abs(value), currency)}"


def _percent(fraction: Decimal | None) -> str:
    if fraction is None:
        return "—"
    return f"{(fraction * 100).quantize(Decimal('1'), rounding=ROUND_HALF_UP)} %"


def _link(src: str, files_url: str) -> str:
    """A link to the image's file. Its path is the writer's: percent-encoded, so no character
    of it (``>``, ``)``, a space, a line break) ends the link and turns the rest into Markdown."""
    path = quote(src, safe="/")
    return f"[{code(src)}](<{files_url + path if files_url else path}>)"


def _counts(review: Review) -> str:
    parts = []
    for status in ("added", "modified", "renamed"):
        n = sum(1 for r in review.posts if r.status == status)
        if n:
            parts.append(f"{n} {status}")
    if review.deleted:
        parts.append(f"{len(review.deleted)} deleted")
    if not parts:
        return f"No post changes against {code(review.base)}."
    total = len(review.posts) + len(review.deleted)
    return f"{total} post{'s' if total != 1 else ''} changed against {code(review.base)}: {', '.join(parts)}."


def markdown(review: Review, files_url: str = "") -> str:
    """The comment. ``files_url`` prefixes image links (default: paths relative to the repository)."""
    out = [MARKER, "## smm review", "", _counts(review)]
    if review.now is not None:
        out[-1] += f" Lint as of {review.now.isoformat()}."
    if review.warnings:
        out += ["", "> [!WARNING]"]
        for i, w in enumerate(review.warnings):
            out += (["> "] if i else []) + [f"> **{HEADLINES[w.kind]}.** {one_line(w.message)}"]
    for note in review.notes:
        out += ["", f"*Note: {one_line(note)}.*"]
    if review.campaigns:
        out += [
            "",
            "### Campaign budgets after the merge",
            "",
        ]
        out += markdown_table(
            [
                "campaign",
                "budget",
                "planned spend before",
                "after the merge",
                "change",
                "of budget",
            ],
            [_campaign_row(c) for c in review.campaigns],
            right=range(1, 6),
        )
        for c in review.campaigns:
            if c.findings:
                out += [
                    "",
                    f"Findings on {code(c.path or c.slug)}:",
                    *_fenced("\n".join(_finding(f) for f in c.findings)),
                ]
    if review.config:
        out += ["", "### Brand and campaign files", ""]
        for change in review.config:
            shaped = change.posts
            out.append(
                f"- {code(change.path)} {change.status}: shapes {shaped} post{'s' if shaped != 1 else ''} "
                f"(their text, hashtags, links or schedule may change although the post files did not)"
            )
    for r in review.posts:
        out += ["", *_post(r, review, files_url)]
    if review.deleted:
        out += ["", "### Deleted posts", ""]
        for r in review.deleted:
            bits = [
                x
                for x in (
                    r.title and code(r.title),
                    r.local_time,
                    ", ".join(r.networks) or None,
                    r.budget and f"budget {r.budget}",
                )
                if x
            ]
            live = (
                f" — **published** ({', '.join(network_name(n) for n in r.live_before)})"
                if r.live_before
                else ""
            )
            out.append(f"- {code(r.path)}" + (f": {' · '.join(bits)}" if bits else "") + live)
    out += [
        "",
        "<sub>Generated by <code>smm review</code>: each post as each network will receive it, length as the "
        "network counts it. Merging this pull request approves these posts for publishing.</sub>",
        "",
    ]
    return block(
        "\n".join(out)
    )  # every field went through _code, _fenced or one_line: this is the net


def _campaign_row(c: CampaignImpact) -> list[str]:
    name = f"{code(c.name)} ({code(c.brand + '/' + c.slug)})"
    if c.file_status:
        name += f" — file {c.file_status}"
    budget = _money(c.budget, c.currency)
    if c.budget_before is not None and c.budget_before != c.budget:
        budget = f"{_money(c.budget_before, c.currency)} → {budget}"
    used = _percent(c.used) + (" **over budget**" if c.over else "")
    return [
        Markdown(name),
        budget,
        _money(c.planned_before, c.currency),
        _money(c.planned_after, c.currency),
        _signed(c.change, c.currency),
        Markdown(used),
    ]


def _finding(f: Finding) -> str:
    return f"{f.line}:{f.col} {f.level} {one_line(f.rule)} {one_line(f.message)}"


def _post(r: PostReview, review: Review, files_url: str) -> list[str]:
    status = r.status if r.status != "renamed" else f"renamed from {code(r.old_path or '')}"
    out = [f"### {code(r.path)} — {status}", ""]
    facts = []
    if r.title:
        facts.append(f"**{code(r.title)}**")
    if r.networks:
        facts.append("to " + ", ".join(network_name(n) for n in r.networks))
    if r.kind:
        facts.append(f"kind {r.kind}")
    if facts:
        out.append(" · ".join(facts))
        out.append("")
    if r.local_time:
        out.append(f"- **When:** {r.local_time} · {r.utc_time}")
    campaign = next(
        (c for c in review.campaigns if (c.brand, c.slug) == (r.brand, r.campaign)), None
    )
    money = f"- **Budget:** {r.budget or 'none'}"
    if r.campaign:
        if campaign is not None and campaign.planned_after is not None:
            money += (
                f" · campaign {code(r.campaign)}: planned spend after the merge "
                f"{_money(campaign.planned_after, campaign.currency)} of {_money(campaign.budget, campaign.currency)}"
                f" ({_percent(campaign.used)}{', **over budget**' if campaign.over else ''})"
            )
        else:
            money += f" · campaign {code(r.campaign)} (no campaign file)"
    out.append(money)
    if r.live_before:
        out.append(
            f"- **Already published:** {', '.join(network_name(n) + ('' if s == 'published' else f' ({s})') for n, s in r.live_before.items())}"
        )
    lint = f"{r.errors} error{'s' if r.errors != 1 else ''}, {r.warnings} warning{'s' if r.warnings != 1 else ''}"
    out.append(f"- **Lint:** {lint}")
    if r.unsupported:
        out.append(
            f"- **No preview** for {', '.join(code(n) for n in r.unsupported)} (no rules for that network)"
        )
    if r.retract:
        out.append(
            "- **Retracted after the merge:** "
            + ", ".join(
                f"{network_name(n)} ({why or 'no reason given'})" for n, why in r.retract.items()
            )
        )
    for p in r.previews:
        if p.network in r.before:  # an edit of the live post: what it shows now, then the new text
            out += ["", f"#### {p.name} · live now, before the edit", ""]
            out += _fenced(r.before[p.network], "html" if p.network == "telegram" else "text")
            out += ["", f"#### {p.name} · after the edit: the preview below"]
        if p.parts:  # a thread: each part as it goes out, with its own count
            over = " — **a part is over the limit**" if p.over else ""
            out += ["", f"#### {p.name} · thread of {len(p.parts)} parts{over}"]
            for number, part in enumerate(p.parts, start=1):
                out += _preview_lines(part, f"##### {number}/{len(p.parts)} · ", files_url)
        else:
            out += _preview_lines(p, f"#### {p.name} · ", files_url)
        if p.comment:  # after the post, as readers meet it
            out += _preview_lines(p.comment, f"##### {p.name} · ", files_url)
    if r.findings:
        out += ["", "**Findings**", ""]
        out += _fenced("\n".join(_finding(f) for f in r.findings))
    return out


def _preview_lines(p: Preview, heading: str, files_url: str) -> list[str]:
    """A preview's heading (with its count against the limit), text, images and link."""
    limit = f"{p.limit:,}" if p.limit is not None else "no limit"
    over = " — **over the limit**" if p.over else ""
    out = ["", f"{heading}{p.what} {p.length:,}/{limit} {p.unit}{over}", ""]
    out += _fenced(p.text, "html" if p.network == "telegram" else "text")
    for src, alt in p.images:
        out.append(f"- image {_link(src, files_url)} — " + (code(alt) if alt else "*no alt text*"))
    if p.link:
        shown = network_rules(p.network).link_in_text
        out.append(
            f"- link {code(p.link)}"
            + ("" if shown else f" (not in the text: {p.name} links are not clickable)")
        )
    return out


# --- JSON ------------------------------------------------------------------------------------------


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def _post_data(r: PostReview, files_url: str) -> dict[str, Any]:
    return {
        "path": r.path,
        "status": r.status,
        "old_path": r.old_path,
        "title": r.title,
        "brand": r.brand,
        "campaign": r.campaign,
        "kind": r.kind,
        "networks": r.networks,
        "time": {"local": r.local_time, "utc": r.utc_time},
        "budget": r.budget,
        "published_before": r.live_before,
        "text_changed": r.text_changed,
        "managed_changed": r.managed_changed,
        "before_edit": r.before,
        "retract": r.retract,
        "previews": [_preview_data(p, files_url) for p in r.previews],
        "unsupported_networks": r.unsupported,
        "findings": [asdict(f) for f in r.findings],
    }


def _preview_data(p: Preview, files_url: str) -> dict[str, Any]:
    """One preview as JSON; a thread's ``parts`` each as one (empty for a single post); a first
    comment as ``first_comment`` (the key only where there is one)."""
    data = {
        "network": p.network,
        "name": p.name,
        "what": p.what,
        "text": p.text,
        "length": p.length,
        "limit": p.limit,
        "unit": p.unit,
        "over_limit": p.over,
        "images": [
            {"src": s, "alt": a, "url": (files_url + s) if files_url else s} for s, a in p.images
        ],
        "link": p.link,
        "parts": [_preview_data(part, files_url) for part in p.parts],
    }
    if p.comment:
        data["first_comment"] = _preview_data(p.comment, files_url)
    return data


def to_data(review: Review, files_url: str = "") -> dict[str, Any]:
    return {
        "marker": MARKER,
        "base": review.base,
        "now": review.now.isoformat() if review.now else None,
        "warnings": [
            {"kind": w.kind, "path": w.path, "message": w.message} for w in review.warnings
        ],
        "notes": review.notes,
        "campaigns": [
            {
                "brand": c.brand,
                "slug": c.slug,
                "name": c.name,
                "path": c.path,
                "currency": c.currency,
                "budget": _dec(c.budget),
                "budget_before": _dec(c.budget_before),
                "planned_spend_before": _dec(c.planned_before),
                "planned_spend_after": _dec(c.planned_after),
                "change": _dec(c.change),
                "over_budget": c.over,
                "file_status": c.file_status,
                "findings": [asdict(f) for f in c.findings],
            }
            for c in review.campaigns
        ],
        "config_files": [
            {"path": c.path, "status": c.status, "kind": c.kind, "posts": c.posts}
            for c in review.config
        ],
        "posts": [_post_data(r, files_url) for r in review.posts],
        "deleted": [_post_data(r, files_url) for r in review.deleted],
    }


def to_json(review: Review, files_url: str = "") -> str:
    return json.dumps(to_data(review, files_url), ensure_ascii=False, indent=1) + "\n"


def render(review: Review, fmt: str, files_url: str = "") -> str:
    return {"markdown": markdown, "json": to_json}[fmt](review, files_url)
