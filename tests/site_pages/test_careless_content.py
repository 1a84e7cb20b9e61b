"""What the content fuzzer (tools/fuzz/fuzz_content.py, which builds the site of every case)
found a site page taking from a careless or hostile file, each as its scenario: every page
stays whole HTML (checked by the fuzzer's own tools/fuzz/sitecheck.py) and the build never
prints a traceback."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from .conftest import SITE_NOW

_SPEC = importlib.util.spec_from_file_location(
    "sitecheck", Path(__file__).resolve().parents[2] / "tools/fuzz/sitecheck.py"
)
assert _SPEC and _SPEC.loader
sitecheck = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(sitecheck)
NOW = datetime.fromisoformat(SITE_NOW)


def build(workspace, out: Path):
    from smm.site import site

    result = site(workspace.root, out, now=NOW, jobs=1)
    assert sitecheck.site_problems(out) == []
    return result


def test_control_characters_in_a_post_are_shown_and_every_page_stays_html(workspace, tmp_path):
    """A NUL, an ESC, DEL, a C1 control or a noncharacter (which the HTML standard makes a parse
    error wherever it stands) in a title, a campaign's name or the text: shown as an escape, as
    smm's terminal output shows it, on the post page, the calendar and the campaign page."""
    workspace.campaign("zerno", "winter", name="Зима\x00\x9b")
    workspace.post(
        "zerno/2026/12/01-odd.md",
        'network: [telegram, vk]\ntime: 2026-12-01 10:00\ntitle: "Меню\\0\\e[31m\\x7f\\uffff"\n'
        "campaign: winter",
        body="Текст\x07 и\x1b ещё\ufdd0.\n",
    )
    build(workspace, tmp_path / "site")
    post = (tmp_path / "site/posts/zerno/2026/12/01-odd.html").read_text(encoding="utf-8")
    assert '<h1 dir="auto">Меню\\x00\\x1b[31m\\x7f\\uffff</h1>' in post
    assert "Текст\\x07 и\\x1b ещё\\ufdd0." in post
    month = (tmp_path / "site/calendar/zerno/2026-12.html").read_text(encoding="utf-8")
    assert re.search(r'title="Меню\\x00\\x1b\[31m\\x7f\\uffff"', month)
    campaign = (tmp_path / "site/campaigns/zerno/winter.html").read_text(encoding="utf-8")
    assert "Зима\\x00\\x9b" in campaign


def test_a_campaign_files_findings_are_on_its_page_and_a_rebuild_shows_a_new_one(
    workspace, tmp_path
):
    """Its dates reversed (lint's campaign/window), its goals of the wrong type: the page, which
    shows the window as written and "No goals set", says why; a finding that changes nothing
    the report shows (an unknown key) is on the page after a rebuild too."""
    workspace.campaign("zerno", "winter", start="2027-02-28", end="2026-12-01", goals=[1])
    workspace.post(
        "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter"
    )
    build(workspace, tmp_path / "site")
    page = tmp_path / "site/campaigns/zerno/winter.html"
    found = page.read_text(encoding="utf-8").split("<h2>Lint findings</h2>", 1)[1]
    assert "<code>campaigns/zerno/winter.yaml</code>" in found
    assert "<code>campaign/window</code> the campaign ends before it starts" in found
    assert "&#39;goals&#39; must be a mapping, not a list" in found
    workspace.campaign("zerno", "winter", goals=[1])
    build(workspace, tmp_path / "site")
    workspace.campaign("zerno", "winter", goals=[1], colour="red")
    build(workspace, tmp_path / "site")
    found = page.read_text(encoding="utf-8").split("<h2>Lint findings</h2>", 1)[1]
    assert "campaign/window" not in found and "colour" in found


def test_a_campaign_file_that_does_not_load_is_said_and_its_findings_are_on_its_brands_page(
    workspace, tmp_path
):
    """No campaign, so no campaign page: the terminal and home say so in a note, the brand's page
    shows the file's findings, and its posts still get their pages."""
    workspace.write("campaigns/zerno/winter.yaml", "name: [\nstart: 2026-12-01\n")
    workspace.post(
        "zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00\ncampaign: winter"
    )
    result = build(workspace, tmp_path / "site")
    note = (
        "campaigns/zerno/winter.yaml cannot be used as it is: it has no page and its posts are "
        "shown without it (see smm lint campaigns/zerno/winter.yaml)"
    )
    assert note in result.notes
    assert note in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "site/campaigns/zerno/winter.html").exists()
    assert (tmp_path / "site/posts/zerno/2026/12/01-a.html").exists()
    brand = (tmp_path / "site/calendar/zerno/index.html").read_text(encoding="utf-8")
    found = brand.split("<h2>Lint findings</h2>", 1)[1]
    assert re.search(r"<code>campaigns/zerno/winter.yaml</code> <code>\d+:\d+</code> error", found)


