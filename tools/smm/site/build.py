"""`smm site`: build the static site into ``--out`` (docs/site.md), writing only the pages whose
inputs changed (incremental.py). With many post pages to render, ``jobs - 1`` forked processes
render them beside this one, which renders the listing pages (home, calendars, campaigns) too; the
templates are compiled once, before the fork. A rebuild of many posts makes its campaign pages in
a forked process while this one keys the post pages and renders those that changed."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm import clock
from smm.content.repo import find_root
from smm.errors import UsageError
from smm.history.batch import Histories
from smm.lint.cachefile import no_gc
from smm.sharedwork import aside, chunked, forks_pay, shared
from smm.site import incremental, listings, output, pages, render
from smm.site.gather import SiteData, gather
from smm.site.incremental import Manifest, key_of
from smm.site.listings import Listing
from smm.site.pages import page_of
from smm.site.thumbs import Thumb, thumbnail

if TYPE_CHECKING:
    from smm.site.posts import PostPage

#: Below this many post pages to render, forking workers costs more than it saves.
PARALLEL_MIN = 200
CHUNK_MIN = 25
#: Post pages that go through the stages together (``_render_chunk``).
STAGE_BATCH = 32


@dataclass
class BuildResult:
    out: Path
    pages: int  # pages the site has
    written: int  # pages whose file this run wrote (rendered, and with other bytes)
    removed: int  # pages of the last build whose source is gone
    rendered: int = 0  # pages whose key changed, so made again (written or not)
    notes: list[str] = field(default_factory=list)  # posts the site leaves out, and why (plan's)


@dataclass
class _Job:
    data: SiteData
    out: Path
    base_url: str
    nav: list[tuple[str, str]]
    campaigns: set[str]
    thumbs: dict[str, Thumb | None] = field(default_factory=dict)  # per process, by image
    histories: dict[str, str] = field(default_factory=dict)  # post -> its history's identity
    every_page: str = field(init=False)  # the key of what every page shares (smm, URL, nav, git)

    def __post_init__(self) -> None:
        git = self.data.in_git, self.data.git_refused, self.data.shallow  # what a history says
        self.every_page = key_of(incremental.fingerprint(), self.base_url, self.nav, git)


# a post, the images its page shows, each with its thumbnail's file (image, file, image, ...),
# whether the page was written
Done = tuple[str, list[str], list[str], bool]
_JOB: _Job | None = None  # the build a forked worker renders for


def site(
    root: Path | None = None,
    out: Path | None = None,
    brand: str | None = None,
    base_url: str = "",
    now: datetime | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build the site of the repository at ``root`` into ``out`` (default: <root>/_site)."""
    root = find_root(root)
    out = output.checked_out(root, (out or root / "_site").resolve())
    output.check_base_url(base_url)
    now = now or datetime.now(UTC)
    # the calendar's weeks and days around it must exist
    if not clock.EARLIEST <= now <= clock.LATEST:
        raise UsageError(f"--now {now.isoformat()}: outside the years 2 to 9998")
    # what the build reads lives as long as it and holds no cycles to speak of: out of the
    # collector's passes, which would walk it all again and again (the manifest's 10,000 entries
    # alone: 20-40 ms of a rebuild); given back when the build ends (many builds in a process)
    with no_gc(freeze=True):
        data = gather(root, brand, now)
    try:
        result = _build(data, out, base_url, jobs)
        result.notes = data.plan.notes + [f"{bp.slug}: {n}" for bp in data.brands for n in bp.notes]
        result.notes += data.site_notes
        return result
    finally:
        gc.unfreeze()
        if data.ahead is not None:  # what git was asked ahead and no page needed
            data.ahead.stop()


def _build(data: SiteData, out: Path, base_url: str, jobs: int | None) -> BuildResult:
    try:
        return _build_into(data, out, base_url, jobs)
    except OSError as exc:  # the output folder: not one this user may write, or a file in the way
        where = exc.filename or out
        raise UsageError(
            f"--out {out}: cannot build there ({where}: {exc.strerror or exc})"
        ) from None


