"""The lint cache: a post is checked again only when its bytes, its images or the config changed."""

from __future__ import annotations

import os

import pytest

import smm.lint.engine
from conftest import NOW
from smm.lint.engine import lint  # the post cache itself: never the last answer (test_answer.py)

IMG = "assets/zerno/square.jpg"


def _run(workspace, **kwargs):
    kwargs.setdefault("use_cache", True)
    kwargs.setdefault("jobs", 1)
    return lint(workspace.root, now=NOW, **kwargs)


@pytest.fixture
def posts(workspace):
    """Four posts: one with the shared image, one with a problem, one with a past time, one plain."""
    workspace.post(
        "zerno/2026/12/01-img.md",
        f"network: telegram\ntime: 2026-12-01 10:00\nimages:\n  - {{src: {IMG}, alt: Чашка}}",
        "Пост с картинкой про кофе.",
    )
    workspace.post(
        "zerno/2026/12/02-bad.md",
        "network: telegram\ntime: 2026-12-02 10:00\ntiem: x",
        "Пост с опечаткой в ключе.",
    )
    workspace.post(
        "zerno/2026/11/20-past.md",
        "network: telegram\ntime: 2026-11-20 10:00",
        "Пост, который уже прошёл.",
    )
    workspace.post(
        "nordlicht/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00",
        "Ein Beitrag über Kaffee.",
    )
    return workspace


def test_a_warm_run_checks_nothing_and_finds_the_same(posts):
    cold = _run(posts)
    assert (cold.posts, cold.checked) == (4, 4)
    assert {f.rule for f in cold.findings} == {"schema/unknown-key", "time/past"}
    warm = _run(posts)
    assert warm.checked == 0
    assert warm.findings == cold.findings
    assert (posts.root / ".smm-cache" / ".gitignore").read_text() == "*\n"


def test_editing_one_post_checks_only_it(posts):
    _run(posts)
    posts.post(
        "zerno/2026/12/02-bad.md",
        "network: telegram\ntime: 2026-12-02 10:00\ntime2: x",
        "Пост с опечаткой в ключе.",
    )
    result = _run(posts)
    assert result.checked == 1
    assert [f.message for f in result.findings if f.rule == "schema/unknown-key"] == [
        "unknown key 'time2' (did you mean 'time'?)"
    ]


def test_an_edit_of_the_same_size_is_seen(posts):
    path = posts.root / "posts/zerno/2026/12/02-bad.md"
    _run(posts)
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b"tiem", b"teim"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    result = _run(posts)
    assert result.checked == 1
    assert any("'teim'" in f.message for f in result.findings)


def test_an_edit_after_the_walk_is_read_again_by_the_next_run(posts):
    """An entry keeps the stamp the walk saw before the post was read: a post edited between the
    walk and its reading has another stamp at the next run, which reads it again (a stamp taken
    after the read would pair the new stamp with what was read before the edit)."""
    from smm.content.paths import post_paths
    from smm.content.repo import open_repo
    from smm.lint.cache import Cache
    from smm.lint.engine import collect

    rel = "posts/zerno/2026/12/02-bad.md"
    walked = post_paths(posts.root)
    path = posts.root / rel
    path.write_bytes(path.read_bytes().replace(b"tiem", b"teim") + b"\n")
    collect(open_repo(posts.root), jobs=1, walked=walked)
    cache = Cache.open(posts.root, open_repo(posts.root).config_files)
    assert cache.entries[rel].stamp == walked[rel] != (path.stat().st_size, path.stat().st_mtime_ns)
    result = _run(posts)
    assert any("'teim'" in f.message for f in result.findings)


