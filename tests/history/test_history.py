"""`smm history`: a post's story across pull-request merges, a squash merge, smm's own commits and
direct pushes, read from a real git repository; the exact output of the CLI is the assertion."""

from __future__ import annotations

import json

import pytest

from smm.content.managed import replace_block
from smm.history import history

from .gitrepo import GitRepo

POST = "posts/zerno/2026/12/01-winter-menu.md"
ANNA = "Anna Writer <anna@zerno.example>"
BORIS = "Boris Editor <boris@zerno.example>"
MARIA = "Maria Lead <maria@zerno.example>"
GITHUB = "GitHub <noreply@github.com>"
SMM = "smm <smm@users.noreply.github.com>"
TEXT = """---
network: [telegram, vk]
time: 2026-12-01 10:00
title: Зимнее меню
---
Зима началась — по крайней мере, в наших чашках.
"""


def merge_pr(repo: GitRepo, number: int, branch: str, date: str, trailers: str = "") -> str:
    message = f"Merge pull request #{number} from {branch}\n\nWinter menu\n" + (
        f"\n{trailers}\n" if trailers else ""
    )
    repo.git("merge", "--no-ff", "-q", "-m", message, branch, who=MARIA, date=date)
    return repo.sha("HEAD")


def publish_like_smm(repo: GitRepo, date: str, url: str = "https://t.me/zerno/812") -> str:
    """What `smm publish` commits: the published: block rewritten, nothing else."""
    entry = {"state": "published", "at": date, "id": "812", "url": url}
    repo.write(POST, replace_block(repo.read(POST), "published", {"telegram": entry}))
    return repo.commit(
        f"smm: published: {POST} -> telegram {url} [skip ci]\n\npublished: {POST} -> telegram {url}",
        POST,
        who=SMM,
        date=date,
    )


@pytest.fixture
def story(tmp_path):
    """Setup on main; PR #12 adds the post (two commits, merged with trailers); PR #13 is squashed;
    smm publishes it; Boris then pushes a text fix straight to main."""
    repo = GitRepo(tmp_path / "content")
    repo.write(
        "brands/zerno.yaml",
        "name: Зерно\ntimezone: Europe/Moscow\nreviewers: ['@zerno-marketing']\n",
    )
    repo.write("README.md", "content\n")
    shas = {"setup": repo.commit("Set up the content repository")}
    repo.git("checkout", "-q", "-b", "team/winter-menu")
    repo.write(POST, TEXT)
    shas["add"] = repo.commit(
        "Add the winter menu post", who=ANNA, date="2026-11-20T10:00:00+03:00"
    )
    repo.write(POST, TEXT.replace("наших чашках", "наших чашках ☕"))
    shas["cup"] = repo.commit("Winter menu: a cup", who=ANNA, date="2026-11-20T15:30:00+03:00")
    repo.git("checkout", "-q", "main")
    repo.write(
        "README.md", "content repository\n"
    )  # main moves on meanwhile: the merge is a real merge
    shas["readme"] = repo.commit("README wording", who=MARIA, date="2026-11-21T09:00:00+03:00")
    shas["merge"] = merge_pr(
        repo,
        12,
        "team/winter-menu",
        "2026-11-21T12:00:00+03:00",
        "Reviewed-by: Olga Client <olga@zerno.example>\nApproved-by: @zerno-marketing",
    )
    repo.write(POST, repo.read(POST).replace("title: Зимнее меню", "title: Зимнее меню 2026"))
    shas["squash"] = repo.commit(
        "Winter menu: title with the year (#13)\n\n* title\n\nApproved-by: @zerno-marketing",
        who=BORIS,
        date="2026-11-24T10:00:00+03:00",
        committer=GITHUB,
        committed="2026-11-24T11:00:00+03:00",
    )
    shas["publish"] = publish_like_smm(repo, "2026-12-01T10:00:05+03:00")
    repo.write(POST, repo.read(POST).replace("Зима началась", "Зима пришла"))
    shas["typo"] = repo.commit("Fix the first line", who=BORIS, date="2026-12-02T09:00:00+03:00")
    return repo, shas


