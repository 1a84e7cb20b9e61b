"""networks/markdown_bounds.py: a body that nests too deep or would take the parser too long is
not parsed. It renders as written (escaped), lint reports `body/too-complex` where it goes over,
and nothing recurses past Python's stack or runs for minutes.

Each reproducer runs in a subprocess with a 20 s timeout: a hang guard only (with the bounds each
takes well under a second; without them, 30,000 nested brackets took about two minutes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import NOW
from smm.networks import markdown_bounds as bounds
from smm.networks.markdown_text import markdown_problem, render_body

HANG_GUARD_S = 20

# name -> a Python expression for the body: the reproducers, then the same faults in other shapes
REPRODUCERS = {
    "stars": "'*' * 1000 + 'x' + '*' * 1000",
    "lists-250-deep": "''.join('    ' * i + '- x\\n' for i in range(250))",
    "brackets-30000-nested": "'[' * 30000 + 'x' + ']' * 30000",
    "newlines-900000": "'\\n' * 900000 + 'x'",
    "emphasis-alternating": "'*a **b ' * 400 + 'x' + ' c** d*' * 400",
    "list-markers-on-one-line": "'- ' * 5000 + 'x'",
    "ordered-markers-on-one-line": "'1. ' * 5000 + 'x'",
    "quote-stairs": "''.join('>' * i + ' x\\n' for i in range(1400))",
    "open-brackets": "'[' * 20000",
    "open-image-brackets": "'![' * 10000",
    "open-link-targets": "'[a](' * 5000",
    "setext-headings": "'a\\n=\\n' * 10000",
    "rules": "'a\\n---\\n' * 10000",
    "angle-brackets": "'<a' * 40000",
    "paragraphs": "'a\\n\\n' * 30000",
}


def run_isolated(code: str) -> dict:
    """Run ``code`` (which prints one JSON line) in a fresh interpreter, with the hang guard."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", REPRODUCERS)
def test_a_reproducer_is_refused_and_renders_as_written(name):
    got = run_isolated(f"""
        import json
        from smm.networks.markdown_text import markdown_problem, render_body
        source = {REPRODUCERS[name]}
        body = render_body(source)
        print(json.dumps({{"problem": markdown_problem(source),
                          "visible": body.visible == source.strip("\\n")[:{bounds.MAX_CHARS}],
                          "escaped": "<" not in body.telegram_html}}))
    """)
    assert got["problem"] is not None, f"{name} was parsed"
    assert got["visible"] and got["escaped"]


def test_a_refused_body_is_cut_at_the_bound_so_what_follows_stays_bounded():
    # X's length is counted at about 10 µs a character: 9 s for a 1 MiB post, if it were passed on whole
    source = "кофе и чай " * 90_000
    body = render_body(source)
    assert markdown_problem(source) is not None
    assert (
        body.visible == source[: bounds.MAX_CHARS]
        and len(body.telegram_html) < 2 * bounds.MAX_CHARS
    )


def test_within_the_bounds_rendering_needs_a_fraction_of_pythons_stack():
    # the deepest bodies the bounds let through, rendered 600 frames down: no RecursionError
    got = run_isolated("""
        import json
        from smm.networks import markdown_bounds as b
        from smm.networks.markdown_text import markdown_problem, render_body
        deepest = {
            "lists": "".join("    " * i + "- x\\n" for i in range(b.MAX_DEPTH)),
            "quotes": ">" * b.MAX_DEPTH + " x",
            "markers": "- " * b.MAX_DEPTH + "x",
            "emphasis": max((("*" * k + "x" + "*" * k) for k in range(1, 200)
                             if markdown_problem("*" * k + "x" + "*" * k) is None), key=len),
        }
        def down(n, source):
            return down(n - 1, source) if n else render_body(source)
        print(json.dumps({name: [markdown_problem(s), len(down(600, s).visible) > 0] for name, s in deepest.items()}))
    """)
    assert got == {name: [None, True] for name in ("lists", "quotes", "markers", "emphasis")}


def test_a_long_real_post_is_far_within_every_bound():
    # about 60,000 characters (Facebook's limit): paragraphs, bold, links, lists, a quote, a code span
    paragraph = (
        "Зимнее меню в «Зерне»: **латте с корицей**, _пряный раф_ и [облепиховый чай](https://zerno.example/"
        "menu?utm_source=x&utm_medium=y). Заходите в `12:00`! "
    )
    blocks = []
    for n in range(90):
        blocks.append(paragraph * 3)
        blocks.append(
            "\n".join(
                f"- пункт {i}: **{i}** [ссылка](https://zerno.example/{n}/{i})" for i in range(4)
            )
        )
    blocks.append("> цитата\n> > вложенная")
    body = "\n\n".join(blocks)
    assert 55_000 < len(body) < bounds.MAX_CHARS
    assert markdown_problem(body) is None
    assert "латте с корицей" in render_body(body).visible


@pytest.mark.parametrize(
    "body, offset",
    [
        ("x" * (bounds.MAX_CHARS + 1), 0),
        ("Первый абзац.\n\n" + "".join("    " * i + "- x\n" for i in range(30)), None),
    ],
)
def test_the_problem_says_where(body, offset):
    where, why = markdown_problem(body)
    if offset is None:  # the first line nested deeper than MAX_DEPTH
        offset = body.index("    " * bounds.MAX_DEPTH + "- x")
        assert "nested" in why
    assert where == offset


# --- lint: body/too-complex -------------------------------------------------------------------------


def lint(ws) -> tuple[int, list[list[str]]]:
    result = subprocess.run(
        [sys.executable, "-m", "smm", "lint", "--format", "json"],
        cwd=ws.root,
        capture_output=True,
        text=True,
        env={**os.environ, "SMM_NOW": NOW.isoformat()},
        timeout=HANG_GUARD_S,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.mark.parametrize(
    "name, line",
    [
        ("stars", 5),  # nesting found after the parse: reported at the body's first line
        ("lists-30-deep", 5 + bounds.MAX_DEPTH),  # the first line nested deeper than MAX_DEPTH
        ("brackets-30000-nested", 5),
        ("newlines-900000", 5),
    ],
)
def test_lint_reports_a_reproducer_at_its_line(workspace, name, line):
    lists = "".join("    " * i + "- x\n" for i in range(30))
    body = lists if name == "lists-30-deep" else eval(REPRODUCERS[name])
    workspace.post("zerno/2026/12/01-a.md", "network: telegram\ntime: 2026-12-01 10:00", body)
    code, found = lint(workspace)
    (finding,) = [f for f in found if f["rule"] == "body/too-complex"]
    assert code == 1 and finding["level"] == "error"
    assert (finding["path"], finding["line"]) == ("posts/zerno/2026/12/01-a.md", line)


def test_an_override_text_is_reported_at_its_key(workspace):
    front = (
        'network: telegram\ntime: 2026-12-01 10:00\noverrides:\n  telegram:\n    text: "'
        + "[" * 30000
        + '"'
    )
    workspace.post("zerno/2026/12/01-a.md", front, "Обычный текст.")
    _, found = lint(workspace)
    (finding,) = [f for f in found if f["rule"] == "body/too-complex"]
    assert (finding["line"], finding["col"]) == (6, 5)


def test_a_plain_post_has_no_finding(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: telegram\ntime: 2026-12-01 10:00",
        "**Кофе** и [чай](https://x.example).",
    )
    assert lint(workspace) == (0, [])
