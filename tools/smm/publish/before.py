"""The text a live post shows before an edit, and a form of texts fit to compare with a network's.

``sent_text`` finds what smm sent to a network: the post file at one of its revisions in git,
rendered, whose digest is the entry's ``sent`` (content/digests.py). ``comparable`` strips what
networks change in a text they store (HTML markup and entities, spacing at line ends), so the text
a network gives back can be told to be the one smm sent.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from smm.content.digests import sent_digest
from smm.content.loader import load_post
from smm.content.repo import open_repo
from smm.networks import render

if TYPE_CHECKING:
    from smm.publish.due import Job
    from smm.publish.ledger import Ledger

#: Revisions of a post file looked through for the text that was sent (newest first).
DEPTH = 30
_TAG = re.compile(r"<[^>]{0,2000}>")


def comparable(text: str) -> str:
    """``text`` without markup, entities and spacing differences."""
    plain = html.unescape(_TAG.sub("", text.replace("<br>", "\n").replace("<br/>", "\n")))
    return "\n".join(" ".join(line.split()) for line in plain.strip().splitlines()).strip()


def sent_text(ledger: Ledger, job: Job) -> str | None:
    """What smm last sent to ``job.network`` for this post (its digest is the entry's ``sent``),
    from the post's history in git; None when no revision renders to it."""
    sent = job.previous.get("sent")
    if not isinstance(sent, str) or job.brand is None:
        return None
    revisions = ledger.git(
        "log", f"-{DEPTH}", "--format=%H", "--", job.path, check=False
    ).stdout.split()
    repo = open_repo(ledger.root)
    blobs = ledger.blobs(f"{rev}:{job.path}" for rev in revisions)
    for rev in revisions:
        text = blobs.get(f"{rev}:{job.path}")
        if text is None:
            continue
        post, _ = load_post(ledger.root, job.path, repo.brands, text.encode("utf-8"))
        if post is None:
            continue
        rendered = render(post, job.network, job.brand, repo.campaign(post.brand, post.campaign))
        if sent_digest(rendered.text) == sent:
            return rendered.text
    return None