def _build_into(data: SiteData, out: Path, base_url: str, jobs: int | None) -> BuildResult:
    out.mkdir(parents=True, exist_ok=True)
    old, new = Manifest.load(out), Manifest()
    output.refuse_links(out, old.links(out))
    smm_key = incremental.fingerprint()
    copied = output.copy_static(out, old, new, smm_key)
    nav = [(bp.name, pages.brand_page(bp.slug)) for bp in data.brands]
    campaigns = {
        pages.campaign_page(c.brand, c.slug)
        for c in data.repo.campaigns.values()
        if data.brand in (None, c.brand)
    }
    job = _Job(data, out, base_url, nav, campaigns)
    processes = jobs or os.cpu_count() or 1
    # a rebuild's campaign pages (and the report they need: a tenth of a second at 10,000 posts)
    # made in a fork while this process keys and renders the post pages, then home and the
    # calendars; a first build's workers keep every core busy, where that fork would only add
    # its memory
    made: Callable[[], list[str]] = partial(_listing_pages, job, old, listings.campaign_pages)
    if old.pages and forks_pay(len(data.slots), processes, PARALLEL_MIN):
        made = aside(made)
    todo = []
    every = sorted(data.slots)
    job.histories = _history_ids(data, old, every)
    for path, key in zip(every, _post_keys(job, every, old.images), strict=True):
        target = page_of(path)
        if old.fresh(out, target, key):
            new.pages[target] = dict(old.pages[target])
        else:
            todo.append(path)
    committed = [p for p in todo if p in data.blobs]
    if committed and (data.histories is None or not data.histories.holds(committed)):
        # git read once for all of them, before the workers fork
        data.histories = Histories(data.root, committed, "HEAD", data.head, data.ahead)
    listed: list[str] = []  # what _listing_pages gives, twice

    def listing_pages() -> None:
        listed.extend(_listing_pages(job, old, listings.plan_pages) + made())

    done = _render_posts(job, todo, processes, listing_pages)
    rendered, written = len(todo) + copied, copied
    shown = {page_of(path): images for path, images, _, _ in done}
    keys = _post_keys(job, [path for path, _, _, _ in done], shown.__getitem__)
    for (path, images, thumbs, changed), key in zip(done, keys, strict=True):
        new.pages[page_of(path)] = {"key": key, "images": images}
        if path in job.histories:
            new.pages[page_of(path)]["history"] = job.histories[path]
        new.thumbs.update(zip(thumbs[::2], thumbs[1::2]))
        written += changed
    new.head = data.head_commit
    output.keep_thumbs(old, new, [page_of(path) for path, _, _, _ in done])
    for i in range(0, len(listed), 3):
        path, key, made_now = listed[i : i + 3]
        new.pages[path] = {"key": key}
        rendered += made_now != "fresh"
        written += made_now == "written"
    removed = output.remove_stale(out, old, new)
    new.save(out)
    return BuildResult(out, len(new.pages), written, removed, rendered)


def _listing_pages(
    job: _Job, old: Manifest, which: Callable[[SiteData], list[Listing]]
) -> list[str]:
    """Key ``which`` listing pages and render those whose key changed: for each page, its path,
    its key and "fresh", "rendered" or "written", all text (what a fork sends back)."""
    found = []
    for page in which(job.data):
        key = key_of(job.every_page, page.template, page.key())
        if old.fresh(job.out, page.path, key):
            changed = "fresh"
        else:
            wrote = _write(job, page.template, page.path, page.context())
            changed = "written" if wrote else "rendered"
        found += [page.path, key, changed]
    return found


def _history_ids(data: SiteData, old: Manifest, paths: list[str]) -> dict[str, str]:
    """Each committed post's history identity (Histories.identity): as the last build's
    manifest has it while HEAD is the same commit (a story is told from HEAD's commits alone),
    else from git, for all of them at once."""
    committed = [p for p in paths if p in data.blobs]
    ids: dict[str, str] = {}
    if data.head_commit is not None and data.head_commit == old.head:
        ids = {p: known for p in committed if (known := old.history(page_of(p))) is not None}
    missing = [p for p in committed if p not in ids]
    if missing:
        data.histories = Histories(data.root, missing, "HEAD", data.head, data.ahead)
        ids.update((p, data.histories.identity(p)) for p in missing)
    return ids


def _post_keys(job: _Job, paths: list[str], images: Callable[[str], list[str]]) -> list[str]:
    """The key of each post's page: what it is made from, ``images`` giving the images a page
    shows (by the page's path). Plain tuples of text and numbers, whose repr is C code (a
    dataclass's runs Python), with what posts share looked up once: 10,000 keys a rebuild."""
    data = job.data
    files, findings, digests, blobs = data.files, data.findings, data.digests, data.blobs
    histories = job.histories
    configs: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}
    keys = []
    for path in paths:
        slots = data.slots.get(path, [])
        brand, campaign = (path.split("/", 2)[1], slots[0].campaign) if slots else ("", None)
        config = configs.get((brand, campaign))
        if config is None:
            config = configs[(brand, campaign)] = (
                files.get(f"brands/{brand}.yaml"),
                files.get(f"campaigns/{brand}/{campaign}.yaml"),
            )
        found = findings.get(path)
        parts = (
            job.every_page,
            digests.get(path),
            blobs.get(path),
            histories.get(path),
            config,
            [(s.network, s.state, s.url) for s in slots],  # their times: the post's bytes, the zone
            sorted(f.astuple() for f in found) if found else [],  # cross-post ones: any order
            [(src, data.image_id(src)) for src in images(page_of(path))],
        )
        keys.append(key_of(*parts))
    return keys


