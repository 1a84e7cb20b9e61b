"""What lint's X bound saves: its cost against exact counting, over the repository's own posts.

    python tools/bench/x_bound_bench.py [ROOT]

Renders every post under ROOT/posts (default: this repository) for X, whole and cut to an
X-sized text (260 code points at a word end), and prints microseconds per text for
``xlength.upper_bound`` and ``xlength.weighted_length``, and for how many texts the bound is at
most 280, so lint skips the exact count.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

from smm.content.loader import load_brand, load_post
from smm.networks import render
from smm.networks.xlength import upper_bound, weighted_length


def texts(root: Path) -> list[str]:
    brands = {
        path.stem: load_brand(root, str(path.relative_to(root)))[0]
        for path in sorted(root.glob("brands/*.yaml"))
    }
    found = []
    for path in sorted(root.glob("posts/**/*.md")):
        post, _ = load_post(root, str(path.relative_to(root)), brands)
        if post:
            found.append(render(post, "x", brands.get(post.brand), None).visible)
    return found


def micros(count, sample: list[str], rounds: int = 50) -> float:
    return (
        min(timeit.repeat(lambda: [count(text) for text in sample], number=rounds, repeat=5))
        / rounds
        / len(sample)
        * 1e6
    )


def main() -> None:
    whole = texts(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
    cut = [text[:260].rsplit(" ", 1)[0] for text in whole]
    for name, sample in (("whole posts", whole), ("X-sized", cut)):
        skipped = sum(upper_bound(text) <= 280 for text in sample)
        print(
            f"{name}: {len(sample)} texts; upper_bound {micros(upper_bound, sample):.1f} µs, weighted_length "
            f"{micros(weighted_length, sample):.1f} µs per text; exact count skipped for {skipped}"
        )


if __name__ == "__main__":
    main()
