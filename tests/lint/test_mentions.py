"""<network>/mentions: Instagram tags at most 20 people per caption ("Maximum 2200 characters, 30
hashtags, and 20 @ tags"; more is error 100/2207040). Each person counts once; e-mail addresses
and a sentence's final dot are not mentions. The sandbox refuses the same captions
(tests/sandbox/test_instagram_sandbox.py)."""

from __future__ import annotations

PATH = "zerno/2026/12/01-mentions.md"
INSTAGRAM = """
    network: instagram
    time: 2026-12-01 10:00
    images:
      - {src: assets/zerno/square.jpg, alt: Чашка кофе}
"""


def _of(findings, rule):
    return [f for f in findings if f.rule == rule]


def people(n: int, start: int = 0) -> str:
    return " ".join(f"@barista_{i}" for i in range(start, start + n))


def lint(workspace, body: str, front: str = INSTAGRAM):
    workspace.post(PATH, front, body)
    return workspace.findings()


def test_twenty_people_pass(workspace):
    assert lint(workspace, f"Спасибо всем: {people(20)}.") == []


def test_the_twenty_first_person_is_an_error_at_that_mention(workspace):
    (finding,) = _of(
        lint(workspace, f"Спасибо всем:\n{people(20)}\n@roaster и ещё раз @barista_0"),
        "instagram/mentions",
    )
    assert finding.level == "error"
    assert finding.message == "Instagram text mentions 21 people; at most 20 @-mentions"
    assert (finding.line, finding.col) == (9, 1)  # '@roaster', the first one over the limit


def test_a_person_mentioned_twice_counts_once_and_mail_addresses_are_not_mentions(workspace):
    body = f"{people(20)}\nЕщё раз @Barista_3 и @barista_3. Пишите: hello@zerno.example, b@c.d"
    assert lint(workspace, body) == []


def test_an_instagram_override_is_counted_and_pointed_at(workspace):
    front = INSTAGRAM + f"    overrides:\n      instagram: {{text: '{people(25)}'}}\n"
    (finding,) = _of(lint(workspace, "Короткий текст", front), "instagram/mentions")
    assert "mentions 25 people" in finding.message and (finding.line, finding.col) == (
        7,
        15,
    )  # at its text


def test_other_networks_have_no_mention_limit(workspace):
    assert lint(workspace, people(40), "network: telegram\ntime: 2026-12-01 10:00\n") == []
