"""Instructions a lint spends, counted by valgrind's callgrind: the same count on every run,
whatever else the machine does (wall-clock runs on a shared VM swing by a tenth to a quarter,
more than most single changes gain).

    python tools/bench/instructions.py [--base REF] [--posts 1000] [--stages read,load,...]

Stages, each in a process of its own, over the first --posts posts of the benchmark's corpus
(tools/bench/corpus.py), every image inspected once before (a process inspects each image once:
a cost per image, not per post); the count of the same process with no post is taken off and the
rest divided by --posts:

* ``read``: the post's bytes; ``load``: read, then the front matter and the Post;
* ``context``: load, then each network's render; ``check``: the whole check of a post;
* ``changed``: a whole ``smm lint`` process after 5 posts changed, the cache warm (not per post).

With --base, smm at that git revision is counted too (``git archive`` of tools/smm, put first on
PYTHONPATH). Counts are user-space instructions: the kernel's work (open, stat, read) is not in
them. Needs valgrind (Debian's package).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lint_ab
import lint_bench
from targets import child_env

REPO = Path(__file__).resolve().parents[2]
STAGES = ("read", "load", "context", "check", "changed")
NOW = lint_bench.NOW


def child(stage: str, root: Path, count: int) -> None:
    """The work of one counted process (``--child``)."""
    from smm.content.loader import Problems, load_post, read_bytes
    from smm.content.paths import post_paths
    from smm.content.repo import open_repo
    from smm.lint.checker import Checker

    repo = open_repo(root)
    checker = Checker(repo)
    checker.before_fork()
    for image in sorted((root / "assets").rglob("*.*")):
        checker.image(image.relative_to(root).as_posix())
    for path in list(post_paths(root))[:count]:
        if stage == "check":
            checker.check(path)
            continue
        data = read_bytes(root, path, Problems(path))
        if stage in ("load", "context") and data is not None:
            post, problems = load_post(root, path, repo.brands, data)
            if stage == "context" and post is not None:
                checker.context(post, problems)


def _env(code: Path) -> dict[str, str]:
    """An installed smm's environment (targets.py), ``code`` first on the path, and one hash
    seed: the counts then differ by a few hundred a post from run to run, not more."""
    return {**child_env(), "PYTHONPATH": str(code), "PYTHONHASHSEED": "0"}


def instructions(cmd: list[str], cwd: Path, code: Path) -> int:
    """User-space instructions of ``cmd`` run under callgrind with ``code`` first on the path."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        cwd=cwd,
        env=_env(code),
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count: {run.stderr.strip()[-300:]}")
    return int(found.group(1))


def per_post(stage: str, root: Path, code: Path, count: int) -> int:
    """``stage``'s instructions per post."""
    me = [sys.executable, __file__, "--child", stage, str(root)]
    subprocess.run([*me, "1"], cwd=root, env=_env(code), check=True)  # its .pyc files first
    empty = instructions([*me, "0"], root, code)
    return (instructions([*me, str(count)], root, code) - empty) // count


def changed(corpus: Path, code: Path, out: Path) -> int:
    """A whole lint after 5 changed posts, on a copy of the corpus whose cache this code made."""
    root = out / "changed"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(corpus, root, symlinks=True)
    lint = [sys.executable, "-m", "smm", "lint", "--now", NOW, "--format", "json"]
    for _ in range(2):  # the cache, then the answer (and every .pyc)
        subprocess.run(lint, cwd=root, env=_env(code), capture_output=True, check=False)
    posts = sorted((root / "posts").rglob("*.md"))
    lint_bench.edit_posts(posts, random.Random(8), set(), 0)
    return instructions(lint, root, code)


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", help="also count smm at this git revision")
    p.add_argument("--posts", type=int, default=1000)
    p.add_argument("--stages", default=",".join(STAGES))
    ns = p.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    stages = [s for s in ns.stages.split(",") if s]
    if unknown := set(stages) - set(STAGES):
        raise SystemExit(f"unknown stage(s): {', '.join(sorted(unknown))}; known: {STAGES}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        codes = {"this": REPO / "tools"}
        if ns.base:
            codes = {"base": lint_ab.base_code(ns.base, out / "base"), **codes}
        corpus = lint_bench.make_corpus(out, max(ns.posts, 10_000), 8).root
        print(f"{'stage':<9}" + "".join(f"{who:>14}" for who in codes) + "  unit")
        for stage in stages:
            counts = [
                changed(corpus, code, out)
                if stage == "changed"
                else per_post(stage, corpus, code, ns.posts)
                for code in codes.values()
            ]
            unit = "instructions, whole run" if stage == "changed" else "instructions a post"
            print(f"{stage:<9}" + "".join(f"{c:>14,}" for c in counts) + f"  {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
