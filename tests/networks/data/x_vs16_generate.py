"""Writes x_vs16_reference.json: twitter-text 3.1.0's own counts (JS, run once with node) of texts
made of characters that may take VS16, so tests/networks/test_x_vs16.py compares smm with the
reference implementation without node. Run it from the repository's root with node on PATH and
``npm install twitter-text@3.1.0`` done in NODE_PREFIX (default /tmp/tt):

    PYTHONPATH=tools python tests/networks/data/x_vs16_generate.py
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

from twitter_text.regexp.emoji import emoji_list

OUT = Path(__file__).with_name("x_vs16_reference.json")
VS16 = "\ufe0f"
# the emoji-by-default characters whose VS16 pair twitter-text matches as one emoji
REFERENCE_PAIRS = (
    "🀄🈚🈯⌚⌛◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛔⛪⛲⛳⛵⛺⛽❗⬛⬜⭐⭕"
)
_JS = """
const t = require(process.argv[1] + "/node_modules/twitter-text");
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map(s => {
  const p = t.parseTweet(s); return [s, p.weightedLength, p.valid, p.validRangeEnd];
})));
"""


def texts() -> list[str]:
    """Every character that the port's list or twitter-text pairs with VS16 (and U+26A7, which only
    the Java pattern pairs), alone and in context, then random mixes with other pieces."""
    listed = [e.codepoint for e in emoji_list]
    port = {chr(int(c.split()[0], 16)) for c in listed if c.count(" ") == 1 and c.endswith("FE0F")}
    bases = sorted(port | set(REFERENCE_PAIRS) | {"\u26a7"})
    out = []
    for c in bases:
        out += [c, c + VS16, f"a{c}{VS16}b", c + VS16 + c + VS16, c + "\ufe0e", c + VS16 + VS16]
    other = [VS16, "\ufe0e", "\u200d", "a", " ", "Я", "中", "#", "1", "\u20e3", "🏽", "😀", "🇩🇪"]
    pieces = bases + [c + VS16 for c in bases] + other + ["👩\u200d💻", "\n"]
    rng = random.Random(20240611)
    out += ["".join(rng.choices(pieces, k=rng.randint(1, 25))) for _ in range(1500)]
    # the auditor's post, and the limit of 280 crossed by the pair
    out += ["a" * 235 + " ☕" + VS16] + ["a" * n + "☕" + VS16 + "b" for n in (276, 277, 278)]
    return out


def main() -> None:
    prefix = os.environ.get("NODE_PREFIX", "/tmp/tt")
    answer = subprocess.run(
        ["node", "-e", _JS, prefix],
        input=json.dumps(texts()),
        capture_output=True,
        text=True,
        check=True,
    )
    cases = json.loads(answer.stdout)
    lines = ",\n".join(json.dumps(case, ensure_ascii=False) for case in cases)
    about = "twitter-text 3.1.0 (npm; twemoji-parser 11.0.2) parseTweet: text, weightedLength, valid, validRangeEnd"
    OUT.write_text(f'{{"about": "{about}",\n"cases": [\n{lines}\n]}}\n', encoding="utf-8")


if __name__ == "__main__":
    main()
