"""voice/banned (error at the word's line:col in the body) and voice/prefer (warning)."""

from __future__ import annotations

import pytest

PATH = "zerno/2026/12/01-voice.md"
FRONT = "network: telegram\ntime: 2026-12-01 10:00\n"  # the body starts on line 5
VOICE = {
    "banned": [{"word": "дешёвый", "message": "мы говорим о вкусе, не о цене"}, "халява"],
    "prefer": {"кофэ": "кофе", "e-mail": "email"},
}


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


# --- what a reader sees: invisible format characters, NFKC forms ---------------------------------


@pytest.mark.parametrize(
    "hidden",
    ["\u200d", "\u200b", "\u00ad", "\u2060", "\ufeff", "\u200e", "\U000e0041"],
    ids=["ZWJ", "ZWSP", "soft-hyphen", "word-joiner", "BOM", "LRM", "tag"],
)
def test_an_invisible_character_inside_a_banned_word_does_not_hide_it(voiced, hidden):
    (finding,) = _of(
        lint_body(voiced, f"Первая строка.\nУ нас дешё{hidden}вый раф."), "voice/banned"
    )
    assert (finding.line, finding.col) == (
        6,
        7,
    )  # the column of the word in the file, as without it
    assert (
        f"'дешё<U+{ord(hidden):04X}>вый'" in finding.message
    )  # and the message shows where it hides


def test_invisible_characters_before_the_word_keep_the_column_right(voiced):
    (finding,) = _of(lint_body(voiced, "\u200b\u200b x халява"), "voice/banned")
    assert finding.col == 6 and "'халява'" in finding.message


def test_a_combining_mark_with_a_hidden_character_still_composes(voiced):
    # 'е' + U+200D + combining diaeresis reads as 'ё'
    (finding,) = _of(lint_body(voiced, "Это деш\u0435\u200d\u0308вый кофе?"), "voice/banned")
    assert finding.col == 5


def test_fullwidth_letters_are_the_letters(voiced):
    (finding,) = lint_body(voiced, "Пишите на ｅ－ｍａｉｌ.")
    assert (finding.rule, finding.col) == ("voice/prefer", 11)


def test_an_invisible_character_in_a_preferred_word_and_an_override(voiced):
    front = FRONT + 'overrides:\n  telegram:\n    text: "Только у нас ха\\u200dлява"\n'
    findings = lint_body(voiced, "Лучший кофэ\u00ad.", front)
    assert [(f.rule, f.line, f.col) for f in findings] == [
        ("voice/banned", 6, 5),
        ("voice/prefer", 8, 8),
    ]


def test_a_word_that_merely_contains_a_banned_one_still_passes(voiced):
    assert lint_body(voiced, "Халя\u200dвания не бывает.") == []


def test_the_format_ranges_are_the_unicode_category_cf_of_this_python():
    import sys
    import unicodedata

    from smm.lint.fold import FORMAT_RANGES

    listed = {c for low, high in FORMAT_RANGES for c in range(low, high + 1)}
    assert listed == {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
