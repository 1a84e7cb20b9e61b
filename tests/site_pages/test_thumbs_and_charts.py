"""Thumbnails as the networks show the picture (turned as its EXIF says, transparency on white),
and the SVG charts of a campaign and a post: labels inside the box, a goal beaten not drawn as an
overspend, a colour for each series."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest
from PIL import Image

from smm.site import charts
from smm.site.thumbs import thumbnail


def _turned(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


@pytest.mark.parametrize(
    ("orientation", "size"), [(1, (200, 100)), (3, (200, 100)), (6, (100, 200)), (8, (100, 200))]
)
def test_a_thumbnail_is_upright_as_its_exif_says(tmp_path, orientation, size):
    picture = Image.new("RGB", (200, 100), "blue")
    picture.paste((255, 0, 0), (0, 0, 20, 100))  # a red band on the stored left edge
    picture.save(tmp_path / "phone.jpg", exif=_turned(orientation))
    thumb = thumbnail(tmp_path, tmp_path / "site", "phone.jpg")
    assert thumb is not None and (thumb.width, thumb.height) == size
    with Image.open(tmp_path / "site" / thumb.src) as made:
        assert made.size == size
        red = [made.getpixel(xy)[0] > 200 for xy in ((5, 5), (size[0] - 5, size[1] - 5))]
    assert sum(red) == 1  # the band is on one side, where the turn put it


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_parts_of_a_thumbnail_are_white_not_black(tmp_path, mode):
    clear = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
    clear.paste((10, 10, 10, 255), (20, 20, 40, 40))  # a dark logo on nothing
    if mode == "P":  # a palette whose first colour is the transparent one
        clear.convert("P", palette=Image.Palette.ADAPTIVE).save(
            tmp_path / "logo.png", transparency=0
        )
    else:
        clear.convert(mode).save(tmp_path / "logo.png")
    thumb = thumbnail(tmp_path, tmp_path / "site", "logo.png")
    assert thumb is not None
    with Image.open(tmp_path / "site" / thumb.src) as made:
        assert min(made.convert("RGB").getpixel((2, 2))) > 240  # white around
        assert max(made.convert("RGB").getpixel((30, 30))) < 60  # the logo stays dark


@pytest.mark.parametrize(("mode", "value"), [("I;16", 30000), ("I", 30000), ("I", 117)])
def test_a_deep_grey_picture_is_its_grey_not_white(tmp_path, mode, value):
    """A 16-bit PNG (and a 32-bit grey TIFF) keeps its grey: 30000 of 65535 is 117 of 255."""
    Image.new(mode, (120, 120), value).save(
        tmp_path / "deep.png" if mode == "I;16" else tmp_path / "deep.tif"
    )
    name = "deep.png" if mode == "I;16" else "deep.tif"
    thumb = thumbnail(tmp_path, tmp_path / "site", name)
    assert thumb is not None
    with Image.open(tmp_path / "site" / thumb.src) as made:
        assert all(abs(c - 117) <= 2 for c in made.convert("RGB").getpixel((60, 60)))


def _xs(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<text x="([\d.]+)"', svg)]


def test_many_weeks_of_bars_keep_every_label_inside_and_apart():
    weeks = [f"W{n:02}" for n in range(1, 28)]
    values = [1234.56 * n for n in range(27)]
    svg = charts.bars("spend", weeks, values, [f"{v:,.2f}" for v in values])
    assert 'class="v"' not in svg  # no room over 27 bars: the table beside has the values
    xs = _xs(svg)
    assert 5 <= len(xs) < 27 and all(0 < x < charts.WIDTH for x in xs)
    assert min(b - a for a, b in itertools.pairwise(xs)) >= 3 * charts.CHAR_PX + charts.GAP_PX


def test_labels_kept_inside_never_run_into_their_neighbours():
    """The first label, moved right to stay inside the chart, must not reach the next one."""
    weeks = [f"26-W{n}" for n in range(49, 54)] + [f"27-W{n:02}" for n in range(1, 21)]
    svg = charts.bars("spend", weeks, [1] * len(weeks), ["1.00"] * len(weeks))
    shown = re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="l">([^<]+)<', svg)
    spans = sorted(
        (float(x) - len(t) * charts.CHAR_PX / 2, float(x) + len(t) * charts.CHAR_PX / 2)
        for x, t in shown
    )
    assert len(spans) >= 4 and spans[0][0] >= 0 and spans[-1][1] <= charts.WIDTH
    assert all(a[1] + charts.GAP_PX <= b[0] for a, b in itertools.pairwise(spans))


def test_a_few_bars_show_their_values_inside_the_box():
    svg = charts.bars("spend", ["W01", "W02"], [12345678, 1], ["12 345 678.00", "1.00"])
    values = re.findall(r'<text x="([\d.]+)"[^>]*class="v">([^<]+)<', svg)
    assert len(values) == 2
    for x, text in values:
        half = len(text) * charts.CHAR_PX / 2
        assert float(x) - half >= charts.PAD and float(x) + half <= charts.WIDTH - charts.PAD


def test_a_goal_beaten_is_drawn_as_met_and_a_budget_overspent_as_over():
    assert 'class="progress met"' in charts.progress("goal reach", Decimal("1.5"), goal=True)
    assert 'class="progress"' in charts.progress("goal reach", Decimal("0.5"), goal=True)
    assert 'class="progress over"' in charts.progress("budget", Decimal("1.5"))
    assert 'class="progress"' in charts.progress("budget", Decimal("1"))


def test_a_line_chart_gives_each_series_its_colour_and_keeps_the_legend_above_the_lines():
    keys = ["reach", "views", "likes", "comments", "shares"]
    labels = ["01.12 11:40", "02.12 11:40", "08.12 11:40"]
    svg = charts.line("vk", labels, {k: [1, 50, 900] for k in keys})
    assert sorted(set(re.findall(r'<polyline class="(s\d)"', svg))) == [
        "s0",
        "s1",
        "s2",
        "s3",
        "s4",
    ]
    # the legend in rows of its own, each entry clear of the highest point and its marker
    legend_y = {float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)" class="k', svg)}
    plot = re.sub(r'<g class="key">.*?</g>', "", svg)
    top_point = min(float(y) for y in re.findall(r'(?:cy="|,)([\d.]+)', plot))
    assert legend_y and max(legend_y) < top_point - max(charts.MARKER_R)
    label_x = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="l"', svg)]
    assert label_x and all(
        x + len(labels[-1]) * charts.CHAR_PX / 2 <= charts.WIDTH for x in label_x
    )


def test_readings_are_placed_by_their_time_and_labels_never_touch():
    hour, day = 3600.0, 86400.0
    times = [0.0, hour, day, 7 * day]
    labels = ["01.12 11:40", "01.12 12:40", "02.12 11:40", "08.12 11:40"]
    svg = charts.line("vk", labels, {"views": [1, 2, 3, 4]}, times)
    xs = [float(x) for x in re.findall(r'<circle class="s0" cx="([\d.]+)"', svg)]
    assert (xs[1] - xs[0]) < (xs[2] - xs[1]) < (xs[3] - xs[2])  # an hour, a day, six days
    shown = re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="l">([^<]+)<', svg)
    assert "08.12 11:40" in [text for _, text in shown]  # the latest is always labelled
    centres = sorted(float(x) for x, _ in shown)
    assert all(b - a >= len(labels[0]) * charts.CHAR_PX for a, b in itertools.pairwise(centres))


def test_a_post_chart_draws_each_figure_to_its_own_scale():
    """40 likes beside 12,000 views: on one scale the likes are a line along the bottom."""
    series = {"views": [1_000, 12_000], "likes": [4, 40]}
    tops = {}
    for own in (False, True):
        svg = charts.line("vk", ["01.12", "02.12"], series, own_scales=own)
        ys = {
            s: [float(y) for y in re.findall(r"[\d.]+,([\d.]+)", points)]
            for s, points in re.findall(r'<polyline class="(s\d)" points="([^"]+)"', svg)
        }
        tops[own] = (ys["s0"][-1], ys["s1"][-1])
    assert tops[True][0] == tops[True][1]  # each reaches the top at its highest
    assert tops[False][1] - tops[False][0] > 50  # shared: the likes far below
