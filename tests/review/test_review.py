"""`smm review --base main` on real pull requests: real repositories in temp folders, a branch
with the change, output compared with golden files (Markdown and JSON)."""

from __future__ import annotations

import json

from smm.review import MARKER

from .conftest import check_golden, commit_all, git, smm_review, start

MENU = """\
network: [telegram, vk]
time: 2026-12-01 10:00
title: Зимнее меню
campaign: winter
budget: 1000 RUB
hashtags: [кофе]
images:
  - src: assets/zerno/square.jpg
    alt: Латте на столе
link: https://zerno.example/menu
"""
LIVE = """\
network: [telegram, instagram]
time: 2026-12-02 09:00
campaign: winter-sale
budget: 100 EUR
images: [assets/nordlicht/hero.jpg]
published:
  telegram: {id: "15", url: "https://t.me/nordlicht/15", at: "2026-12-02T09:00:03+01:00"}
"""


def scenario(workspace):
    """main: four posts. The change: edits one (text and budget), deletes one, renames one, adds
    one with findings, and edits the text of a post already published to Telegram."""
    ws = workspace
    ws.image("assets/nordlicht/hero.jpg")
    ws.post(
        "zerno/2026/12/01-menu.md", MENU, "Новое **зимнее меню**: латте с корицей и пряный раф."
    )
    ws.post(
        "zerno/2026/12/02-old.md",
        "network: vk\ntime: 2026-12-02 12:00\ntitle: Старый пост\ncampaign: winter\n"
        "budget: 500 RUB\n",
        "Этот пост уберём из плана.",
    )
    ws.post(
        "zerno/2026/12/03-move.md",
        "network: telegram\ntime: 2026-12-03 12:00\ncampaign: winter\n",
        "Пост, который переедет на другое число, а текст останется прежним.",
    )
    ws.post(
        "nordlicht/2026/12/02-live.md", LIVE, "Winter sale: 20 % off every coffee bag this week."
    )
    start(ws.root)
    ws.post(
        "zerno/2026/12/01-menu.md",
        MENU.replace("1000 RUB", "3000 RUB"),
        "Новое **зимнее меню**: латте с корицей, пряный раф и облепиховый чай.",
    )
    (ws.root / "posts/zerno/2026/12/02-old.md").unlink()
    git(ws.root, "mv", "posts/zerno/2026/12/03-move.md", "posts/zerno/2026/12/05-moved.md")
    ws.post(
        "zerno/2026/12/06-new.md",
        "network: [telegram, x]\ntime: 2026-12-06 23:30\ncampaign: winter\n"
        "budget: 7000 RUB\nhashtags: [новинка, 'bad tag']\n",
        "Ночная **акция** — " + "очень длинный текст " * 15,
    )
    ws.post(
        "nordlicht/2026/12/02-live.md", LIVE, "Winter sale: 25 % off every coffee bag this week."
    )
    commit_all(ws.root, "Change the plan")


def test_markdown_review_of_a_pull_request(workspace):
    scenario(workspace)
    proc = smm_review(workspace.root, "--base", "main")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith(MARKER + "\n")
    check_golden("change.md", out, workspace.root)


def test_json_review_of_a_pull_request(workspace):
    scenario(workspace)
    proc = smm_review(workspace.root, "--base", "main", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["marker"] == MARKER and data["now"] is None
    assert [(p["path"], p["status"]) for p in data["posts"]] == [
        ("posts/nordlicht/2026/12/02-live.md", "modified"),
        ("posts/zerno/2026/12/01-menu.md", "modified"),
        ("posts/zerno/2026/12/05-moved.md", "renamed"),
        ("posts/zerno/2026/12/06-new.md", "added"),
    ]
    assert [(p["path"], p["title"], p["budget"]) for p in data["deleted"]] == [
        ("posts/zerno/2026/12/02-old.md", "Старый пост", "500 RUB")
    ]
    (winter,) = [c for c in data["campaigns"] if c["slug"] == "winter"]
    # before: 1000 + 500 (the renamed post has no budget); after: 3000 + 7000
    assert (
        winter["planned_spend_before"],
        winter["planned_spend_after"],
        winter["change"],
        winter["over_budget"],
    ) == ("1500.00", "10000.00", "8500.00", False)
    check_golden("change.json", proc.stdout, workspace.root)


def test_an_edit_of_a_published_post_stands_out_at_the_top(workspace):
    scenario(workspace)
    out = smm_review(workspace.root, "--base", "main").stdout
    top = out.split("\n### ", 1)[0]
    assert "> [!WARNING]" in top
    assert (
        "> **Edits a published post.** `posts/nordlicht/2026/12/02-live.md` is already published (Telegram) "
        "and this change edits it."
    ) in top
    assert "01-menu.md" not in top  # unpublished posts do not raise the alarm
    assert "- **Already published:** Telegram" in out


def test_no_warning_when_nothing_published_is_touched(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\n",
        "Первый пост про кофе и зиму.",
    )
    start(workspace.root)
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 11:00\n",
        "Первый пост про кофе и зиму.",
    )
    commit_all(workspace.root, "Move it by an hour")
    out = smm_review(workspace.root, "--base", "main").stdout
    assert "[!WARNING]" not in out
    assert "- **When:** 2026-12-01 11:00 MSK (Europe/Moscow) · 2026-12-01 08:00 UTC" in out