def test_text_output_across_merges_squash_smm_and_a_direct_push(story):
    repo, s = story
    proc = repo.smm("history", POST)
    short = {k: v[:7] for k, v in s.items()}
    assert proc.stderr == ""
    assert (
        proc.stdout
        == f"""\
{POST} on main

written by: Anna Writer <anna@zerno.example> (2 commits), Boris Editor <boris@zerno.example> (2 commits)
approved:
  PR #12, merged from team/winter-menu by Maria Lead at 2026-11-21T12:00:00+03:00 in {short["merge"]}; reviewed by Olga Client <olga@zerno.example>; approved by @zerno-marketing
  PR #13, squash-merged by GitHub at 2026-11-24T11:00:00+03:00 in {short["squash"]}; approved by @zerno-marketing
published:
  telegram  published  2026-12-01T10:00:05+03:00  https://t.me/zerno/812  id 812  recorded in {short["publish"]}
edits since publishing: 1
  2026-12-02T09:00:00+03:00  {short["typo"]}  Boris Editor  Fix the first line

commits (in the order they reached main):
  2026-11-20T10:00:00+03:00  {short["add"]}  Anna Writer   added    PR #12  Add the winter menu post
  2026-11-20T15:30:00+03:00  {short["cup"]}  Anna Writer   edited   PR #12  Winter menu: a cup
  2026-11-24T10:00:00+03:00  {short["squash"]}  Boris Editor  edited   PR #13  Winter menu: title with the year (#13)
  2026-12-01T10:00:05+03:00  {short["publish"]}  smm           managed  smm     smm: published: {POST} -> telegram https://t.me/zerno/812 [skip ci]
  2026-12-02T09:00:00+03:00  {short["typo"]}  Boris Editor  edited   direct  Fix the first line  !!

!! 1 change reached main without a pull request:
!! {short["typo"]} was pushed to main without a pull request and changes the post; nobody approved it
"""
    )
    assert proc.returncode == 1  # something reached main without review


def test_json_output_has_the_same_story(story):
    repo, s = story
    proc = repo.smm("history", POST, "--format", "json")
    assert proc.returncode == 1 and proc.stderr == ""
    data = json.loads(proc.stdout)
    assert [(c["sha"], c["change"], c["via"], c["pr"], c["arrival"]) for c in data["changes"]] == [
        (s["add"], "added", "pr", 12, s["merge"]),
        (s["cup"], "edited", "pr", 12, s["merge"]),
        (s["squash"], "edited", "squash", 13, s["squash"]),
        (s["publish"], "managed", "smm", None, s["publish"]),
        (s["typo"], "edited", "direct", None, s["typo"]),
    ]
    assert data["approvals"] == [
        {
            "pr": 12,
            "style": "merge",
            "sha": s["merge"],
            "merged_by": "Maria Lead",
            "merged_at": "2026-11-21T12:00:00+03:00",
            "branch": "team/winter-menu",
            "reviewers": [
                {"role": "Reviewed-by", "who": "Olga Client <olga@zerno.example>"},
                {"role": "Approved-by", "who": "@zerno-marketing"},
            ],
        },
        {
            "pr": 13,
            "style": "squash",
            "sha": s["squash"],
            "merged_by": "GitHub",
            "merged_at": "2026-11-24T11:00:00+03:00",
            "branch": None,
            "reviewers": [{"role": "Approved-by", "who": "@zerno-marketing"}],
        },
    ]
    assert data["published"] == [
        {
            "network": "telegram",
            "state": "published",
            "at": "2026-12-01T10:00:05+03:00",
            "url": "https://t.me/zerno/812",
            "id": "812",
            "recorded_in": s["publish"],
            "edits": 0,  # edits smm sent to the live post (publish/changes.py)
            "retracted": None,
            "edit_log": [],
            "retracted_reason": None,
        }
    ]
    assert data["edits_since_publishing"] == [s["typo"]]
    assert data["flags"] == [
        {
            "sha": s["typo"],
            "message": f"{s['typo'][:7]} was pushed to main without a pull "
            "request and changes the post; nobody approved it",
        }
    ]
    assert (
        data["changes"][0]["author"] == "Anna Writer"
        and data["changes"][0]["email"] == "anna@zerno.example"
    )


def test_a_history_with_only_reviewed_changes_and_smm_commits_exits_0(story, tmp_path):
    repo, s = story
    repo.git("reset", "-q", "--hard", s["publish"])
    proc = repo.smm("history", POST)
    assert proc.returncode == 0, proc.stdout
    assert "!!" not in proc.stdout and "edits since publishing: none" in proc.stdout


