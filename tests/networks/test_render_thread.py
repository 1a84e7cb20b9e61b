"""compose.render of a thread: marking and images open the first part; link, signature and
hashtags close the last; the content warning on every part; UTM in every part's links."""

from __future__ import annotations

from smm.content.loader import load_post
from smm.content.repo import open_repo
from smm.networks import render
from smm.networks.compose import THREAD_JOIN

PATH = "zerno/2026/12/01-thread.md"
THREAD = (
    "Five things we learned. 🧵\n\n---\n\n1. Warmth: https://zerno.example/warm\n\n---\n\n2. Buns."
)


def _render(workspace, network, body=THREAD, front=""):
    head = f"network: {network}\ntime: 2026-12-01 10:00\ncampaign: winter\n" + front
    workspace.post(PATH, head, body)
    repo = open_repo(workspace.root)
    post, _ = load_post(workspace.root, f"posts/{PATH}", repo.brands)
    assert post is not None
    return render(post, network, repo.brands["zerno"], repo.campaign("zerno", "winter"))


def test_a_thread_renders_its_parts_in_order_and_joins_them_as_its_text(workspace):
    out = _render(workspace, "x")
    assert [p.text.split("\n")[0] for p in out.parts] == [
        "Five things we learned. 🧵",
        "1. Warmth: https://zerno.example/warm?utm_source=x&utm_medium=social&utm_campaign=winter",
        "2. Buns.",
    ]
    assert out.messages == out.parts
    assert out.text == THREAD_JOIN.join(p.text for p in out.parts)


def test_a_single_post_is_its_own_only_message(workspace):
    out = _render(workspace, "x", body="Just one post.")
    assert out.parts == [] and out.messages == [out]


def test_images_go_with_the_first_part_link_hashtags_and_signature_close_the_last(workspace):
    workspace.brand("zerno", signature="— Зерно")
    front = (
        "hashtags: [кофе]\nlink: https://zerno.example/menu\n"
        "images:\n  - src: assets/zerno/square.jpg\n    alt: Чашка\n"
    )
    out = _render(workspace, "bluesky", front=front)
    first, middle, last = out.parts
    assert [i.src for i in first.images] == ["assets/zerno/square.jpg"]
    assert middle.images == [] and last.images == []
    assert first.link is None and middle.link is None
    assert last.link and last.link.startswith("https://zerno.example/menu?utm_source=bluesky")
    assert last.text.endswith("— Зерно\n\n#кофе")
    assert "#кофе" not in first.text + middle.text and "Зерно" not in first.text
    assert first.limit_key == "text.limit" and last.title is None


def test_the_ad_marking_opens_the_first_part_only(workspace):
    front = "kind: ad\nadvertiser: {name: ООО «Зерно», erid: 2VtzqwXyZ1}\n"
    out = _render(workspace, "x", front=front)
    assert out.parts[0].text.startswith("Реклама. ООО «Зерно»")
    assert all("Реклама" not in p.text for p in out.parts[1:])
    assert out.parts[0].marking and out.parts[1].marking is None


def test_the_content_warning_is_on_every_part_and_counted_in_each(workspace):
    out = _render(workspace, "mastodon", front="content_warning: Food talk\n")
    assert [p.content_warning for p in out.parts] == ["Food talk"] * 3
    assert out.parts[2].length == len(out.parts[2].visible) + len("Food talk")


def test_a_hashtag_written_in_any_part_is_not_added_again(workspace):
    out = _render(workspace, "x", body="Hi\n---\nWe love #кофе", front="hashtags: [кофе, зима]\n")
    assert out.parts[1].text == "We love #кофе\n\n#зима"


def test_an_override_text_for_a_network_without_threads_is_one_text(workspace):
    front = "overrides:\n  telegram:\n    text: One text for Telegram.\n"
    out = _render(workspace, "telegram", front=front)
    assert out.parts == [] and out.text == "One text for Telegram."


def test_each_part_counts_its_own_length_and_the_thread_is_over_when_a_part_is(workspace):
    out = _render(workspace, "x", body="short\n---\n" + "a" * 281 + "\n---\nend")
    assert [p.over_limit() for p in out.parts] == [False, True, False]
    assert out.over_limit()
    ok = _render(workspace, "x", body=("a" * 270 + "\n---\n") * 2 + "end")
    assert not ok.over_limit() and ok.length > 280  # the whole is long, no part is