def test_touching_a_post_checks_nothing(posts):
    _run(posts)
    for path in (posts.root / "posts").rglob("*.md"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert _run(posts).checked == 0
    assert _run(posts).checked == 0


def test_changing_an_image_checks_the_posts_that_use_it(posts):
    posts.post(
        "zerno/2026/12/03-img.md",
        f"network: telegram\ntime: 2026-12-03 10:00\nimages: [{IMG}]\n"
        f"overrides:\n  vk: {{images: [assets/zerno/other.jpg]}}",
        "Второй пост с той же картинкой.",
    )
    _run(posts)
    posts.image(IMG, size=(640, 640), fmt="PNG")  # no longer a JPEG under a .jpg name, other size
    assert _run(posts).checked == 2
    # an image that appears makes the post that pointed at a missing one fresh
    posts.image("assets/zerno/other.jpg")
    assert _run(posts).checked == 1


_PROBE = """
import sys
from pathlib import Path
from smm.lint.engine import lint
result = lint(Path(sys.argv[1]), jobs=1)
print(result.checked, sorted(m for m in ("PIL", "multiprocessing") if m in sys.modules))
"""


def _probe(ws) -> str:
    import subprocess
    import sys

    run = [sys.executable, "-c", _PROBE, str(ws.root)]
    return subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip()


def test_an_image_inspected_once_is_known_by_its_bytes_in_later_runs(posts):
    """A changed post whose images are unchanged needs no Pillow (nor worker processes): what
    inspecting them found is in the cache, by their digest. Other bytes under the same name are
    inspected again."""
    assert _probe(posts) == "4 ['PIL']"
    edited = "zerno/2026/12/01-img.md"
    posts.post(
        edited, f"network: telegram\ntime: 2026-12-01 10:00\nimages: [{IMG}]", "Новый текст."
    )
    assert _probe(posts) == "1 []"
    fresh = _run(posts, use_cache=False).findings
    assert _run(posts).findings == fresh
    posts.post(edited, f"network: telegram\ntime: 2026-12-01 10:00\nimages: [{IMG}]", "Ещё текст.")
    posts.write(IMG, b"not an image any more")
    assert _probe(posts) == "1 ['PIL']"
    assert [f.rule for f in _run(posts).findings if f.rule.startswith("image/")] == ["image/format"]


def test_an_image_no_post_names_any_more_leaves_the_whole_file(posts):
    _run(posts)
    assert _cache_file(posts)[1]["image_info"]["src"] == [IMG]
    (posts.root / "posts/zerno/2026/12/01-img.md").unlink()  # a removal writes the whole file
    _run(posts)
    assert _cache_file(posts)[1]["image_info"]["src"] == []


def test_touching_the_images_checks_nothing(posts):
    """A fresh checkout (CI with a restored cache) gives every image a new mtime, same bytes."""
    _run(posts)
    os.utime(posts.root / IMG, ns=(1_000_000_000, 1_000_000_000))
    assert _run(posts).checked == 0


def test_a_broken_image_is_found_again_after_a_warm_run(posts):
    cold = _run(posts)
    posts.write(IMG, b"not an image any more")
    result = _run(posts)
    assert result.checked == 1
    assert [f.rule for f in result.findings if f.rule.startswith("image/")] == ["image/format"]
    assert result.findings != cold.findings


@pytest.mark.parametrize(
    "change",
    [
        lambda ws: ws.brand("zerno", signature="— Зерно"),
        lambda ws: ws.campaign("nordlicht", "winter-sale", budget="2000 EUR"),
        lambda ws: ws.campaign("zerno", "spring", start="2027-03-01", end="2027-05-31"),
    ],
)
def test_changing_a_brand_or_campaign_file_checks_everything(posts, change):
    _run(posts)
    change(posts)
    assert _run(posts).checked == 4
    assert _run(posts).checked == 0


def test_removing_a_campaign_checks_everything_and_reports_it(posts):
    posts.post(
        "zerno/2026/12/04-c.md",
        "network: telegram\ntime: 2026-12-04 10:00\ncampaign: winter",
        "Пост кампании.",
    )
    _run(posts)
    (posts.root / "campaigns/zerno/winter.yaml").unlink()
    result = _run(posts)
    assert result.checked == 5
    assert "schema/campaign" in {f.rule for f in result.findings}


def test_a_new_and_a_deleted_post(posts):
    _run(posts)
    posts.post(
        "zerno/2026/12/05-new.md", "network: telegram\ntime: 2026-12-05 10:00", "Совсем новый пост."
    )
    (posts.root / "posts/zerno/2026/12/02-bad.md").unlink()
    result = _run(posts)
    assert (result.posts, result.checked) == (4, 1)
    assert "schema/unknown-key" not in {f.rule for f in result.findings}


def test_cross_post_rules_use_cached_posts(posts):
    text = "Один и тот же длинный текст про зимний кофе."
    posts.post("zerno/2026/12/06-a.md", "network: telegram\ntime: 2026-12-06 10:00", text)
    _run(posts)
    posts.post("zerno/2026/12/07-b.md", "network: telegram\ntime: 2026-12-07 10:00", text)
    result = _run(posts)
    assert result.checked == 1
    assert [(f.path, f.rule) for f in result.findings if f.rule == "duplicate/text"] == [
        ("posts/zerno/2026/12/07-b.md", "duplicate/text")
    ]


def test_time_past_is_judged_on_every_run_not_cached(posts):
    _run(posts)
    later = lint(posts.root, now=NOW.replace(year=2027), use_cache=True, jobs=1)
    assert later.checked == 0
    assert sum(f.rule == "time/past" for f in later.findings) == 4


def test_use_cache_false_bypasses_it(posts):
    _run(posts)
    assert _run(posts, use_cache=False).checked == 4
    assert _run(posts, use_cache=False).checked == 4


def test_smm_cache_0_bypasses_it(posts, monkeypatch):
    monkeypatch.setenv("SMM_CACHE", "0")
    assert _run(posts).checked == 4
    assert _run(posts).checked == 4
    assert not (posts.root / ".smm-cache").exists()


def test_a_corrupt_cache_is_an_empty_one(posts):
    cold = _run(posts)
    for file in (posts.root / ".smm-cache").iterdir():
        if file.name != ".gitignore":
            file.write_bytes(b"\x00garbage")
    again = _run(posts)
    assert again.checked == 4
    assert again.findings == cold.findings


def test_results_are_equal_with_and_without_the_cache(posts):
    posts.brand("zerno", frequency={"telegram": {"per_day": 1, "min_gap": "3h"}})
    posts.post(
        "zerno/2026/12/01-b.md",
        "network: telegram\ntime: 2026-12-01 10:00",
        "Второй пост в тот же час про кофе.",
    )
    posts.post(
        "zerno/2026/12/01-c.md",
        "network: telegram\ntime: 2026-12-01 11:00",
        "Пост с картинкой про кофе.",
    )
    fresh = _run(posts, use_cache=False)
    assert {"frequency/per-day", "frequency/min-gap", "duplicate/text"} <= {
        f.rule for f in fresh.findings
    }
    _run(posts)
    # edit the first (by path) of the two posts at 10:00: the cache hands the other one over first
    posts.post(
        "zerno/2026/12/01-b.md",
        "network: telegram\ntime: 2026-12-01 10:00",
        "Второй пост в тот же час про кофе!",
    )
    fresh = _run(posts, use_cache=False)
    warm = _run(posts)
    assert warm.checked == 1
    assert warm.findings == fresh.findings
    assert _run(posts).findings == fresh.findings


def test_the_parallel_path_finds_the_same_as_one_process(posts, monkeypatch):
    monkeypatch.setattr(smm.lint.engine, "PARALLEL_MIN", 3)
    for day in range(10, 22):
        posts.post(
            f"zerno/2026/12/{day}-p.md",
            f"network: [telegram, vk]\ntime: 2026-12-{day} 10:00\nimages: [{IMG}]",
            f"Пост номер {day} про кофе и зиму.",
        )
    posts.post(
        "zerno/2026/12/22-dup.md",
        "network: telegram\ntime: 2026-12-22 10:00",
        "Пост номер 10 про кофе и зиму.",
    )
    one = _run(posts, use_cache=False, jobs=1)
    two = _run(posts, use_cache=False, jobs=2)
    assert two.checked == one.checked == 17
    assert two.findings == one.findings
    assert {"duplicate/text", "schema/unknown-key", "time/past"} <= {f.rule for f in two.findings}
    # a cold parallel run fills the cache like a serial one
    assert _run(posts, jobs=2).checked == 17
    assert _run(posts, jobs=2).checked == 0


# --- the cache is data, never code, and never trusted ------------------------------------------

CACHE_NAMES = (
    "lint-v4.pickle",
    "plan-v1.pickle",
    "lint-v5.json",
    "plan-v2.json",
    "plan-v3.json",
    "plan-texts-v3.json",
)


def _planted_pickle(marker) -> bytes:
    """A pickle that creates ``marker`` when it is loaded, as a planted cache file would."""
    import pickle

    class Payload:
        def __reduce__(self):
            return (exec, (f"open({str(marker)!r}, 'w').close()",))

    return pickle.dumps(Payload(), protocol=5)


def _outputs(ws):
    """What lint, plan and publish --dry-run print (run as a person runs them)."""
    runs = [
        ws.smm("lint", "--format", "json"),
        ws.smm("plan", "--format", "json"),
        ws.smm("publish", "--dry-run", "--format", "json"),
    ]
    for run in runs:
        assert "Traceback" not in run.stderr, run.stderr
    return [(run.returncode, run.stdout) for run in runs]


def test_a_planted_pickle_is_never_loaded_and_results_stay_right(posts, tmp_path):
    marker = tmp_path / "pwned"
    expected = _outputs(posts)  # this also leaves a real, warm cache behind
    assert expected[0][0] == 1 and "schema/unknown-key" in expected[0][1]
    for fresh_checkout in (False, True):
        if fresh_checkout:
            import shutil

            shutil.rmtree(posts.root / ".smm-cache")
            (posts.root / ".smm-cache").mkdir()
        for name in CACHE_NAMES:
            (posts.root / ".smm-cache" / name).write_bytes(_planted_pickle(marker))
        assert _outputs(posts) == expected
        assert not marker.exists(), "a cache file was unpickled: it ran code"
        assert _outputs(posts) == expected  # and the cache it wrote instead is good


def _cache_file(ws):
    import json

    path = ws.root / ".smm-cache" / "lint-v5.json"
    return path, json.loads(path.read_text(encoding="utf-8"))


def _whole_file_with_images(ws):
    """A warm run records the images' digests in the changes file; a post removed makes the
    next run write the whole file, images and all."""
    extra = ws.post("zerno/2026/12/09-extra.md", "network: telegram\ntime: 2026-12-09 10:00")
    _run(ws)
    _run(ws)
    extra.unlink()
    _run(ws)
    assert not (ws.root / ".smm-cache" / "lint-v5-changes.json").exists()


def _edit(change):
    def apply(doc):
        change(doc)
        return doc

    return apply


# each turns the cache smm wrote into one it must throw away: bytes, or a JSON value of the right
# key and the wrong shape (a planted file can compute the key: it is a hash of the repository)
BROKEN = {
    "garbage": b"\x00\x93NUMPY garbage",
    "not utf-8": b'{"format": "\xff\xfe"}',
    "truncated": lambda raw: raw[: len(raw) // 2],
    "empty": b"",
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "a 5000-digit number": b'{"format": ' + b"9" * 5000 + b"}",
    "a list": b"[]",
    "no posts": _edit(lambda d: d.pop("paths")),
    "a column too short": _edit(lambda d: d["size"].pop()),
    "a size that is text": _edit(lambda d: d["size"].__setitem__(0, "610")),
    "a size that is true": _edit(lambda d: d["size"].__setitem__(0, True)),
    "a digest that is a number": _edit(lambda d: d["digest"].__setitem__(0, 5)),
    "a time past year 9999": _edit(lambda d: d["facts"]["when"].__setitem__(0, 1e300)),
    "a time that is NaN": _edit(lambda d: d["facts"]["when"].__setitem__(0, float("nan"))),
    "a budget that is not a number": _edit(
        lambda d: d["facts"]["amount"].__setitem__(0, "Infinity")
    ),
    "a networks index out of range": _edit(lambda d: d["facts"]["networks"].__setitem__(0, 99)),
    "a negative networks index": _edit(lambda d: d["facts"]["networks"].__setitem__(0, -1)),
    "a finding with a bad level": _edit(
        lambda d: d["findings"].append([0, [["p", 1, 1, "fatal", "r", "m"]]])
    ),
    "a finding too short": _edit(lambda d: d["findings"].append([0, [["p", 1, 1, "error", "r"]]])),
    "a finding of another post": _edit(lambda d: d["findings"].append([10**6, []])),
    "states not in pairs": _edit(lambda d: d["facts"]["states"].append([0, ["telegram"]])),
    "changes not in pairs": _edit(lambda d: d["facts"]["changes"].append([0, ["vk"]])),
    "ignores not in triples": _edit(lambda d: d["facts"]["ignores"].append([0, ["vk/", 1]])),
    "an ignore at a line that is text": _edit(
        lambda d: d["facts"]["ignores"].append([0, ["vk/", "1", 1]])
    ),
    "a deal due that is no date": _edit(
        lambda d: d["facts"]["deals"].append([0, ["2026-02-30", 1, 1, False]])
    ),
    "a deal of the wrong shape": _edit(lambda d: d["facts"]["deals"].append([0, [None, 1, 1, 0]])),
    "an image index out of range": _edit(lambda d: d["image_refs"][0].append(10**6)),
    "a negative image index": _edit(lambda d: d["image_refs"][0].append(-1)),
    "an image index that is text": _edit(lambda d: d["image_refs"][0].append("0")),
    "an image table column too short": _edit(lambda d: d["image_table"]["digest"].append(None)),
    "cross findings that are text": _edit(lambda d: d.__setitem__("cross", "none")),
    "cross findings in a list, not by brand": _edit(lambda d: d.__setitem__("cross", [])),
    "a brand's cross findings too short": _edit(
        lambda d: d["cross"].__setitem__("zerno", [["p", 1, 1, "error", "r"]])
    ),
    "an image stamp that is a list": _edit(lambda d: d["images"]["size"].__setitem__(0, [1])),
    "no image inspections": _edit(lambda d: d.pop("image_info")),
    "an image width that is negative": _edit(lambda d: d["image_info"]["width"].__setitem__(0, -1)),
    "an image's GPS that is 1": _edit(lambda d: d["image_info"]["gps"].__setitem__(0, 1)),
    "an image problem without its message": _edit(
        lambda d: d["image_info"]["rule"].__setitem__(0, "image/format")
    ),
    "an image inspection column too short": _edit(lambda d: d["image_info"]["format"].pop()),
    "a path twice": _edit(
        lambda d: (
            [d[c].append(d[c][0]) for c in ("paths", "size", "mtime", "digest", "image_refs")]
            + [
                d["facts"][c].append(d["facts"][c][0])
                for c in d["facts"]
                if c not in ("states", "ignores", "deals", "changes")
            ]
        )
    ),
}


@pytest.mark.parametrize("how", list(BROKEN))
def test_a_cache_that_does_not_fit_is_thrown_away_and_rebuilt(posts, how):
    import json
    import math

    fresh = _run(posts, use_cache=False)
    _whole_file_with_images(posts)
    path, doc = _cache_file(posts)
    assert doc["images"]["src"] == [IMG]
    broken = BROKEN[how]
    if isinstance(broken, bytes):
        data = broken
    elif how == "truncated":
        data = broken(path.read_bytes())
    else:
        data = json.dumps(broken(doc), allow_nan=True).encode()
        assert "NaN" in data.decode() or not any(
            isinstance(w, float) and math.isnan(w) for w in doc["facts"]["when"]
        )
    path.write_bytes(data)
    again = _run(posts)
    assert again.checked == 4, "the broken cache was used"
    assert again.findings == fresh.findings
    assert _run(posts).checked == 0  # the run wrote a good cache back


def test_the_cache_file_keeps_the_shape_the_code_checks(posts):
    """The same facts, findings and image digests come back from the file as went in."""
    from smm.content.repo import open_repo
    from smm.lint.cache import Cache

    posts.post(
        "zerno/2026/12/09-pub.md",
        "network: [telegram, vk]\ntime: 2026-12-09 10:00\nbudget: 12.50 RUB\n"
        "campaign: winter\npublished:\n  telegram: {state: published, id: '1', url: 'https://t.me/zerno/1'}",
    )
    _run(posts)
    _run(posts)  # the warm run records the images' digests too
    repo = open_repo(posts.root)
    written = Cache.open(posts.root, repo.config_files)
    assert len(written.entries) == 5 and set(written.cross) == {"zerno", "nordlicht"}
    assert written.images
    pub = written.entries["posts/zerno/2026/12/09-pub.md"]
    assert pub.facts[3] == ("telegram", "vk") and pub.facts[6] == ("12.50", "RUB")
    assert pub.facts[9] == (("telegram", "published"),)
    bad = written.entries["posts/zerno/2026/12/02-bad.md"]
    assert [row[4] for row in bad.findings] == ["schema/unknown-key"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "folder"])
def test_a_cache_file_that_is_not_a_regular_file_is_ignored(posts, kind):
    fresh = _run(posts, use_cache=False)
    _run(posts)
    path = posts.root / ".smm-cache" / "lint-v5.json"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would wait for a writer forever
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")  # reading it would never end
    again = _run(posts)
    assert again.checked == 4 and again.findings == fresh.findings


def test_the_cache_never_writes_through_a_planted_symlink(posts, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = posts.root / ".smm-cache"
    folder.mkdir()
    (folder / ".gitignore").symlink_to(victim)
    (folder / "lint-v5.json").symlink_to(victim)
    _run(posts)
    assert victim.read_text() == "keep me\n"
    assert not (folder / ".gitignore").is_symlink() and (folder / ".gitignore").read_text() == "*\n"
    assert _run(posts).checked == 0
    # a cache folder that is itself a link elsewhere is not used at all
    import shutil

    shutil.rmtree(folder)
    folder.symlink_to(elsewhere)
    assert _run(posts).checked == 4
    assert list(elsewhere.iterdir()) == []


def test_a_post_whose_name_is_not_utf8_is_cached(posts):
    name = os.fsdecode(b"posts/zerno/2026/12/05-caf\xe9.md")
    (posts.root / name).write_bytes((posts.root / "posts/zerno/2026/12/02-bad.md").read_bytes())
    first = _run(posts)
    assert first.posts == 5
    second = _run(posts)
    assert second.checked == 0 and second.findings == first.findings


def _changes_file(ws):
    return ws.root / ".smm-cache" / "lint-v5-changes.json"


def test_a_few_changed_posts_are_written_apart_from_the_whole_file(posts):
    _run(posts)
    whole = _cache_file(posts)[0].read_bytes()
    posts.post("zerno/2026/12/02-bad.md", "network: telegram\ntime: 2026-12-02 10:00\ntime2: x")
    assert _run(posts).checked == 1
    assert _cache_file(posts)[0].read_bytes() == whole  # 10,000 posts: 5 written, not 10,000
    assert _changes_file(posts).exists()
    again = _run(posts)
    assert again.checked == 0
    assert again.findings == _run(posts, use_cache=False).findings


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.write_text("{garbage"), id="garbage"),
        pytest.param(lambda path: path.unlink(), id="lost"),
        pytest.param(
            lambda path: path.write_text(path.read_text().replace('"base":"', '"base":"x')),
            id="another whole file's",
        ),
    ],
)
def test_a_changes_file_that_does_not_apply_leaves_the_whole_file_to_answer(posts, spoil):
    _run(posts)
    path = posts.root / "posts/zerno/2026/12/02-bad.md"
    path.write_text(path.read_text().replace("tiem", "teim"))
    _run(posts)
    spoil(_changes_file(posts))
    again = _run(posts)
    assert again.checked == 1  # the whole file's entry no longer fits the post: checked again
    assert again.findings == _run(posts, use_cache=False).findings


