"""Edits and retractions through the sandbox: approved on main, applied once, recorded in the post.

The SEED posts are published first (a normal run); then a person's commit on main fixes the
winter menu's text with ``edit:`` and retracts the carrot cake post with ``retract:``, and the
next `smm publish` run applies both. A SIGKILL at every step of that run, then a rerun on the
same clone or a fresh one: one applied edit per request (the sandbox's ``edited`` list), the
retracted post deleted and never published again.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from typing import Any

import pytest

from smm.publish.failpoints import CHANGE_POINTS

from .harness import MENU, META, SCENARIOS, SEED, THREE, Publisher, git, published

MENU_PATH = "posts/zerno/2026/12/01-winter-menu.md"
CAKE_PATH = "posts/zerno/2026/12/01-carrot-cake.md"
#: the networks each scenario edits and retracts on (those that can edit; tests/networks has the
#: retractions of the others)
CHANGED = {
    SEED.name: ("telegram", "vk"),
    THREE.name: ("mastodon",),
    META.name: ("facebook", "linkedin"),
}


def changed(pub: Publisher) -> tuple[str, ...]:
    return CHANGED[pub.scenario.name]


def published_once(pub: Publisher) -> dict[str, dict[str, str]]:
    """Publish the two posts; their ids per post and network."""
    done = pub.run(pub.clone())
    assert done.code == 0, done.stdout + done.stderr
    author = pub.clone("ids")
    return {
        path: {n: str(published(author / path)[n]["id"]) for n in changed(pub)}
        for path in (MENU_PATH, CAKE_PATH)
    }


def request_changes(pub: Publisher, name: str = "author") -> None:
    """A person's approved commit on main: a typo fixed with edit:, the cake post retracted."""
    author = pub.clone(name)
    menu = (author / MENU_PATH).read_text(encoding="utf-8")
    # every network of the post: a network that cannot edit says so, and the others' text is
    # declared (else lint's published/edited blocks the edit)
    asked = ", ".join(f'{n}: "wrong spice"' for n in pub.networks)
    menu = menu.replace("латте с корицей", "латте с кардамоном").replace(
        "kind: organic\n", f"kind: organic\nedit: {{{asked}}}\n", 1
    )
    (author / MENU_PATH).write_text(menu, encoding="utf-8")
    cake = (author / CAKE_PATH).read_text(encoding="utf-8")
    gone = ", ".join(f'{n}: "sold out"' for n in changed(pub))
    cake = cake.replace("kind: organic\n", f"kind: organic\nretract: {{{gone}}}\n", 1)
    (author / CAKE_PATH).write_text(cake, encoding="utf-8")
    git(author, "commit", "--quiet", "-am", "Fix the spice; retract the cake post")
    git(author, "push", "--quiet", "origin", "main")


def live(pub: Publisher, network: str, post_id: str) -> dict[str, Any]:
    found = [p for p in pub.posts(network) if str(p["id"]) == post_id and not p.get("comment")]
    assert len(found) == 1, (network, post_id, found)
    return found[0]


def assert_applied_once(pub: Publisher, ids: dict[str, dict[str, str]]) -> None:
    """Same ids, new text, exactly one applied edit each; the cake deleted; git records both."""
    author = pub.clone()
    for network in changed(pub):
        menu = live(pub, network, ids[MENU_PATH][network])
        assert "кардамоном" in str(menu["text"]), menu
        assert len(menu.get("edited") or []) == 1, menu  # never two edits for one request
        assert live(pub, network, ids[CAKE_PATH][network]).get("deleted") is True
        entry = published(author / MENU_PATH)[network]
        assert entry["id"] == ids[MENU_PATH][network] or str(entry["id"]) == ids[MENU_PATH][network]
        assert "editing" not in entry and len(entry["edits"]) == 1, entry
        assert (
            entry["edits"][0]["reason"] == "wrong spice"
            and entry["edits"][0]["sent"] == entry["sent"]
        )
        cake = published(author / CAKE_PATH)[network]
        assert cake["retracted"]["reason"] == "sold out" and "retracting" not in cake, cake
        assert str(cake["id"]) == ids[CAKE_PATH][network]
    # the retracted post is not published again, nor deleted twice; the edit not sent again
    count = {n: len(pub.posts(n)) for n in changed(pub)}
    again = pub.run(pub.clone())
    assert again.code == 0 and again.data and again.data["outcomes"] == [], again.stdout
    assert {n: len(pub.posts(n)) for n in changed(pub)} == count
    for network in changed(pub):
        assert len(live(pub, network, ids[MENU_PATH][network]).get("edited") or []) == 1


