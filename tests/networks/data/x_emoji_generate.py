"""Writes what smm's X count holds about emoji, from twitter-text 3.1.0 (JS, run once with node):

* tools/smm/networks/x_emoji_sequences.txt: every string of more than one code point that the
  emoji pattern of twemoji-parser 11.0.2 (twitter-text's dependency) matches, read off the pattern
  itself: it has no repetition, so its language is finite (its lookaheads only keep a lone
  character from matching before VS15, which changes no weight);
* x_emoji_reference.json: parseTweet's answers for each of the PyPI port's and the reference's
  emoji sequences, alone and in text, and seeded random mixes of them and their pieces, so
  tests/networks/test_x_emoji.py compares smm with the reference without node.

Run it from the repository's root with node on PATH and ``npm install twitter-text@3.1.0`` done in
NODE_PREFIX (default /tmp/tt):

    PYTHONPATH=tools python tests/networks/data/x_emoji_generate.py
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from twitter_text.regexp.emoji import emoji_list

from smm.networks import x_emoji

OUT = Path(__file__).with_name("x_emoji_reference.json")
_JS = """
const prefix = process.argv[1] + "/node_modules/";
const t = require(prefix + "twitter-text");
const source = require(prefix + "twemoji-parser/dist/lib/regex.js").default.source;
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({source, cases: texts.map(s => {
  const p = t.parseTweet(s); return [s, p.weightedLength, p.valid, p.validRangeEnd];
})}));
"""
ABOUT = (
    "twitter-text 3.1.0 (npm; twemoji-parser 11.0.2) parseTweet: text, weightedLength, valid,"
    " validRangeEnd"
)


def language(items: Any) -> set[str]:
    """Every string a parsed pattern of literals, classes, groups, alternations and ``?`` matches
    (in UTF-16 units, as JS's pattern is written); a negative lookahead matches the empty string."""
    out = {""}
    for op, arg in items:
        if op is sre.LITERAL:
            options = {chr(arg)}
        elif op is sre.IN:
            options = set()
            for kind, value in arg:
                if kind is sre.LITERAL:
                    options.add(chr(value))
                else:
                    assert kind is sre.RANGE, kind
                    options |= {chr(c) for c in range(value[0], value[1] + 1)}
        elif op is sre.SUBPATTERN:
            options = language(arg[-1])
        elif op is sre.BRANCH:
            options = set().union(*(language(b) for b in arg[1]))
        elif op is sre.MAX_REPEAT:
            low, high, sub = arg
            assert (low, high) == (0, 1), arg
            options = {""} | language(sub)
        else:
            assert op is sre.ASSERT_NOT, op
            continue
        out = {a + b for a in out for b in options}
    return out


def reference_sequences(source: str) -> list[str]:
    """The multi-code-point strings twemoji-parser's pattern (JS source, UTF-16 units) matches."""
    units = language(list(sre_parse.parse(source)))
    strings = {u.encode("utf-16-le", "surrogatepass").decode("utf-16-le") for u in units}
    return sorted((s for s in strings if len(s) > 1), key=lambda s: [ord(c) for c in s])


def texts(reference: list[str]) -> list[str]:
    """Each sequence of the port's list and the reference's alone, then glued to another one and
    to its own head; the port's sequences without their VS16; random mixes of all and pieces."""
    port = ["".join(chr(int(c, 16)) for c in e.codepoint.split()) for e in emoji_list]
    port_multi = [s for s in port if len(s) > 1]
    both = port_multi + sorted(set(reference) - set(port_multi))
    out = list(both)
    for k, sequence in enumerate(both):
        out.append("a" + sequence + both[k - 1] + sequence[:-1] + "b")
    out += sorted({s.replace("\ufe0f", "") for s in port_multi} - set(both) - {""})
    pieces = [*sorted({c for s in both for c in s}), "a", " ", "Я", "\n", "\ufe0e", "#", "1"]
    rng = random.Random(20240612)
    for _ in range(2000):
        parts = rng.choices(both, k=rng.randint(1, 6)) + rng.choices(pieces, k=rng.randint(0, 12))
        rng.shuffle(parts)
        out.append("".join(parts))
    out += ["a" * 276 + "🤏🏻", "a" * 277 + "👁‍🗨", "a" * 278 + "👩‍💻", "a" * 278 + "👁️‍🗨️"]
    return out


def main() -> None:
    prefix = os.environ.get("NODE_PREFIX", "/tmp/tt")
    first = subprocess.run(
        ["node", "-e", _JS, prefix], input="[]", capture_output=True, text=True, check=True
    )
    reference = reference_sequences(json.loads(first.stdout)["source"])
    header = (
        "# twitter-text 3.1.0's emoji sequences: every string of more than one code point that\n"
        "# twemoji-parser 11.0.2's pattern matches (MIT licence, Copyright Twitter Inc.), one a\n"
        "# line in hexadecimal; written by tests/networks/data/x_emoji_generate.py\n"
    )
    lines = "".join(" ".join(f"{ord(c):04X}" for c in s) + "\n" for s in reference)
    x_emoji.LIST.write_text(header + lines, encoding="ascii")
    answer = subprocess.run(
        ["node", "-e", _JS, prefix],
        input=json.dumps(texts(reference)),
        capture_output=True,
        text=True,
        check=True,
    )
    cases = json.loads(answer.stdout)["cases"]
    body = ",\n".join(json.dumps(case, ensure_ascii=False) for case in cases)
    OUT.write_text(f'{{"about": "{ABOUT}",\n"cases": [\n{body}\n]}}\n', encoding="utf-8")
    assert re.search(r"[*+{]", json.loads(first.stdout)["source"].replace("[#*0-9]", "")) is None


if __name__ == "__main__":
    main()
