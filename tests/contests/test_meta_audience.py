"""Instagram comments, Facebook Page comments and Threads replies through the sandbox's Graph
endpoints: the inbox lists what the brand left unanswered (an answer through the API itself
takes a comment out), every page of a long listing is read, and a contest on the three is drawn,
verified from a fresh clone and caught when its entrant list is changed."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from publish.harness import FB_PAGE, META_TOKENS, THREADS_USER, git
from smm.contests.draw import draw
from smm.inbox import inbox
from smm.sandbox.audience import person_id

from .conftest import CONTEST, IG_USER, Live
from .test_draw import AFTER, BEFORE_END, FOLDER, smm


def test_the_inbox_reads_instagram_facebook_and_threads(meta_live: Live):
    live = meta_live
    anna = live.comment("facebook", "Anna K", "Когда итоги?", "2026-12-02T09:00:00+03:00")
    live.comment("facebook", "Vera", "+1, тоже жду", "2026-12-02T09:30:00+03:00", reply_to=anna)
    live.comment("facebook", "Boris", "Где забрать?", "2026-12-03T11:00:00+03:00")
    gleb = live.comment("threads", "gleb", "а доставка?", "2026-12-02T08:00:00+03:00")
    live.comment(
        "threads",
        "zerno",
        "есть!",
        "2026-12-02T08:10:00+03:00",
        author_id=THREADS_USER,
        reply_to=gleb,
    )
    live.comment("threads", "dina", "ура", "2026-12-04T10:00:00+03:00")
    ira = live.comment("instagram", "ira", "класс", "2026-12-02T07:00:00+03:00")
    live.comment(
        "instagram",
        "zerno",
        "спасибо",
        "2026-12-02T07:05:00+03:00",
        author_id=IG_USER,
        reply_to=ira,
    )
    live.comment("instagram", "oleg", "а я?", "2026-12-03T12:00:00+03:00")

    found = inbox(live.root, live.settings())
    assert [(f.network, f.handle, f.text) for _, f in found.items] == [
        ("facebook", "Anna K", "Когда итоги?"),
        ("facebook", "Vera", "+1, тоже жду"),  # a reply under a comment is feedback too
        ("facebook", "Boris", "Где забрать?"),
        ("instagram", "oleg", "а я?"),
        ("threads", "dina", "ура"),
    ]
    assert found.items[0][1].url.endswith(f"?comment_id={anna.rsplit('_', 1)[-1]}")
    assert set(found.notes) == set()  # all three networks read their comments

    # the Page answers Anna through Graph itself (POST /{comment-id}/comments): she leaves
    answer = httpx.post(
        f"{live.sandbox.url}/v24.0/{anna}/comments",
        data={"message": "6 декабря!", "access_token": META_TOKENS["SMM_ZERNO_FACEBOOK"]},
    )
    assert answer.status_code == 200, answer.text
    again = inbox(live.root, live.settings())
    assert ("facebook", "Anna K") not in [(f.network, f.handle) for _, f in again.items]
    assert len(again.items) == 4


def test_a_draw_on_instagram_facebook_and_threads_is_verified_and_tamper_evident(
    meta_live: Live, tmp_path: Path
):
    live = meta_live
    for n in range(105):  # more than one page of Graph's 100 comments
        live.comment("facebook", f"Fan {n}", "участвую", BEFORE_END)
    first = live.comment("instagram", "ira", "участвую", BEFORE_END)
    live.comment("instagram", "ira", "и ещё раз", BEFORE_END)
    live.comment("instagram", "zerno", "удачи", BEFORE_END, author_id=IG_USER, reply_to=first)
    live.comment("instagram", "late", "успел?", "2026-12-05T18:30:00+03:00")
    live.comment("facebook", "Zerno", "удачи всем", BEFORE_END, author_id=FB_PAGE)
    live.comment("threads", "gleb", "я в деле", BEFORE_END)
    live.comment("threads", "zerno", "удачи", BEFORE_END, author_id=THREADS_USER)

    report = draw(live.root, CONTEST, AFTER, live.settings())
    assert report.per_network == {"facebook": 105, "instagram": 1, "threads": 1}
    data = json.loads((live.root / FOLDER / "entrants.json").read_text(encoding="utf-8"))
    people = {(e["network"], e["handle"]) for e in data["entrants"]}
    assert ("instagram", "ira") in people and ("threads", "gleb") in people
    assert ("facebook", "Fan 104") in people
    assert not {"zerno", "Zerno", "late"} & {h for _, h in people}  # the brand, the late one
    ira = next(e for e in data["entrants"] if e["handle"] == "ira")
    assert ira["id"] == person_id("instagram", "ira")

    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "--quiet", str(live.origin), str(fresh))
    verified = smm(fresh, "draw", "--verify", CONTEST)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"seed {report.seed}" in verified.stdout

    path = live.root / FOLDER / "entrants.json"
    data["entrants"].append({"network": "instagram", "id": "7", "handle": "friend"})
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    git(live.root, "commit", "--quiet", "-am", "one more entrant")
    tampered = smm(live.root, "draw", "--verify", CONTEST)
    assert tampered.returncode == 1
    assert f"{FOLDER}/entrants.json is not the list the seed was fixed with" in tampered.stdout
