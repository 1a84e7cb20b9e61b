"""A Hugo site around the benchmark corpus: the anchor that docs/design.md#targets measures against.

Hugo 0.111 (Debian) builds our posts as they are: ``network``, ``time``, ``images``
(a list of maps), ``link``, ``kind``, ``budget`` and the rest end up as plain page
params and nothing fails, so no key is renamed.  Two things do need help:

* ``time: 2027-03-01 10:00`` has no seconds, which Hugo's date parser does not accept
  even when ``[frontmatter] date = ["time"]`` points at it (the date silently stays
  zero), and it carries no offset;
* posts have no ``title``.

So the site's ``content/`` is a copy of ``posts/`` in which each file gets two lines
prepended to its front matter, ``date:`` (RFC 3339, with the brand's offset) and
``title:`` (the file's slug); every other byte is the same.  The posts are dated 2027,
so the config sets ``buildFuture``: without it Hugo skips every page and looks fast.

Where Hugo writes matters more than anything Hugo does here: the same build into a
folder on this VM's ext4 disk took 3 to 9 s from run to run (mostly kernel time creating
10,000 folders and files), into tmpfs a steady ~2 s.  The anchor is therefore the build
into tmpfs (``/dev/shm`` when there is one): Hugo's own work, steady, and the stricter
bar for smm; the build into a folder on disk is measured too and reported for context.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from measure import Measurement, measure

CONFIG = """\
baseURL = "https://example.invalid/"
title = "smm benchmark"
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""
SINGLE = "<!doctype html><title>{{ .Title }}</title><time>{{ .Date }}</time>{{ .Content }}\n"
LIST = (
    "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}"
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date }}</li>{{ end }}</ul>\n'
)
TIME = re.compile(r"^time: (\d{4}-\d\d-\d\d \d\d:\d\d)$", re.M)


def _zones(corpus: Path) -> dict[str, ZoneInfo]:
    """Time zone of each brand, from brands/<brand>.yaml."""
    return {
        p.stem: ZoneInfo(yaml.safe_load(p.read_text(encoding="utf-8"))["timezone"])
        for p in (corpus / "brands").glob("*.yaml")
    }


def hugo_post(text: str, zone: ZoneInfo, slug: str) -> str:
    """The Hugo copy of one post: ``date`` and ``title`` prepended to its front matter."""
    found = TIME.search(text)
    head = f'title: "{slug}"\n'
    if found:
        when = datetime.strptime(found.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        head = f"date: {when.isoformat()}\n" + head
    return text.replace("---\n", "---\n" + head, 1)


def make_site(corpus: Path, site: Path) -> int:
    """(Re)create the Hugo site at ``site`` from ``corpus``; return how many posts it has."""
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    zones = _zones(corpus)
    count = 0
    for path in (corpus / "posts").rglob("*.md"):
        rel = path.relative_to(corpus / "posts")
        out = site / "content" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        out.write_text(hugo_post(text, zones[rel.parts[0]], path.stem), encoding="utf-8")
        count += 1
    return count


def build_command(hugo: str, site: Path, destination: Path) -> list[str]:
    """The measured command: a full, quiet build into ``destination``."""
    return [hugo, "--quiet", "--source", str(site), "--destination", str(destination)]


def clean(site: Path, destination: Path) -> None:
    """Make the next build cold: no resources/ cache, no previous output."""
    for path in (site / "resources", destination):
        shutil.rmtree(path, ignore_errors=True)


def _tmpfs() -> Path | None:
    """A writable tmpfs folder for the anchor build's output, if the machine has one."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="smm-bench-hugo-", dir=shm)) if shm.is_dir() else None


def bench(hugo_name: str, corpus: Path, out: Path, repeat: int) -> list[Measurement]:
    """Cold builds: the anchor (into tmpfs, else disk), then into a folder on disk."""
    hugo = shutil.which(hugo_name)
    if not hugo:
        return [
            Measurement("hugo build", skipped=f"{hugo_name} not on PATH (apt-get install hugo)")
        ]
    site = out / "hugo-site"
    print(f"hugo site: {make_site(corpus, site)} posts in {site}", flush=True)
    print(subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())
    targets = [
        ("hugo build", _tmpfs() or out / "hugo-public"),
        ("hugo build, disk", out / "hugo-public"),
    ]
    found = []
    for name, dest in targets[: 1 if targets[0][1] == targets[1][1] else 2]:
        found.append(
            measure(
                name,
                build_command(hugo, site, dest),
                out,
                out,
                repeat,
                lambda _, d=dest: clean(site, d) or "",
            )
        )
        shutil.rmtree(dest, ignore_errors=True)
    return found


def remove(out: Path) -> None:
    """Delete the site and its disk output under ``out``."""
    for path in (out / "hugo-site", out / "hugo-public"):
        shutil.rmtree(path, ignore_errors=True)