def test_many_changes_or_a_removed_post_write_the_whole_file_again(posts, monkeypatch):
    import smm.lint.cache

    _run(posts)
    monkeypatch.setattr(smm.lint.cache, "_CHANGES_MIN", 1)
    for name in ("02-bad", "01-img"):
        path = posts.root / f"posts/zerno/2026/12/{name}.md"
        path.write_text(path.read_text() + "\nЕщё строка.\n")
    _run(posts)  # two changed of four: past max(1, 4 // 20)
    assert not _changes_file(posts).exists()
    assert _run(posts).checked == 0
    posts.post("zerno/2026/12/03-new.md", "network: telegram\ntime: 2026-12-03 10:00")
    _run(posts)
    assert _changes_file(posts).exists()  # one new post: written apart
    (posts.root / "posts/zerno/2026/12/03-new.md").unlink()
    result = _run(posts)
    assert not _changes_file(posts).exists()  # a removal is only said by a whole file
    assert result.findings == _run(posts, use_cache=False).findings


def test_a_run_leaves_nothing_frozen_out_of_the_collector(posts):
    """The cache's and the checks' objects are frozen out of the collector's passes for the
    run (gc.freeze) and given back after it: a process that lints again and again leaks none."""
    import gc

    gc.unfreeze()
    _run(posts)
    _run(posts)  # a warm run reads the cache
    assert gc.get_freeze_count() == 0