def test_a_hand_written_published_block_stands_out(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\n",
        "Первый пост про кофе и зиму.",
    )
    start(workspace.root)
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\n"
        'published:\n  vk: {id: "1", url: "https://vk.com/wall-1_1"}\n',
        "Первый пост про кофе и зиму.",
    )
    commit_all(workspace.root, "Mark it as sent")
    data = json.loads(smm_review(workspace.root, "--base", "main", "--format", "json").stdout)
    assert [w["kind"] for w in data["warnings"]] == ["managed-edit"]
    assert data["posts"][0]["text_changed"] is False and data["posts"][0]["managed_changed"] is True


def test_deleting_a_published_post_stands_out(workspace):
    workspace.post(
        "nordlicht/2026/12/02-live.md", LIVE, "Winter sale: 20 % off every coffee bag this week."
    )
    workspace.image("assets/nordlicht/hero.jpg")
    start(workspace.root)
    (workspace.root / "posts/nordlicht/2026/12/02-live.md").unlink()
    commit_all(workspace.root, "Drop it")
    out = smm_review(workspace.root, "--base", "main").stdout
    assert (
        "> **Deletes a published post.** `posts/nordlicht/2026/12/02-live.md` is deleted but was published (Telegram)"
        in out
    )
    assert (
        "- `posts/nordlicht/2026/12/02-live.md`: 2026-12-02 09:00 CET (Europe/Berlin) · telegram, instagram · "
        "budget 100 EUR — **published** (Telegram)" in out
    )


def test_a_campaign_change_is_listed_with_its_budget(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\ncampaign: winter\nbudget: 9000 RUB\n",
        "Первый пост про кофе и зиму.",
    )
    start(workspace.root)
    workspace.campaign("zerno", "winter", budget="8000 RUB")
    commit_all(workspace.root, "Cut the budget")
    out = smm_review(workspace.root, "--base", "main").stdout
    assert "No post changes against `main`." in out
    assert (
        "| `Зима` (`zerno/winter`) — file modified | 10 000 RUB → 8 000 RUB | 9 000 RUB | 9 000 RUB | ±0 RUB "
        "| 113 % **over budget** |"
    ) in out
    assert "- `campaigns/zerno/winter.yaml` modified: shapes 1 post" in out
    assert "campaign/budget" in out  # the campaign file's own finding


def test_time_dependent_findings_only_with_now(workspace):
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\n",
        "Первый пост про кофе и зиму.",
    )
    start(workspace.root)
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\n",
        "Первый пост про кофе и зиму!",
    )
    commit_all(workspace.root, "Exclaim")
    without = smm_review(workspace.root, "--base", "main").stdout
    assert "time/past" not in without and "as of" not in without
    late = smm_review(workspace.root, "--base", "main", now="2026-12-05T00:00:00Z").stdout
    assert "time/past" in late and "Lint as of 2026-12-05T00:00:00+00:00." in late
    assert smm_review(workspace.root, "--base", "main").stdout == without  # deterministic


def test_images_link_to_the_head_files(workspace):
    workspace.post("zerno/2026/12/01-a.md", MENU, "Первый пост про кофе и зиму.")
    start(workspace.root)
    workspace.post("zerno/2026/12/01-a.md", MENU, "Первый пост про кофе и зиму, с корицей.")
    commit_all(workspace.root, "Cinnamon")
    out = smm_review(workspace.root, "--base", "main").stdout
    assert (
        "- image [`assets/zerno/square.jpg`](<assets/zerno/square.jpg>) — `Латте на столе`" in out
    )
    url = "https://github.com/acme/content/blob/abc123/"
    linked = smm_review(workspace.root, "--base", "main", "--files-url", url).stdout
    assert f"- image [`assets/zerno/square.jpg`](<{url}assets/zerno/square.jpg>)" in linked


def test_an_image_path_cannot_end_its_link_and_write_markdown(workspace):
    """The path is the writer's: ``>`` and ``)`` in it would close the link, and what follows
    would show as the comment's own Markdown (a link elsewhere, a heading)."""
    start(workspace.root)
    odd = "assets/zerno/a> [b](https://evil.example) c.jpg"
    workspace.post(
        "zerno/2026/12/01-a.md", MENU.replace("assets/zerno/square.jpg", odd), "Пост с картинкой."
    )
    commit_all(workspace.root, "An odd image path")
    out = smm_review(workspace.root, "--base", "main").stdout
    encoded = "assets/zerno/a%3E%20%5Bb%5D%28https%3A//evil.example%29%20c.jpg"
    fenced, outside = False, []  # the findings quote the path in a fenced block: inert there
    for line in out.splitlines():
        fenced ^= line.startswith("```")
        outside += [] if fenced else [line]
    shown = {line for line in outside if "evil" in line}  # the image, under each network
    assert shown == {f"- image [`{odd}`](<{encoded}>) — `Латте на столе`"}


