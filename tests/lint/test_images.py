"""image/* (the file itself) and <network>/image-* (each network's limits on it)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from conftest import png_declaring

PATH = "zerno/2026/12/01-images.md"


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def lint_images(workspace, network, *images, alt="Чашка кофе на столе"):
    """A post on ``network`` with ``images`` (srcs), each with ``alt`` unless alt is None."""
    lines = [f"network: {network}", "time: 2026-12-01 10:00"]
    if images:
        lines.append("images:")
        for src in images:
            lines.append(f"  - src: {src}")
            if alt is not None:
                lines.append(f"    alt: {alt}")
    workspace.post(PATH, "\n".join(lines))
    return workspace.findings()


def noise_jpeg(path: Path, size: tuple[int, int]) -> Path:
    """Random noise barely compresses: about 4 bytes per pixel at quality 100."""
    img = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=100, subsampling=0)
    return path


def gps_exif(with_gps: bool = True) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Phone"  # Make
    if with_gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)})
    return exif.tobytes()


# --- image/outside-repo ---


def test_image_path_with_dotdot_is_outside_the_repository(workspace):
    workspace.image("assets/zerno/ok.jpg")
    (finding,) = _of(
        lint_images(workspace, "telegram", "assets/zerno/../zerno/ok.jpg"), "image/outside-repo"
    )
    assert finding.level == "error" and "'..'" in finding.message


def test_absolute_image_path_is_an_error(workspace):
    absolute = (
        workspace.root / "assets/zerno/square.jpg"
    )  # exists, but must be written from the root
    (finding,) = _of(lint_images(workspace, "telegram", str(absolute)), "image/outside-repo")
    assert "absolute" in finding.message


def test_home_relative_image_path_is_an_error(workspace):
    assert _of(lint_images(workspace, "telegram", "~/photo.jpg"), "image/outside-repo")


def test_symlink_to_a_file_outside_the_repository_is_an_error(workspace):
    outside = workspace.root.parent / "secret.jpg"
    Image.new("RGB", (100, 100)).save(outside, "JPEG")
    (workspace.root / "assets/zerno/link.jpg").symlink_to(outside)
    (finding,) = _of(
        lint_images(workspace, "telegram", "assets/zerno/link.jpg"), "image/outside-repo"
    )
    assert "symlink" in finding.message


def test_symlinked_folder_leading_outside_is_an_error(workspace):
    outside = workspace.root.parent / "elsewhere"
    outside.mkdir()
    Image.new("RGB", (100, 100)).save(outside / "a.jpg", "JPEG")
    (workspace.root / "assets/shared").symlink_to(outside, target_is_directory=True)
    assert _of(lint_images(workspace, "telegram", "assets/shared/a.jpg"), "image/outside-repo")


def test_symlink_to_a_file_inside_the_repository_passes(workspace):
    (workspace.root / "assets/zerno/alias.jpg").symlink_to(
        workspace.root / "assets/zerno/square.jpg"
    )
    assert lint_images(workspace, "telegram", "assets/zerno/alias.jpg") == []


def test_image_inside_the_repository_passes(workspace):
    assert lint_images(workspace, "telegram", "assets/zerno/square.jpg") == []


# --- image/missing, image/format ---


def test_missing_image_is_an_error_at_its_src(workspace):
    (finding,) = _of(lint_images(workspace, "telegram", "assets/zerno/nope.jpg"), "image/missing")
    assert finding.level == "error"
    assert (finding.line, finding.col) == (5, 5)  # '---', network, time, images, '  - src:' item
    assert "does not exist" in finding.message


def test_folder_named_as_an_image_is_unreadable_not_missing(workspace):
    (workspace.root / "assets/zerno/album.jpg").mkdir()
    (finding,) = _of(
        lint_images(workspace, "telegram", "assets/zerno/album.jpg"), "image/unreadable"
    )
    assert "is a folder" in finding.message


def test_text_file_named_jpg_is_not_an_image(workspace):
    workspace.write("assets/zerno/fake.jpg", "это не картинка\n")
    (finding,) = _of(lint_images(workspace, "telegram", "assets/zerno/fake.jpg"), "image/format")
    assert finding.level == "error"


def test_truncated_header_is_not_an_image(workspace):
    workspace.write("assets/zerno/cut.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert _of(lint_images(workspace, "telegram", "assets/zerno/cut.png"), "image/format")


def test_unusable_file_is_reported_once_even_if_listed_twice(workspace):
    workspace.write("assets/zerno/fake.jpg", "nope")
    findings = lint_images(workspace, "telegram", "assets/zerno/fake.jpg", "assets/zerno/fake.jpg")
    assert len(_of(findings, "image/format")) == 1


# --- image/bomb ---


def test_png_declaring_100000_by_100000_pixels_is_a_bomb(workspace):
    workspace.write("assets/zerno/bomb.png", png_declaring(100_000, 100_000))
    (finding,) = _of(lint_images(workspace, "telegram", "assets/zerno/bomb.png"), "image/bomb")
    assert finding.level == "error" and "bomb" in finding.message
    assert (workspace.root / "assets/zerno/bomb.png").stat().st_size < 100


def test_png_just_over_the_pixel_limit_is_a_bomb(workspace):
    workspace.write("assets/zerno/bomb.png", png_declaring(9460, 9460))  # 89,491,600 > 89,478,485
    (finding,) = _of(lint_images(workspace, "vk", "assets/zerno/bomb.png"), "image/bomb")
    assert "9460x9460 = 89,491,600 pixels" in finding.message


def test_png_of_a_normal_size_is_not_a_bomb(workspace):
    workspace.image("assets/zerno/square.png", fmt="PNG")
    assert lint_images(workspace, "telegram", "assets/zerno/square.png") == []


# --- image/gps ---


def test_jpeg_with_gps_coordinates_in_exif_is_a_warning(workspace):
    workspace.image("assets/zerno/gps.jpg", exif=gps_exif())
    (finding,) = _of(lint_images(workspace, "telegram", "assets/zerno/gps.jpg"), "image/gps")
    assert finding.level == "warning" and "GPS" in finding.message


def test_jpeg_with_exif_but_no_gps_passes(workspace):
    workspace.image("assets/zerno/plain.jpg", exif=gps_exif(with_gps=False))
    assert lint_images(workspace, "telegram", "assets/zerno/plain.jpg") == []


# --- image/alt ---


def test_instagram_image_without_alt_is_a_warning(workspace):
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/square.jpg", alt=None), "image/alt"
    )
    assert finding.level == "warning"


def test_instagram_image_with_blank_alt_is_a_warning(workspace):
    assert _of(
        lint_images(workspace, "instagram", "assets/zerno/square.jpg", alt="'  '"), "image/alt"
    )


def test_instagram_image_with_alt_passes(workspace):
    assert lint_images(workspace, "instagram", "assets/zerno/square.jpg") == []


def test_bluesky_requires_alt_as_an_error(workspace):
    (finding,) = _of(
        lint_images(workspace, "bluesky", "assets/zerno/square.jpg", alt=None), "image/alt"
    )
    assert finding.level == "error"


def test_telegram_has_no_alt_so_none_is_asked_for(workspace):
    assert lint_images(workspace, "telegram", "assets/zerno/square.jpg", alt=None) == []


def test_image_given_as_a_plain_string_has_no_alt(workspace):
    workspace.post(
        PATH,
        """
        network: instagram
        time: 2026-12-01 10:00
        images: [assets/zerno/square.jpg]
    """,
    )
    assert _of(workspace.findings(), "image/alt")


# --- <network>/image-format ---


def test_png_on_instagram_is_reported(workspace):
    workspace.image("assets/zerno/square.png", fmt="PNG")
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/square.png"), "instagram/image-format"
    )
    assert "PNG" in finding.message and "JPEG" in finding.message


def test_png_on_telegram_passes(workspace):
    workspace.image("assets/zerno/square.png", fmt="PNG")
    assert lint_images(workspace, "telegram", "assets/zerno/square.png") == []


def test_webp_on_vk_is_an_error(workspace):
    workspace.image("assets/zerno/square.webp", fmt="WEBP")
    (finding,) = _of(lint_images(workspace, "vk", "assets/zerno/square.webp"), "vk/image-format")
    assert finding.level == "error"


def test_format_is_read_from_the_bytes_not_the_extension(workspace):
    workspace.image("assets/zerno/really-png.jpg", fmt="PNG")
    assert _of(
        lint_images(workspace, "instagram", "assets/zerno/really-png.jpg"), "instagram/image-format"
    )


def test_same_src_read_again_after_the_file_changed_is_judged_by_its_new_bytes(workspace):
    """An image's file-limit findings are kept per image within a process; the same name with
    other bytes (another repository, an edited file) is another image."""
    workspace.image("assets/zerno/square.jpg", fmt="PNG")
    assert _of(
        lint_images(workspace, "instagram", "assets/zerno/square.jpg"), "instagram/image-format"
    )
    workspace.image("assets/zerno/square.jpg", fmt="JPEG")
    assert lint_images(workspace, "instagram", "assets/zerno/square.jpg") == []
    workspace.image("assets/zerno/square.jpg", fmt="PNG")
    assert _of(
        lint_images(workspace, "instagram", "assets/zerno/square.jpg"), "instagram/image-format"
    )


def test_an_image_shared_by_posts_is_reported_on_each_at_its_own_key(workspace):
    workspace.image("assets/zerno/square.png", fmt="PNG")
    for name in ("01-a", "02-b"):
        workspace.post(
            f"zerno/2026/12/{name}.md",
            "network: [instagram, vk]\ntime: 2026-12-01 10:00\n"
            "title: x\nimages:\n  - src: assets/zerno/square.png\n    alt: Чашка",
        )
    found = _of(workspace.findings(), "instagram/image-format")
    assert sorted((f.path, f.line) for f in found) == [
        ("posts/zerno/2026/12/01-a.md", 6),
        ("posts/zerno/2026/12/02-b.md", 6),
    ]


# --- <network>/image-size ---


def test_instagram_jpeg_over_8_mb_is_an_error(workspace):
    path = noise_jpeg(workspace.root / "assets/zerno/noise.jpg", (1440, 1800))
    assert path.stat().st_size > 8 * 1024 * 1024
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/noise.jpg"), "instagram/image-size"
    )
    assert finding.level == "error" and "MB" in finding.message


def test_telegram_photo_over_10_mb_is_an_error_but_vk_takes_it(workspace):
    path = noise_jpeg(workspace.root / "assets/zerno/noise.jpg", (1800, 1800))
    assert path.stat().st_size > 10 * 1024 * 1024
    findings = lint_images(workspace, "[telegram, vk]", "assets/zerno/noise.jpg")
    assert [f.rule for f in findings] == ["telegram/image-size"]


@pytest.mark.parametrize(
    ("network", "limit"), [("mastodon", 16 * 1024 * 1024), ("instagram", 8 * 1024 * 1024)]
)
def test_a_network_that_takes_less_than_its_limit_refuses_a_file_of_exactly_that_size(
    workspace, network, limit
):
    # Mastodon (Paperclip's less_than) and Instagram ("It should be less than 8 MiB")
    path = workspace.root / "assets/zerno/exact.jpg"
    noise_jpeg(path, (1080, 1080))
    for size, refused in ((limit - 1, []), (limit, [f"{network}/image-size"])):
        with path.open("r+b") as fh:  # bytes after the JPEG's end: still the same picture
            fh.truncate(size)
        assert path.stat().st_size == size
        found = lint_images(workspace, network, "assets/zerno/exact.jpg")
        assert [f.rule for f in found if f.rule.endswith("/image-size")] == refused


def test_image_under_the_size_limit_passes(workspace):
    noise_jpeg(workspace.root / "assets/zerno/noise.jpg", (400, 400))
    assert lint_images(workspace, "instagram", "assets/zerno/noise.jpg") == []


# --- <network>/image-dimensions ---


def test_telegram_width_plus_height_over_10000_is_an_error(workspace):
    workspace.image("assets/zerno/wide.jpg", size=(5000, 5001))
    (finding,) = _of(
        lint_images(workspace, "telegram", "assets/zerno/wide.jpg"), "telegram/image-dimensions"
    )
    assert finding.level == "error" and "5000x5001" in finding.message


def test_telegram_width_plus_height_of_10000_passes(workspace):
    workspace.image("assets/zerno/big.jpg", size=(5000, 5000))
    assert lint_images(workspace, "telegram", "assets/zerno/big.jpg") == []


def test_instagram_width_over_1440_is_a_warning(workspace):
    workspace.image("assets/zerno/wide.jpg", size=(1600, 1600))
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/wide.jpg"), "instagram/image-dimensions"
    )
    assert finding.level == "warning" and "scaled down" in finding.message


def test_instagram_width_under_320_is_a_warning(workspace):
    workspace.image("assets/zerno/small.jpg", size=(300, 300))
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/small.jpg"), "instagram/image-dimensions"
    )
    assert finding.level == "warning"


def test_instagram_width_of_1440_passes(workspace):
    workspace.image("assets/zerno/ok.jpg", size=(1440, 1440))
    assert lint_images(workspace, "instagram", "assets/zerno/ok.jpg") == []


# --- <network>/image-ratio ---


def test_instagram_story_format_1080x1920_is_outside_4_5_to_1_91(workspace):
    workspace.image("assets/zerno/story.jpg", size=(1080, 1920))
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/story.jpg"), "instagram/image-ratio"
    )
    assert finding.level == "error" and "0.56" in finding.message


def test_instagram_wider_than_1_91_is_an_error(workspace):
    workspace.image("assets/zerno/pano.jpg", size=(1400, 700))
    assert _of(
        lint_images(workspace, "instagram", "assets/zerno/pano.jpg"), "instagram/image-ratio"
    )


@pytest.mark.parametrize("size", [(1080, 1350), (1080, 566), (1080, 1080)])
def test_instagram_ratio_inside_4_5_to_1_91_passes(workspace, size):
    workspace.image("assets/zerno/ok.jpg", size=size)
    assert lint_images(workspace, "instagram", "assets/zerno/ok.jpg") == []


def turned_exif(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # how a phone stores a portrait photo: landscape, turned to show
    return exif.tobytes()


@pytest.mark.parametrize("orientation", [5, 6, 7, 8])
def test_a_ratio_is_of_the_picture_as_shown_turned_as_its_exif_says(workspace, orientation):
    """Stored 1920x1080 and shown upright as 1080x1920 (a story's shape): outside Instagram's
    4:5 to 1.91:1, though the stored width and height would pass as 1.78."""
    workspace.image("assets/zerno/phone.jpg", size=(1920, 1080), exif=turned_exif(orientation))
    (finding,) = _of(
        lint_images(workspace, "instagram", "assets/zerno/phone.jpg"), "instagram/image-ratio"
    )
    assert "0.56" in finding.message


@pytest.mark.parametrize("orientation", [1, 2, 3, 4])
def test_an_image_turned_half_or_not_at_all_keeps_its_ratio(workspace, orientation):
    workspace.image("assets/zerno/phone.jpg", size=(1350, 1080), exif=turned_exif(orientation))
    assert lint_images(workspace, "instagram", "assets/zerno/phone.jpg") == []


def test_telegram_side_ratio_over_20_is_an_error(workspace):
    workspace.image("assets/zerno/strip.jpg", size=(4200, 200))
    (finding,) = _of(
        lint_images(workspace, "telegram", "assets/zerno/strip.jpg"), "telegram/image-ratio"
    )
    assert finding.level == "error"


def test_telegram_tall_side_ratio_over_20_is_an_error(workspace):
    workspace.image("assets/zerno/strip.jpg", size=(100, 2100))
    assert _of(lint_images(workspace, "telegram", "assets/zerno/strip.jpg"), "telegram/image-ratio")


def test_telegram_side_ratio_of_20_passes(workspace):
    workspace.image("assets/zerno/strip.jpg", size=(4000, 200))
    assert lint_images(workspace, "telegram", "assets/zerno/strip.jpg") == []


# --- <network>/image-count ---


def _copies(workspace, n):
    data = (workspace.root / "assets/zerno/square.jpg").read_bytes()
    return [
        str(workspace.write(f"assets/zerno/c{i}.jpg", data).relative_to(workspace.root))
        for i in range(n)
    ]


def test_instagram_post_without_an_image_is_an_error(workspace):
    workspace.post(
        PATH,
        """
        network: instagram
        time: 2026-12-01 10:00
    """,
    )
    (finding,) = _of(workspace.findings(), "instagram/image-count")
    assert finding.level == "error" and "at least 1" in finding.message


def test_instagram_carousel_of_10_passes(workspace):
    assert lint_images(workspace, "instagram", *_copies(workspace, 10)) == []


def test_instagram_carousel_of_11_is_an_error(workspace):
    (finding,) = _of(
        lint_images(workspace, "instagram", *_copies(workspace, 11)), "instagram/image-count"
    )
    assert finding.level == "error" and "11" in finding.message


def test_telegram_album_of_11_is_an_error(workspace):
    assert _of(lint_images(workspace, "telegram", *_copies(workspace, 11)), "telegram/image-count")


def test_x_takes_four_images_not_five(workspace):
    assert lint_images(workspace, "x", *_copies(workspace, 4)) == []
    assert _of(lint_images(workspace, "x", *_copies(workspace, 5)), "x/image-count")


def test_instagram_override_images_count_for_instagram_only(workspace):
    workspace.post(
        PATH,
        textwrap.dedent("""
        network: [telegram, instagram]
        time: 2026-12-01 10:00
        overrides:
          instagram:
            images:
              - {src: assets/zerno/square.jpg, alt: Кофе}
    """),
    )
    assert workspace.findings() == []


def test_bluesky_image_over_1_mb_is_an_error_and_nothing_is_resized(workspace):
    path = noise_jpeg(workspace.root / "assets/zerno/noise.jpg", (800, 800))
    size = path.stat().st_size
    assert size > 1_000_000
    (finding,) = _of(
        lint_images(workspace, "bluesky", "assets/zerno/noise.jpg"), "bluesky/image-size"
    )
    assert finding.level == "error"
    assert path.stat().st_size == size  # smm never changes a picture


def test_png_whose_exif_is_cut_short_is_read_as_having_none(workspace):
    """An eXIf chunk of five bytes (its byte order and the start of its offset): Pillow's EXIF
    reader raised struct.error, which the EXIF check did not expect, and every command that
    lints stopped with a traceback. Read whatever Pillow raises on a broken file: no EXIF."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    workspace.image("assets/zerno/exif.png", fmt="PNG")
    png = (workspace.root / "assets/zerno/exif.png").read_bytes()
    at = png.index(b"IDAT") - 4
    (workspace.root / "assets/zerno/exif.png").write_bytes(
        png[:at] + chunk(b"eXIf", b"MM\x00*h") + png[at:]
    )
    assert lint_images(workspace, "telegram", "assets/zerno/exif.png") == []


# --- Threads: what its sandbox (sandbox/threads_media.py) refuses, lint says first ---


def test_threads_tall_side_ratio_over_10_is_reported_as_the_sandbox_refuses_it(workspace):
    """ "aspect ratio ≤10:1" holds both ways: the sandbox refuses a 1:11 picture as a 11:1 one."""
    workspace.image("assets/zerno/tall.jpg", size=(100, 1100))
    (finding,) = _of(
        lint_images(workspace, "threads", "assets/zerno/tall.jpg"), "threads/image-ratio"
    )
    assert finding.level == "warning" and "11.0" in finding.message


def test_threads_side_ratio_of_10_passes(workspace):
    workspace.image("assets/zerno/tall.jpg", size=(100, 1000))
    findings = lint_images(workspace, "threads", "assets/zerno/tall.jpg")
    assert [f for f in findings if f.rule.startswith("threads/")] == []


def test_threads_alt_text_over_1000_characters_is_reported_as_the_sandbox_refuses_it(workspace):
    workspace.image("assets/zerno/ok.jpg")
    findings = lint_images(workspace, "threads", "assets/zerno/ok.jpg", alt="я" * 1001)
    (finding,) = _of(findings, "threads/alt-length")
    assert finding.level == "warning" and "1,001" in finding.message and "1,000" in finding.message
    findings = lint_images(workspace, "threads", "assets/zerno/ok.jpg", alt="я" * 1000)
    assert [f for f in findings if f.rule.startswith("threads/")] == []


@pytest.mark.parametrize(
    ("network", "over", "most", "level", "pixels"),
    [
        # "8000x4200 images are not supported": app/models/concerns/attachmentable.rb
        # MAX_MATRIX_LIMIT, the instance's image_matrix_limit; 7680x4320 is the most it takes
        ("mastodon", (8000, 4200), (7680, 4320), "error", "33,600,000 pixels"),
        # "Images must have less than 36,152,320 pixels" (third-party: a warning)
        ("linkedin", (6016, 6010), (6016, 6009), "warning", "36,156,160 pixels"),
    ],
)
def test_an_image_over_a_networks_pixel_limit_is_flagged_and_one_within_it_is_not(
    workspace, network, over, most, level, pixels
):
    for name, size in (("big.png", over), ("ok.png", most)):
        path = workspace.root / "assets/zerno" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("L", size, 128).save(path, "PNG")
    rule = f"{network}/image-dimensions"
    (finding,) = _of(lint_images(workspace, network, "assets/zerno/big.png"), rule)
    assert finding.level == level and pixels in finding.message
    assert _of(lint_images(workspace, network, "assets/zerno/ok.png"), rule) == []