def test_a_changed_post_works_out_again_the_cross_post_findings_of_its_brand_alone(posts):
    """Every cross-post rule compares the posts of one brand: a brand none of whose posts changed
    keeps the findings the cache holds for it (a finding planted in the cache file shows it), the
    brand that changed gets those of a run without the cache."""
    import json

    text = "Один и тот же текст про кофе, чтобы его заметили дважды."
    posts.post("zerno/2026/12/05-a.md", "network: telegram\ntime: 2026-12-05 10:00", text)
    _whole_file_with_images(posts)
    path, doc = _cache_file(posts)
    assert set(doc["cross"]) == {"zerno", "nordlicht"}
    planted = ["posts/nordlicht/2026/12/01-a.md", 1, 1, "warning", "duplicate/text", "planted"]
    doc["cross"]["nordlicht"] = [planted]
    path.write_text(json.dumps(doc), encoding="utf-8")

    posts.post("zerno/2026/12/06-b.md", "network: telegram\ntime: 2026-12-06 10:00", text)
    result = _run(posts)
    assert result.checked == 1
    fresh = _run(posts, use_cache=False).findings
    assert "posts/zerno/2026/12/06-b.md" in {f.path for f in fresh if f.rule == "duplicate/text"}
    assert [f for f in result.findings if f.message != "planted"] == fresh
    assert [f.path for f in result.findings if f.message == "planted"] == [planted[0]]

    posts.post("nordlicht/2026/12/02-b.md", "network: telegram\ntime: 2026-12-02 10:00", "Neu.")
    again = _run(posts)
    assert again.findings == _run(posts, use_cache=False).findings  # the planted one is gone