def _png_with_bytes_slipped_into_its_pixels() -> bytes:
    """A PNG with 16 bytes written into its pixel data (its chunk's length not changed): the
    chunk after them starts in the middle of the data, and Pillow calls it a broken PNG file
    (a SyntaxError) when the pixels are read."""
    import io

    from PIL import Image

    made = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(made, "PNG")
    png = made.getvalue()
    at = png.index(b"IDAT") + 4 + 40
    return png[:at] + bytes(16) + png[at:]


def _jpeg_with_exif_cut_short() -> bytes:
    import io

    from PIL import Image

    made = io.BytesIO()
    # one IFD entry (Orientation) announced, its bytes missing
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00"
    Image.new("RGB", (64, 48), (10, 200, 30)).save(made, "JPEG", exif=exif)
    return made.getvalue()


def test_a_picture_lint_finds_broken_gets_no_thumbnail_and_the_page_says_why(workspace, tmp_path):
    """Whatever Pillow raises on a broken file (a PNG's bad chunk is a SyntaxError) or warns of
    (EXIF cut short), the thumbnail is left out as lint's reader leaves the file out: the page
    is built, shows lint's one-line finding, and nothing is said on the terminal."""
    import warnings

    workspace.write("assets/zerno/broken.png", _png_with_bytes_slipped_into_its_pixels())
    workspace.write("assets/zerno/exif.jpg", _jpeg_with_exif_cut_short())
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: [telegram, vk]\ntime: 2026-12-01 10:00\n"
        "images: [assets/zerno/broken.png, assets/zerno/exif.jpg]",
    )
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        build(workspace, tmp_path / "site")
    assert [str(w.message) for w in said] == []
    page = (tmp_path / "site/posts/zerno/2026/12/01-a.html").read_text(encoding="utf-8")
    assert "&#39;assets/zerno/broken.png&#39; is a PNG image that does not decode" in page
    assert page.count("<img ") == 2  # exif.jpg's thumbnail, in each network's view
    assert "broken PNG file" in page


