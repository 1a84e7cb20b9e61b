"""Lint of a first comment: its length per network (a comment against comments.limit, a
self-reply as a post), first-comment/unsupported where smm cannot post one unless the override
sends none there; and preview shows it after the post."""

from __future__ import annotations

PATH = "zerno/2026/12/01-comment.md"
FRONT = "network: {networks}\ntime: 2026-12-01 10:00\nimages: [{{src: assets/zerno/menu.jpg, alt: Меню}}]\n"


def lint(workspace, networks, extra):
    workspace.post(PATH, FRONT.format(networks=networks) + extra, "Зимнее меню уже в кофейнях.")
    return [f for f in workspace.findings() if "comment" in f.rule]


def test_each_network_counts_the_comment_against_its_own_limit(workspace):
    findings = lint(workspace, "[vk, x, mastodon]", f"first_comment: '{'a' * 300}'\n")
    assert [(f.rule, f.level, f.line) for f in findings] == [
        ("x/comment-length", "error", 5),
    ]
    assert "X first comment (a reply, counted as a post) is 300" in findings[0].message


def test_an_instagram_comment_over_its_limit_is_a_warning_that_says_how_sure(workspace):
    findings = lint(workspace, "instagram", f"first_comment: '{'b' * 2201}'\n")
    (finding,) = findings
    assert finding.rule == "instagram/comment-length" and finding.level == "warning"
    assert "is 2,201" in finding.message and "third-party" in finding.message


def test_telegram_takes_no_first_comment_unless_the_override_sends_none(workspace):
    (finding,) = lint(workspace, "[vk, telegram]", "first_comment: Ссылка на меню\n")
    assert finding.rule == "first-comment/unsupported" and finding.level == "error"
    assert "overrides.telegram.first_comment to null" in finding.message
    extra = "first_comment: Ссылка на меню\noverrides: {telegram: {first_comment: null}}\n"
    assert lint(workspace, "[vk, telegram]", extra) == []


def test_an_override_gives_one_network_its_own_comment_counted_at_its_key(workspace):
    extra = f"first_comment: коротко\noverrides:\n  bluesky:\n    first_comment: '{'c' * 301}'\n"
    (finding,) = lint(workspace, "[vk, bluesky]", extra)
    assert finding.rule == "bluesky/comment-length" and finding.line == 8


def test_preview_shows_the_comment_after_the_post_with_nothing_added(workspace):
    front = FRONT.format(networks="instagram") + "hashtags: [кофе]\n"
    workspace.post(PATH, front + "first_comment: https://zerno.example/menu\n", "Зимнее меню.")
    result = workspace.smm("preview", f"posts/{PATH}", "--network", "instagram")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("#кофе") < out.index("↳ first comment 26/2,200")
    assert out.rstrip().endswith("https://zerno.example/menu")  # no hashtags, no signature
