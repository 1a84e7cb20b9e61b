"""Checking one post: load it, render it for each network, run every per-post check.

Imported only when some post needs checking, so a warm `smm lint` never loads Markdown or Pillow.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from smm.content.loader import Problems, load_post, read_bytes
from smm.content.model import Post, change_facts, publish_state
from smm.content.repo import Repo
from smm.content.userfile import FolderReader
from smm.lint.cache import Entry, digest, image_digest
from smm.lint.cachecodec import Infos, Stamp
from smm.lint.checks_comment import check_first_comment
from smm.lint.checks_contest import check_contest
from smm.lint.checks_deal import check_deal, deal_facts
from smm.lint.checks_media import check_images
from smm.lint.checks_plan import check_budget, check_campaign, check_networks, check_time
from smm.lint.checks_published import check_published
from smm.lint.checks_text import (
    check_ad_marking,
    check_body,
    check_hashtags,
    check_length,
    check_link_count,
    check_links,
    check_mentions,
    check_voice,
)
from smm.lint.checks_thread import check_thread
from smm.lint.context import PostContext, post_time
from smm.lint.facts import PostFacts, text_key
from smm.lint.images import ImageInfo, inspect
from smm.lint.registry import checks
from smm.lint.suppress import check_lint_settings, post_ignores
from smm.networks import render
from smm.rules import general, network_rules, supported

if TYPE_CHECKING:
    from smm.plan.details import Details

#: Every per-post check, by name; lint/registry.py says which run, in which order.
_BY_NAME: dict[str, Callable[[PostContext], None]] = {
    check.__name__: check
    for check in (
        check_networks,
        check_time,
        check_campaign,
        check_budget,
        check_body,
        check_thread,
        check_length,
        check_first_comment,
        check_hashtags,
        check_mentions,
        check_links,
        check_link_count,
        check_images,
        check_ad_marking,
        check_voice,
        check_published,
        check_deal,
        check_contest,
        check_lint_settings,
    )
}
POST_CHECKS: list[Callable[[PostContext], None]] = [_BY_NAME[name] for name in checks("post")]
#: Posts that go through the stages together (``Checker.check_chunk``); Markdown's parses of
#: this many posts are kept between their render and their checks (networks/markdown_text.py).
STAGE_BATCH = 64
#: A post checked: its path, cache entry, the images inspected (a chunk's, on its last post) and
#: its plan details (Checker.details)
Checked = tuple[str, Entry, Infos, "Details | None"]


class Checker:
    """Checks single posts of one repository; one per process, so it holds the image cache."""

    def __init__(
        self,
        repo: Repo,
        known: Infos | None = None,
        stamps: dict[str, Stamp | None] | None = None,
        details: bool = False,
    ) -> None:
        self.repo = repo
        # each post's stamp as the caller's walk of posts/ found it, before the post was read: a
        # change after that walk gives the next run another stamp, so it reads the post again
        self.stamps = stamps or {}
        self.images: dict[str, ImageInfo] = {}
        self.image_ids: dict[str, str | None] = {}
        self.campaign_slugs = tuple(repo.campaigns)
        # what inspecting an image found in an earlier run, by its bytes' digest (the cache's):
        # the same bytes need no Pillow; and what this process inspected, for the cache
        self.known: Infos = known or {}
        self.inspected: Infos = {}
        self.reader = FolderReader(repo.root)  # posts/' folders, each opened once
        # each post's plan details as well (plan/details.py), for a caller that makes the plan
        # next: a cold plan then reads no post again (the site's, `smm plan`'s)
        self.details = details

    def before_fork(self) -> None:
        """Load once in the parent what every worker would load for its first posts, so the forked
        workers share it: every network's rules and Pillow's image plug-ins. Not twitter-text's
        URL pattern (0.05-0.1 s): only an X text with a dot before a real top-level domain needs
        it (networks/xlength.py), which a worker builds when it meets one."""
        for network in supported():
            network_rules(network)
        general()
        from PIL import Image

        Image.preinit()  # the plug-ins Image.open would import for the first image

    def image_id(self, src: str) -> str | None:
        if src not in self.image_ids:
            self.image_ids[src] = image_digest(self.repo.root, src)
        return self.image_ids[src]

    def image(self, src: str) -> ImageInfo:
        if src not in self.images:
            row, current = self.known.get(src), self.image_id(src)
            if row is not None and row[0] == current:
                problem = None if row[1] is None or row[2] is None else (row[1], row[2])
                self.images[src] = ImageInfo(src, problem, *row[3:])
            else:
                info = self.images[src] = inspect(self.repo.root, src)
                if current is not None:  # a file that is there and readable: its bytes decide
                    self.inspected[src] = info.row(current)
        return self.images[src]

    def check_chunk(self, paths: list[str]) -> list[Checked]:
        """``check`` of each path, with what was found inspecting images not known before (for
        the cache; the chunk's, on its last result) and, when ``details`` is set, the post's
        plan details (None for a post that did not load). The posts go through the stages together,
        STAGE_BATCH at a time: all read, then all loaded, then all rendered, then each check
        over all of them. Each post gets the same checks in the same order as alone, but the
        processor's caches hold one stage's code at a time instead of every stage's for each
        post: a cold lint takes a tenth to a fifth less (docs/performance.md)."""
        found: list[Checked] = []
        for start in range(0, len(paths), STAGE_BATCH):
            read = [self._read(path) for path in paths[start : start + STAGE_BATCH]]
            batch = [self._load(*each) for each in read]
            contexts = [self.context(post, problems) for _, _, _, post, problems in batch if post]
            for check in POST_CHECKS:
                for ctx in contexts:
                    check(ctx)
            whens = iter(ctx.when for ctx in contexts)
            found += [
                (
                    path,
                    self._entry(stamp, data, post, problems, next(whens) if post else None),
                    {},
                    _details(post) if post and self.details else None,
                )
                for path, stamp, data, post, problems in batch
            ]
        if found:
            inspected, self.inspected = self.inspected, {}
            path, entry, _, details = found[-1]
            found[-1] = (path, entry, inspected, details)
        return found

    def check(self, path: str) -> tuple[str, Entry]:
        """Check one post; the result is a cache entry of plain values."""
        return self.check_chunk([path])[0][:2]

    def _read(self, path: str) -> tuple[str, Stamp | None, bytes | None, Problems]:
        """A post's path, its stamp (taken before its bytes were read), bytes and read problems."""
        current = self.stamps.get(path)
        problems = Problems(path)
        data = read_bytes(self.repo.root, path, problems, reader=self.reader)
        if current is None:  # the walk listed names alone: the stamp the reader took before reading
            current = self.reader.stamp
        return path, current, data, problems

    def _load(
        self, path: str, current: Stamp | None, data: bytes | None, read_problems: Problems
    ) -> tuple[str, Stamp | None, bytes | None, Post | None, Problems]:
        """The post read, with its Post and problems (None and the read's problems: unreadable)."""
        if data is None:
            return path, current, data, None, read_problems
        return (path, current, data, *load_post(self.repo.root, path, self.repo.brands, data))

    def _entry(
        self,
        current: Stamp | None,
        data: bytes | None,
        post: Post | None,
        problems: Problems,
        when: datetime | None,
    ) -> Entry:
        """The cache entry of a post checked: plain values only."""
        facts = None
        images: set[str] = set()
        if post is not None:
            facts = _facts(post, when)
            images = {i.src for i in post.images} | {
                i.src for o in post.overrides.values() for i in o.get("images") or []
            }
        data_digest = digest(data) if data is not None else ""
        image_ids = tuple((src, self.image_id(src)) for src in sorted(images))
        findings = tuple(f.astuple() for f in problems)
        return Entry(current, data_digest, image_ids, facts, findings)

    def facts(self, path: str) -> tuple[str, Entry]:
        """What cross-post rules read of one post, without rendering or checking it: the entry of
        a post whose findings are not asked for (never cached: its findings were not looked for).
        """
        data = read_bytes(self.repo.root, path, Problems(path), reader=self.reader)
        post = (
            load_post(self.repo.root, path, self.repo.brands, data)[0] if data is not None else None
        )
        brand = self.repo.brands.get(post.brand) if post else None
        facts = _facts(post, post_time(post, brand).when) if post else None
        return path, Entry(None, "", (), facts, ())

    def context(self, post: Post, problems: Problems) -> PostContext:
        """The checks' inputs: the post, its brand, campaign and time, and its renders."""
        brand = self.repo.brands.get(post.brand)
        campaign = self.repo.campaign(post.brand, post.campaign)
        known = supported()
        renders = {
            n: render(post, n, brand, campaign) for n in dict.fromkeys(post.networks) if n in known
        }
        return PostContext(
            self.repo.root,
            post,
            brand,
            campaign,
            renders,
            self.image,
            problems,
            time=post_time(post, brand),
            campaign_slugs=self.campaign_slugs,
        )


def _details(post: Post) -> Details:
    from smm.plan.details import details_of  # only for a caller that makes the plan next

    return details_of(post.meta.data, post.body)


def _facts(post: Post, when: datetime | None) -> PostFacts:
    budget = (str(post.budget.amount), post.budget.currency) if post.budget else None
    ignores, reason = post_ignores(post)
    return PostFacts(
        path=post.path,
        brand=post.brand,
        campaign=post.campaign,
        networks=tuple(post.networks),
        when=when.timestamp() if when else None,
        time_pos=post.at("time"),
        budget=budget,
        budget_pos=post.at("budget"),
        text_key=text_key(post.body),
        states=tuple((n, publish_state(entry)) for n, entry in post.published.items()),
        ignores=ignores,
        ignore_reason=reason,
        deal=deal_facts(post),
        changes=change_facts(post),
    )
