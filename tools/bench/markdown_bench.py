"""How long the Markdown renderer takes on hostile bodies: the reproducers of issue 8 and the
slowest shapes that still lie within the bounds of tools/smm/networks/markdown_bounds.py.

    python tools/bench/markdown_bench.py [--timeout S] [--only NAME ...]

Each body is rendered in its own process (render_body, as lint, preview and publish call it), so
a RecursionError or a hang of one shape does not stop the others; prints seconds, whether the
body was refused (body/too-complex) or parsed, and the error if any.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import textwrap

# name -> an expression for the body (``b`` is markdown_bounds, ``fill(unit, n)`` repeats unit n times
# in blocks; ``grow(make)`` is the largest make(n) still within every bound)
SHAPES = {
    # issue 8's reproducers and more of their kind: refused, in linear time
    "stars-1000": "'*' * 1000 + 'x' + '*' * 1000",
    "lists-250-deep": "''.join('    ' * i + '- x\\n' for i in range(250))",
    "brackets-30000-nested": "'[' * 30000 + 'x' + ']' * 30000",
    "newlines-900000": "'\\n' * 900000 + 'x'",
    "emphasis-alternating": "'*a **b ' * 400 + 'x' + ' c** d*' * 400",
    "image-brackets-open": "'![' * 10000",
    "setext-10000": "'a\\n=\\n' * 10000",
    # the slowest bodies found within the bounds: parsed
    "within:markup-in-blocks": "grow(lambda n: fill('*a', n))",
    "within:backticks-in-blocks": "grow(lambda n: fill('`a', n))",
    "within:angle-brackets": "grow(lambda n: ('<a' + 'x' * 98) * n)",
    "within:open-brackets": "grow(lambda n: '[' * n + 'a' * (b.MAX_CHARS - 20 - n))",
    "within:setext-lines": "grow(lambda n: 'a\\n=\\n' * n)",
    "within:blank-lines": "grow(lambda n: 'a' + '\\n' * n)",
    "within:paragraphs": "grow(lambda n: 'a\\n\\n' * n)",
}

RUN = """
import time
try:
    from smm.networks import markdown_bounds as b
    from smm.networks.markdown_text import markdown_problem
except ImportError:  # a version of smm without the bounds: only the reproducers make sense
    b, markdown_problem = None, lambda source: None
from smm.networks.markdown_text import render_body

def fill(unit, n, total=99_990):
    block = unit * max(1, n // len(unit))
    return "\\n\\n".join([block] * max(1, total // (len(block) + 2)))

def grow(make, lo=1, hi=200000):
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if b.too_complex(make(mid)) is None else (lo, mid - 1)
    return make(lo)

source = {expr}
start = time.perf_counter()
try:
    render_body(source)
    outcome = "refused" if markdown_problem(source) else "parsed"
except Exception as exc:  # the point of the benchmark: show it, go on with the next shape
    outcome = type(exc).__name__
print(f"{{time.perf_counter() - start:8.2f}} s  {{len(source):>9,}} chars  {{outcome}}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    for name, expr in SHAPES.items():
        if args.only and name not in args.only:
            continue
        try:
            proc = subprocess.run(
                [sys.executable, "-c", textwrap.dedent(RUN.format(expr=expr))],
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
            line = proc.stdout.strip() or proc.stderr.strip().splitlines()[-1]
        except subprocess.TimeoutExpired:
            line = f"over {args.timeout:.0f} s (stopped)"
        print(f"{name:28} {line}", flush=True)


if __name__ == "__main__":
    main()