def _write(job: _Job, template: str, path: str, context: dict[str, Any]) -> bool:
    return render.write(job.out, path, _template(job, template, path, context))


def _template(job: _Job, template: str, path: str, context: dict[str, Any]) -> str:
    return render.page(
        template, path, job.base_url, nav=job.nav, built=None, page_of=page_of, **context
    )


def _thumb(src: str) -> Thumb | None:
    """The image's thumbnail, made or looked up once per process (a hundred posts share one)."""
    assert _JOB is not None
    if src not in _JOB.thumbs:
        _JOB.thumbs[src] = thumbnail(_JOB.data.root, _JOB.out, src)
    return _JOB.thumbs[src]


def _render_chunk(paths: list[str]) -> list[Done]:
    """Render these posts' pages; the versions their histories need are read from git at once
    (but those that are the posts' bytes on disk, read first).
    The pages go through the stages together, STAGE_BATCH at a time (each page's data, then
    the template for each, then the files), as lint's checks do (lint/checker.py)."""
    from smm.site.posts import post_pages, read_post  # loaded by a build that renders a post page

    assert _JOB is not None
    job = _JOB
    # the posts' bytes: also the versions of them git need not give
    raws = {path: read_post(job.data, path) for path in paths}
    if job.data.histories is not None:
        job.data.histories.prefetch([p for p in paths if p in job.data.blobs], known=raws)
    done: list[Done] = []
    for start in range(0, len(paths), STAGE_BATCH):
        batch = paths[start : start + STAGE_BATCH]
        made = post_pages(job.data, batch, _thumb, [raws[path] for path in batch])
        html = [_html(job, path, page) if page else None for path, (page, _) in zip(batch, made)]
        done += [
            (
                path,
                images,
                [x for src in images if (t := job.thumbs.get(src)) for x in (src, t.src)],
                text is not None and render.write(job.out, page_of(path), text),
            )
            for path, (_, images), text in zip(batch, made, html)
        ]
    return done


def _html(job: _Job, path: str, page: PostPage) -> str:
    """The post page's HTML."""
    campaign = pages.campaign_page(page.brand, page.campaign or "")
    context = {"p": page, "campaign_href": campaign if campaign in job.campaigns else None}
    return _template(job, "post.html", page_of(path), context)


def _warm() -> None:
    """Load before forking what every worker would load on first use (the templates compiled,
    X's counter with its emoji list and URL pattern, Pillow): made once, shared by the forks."""
    from PIL import Image

    from smm.networks import xlength
    from smm.site import posts  # noqa: F401  (what renders a post page, loaded once for all)

    for template in render.environment().list_templates():
        render.environment().get_template(template)
    Image.preinit()
    xlength.load_patterns()


def _render_posts(
    job: _Job, paths: list[str], jobs: int, meanwhile: Callable[[], None]
) -> list[Done]:
    """Render the post pages; ``meanwhile`` runs in this process once the workers have forked
    (or last, without workers)."""
    global _JOB
    _JOB = job  # inherited by forked workers: the repository is read once
    # what is loaded so far lives as long as the build: the collector need not scan it again
    # (each full collection would walk the whole repository's objects, and in a fork touch them;
    # ``site`` gives them back to it at the end)
    gc.freeze()
    return _render_all(job, paths, jobs, meanwhile)


def _render_all(
    job: _Job, paths: list[str], jobs: int, meanwhile: Callable[[], None]
) -> list[Done]:
    if not forks_pay(len(paths), jobs, PARALLEL_MIN):
        # in chunks all the same: a chunk's git versions are held in memory while it renders
        done = [
            done for i in range(0, len(paths), 500) for done in _render_chunk(paths[i : i + 500])
        ]
        meanwhile()  # last: what a fork makes meanwhile is waited for after this process's own
        return done
    _warm()
    first = _render_chunk(paths[:1])  # and whatever else a page loads on first use
    rest = paths[1:]
    chunks = chunked(rest, jobs, CHUNK_MIN)  # big enough to batch git's reads of the histories
    return first + shared(chunks, _render_chunk, jobs, "rendering post pages", meanwhile)
