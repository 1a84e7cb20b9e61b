"""Hostile files in the content repository, through the real `smm lint` (a subprocess, the lint cache
on): a FIFO, a symlink to /dev/zero or out of the repository, a folder, a file nobody may read, a
cut-off image. Each is one finding line, never a hang, a traceback or all of the machine's memory.

The subprocess gets 20 s and 2 GiB of address space: guards against a hang or a runaway read
only, far above what a run takes (about a second, under 200 MB).
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import NOW, png_declaring
from smm.content.userfile import MAX_IMAGE_BYTES

POST = "posts/zerno/2026/12/01-a.md"
FRONT = "network: telegram\ntime: 2026-12-01 10:00"
HANG_GUARD_S = 20
MEMORY_GUARD = 2 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_GUARD, MEMORY_GUARD))


def smm(ws, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """`smm ARGS` in the workspace. ``unprivileged``: without the power to read any file, which
    root has (CAP_DAC_OVERRIDE), so that a file with mode 000 is unreadable as it is for a writer."""
    command = [sys.executable, "-m", "smm", *args]
    if unprivileged and os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    result = subprocess.run(
        command,
        cwd=ws.root,
        env={**os.environ, "SMM_NOW": NOW.isoformat()},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        preexec_fn=_limit_memory,
    )
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def findings(ws, *paths: str, unprivileged: bool = False) -> list[tuple[str, str, str]]:
    """(path, rule, message) of every finding of `smm lint PATHS`."""
    result = smm(ws, "lint", *paths, unprivileged=unprivileged)
    out = []
    for line in result.stdout.splitlines():
        where, _level, rule, message = line.split(" ", 3)
        out.append((where.split(":")[0], rule, message))
    return out


def only(ws, *paths: str, unprivileged: bool = False) -> tuple[str, str, str]:
    (finding,) = findings(ws, *paths, unprivileged=unprivileged)
    return finding


def post_file(ws) -> Path:
    """Where the post goes (its folder made), for a test that puts something odd there."""
    (ws.root / POST).parent.mkdir(parents=True, exist_ok=True)
    return ws.root / POST


def with_image(ws, src: str) -> None:
    ws.post(
        "zerno/2026/12/01-a.md",
        f"{FRONT}\nimages:\n  - src: {src}\n    alt: Чашка кофе",
        "Пост с картинкой.",
    )


# --- posts ---------------------------------------------------------------------------------------


def test_a_post_that_is_a_fifo_is_unreadable_not_a_hang(workspace):
    os.mkfifo(post_file(workspace))
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "file/unreadable") and "named pipe (FIFO)" in message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_post_symlinked_to_a_device_is_not_read(workspace, device):
    post_file(workspace).symlink_to(device)
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "file/outside-repo") and device in message


def test_a_post_symlinked_out_of_the_repository_is_refused_and_not_planned(workspace, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(
        f"---\n{FRONT}\n---\nЧужой пост, который не должен уйти.\n", encoding="utf-8"
    )
    post_file(workspace).symlink_to(outside)
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "file/outside-repo") and str(outside) in message
    plan = smm(workspace, "plan", "--from", "2026-12-01", "--to", "2026-12-01", "--brand", "zerno")
    # named in the note on what is left out, and nowhere else: not planned
    assert f"could not be read and are left out: {POST}" in plan.stdout
    assert plan.stdout.count(POST) == 1


def test_a_post_symlinked_inside_the_repository_is_linted_as_usual(workspace):
    workspace.write("drafts/a.md", f"---\n{FRONT}\n---\nТекст поста про зимний кофе.\n")
    post_file(workspace).symlink_to(workspace.root / "drafts/a.md")
    assert findings(workspace) == []


@pytest.mark.parametrize(
    "target, says", [("nowhere.md", "which does not exist"), ("01-a.md", "symlink loop")]
)
def test_a_post_that_is_a_broken_symlink_is_reported_not_skipped(workspace, target, says):
    post_file(workspace).symlink_to(target)
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "file/unreadable") and says in message


def test_a_cached_post_replaced_by_a_fifo_is_not_read_by_the_cache(workspace):
    workspace.post("zerno/2026/12/01-a.md", FRONT)
    assert (
        findings(workspace) == []
    )  # now in .smm-cache, checked by its bytes when its stamp changes
    (workspace.root / POST).unlink()
    os.mkfifo(workspace.root / POST)
    assert only(workspace)[:2] == (POST, "file/unreadable")


# --- brands and campaigns ------------------------------------------------------------------------


def test_a_brand_symlinked_out_of_the_repository_is_refused(workspace, tmp_path):
    brand = workspace.root / "brands/nordlicht.yaml"
    outside = tmp_path / "nordlicht.yaml"
    outside.write_bytes(brand.read_bytes())
    brand.unlink()
    brand.symlink_to(outside)
    assert ("brands/nordlicht.yaml", "file/outside-repo") in [f[:2] for f in findings(workspace)]


def test_a_campaign_that_is_a_fifo_is_unreadable_not_a_hang(workspace):
    os.mkfifo(
        workspace.root / "campaigns/zerno/pipe.yaml"
    )  # the cache key reads every campaign first
    path, rule, message = only(workspace)
    assert (path, rule) == ("campaigns/zerno/pipe.yaml", "file/unreadable") and "FIFO" in message


def test_a_brand_symlinked_to_dev_zero_is_not_read(workspace):
    (workspace.root / "brands/zero.yaml").symlink_to("/dev/zero")
    path, rule, _ = only(workspace)
    assert (path, rule) == ("brands/zero.yaml", "file/outside-repo")


# --- images ----------------------------------------------------------------------------------------


def test_an_image_that_is_a_fifo_is_unreadable_not_a_hang(workspace):
    os.mkfifo(workspace.root / "assets/zerno/pipe.jpg")
    with_image(workspace, "assets/zerno/pipe.jpg")
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "image/unreadable") and "FIFO" in message


def test_an_image_symlinked_to_dev_zero_is_not_read(workspace):
    (workspace.root / "assets/zerno/zero.jpg").symlink_to("/dev/zero")
    with_image(workspace, "assets/zerno/zero.jpg")
    assert only(workspace)[1] == "image/outside-repo"


def test_an_image_nobody_may_read_is_unreadable_not_a_bad_format(workspace):
    locked = workspace.image("assets/zerno/locked.jpg")
    locked.chmod(0)
    with_image(workspace, "assets/zerno/locked.jpg")
    path, rule, message = only(workspace, unprivileged=True)
    assert (path, rule) == (POST, "image/unreadable") and "Permission denied" in message


def test_an_image_path_with_a_trailing_slash_is_refused(workspace):
    with_image(workspace, "assets/zerno/square.jpg/")  # the file exists; the path names a folder
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "image/unreadable") and "ends with '/'" in message


def _encoded(fmt: str) -> bytes:
    img = Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3))  # noise: data all the way
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize(
    "fmt, suffix, says",
    [
        ("JPEG", "jpg", "does not decode"),
        ("PNG", "png", "does not decode"),
        (
            "WEBP",
            "webp",
            "not an image",
        ),  # Pillow's WebP reader wants the whole file to open it at all
    ],
)
def test_a_cut_off_image_is_a_bad_image(workspace, fmt, suffix, says):
    data = _encoded(fmt)
    workspace.write(
        f"assets/zerno/cut.{suffix}", data[: len(data) * 2 // 3]
    )  # the header is intact
    with_image(workspace, f"assets/zerno/cut.{suffix}")
    path, rule, message = only(workspace)
    assert (path, rule) == (POST, "image/format") and says in message


@pytest.mark.parametrize("fmt, suffix", [("JPEG", "jpg"), ("PNG", "png")])
def test_the_same_image_whole_passes(workspace, fmt, suffix):
    workspace.write(f"assets/zerno/whole.{suffix}", _encoded(fmt))
    with_image(workspace, f"assets/zerno/whole.{suffix}")
    assert [f for f in findings(workspace) if f[1].startswith("image/")] == []


def test_a_bomb_is_still_caught_by_its_header_before_any_decode(workspace):
    workspace.write("assets/zerno/bomb.png", png_declaring(30000, 30000))
    with_image(workspace, "assets/zerno/bomb.png")
    assert only(workspace)[1] == "image/bomb"


def test_an_image_over_the_read_cap_is_judged_by_its_size_and_not_decoded(workspace):
    path = workspace.image("assets/zerno/huge.jpg")
    with open(path, "r+b") as fh:
        fh.truncate(MAX_IMAGE_BYTES + 1)  # sparse: a valid header, then 64 MiB of nothing
    with_image(workspace, "assets/zerno/huge.jpg")
    assert [f[1] for f in findings(workspace)] == ["telegram/image-size"]


# --- CODEOWNERS --------------------------------------------------------------------------------------


def test_a_codeowners_fifo_is_stale_not_a_hang(workspace):
    (workspace.root / ".github").mkdir()
    os.mkfifo(workspace.root / ".github/CODEOWNERS")
    assert only(workspace)[:2] == (".github/CODEOWNERS", "codeowners/stale")


def test_codeowners_replaces_a_symlink_instead_of_writing_through_it(workspace, tmp_path):
    victim = tmp_path / "not-yours.txt"
    victim.write_text("someone else's file\n", encoding="utf-8")
    (workspace.root / ".github").mkdir()
    (workspace.root / ".github/CODEOWNERS").symlink_to(victim)
    workspace.brand("zerno", reviewers=["@zerno-marketing"])
    smm(workspace, "codeowners")
    assert victim.read_text(encoding="utf-8") == "someone else's file\n"
    written = workspace.root / ".github/CODEOWNERS"
    assert not written.is_symlink() and "@zerno-marketing" in written.read_text(encoding="utf-8")
    assert findings(workspace) == []