def test_a_base_that_is_not_a_commit_is_one_line(workspace):
    start(workspace.root)
    proc = smm_review(workspace.root, "--base", "origin/nope")
    assert proc.returncode == 2
    assert (
        proc.stderr.startswith("smm: --base: 'origin/nope' is not a commit")
        and "Traceback" not in proc.stderr
    )


def test_writer_text_cannot_break_out_of_its_block(workspace):
    start(workspace.root)
    workspace.post(
        "zerno/2026/12/01-a.md",
        "network: vk\ntime: 2026-12-01 10:00\ntitle: 'a `b` c'\n",
        "Текст с ```\n## не заголовок\n``` и ещё ````четыре````.",
    )
    commit_all(workspace.root, "Tricky")
    out = smm_review(workspace.root, "--base", "main").stdout
    # VK gets plain text; its line that starts with ``` stays inside a longer fence
    assert "\n````text\nТекст с ```\n\nне заголовок\n\n``` и ещё четыре.\n````\n" in out
    assert "**``a `b` c``**" in out


def test_a_thread_shows_each_part_with_its_own_count_in_the_comment_and_json(workspace):
    start(workspace.root)
    body = "Три вещи о зимнем кофе. 🧵\n\n---\n\n1. Корица.\n\n---\n\n" + "ж" * 301
    workspace.post(
        "zerno/2026/12/01-a.md", "network: [x, mastodon]\ntime: 2026-12-01 10:00\n", body
    )
    commit_all(workspace.root, "A thread")
    out = smm_review(workspace.root, "--base", "main").stdout
    assert "#### X · thread of 3 parts — **a part is over the limit**" in out
    assert "##### 1/3 · text 26/280 weighted characters" in out  # the emoji counts 2 on X
    assert "##### 3/3 · text 301/280 weighted characters — **over the limit**" in out
    assert "#### Mastodon · thread of 3 parts" in out and "##### 2/3 · text 10/500" in out
    assert "\n```text\n1. Корица.\n```\n" in out
    data = json.loads(smm_review(workspace.root, "--base", "main", "--format", "json").stdout)
    [x_preview, _] = data["posts"][0]["previews"]
    assert [p["text"][:3] for p in x_preview["parts"]] == ["Три", "1. ", "жжж"]
    assert [p["over_limit"] for p in x_preview["parts"]] == [False, False, True]
    assert x_preview["parts"][0]["parts"] == []


def test_an_approved_edit_shows_the_text_before_and_after_and_a_retraction_comes_first(
    workspace,
):
    """edit: on a live post: the review shows what the network shows now and what it will show;
    retract: is the first warning, so the client cannot miss that a live post goes away."""
    ws = workspace
    ws.image("assets/nordlicht/hero.jpg")
    ws.post("nordlicht/2026/12/02-live.md", LIVE, "Winter sale: 20 % off every coffee bag.")
    gone = LIVE.replace("2026-12-02 09:00", "2026-12-03 09:00").replace('"15"', '"16"')
    ws.post("nordlicht/2026/12/03-gone.md", gone, "Free cookies today at every shop.")
    start(ws.root)
    ws.post(
        "nordlicht/2026/12/02-live.md",
        LIVE.replace("published:", 'edit: {telegram: "wrong discount"}\npublished:'),
        "Winter sale: 25 % off every coffee bag.",
    )
    ws.post(
        "nordlicht/2026/12/03-gone.md",
        gone.replace("published:", 'retract: {telegram: "the offer ended"}\npublished:'),
        "Free cookies today at every shop.",
    )
    commit_all(ws.root, "Fix the discount; retract the cookies post")
    out = smm_review(ws.root, "--base", "main").stdout
    top = out.split("\n### ", 1)[0]
    warnings = [line for line in top.splitlines() if line.startswith("> **")]
    assert warnings[0].startswith("> **Deletes a live post.** `posts/nordlicht/2026/12/03-gone.md`")
    assert "Telegram (the offer ended)" in warnings[0]
    assert any("with `edit:` for Telegram" in w and "sends the new text" in w for w in warnings)
    live = out.split("### `posts/nordlicht/2026/12/02-live.md`", 1)[1]
    before, after = live.split("#### Telegram · after the edit", 1)
    assert "#### Telegram · live now, before the edit" in before and "20 % off" in before
    assert "25 % off" in after and "20 % off" not in after
    data = json.loads(smm_review(ws.root, "--base", "main", "--format", "json").stdout)
    posts = {p["path"]: p for p in data["posts"]}
    assert "20 % off" in posts["posts/nordlicht/2026/12/02-live.md"]["before_edit"]["telegram"]
    assert posts["posts/nordlicht/2026/12/03-gone.md"]["retract"] == {"telegram": "the offer ended"}
