"""Regenerates the README's screenshots of the site: docs/img/site-calendar.png, site-post.png and
site-campaign.png.

    python tools/site_screenshots.py

Takes the example content as committed (git archive HEAD) into a temporary git repository, runs
the README's demo there (smm publish and smm metrics against the built-in sandbox, clock pinned),
builds the site with smm site and photographs three pages in Debian's Chromium
(/usr/bin/chromium, driven by Playwright for Python: pip install -e '.[test]'), each once its
images are decoded. The posts' emoji need a colour emoji font, as a reader's browser has:
apt-get install fonts-noto-color-emoji (without it they show as empty boxes).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IMG = REPO / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
STEPS = (
    ("publish", "--sandbox", "--no-push", "--now", "2026-12-01T10:05:00+03:00"),
    ("metrics", "--sandbox", "--no-push", "--now", "2026-12-01T11:30:00+03:00"),
)
SITE_NOW = "2026-12-02T09:00:00+03:00"
SHOTS = {
    "site-calendar.png": ("calendar/zerno/2026-12.html", 1280, 1400),
    "site-post.png": ("posts/zerno/2026/12/01-winter-menu.html", 1280, 1800),
    "site-campaign.png": ("campaigns/zerno/new-year-2026.html", 1280, 1400),
}


def run(*args: str, cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def demo_site(base: Path) -> Path:
    """The example content after the README's demo, built into a site; its folder."""
    seed, clone, site = base / "seed", base / "clone", base / "site"
    seed.mkdir()
    archive = subprocess.run(
        ["git", "archive", "HEAD", "posts", "brands", "campaigns", "assets", ".gitignore"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x"], input=archive, cwd=seed, check=True)
    identity = ("-c", "user.name=Writer", "-c", "user.email=writer@example.com")
    run("git", "init", "-q", "-b", "main", cwd=seed)
    run("git", "add", "-A", cwd=seed)
    run("git", *identity, "commit", "-q", "-m", "Example content", cwd=seed)
    run("git", "clone", "-q", str(seed), str(clone), cwd=base)
    run("git", "config", "user.name", "smm demo", cwd=clone)
    run("git", "config", "user.email", "smm@example.invalid", cwd=clone)
    for step in STEPS:
        run(sys.executable, "-m", "smm", *step, cwd=clone)
    run(sys.executable, "-m", "smm", "site", "--out", str(site), "--now", SITE_NOW, cwd=clone)
    return site


#: every image of the page loaded and decoded (the lazy ones made eager; ``decoding="async"``
#: would otherwise leave the screenshot an empty box where a thumbnail is still being decoded)
LOADED = """() => Promise.all([...document.images].map(i => { i.loading = 'eager';
    return i.decode().catch(() => null); }))"""


def main() -> int:
    from playwright.sync_api import sync_playwright

    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smm-shots-") as tmp:
        site = demo_site(Path(tmp))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, (path, width, height) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto((site / path).as_uri())
                page.evaluate(LOADED)  # the thumbnails drawn, not the lazy ones' empty boxes
                page.screenshot(path=str(IMG / name))  # the viewport: the top of the page
                page.close()
                print(f"wrote docs/img/{name}")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