def test_an_smm_commit_that_changes_more_than_managed_blocks_is_flagged_loudly(story):
    repo, s = story
    text = repo.read(POST)
    changed = replace_block(
        text, "metrics", {"telegram": {"at": "2026-12-02T10:05:00+03:00", "views": 10}}
    )
    repo.write(POST, changed.replace("Зима пришла", "Зима наступила"))
    sha = repo.commit(
        "smm: metrics for 1 posts [skip ci]", POST, who=SMM, date="2026-12-02T10:05:00+03:00"
    )
    result = history(str(repo.root / POST), root=repo.root)
    last = result.changes[-1]
    assert (last.sha, last.change, last.via) == (sha, "edited", "direct")
    assert last.flag == (
        f"{sha[:7]} is an smm commit pushed to main without a pull request, but it changes the post "
        "beyond its published:/metrics: blocks"
    )
    assert result.edits_since_publishing == [s["typo"], sha]
    # and a metrics commit that touches only the metrics: block is smm's own, not flagged
    repo.write(
        POST,
        replace_block(
            repo.read(POST),
            "metrics",
            {"telegram": {"at": "2026-12-03T10:05:00+03:00", "views": 12}},
        ),
    )
    ok = repo.commit(
        "smm: metrics for 1 posts [skip ci]", POST, who=SMM, date="2026-12-03T10:05:00+03:00"
    )
    again = history(str(repo.root / POST), root=repo.root)
    assert (again.changes[-1].sha, again.changes[-1].via, again.changes[-1].flag) == (
        ok,
        "smm",
        None,
    )
    assert again.edits_since_publishing == [s["typo"], sha]


def test_a_person_editing_only_a_managed_block_on_main_is_still_flagged(story):
    repo, _ = story
    repo.write(POST, repo.read(POST).replace('"812"', '"813"'))
    sha = repo.commit("Correct the telegram id", POST, who=BORIS, date="2026-12-03T09:00:00+03:00")
    last = history(str(repo.root / POST), root=repo.root).changes[-1]
    assert (last.sha, last.change, last.via) == (sha, "managed", "direct")
    assert last.flag == (
        f"{sha[:7]} was pushed to main without a pull request and changes its "
        "published:/metrics: blocks by hand; nobody approved it"
    )


def test_a_local_merge_without_a_pull_request_flags_the_commits_it_brought(story):
    repo, _ = story
    repo.git("checkout", "-q", "-b", "quick-fix")
    repo.write(POST, repo.read(POST) + "\nP.S. Ждём вас!\n")
    sha = repo.commit("Add a P.S.", POST, who=BORIS, date="2026-12-03T09:00:00+03:00")
    repo.git("checkout", "-q", "main")
    repo.git(
        "merge",
        "--no-ff",
        "-q",
        "-m",
        "Merge branch 'quick-fix'",
        "quick-fix",
        who=BORIS,
        date="2026-12-03T09:05:00+03:00",
    )
    merge = repo.sha("HEAD")
    last = history(str(repo.root / POST), root=repo.root).changes[-1]
    assert (last.sha, last.via, last.arrival) == (sha, "direct", merge)
    assert last.flag == (
        f"{sha[:7]} reached main by a merge without a pull request ({merge[:7]} "
        "'Merge branch 'quick-fix''); nobody approved it"
    )


def test_history_follows_a_rename_made_in_a_pull_request(story):
    repo, s = story
    renamed = "posts/zerno/2026/12/01-winter-menu-2026.md"
    repo.git("checkout", "-q", "-b", "team/rename")
    repo.git("mv", POST, renamed)
    move = repo.commit("Rename the winter menu post", who=ANNA, date="2026-12-04T09:00:00+03:00")
    repo.git("checkout", "-q", "main")
    merge_pr(repo, 14, "team/rename", "2026-12-04T10:00:00+03:00")
    result = history(str(repo.root / renamed), root=repo.root)
    assert [c.sha for c in result.changes] == [
        s["add"],
        s["cup"],
        s["squash"],
        s["publish"],
        s["typo"],
        move,
    ]
    assert (result.changes[-1].change, result.changes[-1].pr, result.changes[-1].path) == (
        "renamed",
        14,
        renamed,
    )
    assert result.changes[0].path == POST
    assert result.path == renamed and [p.recorded_in for p in result.published] == [s["publish"]]


def test_a_post_on_an_unmerged_branch_is_not_on_main_yet(story):
    repo, _ = story
    repo.git("checkout", "-q", "-b", "team/new")
    other = "posts/zerno/2026/12/05-new.md"
    repo.write(other, TEXT)
    repo.commit("New post", other, who=ANNA, date="2026-12-04T09:00:00+03:00")
    proc = repo.smm("history", other)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert (
        proc.stderr
        == f"smm: {other}: not on main yet (not committed, or its pull request is not merged)\n"
    )
    proc = repo.smm("history", other, "--branch", "team/new")
    assert proc.returncode == 1 and "added  direct  New post  !!" in proc.stdout


