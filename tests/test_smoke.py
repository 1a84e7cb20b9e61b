"""The workspace fixture itself: a clean post lints clean, a broken one does not."""


def test_clean_post_in_a_fresh_workspace_has_no_findings(workspace):
    workspace.post(
        "zerno/2026/12/01-hello.md",
        """
        network: [telegram, vk]
        time: 2026-12-01 10:00
        campaign: winter
    """,
    )
    assert workspace.findings() == []


def test_unknown_key_is_reported_with_its_line(workspace):
    workspace.post(
        "zerno/2026/12/01-hello.md",
        """
        network: telegram
        time: 2026-12-01 10:00
        tiem: oops
    """,
    )
    (finding,) = workspace.findings()
    assert (finding.line, finding.col, finding.rule) == (4, 1, "schema/unknown-key")
    assert "did you mean 'time'" in finding.message