@SCENARIOS
def test_an_edit_and_a_retraction_on_main_are_applied_once_and_recorded(pub: Publisher) -> None:
    ids = published_once(pub)
    request_changes(pub)
    dry = pub.run(pub.clone(), "--dry-run")
    planned = {(o["path"], o["network"], o["note"].split(":")[0]) for o in dry.data["outcomes"]}
    assert planned >= {(MENU_PATH, n, "edit") for n in changed(pub)} | {
        (CAKE_PATH, n, "retract") for n in changed(pub)
    }, dry.stdout
    run = pub.run(pub.clone())
    assert run.code == 0, run.stdout + run.stderr
    states = {key: o["state"] for key, o in run.outcomes().items()}
    # a network that cannot edit: the dry run says so as the run does, not that it is due
    cannot = {k for k, v in states.items() if v == "unsupported"}
    assert cannot == {(MENU_PATH, n) for n in pub.networks if n not in changed(pub)}
    assert {
        (o["path"], o["network"]) for o in dry.data["outcomes"] if o["state"] == "unsupported"
    } == cannot
    assert {k: v for k, v in states.items() if k[1] in changed(pub)} == {
        **{(MENU_PATH, n): "edited" for n in changed(pub)},
        **{(CAKE_PATH, n): "retracted" for n in changed(pub)},
    }
    assert_applied_once(pub, ids)
    # smm history shows both: the edit count and the retraction, per network
    clone = pub.clone("history")
    for path, key in ((MENU_PATH, "edits"), (CAKE_PATH, "retracted")):
        shown = subprocess.run(
            [sys.executable, "-m", "smm", "history", path, "--format", "json"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=False,
        )
        entries = {p["network"]: p for p in json.loads(shown.stdout)["published"]}
        for network in changed(pub):
            assert entries[network][key], (path, entries[network])
            if key == "retracted":
                assert entries[network]["state"] == "retracted"
    subjects = [subject for subject, _ in pub.origin_log()]
    claim = next(i for i, s in enumerate(subjects) if "edit(s) and retraction(s)" in s)
    results = subjects[claim + 1 :]  # each result after the claim commit that preceded its call
    assert results and all(
        s.split(":")[1].strip() in ("edited", "retracted", "unsupported") for s in results
    ), subjects


@SCENARIOS
def test_the_same_edit_left_in_the_file_changes_nothing_but_a_new_text_is_a_new_edit(
    pub: Publisher,
) -> None:
    ids = published_once(pub)
    request_changes(pub)
    assert pub.run(pub.clone()).code == 0
    author = pub.clone("again")
    text = (
        (author / MENU_PATH).read_text(encoding="utf-8").replace("пряный раф", "пряный флэт уайт")
    )
    (author / MENU_PATH).write_text(text, encoding="utf-8")
    git(author, "commit", "--quiet", "-am", "A second fix")
    git(author, "push", "--quiet", "origin", "main")
    run = pub.run(pub.clone())
    assert run.code == 0, run.stdout + run.stderr
    for network in changed(pub):
        menu = live(pub, network, ids[MENU_PATH][network])
        assert len(menu.get("edited") or []) == 2 and "флэт уайт" in str(menu["text"])
    assert len(published(pub.clone() / MENU_PATH)[changed(pub)[0]]["edits"]) == 2


#: points reached once per run (the claims), and once per job: the call's, and the result's
ONCE = CHANGE_POINTS[:3]
CALLS = ("before-change-call", "after-change-call")


def kill_at(pub: Publisher, point: str, which: str) -> str:
    """``point@N`` where N is the last changed network's retraction's or edit's turn at ``point``: jobs
    go by path (the cake's retractions first) and network; every job writes a result, only the
    networks that can change call one."""
    if point in ONCE:
        return point
    if point in CALLS:
        turns = [(CAKE_PATH, n) for n in changed(pub)] + [(MENU_PATH, n) for n in changed(pub)]
    else:
        turns = [(CAKE_PATH, n) for n in changed(pub)] + [(MENU_PATH, n) for n in pub.networks]
    first = turns.index((CAKE_PATH if which == "retract" else MENU_PATH, changed(pub)[-1]))
    return f"{point}@{first + 1}"


@SCENARIOS
@pytest.mark.parametrize("where", ["same-clone", "fresh-clone"])
@pytest.mark.parametrize(
    ("point", "which"),
    [(p, "both") for p in ONCE]
    + [(p, which) for p in CHANGE_POINTS[3:] for which in ("retract", "edit")],
)
def test_sigkill_at_each_step_of_an_edit_and_a_retraction(
    pub: Publisher, point: str, which: str, where: str
) -> None:
    ids = published_once(pub)
    request_changes(pub)
    clone = pub.clone()
    killed = pub.run(clone, failpoint=kill_at(pub, point, which))
    assert killed.code == -signal.SIGKILL, killed.stdout + killed.stderr
    pub.settle()
    rerun = pub.run(clone if where == "same-clone" else pub.clone())
    assert rerun.code == 0, rerun.stdout + rerun.stderr
    assert_applied_once(pub, ids)


def test_retract_on_a_network_not_yet_published_keeps_the_post_from_it(pub: Publisher) -> None:
    """A retract: on a network the post was never published to keeps it from going out."""
    author = pub.clone("author")
    text = (author / MENU_PATH).read_text(encoding="utf-8")
    assert text == MENU
    text = text.replace("kind: organic\n", 'kind: organic\nretract: {vk: "not for VK"}\n', 1)
    (author / MENU_PATH).write_text(text, encoding="utf-8")
    git(author, "commit", "--quiet", "-am", "Not on VK after all")
    git(author, "push", "--quiet", "origin", "main")
    run = pub.run(pub.clone())
    assert (MENU_PATH, "vk") not in run.outcomes(), run.stdout
    assert "vk" not in published(pub.clone() / MENU_PATH)
    assert not [p for p in pub.posts("vk") if "зимнее меню" in str(p["text"])]
