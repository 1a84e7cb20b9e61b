"""tools/fuzz/fuzz_content.py: generated post, brand and campaign files through lint, preview,
plan, report and review, in-process and as real processes. A short run with a fixed seed must
find no traceback and no hang; the fuzzer itself is deterministic by seed, reports a hang and
goes on, and names each fault by its exception type and innermost smm frame."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT

FUZZ = PROJECT / "tools/fuzz"
#: The seed of the in-suite run; the long run's command is in docs/testing.md#fuzzing.
SEED = 20261128


@pytest.fixture(scope="module")
def fuzz_modules():
    sys.path.insert(0, str(FUZZ))
    try:
        yield importlib.import_module("generate"), importlib.import_module("harness")
    finally:
        sys.path.remove(str(FUZZ))


def fuzz(
    *args: str, out: Path, timeout: float = 900
) -> tuple[subprocess.CompletedProcess[str], dict]:
    proc = subprocess.run(
        [sys.executable, str(FUZZ / "fuzz_content.py"), "--out", str(out), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    summary_file = out / "summary.json"
    assert summary_file.is_file(), proc.stdout + proc.stderr
    return proc, json.loads(summary_file.read_text(encoding="utf-8"))


def test_150_generated_files_cause_no_traceback_and_no_hang(tmp_path: Path):
    """The bar for every command on any input: a finding or one `smm: ...` line. (A command gets
    20 s here, twice the fuzzer's default, so a loaded CI machine is not taken for a hang.)"""
    proc, summary = fuzz(
        "--files",
        "150",
        "--seed",
        str(SEED),
        "--jobs",
        "2",
        "--cli-every",
        "75",
        "--timeout",
        "20",
        out=tmp_path,
    )
    assert summary["files"] == 150 == sum(summary["kinds"].values())
    assert set(summary["kinds"]) == {"post", "brand", "campaign", "image"}
    found = "\n".join(
        f"{s['files']} files: {s['kind']} {s['signature']} [{', '.join(s['commands'])}] "
        f"(replay: python tools/fuzz/fuzz_content.py --seed {SEED} --case {s['cases'][0]})"
        for s in summary["signatures"]
    )
    assert (summary["tracebacks"], summary["hangs"], summary["bad_output"]) == (0, 0, 0), found
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_generation_is_deterministic_by_seed_and_varied(fuzz_modules):
    generate, _ = fuzz_modules
    first = [generate.case(SEED, i) for i in range(300)]
    assert first == [generate.case(SEED, i) for i in range(300)], (
        "the same seed and index give the same file"
    )
    assert [c.data for c in first] != [generate.case(SEED + 1, i).data for i in range(300)]
    assert {c.kind for c in first} == {"post", "brand", "campaign", "image"}
    data = [c.data for c in first]
    # the departures from the schema the generator is for, each met within 300 files
    for what, test in {
        "a duplicate key": lambda d: any(
            d.count(b"\n" + k + b":") > 1
            for k in (
                b"time",
                b"network",
                b"name",
                b"title",
                b"budget",
                b"start",
                b"end",
                b"timezone",
            )
        ),
        "an alias": lambda d: b": *a1" in d or b"*b" in d,
        "a number past Python's 4,300 digits": lambda d: b"9" * 4301 in d,
        ".nan or .inf": lambda d: b".nan" in d or b".inf" in d,
        "bytes that are not UTF-8": lambda d: not _utf8(d),
        "a control character": lambda d: any(ch in d for ch in (b"\\x01", b"\\e", b"\x1b", b"\\0")),
        "a wrong type": lambda d: b": []" in d or b": {}" in d or b": null" in d,
        "an odd date": lambda d: b"9999-12-31" in d or b"0001-01-01" in d,
    }.items():
        assert any(test(d) for d in data), what


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_a_command_over_the_time_limit_is_a_hang_and_the_run_goes_on(tmp_path: Path):
    """With a time limit no command can meet, every file hangs, each is reported with the place
    it was (from the worker's stack dump), and the run still finishes every file."""
    proc, summary = fuzz(
        "--files",
        "3",
        "--seed",
        str(SEED),
        "--jobs",
        "1",
        "--timeout",
        "0.001",
        "--cli-every",
        "0",
        out=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 1
    assert summary["files"] == 3 and summary["hangs"] >= 3
    hangs = [s for s in summary["signatures"] if s["kind"] == "hang"]
    assert hangs and all(s["signature"].startswith("hang in ") for s in hangs)
    folder = tmp_path / "failures"
    written = sorted(p.name for p in folder.rglob("case-*"))
    assert written and any(n.endswith(".txt") for n in written), written


def test_a_signature_is_the_exception_type_and_the_innermost_smm_frame(
    fuzz_modules, tmp_path: Path
):
    _, harness = fuzz_modules
    package = tmp_path / "smm" / "content"
    package.mkdir(parents=True)
    (package / "boom.py").write_text(
        "def inner(x):\n    return 1 / x\n\ndef outer():\n    return inner(0)\n"
    )
    sys.path.insert(0, str(tmp_path / "smm"))
    try:
        boom = importlib.import_module("content.boom")
        with pytest.raises(ZeroDivisionError) as caught:
            boom.outer()
    finally:
        sys.path.remove(str(tmp_path / "smm"))
        for name in ("content.boom", "content"):
            sys.modules.pop(name, None)
    assert harness.signature(caught.value) == "ZeroDivisionError in content/boom.py:inner"
    printed = (
        'Traceback (most recent call last):\n  File "/x/tools/smm/cli.py", line 3, in main\n    lint()\n'
        '  File "/x/tools/smm/lint/engine.py", line 9, in collect\n    f()\n'
        '  File "/usr/lib/python3/yaml/constructor.py", line 5, in construct\n    int(v)\n'
        "ValueError: Exceeds the limit (4300 digits)\n"
    )
    assert harness.signature_of_text(printed) == "ValueError in lint/engine.py:collect"
    chained = (
        printed + "\nDuring handling of the above exception, another exception occurred:\n\n"
        'Traceback (most recent call last):\n  File "/x/tools/smm/report/campaigns.py", line 7, in money\n'
        "    q()\ndecimal.InvalidOperation: [<class 'decimal.InvalidOperation'>]\n"
    )
    assert harness.signature_of_text(chained) == "InvalidOperation in report/campaigns.py:money"
    dumped = (
        "Timeout (0:00:10)!\nThread 0x1 (most recent call first):\n"
        '  File "/x/tools/smm/networks/markdown_text.py", line 40 in _inline\n'
        '  File "/x/tools/smm/networks/markdown_text.py", line 80 in render\n'
        '  File "/x/tools/fuzz/harness.py", line 150 in preview\n'
    )
    assert harness.signature_of_text(dumped) == "networks/markdown_text.py:_inline"


def test_replay_runs_one_case_in_the_foreground():
    proc = subprocess.run(
        [sys.executable, str(FUZZ / "fuzz_content.py"), "--seed", str(SEED), "--case", "1"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (
        proc.stdout.startswith("case 1 (")
        and "  review ..." in proc.stdout
        and "  cli lint ..." in proc.stdout
    )
    assert "Traceback" not in proc.stderr


def test_the_site_check_finds_each_kind_of_broken_page(tmp_path: Path):
    """tools/fuzz/sitecheck.py, on pages broken each way it looks for: so the fuzzer's "no broken
    page" is not a check that passes whatever the site writes."""
    sys.path.insert(0, str(FUZZ))
    try:
        sitecheck = importlib.import_module("sitecheck")
    finally:
        sys.path.remove(str(FUZZ))
    whole = '<!doctype html><html><head><script src="static/filter.js"></script></head><body>{}</body></html>'
    (tmp_path / "static").mkdir()
    (tmp_path / "static/filter.js").write_text("", encoding="utf-8")
    broken = {
        "script": "<p><script>alert(1)</script></p>",
        "handler": '<img src="static/filter.js" onerror="x">',
        "javascript": '<a href="javascript:alert(1)">x</a>',
        "unbalanced": "<div><span></div>",
        "control": "a\x00b",
        "dead link": '<a href="posts/gone.html">x</a>',
        "nan": '<svg><rect x="nan" y="0"/></svg>',
        "frame": '<iframe src="https://x.example/"></iframe>',
    }
    for name, body in {"fine": "<p>ok <a href='static/filter.js'>js</a></p>", **broken}.items():
        (tmp_path / f"{name}.html").write_text(whole.format(body), encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "cut.html").write_text(whole.format("")[:-8], encoding="utf-8")
    found = {line.split(".html:", 1)[0] for line in sitecheck.site_problems(tmp_path)}
    assert found == set(broken) | {"empty", "cut"}