@pytest.mark.parametrize(
    "case", ["no-git", "not-smm", "dir", "outside-posts", "missing", "no-branch"]
)
def test_errors_are_one_line_without_a_traceback(tmp_path, story, case):
    repo, _ = story
    cwd, args = repo.root, ["history", POST]
    expected = None
    if case == "no-git":
        plain = tmp_path / "plain"
        (plain / "posts").mkdir(parents=True)
        (plain / "posts" / "a.md").write_text(TEXT)
        cwd, args = plain, ["history", "posts/a.md"]
        expected = f"smm: {plain.resolve()}: not a git repository; smm history reads a post's story from git\n"
    elif case == "not-smm":
        (tmp_path / "empty").mkdir()
        cwd = tmp_path / "empty"
    elif case == "dir":
        args = ["history", "posts/zerno"]
        expected = "smm: posts/zerno: not a post (a .md file under posts/)\n"
    elif case == "outside-posts":
        args = ["history", "brands/zerno.yaml"]
        expected = "smm: brands/zerno.yaml: not a post (a .md file under posts/)\n"
    elif case == "missing":
        args = ["history", "posts/zerno/nope.md"]
        expected = "smm: posts/zerno/nope.md: no such post on main\n"
    else:
        args = ["history", POST, "--branch", "release"]
        expected = (
            "smm: no branch 'release' (nor origin/release): smm history reads what reached it\n"
        )
    proc = repo.smm(*args, cwd=cwd)
    assert proc.returncode == 2 and proc.stdout == ""
    assert (
        len(proc.stderr.splitlines()) == 1
        and proc.stderr.startswith("smm: ")
        and "Traceback" not in proc.stderr
    )
    if expected:
        assert proc.stderr == expected


def test_the_edits_smm_sent_and_the_retraction_are_in_the_story(story):
    """Each edit (when, why, the commit its text came from) and the retraction (when, why)."""
    repo, s = story
    entry = {
        "state": "published",
        "at": "2026-12-01T10:00:05+03:00",
        "id": "812",
        "url": "https://t.me/zerno/812",
        "edits": [
            {
                "at": "2026-12-02T10:00:00+03:00",
                "sent": "0123456789abcdef",
                "reason": "wrong spice",
                "commit": s["typo"],
            }
        ],
        "retracted": {"at": "2026-12-03T08:00:00+03:00", "reason": "sold out"},
    }
    repo.write(POST, replace_block(repo.read(POST), "published", {"telegram": entry}))
    repo.commit(
        f"smm: retracted: {POST} -> telegram [skip ci]",
        POST,
        who=SMM,
        date="2026-12-03T08:00:01+03:00",
    )
    result = history(str(repo.root / POST), root=repo.root)
    [pub] = result.published
    assert (pub.state, pub.edits, pub.retracted) == ("retracted", 1, "2026-12-03T08:00:00+03:00")
    assert pub.edit_log == [
        {
            "at": "2026-12-02T10:00:00+03:00",
            "reason": "wrong spice",
            "commit": s["typo"],
            "sent": "0123456789abcdef",
        }
    ]
    text = repo.smm("history", POST).stdout
    assert f"    edited 2026-12-02T10:00:00+03:00: wrong spice (text of {s['typo'][:7]})" in text
    assert "    retracted 2026-12-03T08:00:00+03:00: sold out" in text
    line = next(x for x in text.splitlines() if x.strip().startswith("telegram"))
    assert "  retracted  published 20" in line  # its time is when it went out, said so
    data = json.loads(repo.smm("history", POST, "--format", "json").stdout)
    assert data["published"][0]["retracted_reason"] == "sold out"
    assert data["published"][0]["edit_log"][0]["reason"] == "wrong spice"


@pytest.mark.parametrize(
    "text",
    [
        "---\nnetwork: vk\n---\nБез блоков.\n",
        "---\nnetwork: vk\npublished:\n  vk: {id: '1', url: 'https://vk.com/wall-1_1'}\n---\nТекст\n",
        "---\nnetwork: vk\n\"\\x70ublished\":\n  vk: {id: '1'}\n---\nКлюч с экранированием\n",
        "---\nnetwork: vk\nmetrics:\n  vk: {likes: 3}\n---\nmetrics\n",
        "---\nnetwork: [vk\n---\nне YAML, но без блоков\n",
    ],
)
def test_a_versions_blocks_are_read_as_a_parse_reads_them(text):
    from smm.content.managed import read_blocks
    from smm.history.story import managed_blocks

    try:
        parsed = read_blocks(text)
    except ValueError:
        parsed = {"published": {}, "metrics": {}}  # unreadable: no block for the story either
    assert (managed_blocks(text) or {"published": {}, "metrics": {}}) == parsed
    assert ("\\x70" in text) <= bool(parsed["published"])  # an escaped name is still the block
