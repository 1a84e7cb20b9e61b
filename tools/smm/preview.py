"""`smm preview`: a post as each network will receive it, with its counted length and limit."""

from __future__ import annotations

import os
from pathlib import Path

from smm.content.loader import load_post
from smm.content.repo import find_root, open_repo
from smm.errors import ContentError, UsageError
from smm.networks import Rendered, render
from smm.rules import network_rules, supported
from smm.textsafe import block, one_line


def preview(path: str, network: str | None = None, root: Path | None = None) -> list[Rendered]:
    """Render the post at ``path`` for ``network`` (default: every network it targets)."""
    full = os.path.abspath(path)
    root = find_root(root or Path(os.path.dirname(full)))
    try:
        # the folder's symlinks are resolved, the file's are not: the reader judges where it leads
        # (outside the repository, a FIFO, a loop), as it does for every post
        rel = (
            Path(os.path.realpath(os.path.dirname(full)), os.path.basename(full))
            .relative_to(root)
            .as_posix()
        )
    except ValueError:
        raise UsageError(f"{path}: outside the repository {root}") from None
    repo = open_repo(root)
    post, problems = load_post(root, rel, repo.brands)
    if post is None:
        first = problems[0]
        raise ContentError(first.path, first.line, first.col, first.rule, first.message)
    networks = (
        [network] if network else [n for n in dict.fromkeys(post.networks) if n in supported()]
    )
    if network and network not in supported():
        raise UsageError(f"--network: '{network}' is not one of {', '.join(supported())}")
    if not networks:  # nothing to show: say why (`network: telegram, vk`, `myspace`, none at all)
        why = next((f for f in problems if f.level == "error"), None)
        if why is not None:
            raise ContentError(why.path, why.line, why.col, why.rule, why.message)
        raise UsageError(f"{rel}: no network smm can show; `network:` names none it supports")
    brand = repo.brands.get(post.brand)
    campaign = repo.campaign(post.brand, post.campaign)
    return [render(post, n, brand, campaign) for n in networks]


def format_preview(rendered: Rendered) -> str:
    """A block per network: header with length/limit, the payload, then the images; a thread
    shows each part ("1/3", "2/3" ...) with its own length against the limit; a first comment
    comes after the post, with its own."""
    name = network_rules(rendered.network).name
    comment = rendered.first_comment
    after = "\n\n" + _message(comment, "↳", what="first comment") if comment else ""
    if rendered.parts:
        count = len(rendered.parts)
        mark = " OVER" if rendered.over_limit() else ""
        head = f"── {name} ({rendered.network}) · thread of {count} parts{mark} ──"
        parts = [_message(part, f"{n}/{count} ·") for n, part in enumerate(rendered.parts, 1)]
        return head + "\n" + "\n\n".join(parts) + after
    return _message(rendered, f"── {name} ({rendered.network}) ·", " ──") + after


def _message(rendered: Rendered, head: str, tail: str = "", what: str = "") -> str:
    """One message: its length against the limit, its text, images and link."""
    limit = f"{rendered.limit.value:,}" if rendered.limit else "no limit"
    mark = " OVER" if rendered.over_limit() else ""
    what = what or ("caption" if rendered.limit_key == "text.caption_limit" else "text")
    # the text keeps its lines; NUL, ESC and the like are shown, not sent to the terminal
    lines = [
        f"{head} {what} {rendered.length:,}/{limit} {rendered.unit}{mark}{tail}",
        block(rendered.text),
    ]
    for image in rendered.images:
        lines.append(
            f"[image] {one_line(image.src)}"
            + (f" — {one_line(image.alt)}" if image.alt else " — (no alt text)")
        )
    if rendered.link:
        lines.append(f"[link] {one_line(rendered.link)}")
    return "\n".join(lines)