# --- a whole file written by a fork (lint/cachebehind.py) ---------------------------------------


def _whole_doc(ws) -> dict:
    _, doc = _cache_file(ws)
    doc.pop("id")  # a new one for each whole file
    return doc


def _open_cache(ws):
    from smm.content.repo import open_repo
    from smm.lint.cache import Cache

    return Cache.open(ws.root, open_repo(ws.root).config_files)


def test_a_whole_file_a_fork_writes_is_the_one_this_process_writes(posts, monkeypatch):
    import smm.lint.cache

    posts.post(  # a second text like 02-bad's: a cross-post finding for the file to keep
        "zerno/2026/12/03-dup.md",
        "network: telegram\ntime: 2026-12-03 10:00",
        "Пост с опечаткой в ключе.",
    )
    monkeypatch.setattr(smm.lint.cache, "BEHIND_MIN", 10**9)
    here = _run(posts)
    in_process = _whole_doc(posts)
    assert in_process["cross"]["zerno"]
    monkeypatch.setattr(smm.lint.cache, "BEHIND_MIN", 1)
    _cache_file(posts)[0].unlink()
    forked = _run(posts)  # lint() returns once the fork has written the file
    assert forked.findings == here.findings
    assert _whole_doc(posts) == in_process
    assert _run(posts).checked == 0


