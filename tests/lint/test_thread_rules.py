"""Lint of a thread: each part counted on its own at its line; thread/unsupported for a network
without threads unless an override gives it one text; thread/empty-part; thread/too-long."""

from __future__ import annotations

PATH = "zerno/2026/12/01-thread.md"
FRONT = "network: {networks}\ntime: 2026-12-01 10:00\n"


def lint(workspace, networks, body, extra=""):
    workspace.post(PATH, FRONT.format(networks=networks) + extra, body)
    return workspace.findings()


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_each_part_is_counted_on_its_own_at_its_first_line(workspace):
    body = "Short opener.\n\n---\n\n" + "a" * 281 + "\n\n---\n\n" + "b" * 300 + "\n"
    findings = lint(workspace, "x", body)
    over = _of(findings, "x/length")
    # '---', network, time, '---' (lines 1-4): the body starts on line 5; part 2 on 9, part 3 on 13
    assert [(f.line, f.col) for f in over] == [(9, 1), (13, 1)]
    assert "X (part 2/3) text is 281" in over[0].message
    assert "X (part 3/3) text is 300" in over[1].message


def test_a_thread_whose_parts_fit_passes_though_the_whole_is_long(workspace):
    body = "\n---\n".join(["c" * 270] * 4)
    assert lint(workspace, "[x, mastodon, bluesky]", body.replace("c" * 270, "c" * 250)) == []


def test_a_thread_for_a_network_without_threads_is_an_error_that_says_how_to_fix_it(workspace):
    findings = lint(workspace, "[x, telegram]", "One\n---\nTwo")
    (finding,) = _of(findings, "thread/unsupported")
    assert finding.level == "error" and finding.line == 7  # the second part's line
    assert "give telegram one text in overrides.telegram.text" in finding.message


def test_an_override_with_one_text_lets_the_network_without_threads_take_the_post(workspace):
    extra = "overrides:\n  telegram:\n    text: Одним сообщением для Telegram.\n"
    assert lint(workspace, "[x, telegram]", "One\n---\nTwo", extra) == []


def test_an_override_that_is_itself_a_thread_is_still_unsupported(workspace):
    extra = "overrides:\n  vk:\n    text: |\n      Раз\n      ---\n      Два\n"
    (finding,) = _of(lint(workspace, "[x, vk]", "One\n---\nTwo", extra), "thread/unsupported")
    assert "overrides.vk.text must be one text" in finding.message
    assert finding.line == 6  # the override's text key


def test_an_override_may_make_a_thread_for_a_network_that_takes_one(workspace):
    extra = "overrides:\n  mastodon:\n    text: |\n      Eins\n      ---\n      Zwei\n"
    assert lint(workspace, "[mastodon, vk]", "Ein Text für alle.", extra) == []


def test_an_empty_part_is_an_error_at_its_place(workspace):
    findings = lint(workspace, "x", "One\n---\n\n---\nThree")
    (finding,) = _of(findings, "thread/empty-part")
    assert finding.level == "error" and finding.line == 7
    assert "part 2/3" in finding.message
    (trailing,) = _of(lint(workspace, "x", "One\n---\n"), "thread/empty-part")
    assert "part 2/2" in trailing.message


def test_a_very_long_thread_is_a_warning_at_the_first_part_past_the_bound(workspace):
    body = "\n---\n".join(f"Part {n}." for n in range(1, 28))
    (finding,) = _of(lint(workspace, "x", body), "thread/too-long")
    assert finding.level == "warning" and "27 parts" in finding.message
    assert finding.line == 5 + 2 * 25  # part 26 starts two lines after each earlier part
    assert "unconfirmed" in finding.message


def test_a_separator_inside_a_code_block_makes_no_thread(workspace):
    body = "Our config:\n\n```\n---\nkey: value\n```\n"
    assert _of(lint(workspace, "telegram", body), "thread/unsupported") == []
