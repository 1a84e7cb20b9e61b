"""content/thread.py: a body is a thread when a line holds only '---' outside a code fence; the
loader takes only the first '---' pair as front matter, so the later ones are separators."""

from __future__ import annotations

from smm.content.loader import load_post
from smm.content.thread import Part, is_thread, split_thread


def test_a_body_without_a_separator_line_is_one_part_stripped():
    assert split_thread("\nOne post --- with dashes inside.\n") == [
        Part("One post --- with dashes inside.", 1)
    ]
    assert not is_thread("a\n----\nb\n- - -\nc")  # only exactly three hyphens separate


def test_parts_are_the_texts_between_separator_lines_with_their_offsets():
    source = "First.\n\n---\n\nSecond,\ntwo lines.\n  ---  \nThird.\n"
    parts = split_thread(source)
    assert [p.text for p in parts] == ["First.", "Second,\ntwo lines.", "Third."]
    assert [source[p.offset :].split("\n")[0] for p in parts] == ["First.", "Second,", "Third."]


def test_crlf_line_endings_separate_too():
    parts = split_thread("One\r\n---\r\nTwo\r\n --- \r\nThree\r\n")
    assert [p.text for p in parts] == ["One", "Two", "Three"]


def test_a_separator_inside_a_fenced_code_block_is_text():
    source = "Config:\n```yaml\n---\nkey: 1\n```\n---\nAfter\n~~~~\n---\n~~~\n---\n~~~~\n"
    parts = split_thread(source)
    assert [p.text for p in parts] == [
        "Config:\n```yaml\n---\nkey: 1\n```",
        "After\n~~~~\n---\n~~~\n---\n~~~~",
    ]


def test_an_empty_part_is_kept_empty_for_lint_to_report():
    assert [p.text for p in split_thread("a\n---\n\n---\nb")] == ["a", "", "b"]
    assert [p.text for p in split_thread("a\n---\n")] == ["a", ""]


def test_the_loader_takes_only_the_first_pair_as_front_matter(tmp_path):
    post_file = tmp_path / "posts/zerno/2026/12/01-thread.md"
    post_file.parent.mkdir(parents=True)
    post_file.write_text(
        "---\nnetwork: x\ntime: 2026-12-01 10:00\n---\nPart one.\n---\nnetwork: vk\n---\nPart three.\n",
        encoding="utf-8",
    )
    post, _ = load_post(tmp_path, "posts/zerno/2026/12/01-thread.md", {})
    assert post is not None and post.networks == ["x"]
    assert [p.text for p in split_thread(post.body)] == ["Part one.", "network: vk", "Part three."]
    assert post.body_line == 5
