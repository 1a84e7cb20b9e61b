"""voice/banned (error at the word's line:col in the body) and voice/prefer (warning)."""

from __future__ import annotations

import pytest

PATH = "zerno/2026/12/01-voice.md"
FRONT = "network: telegram\ntime: 2026-12-01 10:00\n"  # the body starts on line 5
VOICE = {"banned": [{"word": "дешёвый", "message": "мы говорим о вкусе, не о цене"}, "халява"],
         "prefer": {"кофэ": "кофе", "e-mail": "email"}}


@pytest.fixture
def voiced(workspace):
    workspace.brand("zerno", voice=VOICE)
    return workspace


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def lint_body(workspace, body, front=FRONT):
    workspace.post(PATH, front, body)
    return workspace.findings()


def test_banned_word_is_an_error_at_its_line_and_column(voiced):
    (finding,) = lint_body(voiced, "Первая строка.\nУ нас дешёвый раф.")
    assert (finding.rule, finding.level) == ("voice/banned", "error")
    assert (finding.line, finding.col) == (6, 7)
    assert "'дешёвый'" in finding.message and "мы говорим о вкусе" in finding.message


def test_banned_word_given_as_a_plain_string_is_an_error(voiced):
    (finding,) = lint_body(voiced, "Не халява, а подарок.")
    assert (finding.rule, finding.line, finding.col) == ("voice/banned", 5, 4)


def test_banned_word_is_found_whatever_its_case(voiced):
    (finding,) = _of(lint_body(voiced, "ДЕШЁВЫЙ кофе"), "voice/banned")
    assert "'ДЕШЁВЫЙ'" in finding.message


def test_every_occurrence_of_a_banned_word_is_reported(voiced):
    findings = _of(lint_body(voiced, "халява\n\nи снова халява"), "voice/banned")
    assert [(f.line, f.col) for f in findings] == [(5, 1), (7, 9)]


def test_banned_word_inside_a_longer_word_passes(voiced):
    assert lint_body(voiced, "Халявания не бывает; недешёвый кофе.") == []


def test_text_without_banned_words_passes(voiced):
    assert lint_body(voiced, "Вкусный раф с лавандой.") == []


def test_banned_word_in_an_override_text_is_reported_at_the_override(voiced):
    front = FRONT + "overrides:\n  telegram:\n    text: Только у нас дешёвый раф\n"
    (finding,) = _of(lint_body(voiced, "Вкусный раф.", front), "voice/banned")
    assert (finding.line, finding.col) == (6, 5)


def test_words_are_not_checked_for_a_brand_without_voice_rules(workspace):
    assert lint_body(workspace, "дешёвый кофэ") == []


def test_word_to_avoid_is_a_warning_with_the_preferred_one(voiced):
    (finding,) = lint_body(voiced, "Лучший кофэ в городе.")
    assert (finding.rule, finding.level) == ("voice/prefer", "warning")
    assert (finding.line, finding.col) == (5, 8)
    assert finding.message == "write 'кофе' instead of 'кофэ'"


def test_word_to_avoid_with_punctuation_inside_is_found(voiced):
    (finding,) = lint_body(voiced, "Пишите на E-mail.")
    assert (finding.rule, finding.col) == ("voice/prefer", 11)


def test_preferred_word_passes(voiced):
    assert lint_body(voiced, "Лучший кофе в городе, пишите на email.") == []


def test_voice_findings_do_not_block_on_warnings_only(voiced):
    result = voiced.lint() if lint_body(voiced, "кофэ") else None
    assert result is not None and (result.errors, result.warnings) == (0, 1)