def test_a_file_pillow_logs_an_error_of_is_one_finding_and_nothing_else_on_the_terminal(
    workspace, tmp_path
):
    """A TIFF declaring 2048 samples a pixel: Pillow logs "More samples per pixel than can be
    decoded" at ERROR, which Python printed on the terminal, naming no file; lint's finding
    (path:line, image/format) is what is said of it."""
    import io

    from PIL import Image

    made = io.BytesIO()
    Image.new("RGB", (8, 8)).save(made, "TIFF")
    samples = b"\x15\x01\x03\x00\x01\x00\x00\x00"  # tag 277 (SamplesPerPixel), a SHORT, 1 value
    tiff = made.getvalue().replace(samples + b"\x03\x00", samples + b"\x00\x08")
    workspace.write("assets/zerno/many.tif", tiff)
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00\nimages: [assets/zerno/many.tif]",
    )
    # as a process: pytest's own log capture would hide what Python prints without a handler
    done = subprocess.run(
        [sys.executable, "-m", "smm", "site", "--out", str(tmp_path / "site"), "--now", SITE_NOW],
        cwd=workspace.root,
        env={k: v for k, v in os.environ.items() if not k.startswith("SMM_")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if "note:" not in line] == []
    assert sitecheck.site_problems(tmp_path / "site") == []
    page = (tmp_path / "site/posts/zerno/2026/12/01-a.html").read_text(encoding="utf-8")
    assert "<code>image/format</code> &#39;assets/zerno/many.tif&#39; is not an image" in page


def test_a_post_in_a_folder_named_like_a_page_gets_its_own_page_beside_that_one(
    workspace, tmp_path
):
    """03-a.md's page is the file 03-a.html; 03-a.html/04-b.md (a folder name lint's file/slug
    reports) would need that file to be a folder, and the build stopped, blaming the output
    folder. Its page's folder gets a "~": both pages are made, and every link reaches one."""
    workspace.post("zerno/2026/12/03-a.md", "network: telegram\ntime: 2026-12-03 10:00")
    workspace.post("zerno/2026/12/03-a.html/04-b.md", "network: telegram\ntime: 2026-12-04 10:00")
    workspace.post("zerno/2026/12/03-a.html~/05-c.md", "network: telegram\ntime: 2026-12-05 10:00")
    build(workspace, tmp_path / "site")  # every link of every page resolves
    pages = {
        p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")
    }
    assert {
        "posts/zerno/2026/12/03-a.html",
        "posts/zerno/2026/12/03-a.html~/04-b.html",
        "posts/zerno/2026/12/03-a.html~~/05-c.html",
    } <= pages


LONG_FOLDERS = (
    "a" * 250 + ".html",  # 255 bytes: its "~" made 256, past NAME_MAX, and the build failed
    "a" * 249 + "b.html",  # the same first 243 bytes: cut, the two stay two
    "a" * 254 + "~",
    "я" * 125 + ".html",  # two bytes a letter: cut between whole letters
    "a" * 249 + ".html",  # 254 bytes: "~" fits, and no cut name becomes its
)


def test_a_folder_named_like_a_page_as_long_as_allowed_gets_a_folder_that_fits(workspace, tmp_path):
    """A posts folder of 255 bytes named like a page (or ending in "~") would get a "~" past the
    255 bytes a file name may have: it is cut, with a digest of its name, so each post gets its
    own page in a folder whose name fits, and every link reaches it."""
    for day, folder in enumerate(LONG_FOLDERS, start=1):
        workspace.post(
            f"zerno/2026/12/{folder}/{day:02d}-b.md",
            f"network: telegram\ntime: 2026-12-{day:02d} 10:00",
        )
    build(workspace, tmp_path / "site")  # every link of every page resolves
    month = tmp_path / "site/posts/zerno/2026/12"
    folders = {p.name for p in month.iterdir()}
    assert len(folders) == len(LONG_FOLDERS)
    assert all(len(name.encode()) <= 255 for name in folders)
    assert "a" * 249 + ".html~" in folders
    for day in range(1, len(LONG_FOLDERS) + 1):
        assert len(list(month.glob(f"*/{day:02d}-b.html"))) == 1


def test_a_right_to_left_override_turns_only_its_own_text_and_findings_show_it(workspace, tmp_path):
    """A brand's name with U+202E (RIGHT-TO-LEFT OVERRIDE) it never closes: the names after it
    in every page's navigation read backwards too, unless it is closed at the end of the name
    (PDF, U+202C); its text is shown as written. A finding or note quoting it shows it as an
    escape, as the terminal does: the words after it are smm's and must read as written."""
    workspace.brand("zerno", name="\u202eЗерно")
    workspace.post("zerno/2026/12/01-a.md", 'network: "\\u202etelegram"\ntime: 2026-12-01 10:00')
    workspace.post(
        "zerno/2026/12/02-b.md", 'network: telegram\ntime: 2026-12-02 10:00\ntitle: "\\u2067שלום"'
    )
    build(workspace, tmp_path / "site")
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert ">\u202eЗерно\u202c</a>" in home  # the navigation: Nordlicht after it reads as written
    post = (tmp_path / "site/posts/zerno/2026/12/01-a.html").read_text(encoding="utf-8")
    found = post.split("<h2>Lint findings</h2>", 1)[1]
    assert "&#39;\\u202etelegram&#39; is not one of telegram" in found
    assert "\u202e" not in found
    other = (tmp_path / "site/posts/zerno/2026/12/02-b.html").read_text(encoding="utf-8")
    assert '<h1 dir="auto">\u2067שלום\u2069</h1>' in other  # an isolate: closed by PDI


def test_a_link_committed_under_site_is_refused_and_nothing_is_written_through_it(
    workspace, tmp_path
):
    """A repository with _site/static/site.css linked to a file outside it (a CSS copied over
    that file) and _site/posts linked to another folder (pages written there): `smm site`
    into its default _site refuses in one line that names a link, and writes through neither."""
    from smm.errors import UsageError
    from smm.site import site

    victim = tmp_path / "victim.txt"
    victim.write_text("mine", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.root / "_site/static").mkdir(parents=True)
    os.symlink(victim, workspace.root / "_site/static/site.css")
    os.symlink(elsewhere, workspace.root / "_site/posts")
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00")
    with pytest.raises(UsageError, match=r"_site: posts is a symbolic link \(and 1 more\)"):
        site(workspace.root, now=NOW, jobs=1)
    assert victim.read_text(encoding="utf-8") == "mine"
    assert list(elsewhere.iterdir()) == []


def test_noncharacters_of_every_plane_are_shown_and_other_characters_kept(workspace, tmp_path):
    """The last two code points of every plane are noncharacters (U+1FFFE, U+10FFFF); the
    characters beside them in the planes past the first are text like any (U+20000, a CJK
    ideograph; U+1F600, an emoji)."""
    workspace.post(
        "zerno/2026/12/01-odd.md",
        'network: telegram\ntime: 2026-12-01 10:00\ntitle: "a\\U0001FFFEb\\U0010FFFFc\\U00020000d\\U0001F600"',
    )
    build(workspace, tmp_path / "site")
    post = (tmp_path / "site/posts/zerno/2026/12/01-odd.html").read_text(encoding="utf-8")
    assert '<h1 dir="auto">a\\U0001fffeb\\U0010ffffc\U00020000d\U0001f600</h1>' in post