def test_a_fork_that_is_not_told_to_write_writes_nothing(posts, monkeypatch):
    import smm.lint.cache
    from smm.lint.cache import wait_for_writes

    _run(posts)
    before = _cache_file(posts)[0].read_bytes()
    monkeypatch.setattr(smm.lint.cache, "BEHIND_MIN", 1)
    cache = _open_cache(posts)
    cache.dirty = cache.whole = True
    cache.write_behind()
    assert cache._behind is not None
    wait_for_writes()  # this process failed before the cross-post rules were done
    assert _cache_file(posts)[0].read_bytes() == before


def test_an_entry_stored_after_the_fork_is_written_by_this_process(posts, monkeypatch):
    import smm.lint.cache
    from smm.lint.cache import wait_for_writes

    _run(posts)
    monkeypatch.setattr(smm.lint.cache, "BEHIND_MIN", 1)
    cache = _open_cache(posts)
    cache.dirty = cache.whole = True
    cache.write_behind()
    path, entry = next(iter(cache.entries.items()))
    cache.store("posts/zerno/2026/12/09-copy.md", entry)  # not in what the fork encodes
    cache.save()
    wait_for_writes()
    assert "posts/zerno/2026/12/09-copy.md" in _open_cache(posts).entries
    assert path in _open_cache(posts).entries
