"""The text of a live post is not changed silently (docs/design.md#files): lint compares it with what was sent.

The published entries here are written by hand, with the digest of the text each network got
computed in the test from the literal text (blake2b, 8 bytes, hex), not by smm's own helper.
The digests a real publish run writes are checked in test_publish_digest.py.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import Workspace

PATH = "zerno/2026/12/01-menu.md"
BODY = "Текст поста про **зимний** кофе.\n\nВторой абзац.\n"
VK_SENT = "Текст поста про зимний кофе.\n\nВторой абзац.\n\n#кофе"
TG_SENT = "Текст поста про <b>зимний</b> кофе.\n\nВторой абзац.\n\n#кофе"


def hex16(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def front(vk: str = "", telegram: str = "", extra: str = "") -> str:
    vk = (
        vk
        or f'{{state: "published", id: "45", url: "https://vk.com/wall-1_45", at: "2026-12-01T10:00:03+03:00", sent: "{hex16(VK_SENT)}"}}'
    )
    telegram = (
        telegram
        or f'{{state: "published", id: "7", url: "https://t.me/zerno/7", at: "2026-12-01T10:00:02+03:00", sent: "{hex16(TG_SENT)}"}}'
    )
    return f"""\
        network: [vk, telegram]
        time: 2026-12-01 10:00
        hashtags: [кофе]
        {extra}
        published:
          vk: {vk}
          telegram: {telegram}
        """


def ours(workspace: Workspace) -> list:
    return [f for f in workspace.findings(f"posts/{PATH}") if f.rule.startswith("published/")]


def test_a_published_post_as_it_was_sent_is_clean(workspace: Workspace) -> None:
    workspace.post(PATH, front(), BODY)
    assert ours(workspace) == []
    assert workspace.lint(f"posts/{PATH}").errors == 0


def test_editing_the_body_of_a_published_post_is_an_error_at_the_body_start(
    workspace: Workspace,
) -> None:
    file = workspace.post(PATH, front(), BODY.replace("Второй абзац", "Второй абзац, исправленный"))
    found = ours(workspace)
    assert {(f.rule, f.level) for f in found} == {("published/edited", "error")}
    assert len(found) == 2  # vk and telegram both went out with the old text
    body_line = (
        file.read_text(encoding="utf-8").splitlines().index("Текст поста про **зимний** кофе.") + 1
    )
    assert {(f.line, f.col) for f in found} == {(body_line, 1)}
    vk = next(f for f in found if "to vk" in f.message)
    assert "published to vk on 2026-12-01 10:00" in vk.message
    assert 'edit: {vk: "reason"}' in vk.message and "edit it on the network" in vk.message
    assert workspace.lint(f"posts/{PATH}").errors == 2


def test_a_change_that_reaches_one_network_only_is_reported_for_that_network(
    workspace: Workspace,
) -> None:
    # bold -> italic: Telegram's HTML changes, VK's plain text does not
    workspace.post(PATH, front(), BODY.replace("**зимний**", "*зимний*"))
    found = ours(workspace)
    assert [f.rule for f in found] == ["published/edited"]
    assert "to telegram" in found[0].message


def test_a_front_matter_change_that_changes_the_text_counts_too(workspace: Workspace) -> None:
    workspace.post(PATH, front().replace("hashtags: [кофе]", "hashtags: [кофе, зима]"), BODY)
    assert {f.rule for f in ours(workspace)} == {"published/edited"}


def test_whitespace_counts_when_it_changes_the_sent_text_and_not_otherwise(
    workspace: Workspace,
) -> None:
    # a third paragraph break is a different text on every network
    workspace.post(PATH, front(), BODY.replace("\n\n", "\n\n\n\n").replace("кофе.", "кофе.\n"))
    workspace.post(PATH, front(), BODY.replace("Второй абзац.", "Второй\nабзац."))
    assert {f.rule for f in ours(workspace)} == {"published/edited"}
    # trailing blank lines, or a comment in the front matter, do not change what would be sent
    workspace.post(PATH, front(extra="# checked by @zerno-marketing"), BODY + "\n\n")
    assert ours(workspace) == []


def test_an_edit_request_takes_the_error_away_where_the_network_can_edit(
    workspace: Workspace,
) -> None:
    extra = 'edit: {vk: "typo in the second paragraph", telegram: "same"}'
    workspace.post(
        PATH, front(extra=extra), BODY.replace("Второй абзац", "Второй абзац, исправленный")
    )
    assert ours(workspace) == []  # smm publish sends it (publish/changes.py)
    assert workspace.lint(f"posts/{PATH}").errors == 0


def test_an_edit_request_for_one_network_leaves_the_other_an_error(workspace: Workspace) -> None:
    workspace.post(PATH, front(extra='edit: {vk: "typo"}'), BODY.replace("Второй", "Третий"))
    found = {(f.rule, "telegram" in f.message) for f in ours(workspace)}
    assert found == {("published/edited", True)}


def test_an_edit_or_retract_request_for_a_network_not_published_is_a_warning_to_remove_it(
    workspace: Workspace,
) -> None:
    workspace.post(
        PATH, "network: [vk]\ntime: 2026-12-20 10:00\nedit: {vk: typo}\nretract: {vk: gone}\n", BODY
    )
    found = ours(workspace)
    assert [(f.rule, f.level) for f in found] == [("published/not-live", "warning")] * 2
    assert all("not published to vk" in f.message for f in found)


@pytest.fixture
def rules_saying_no(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The package's rules files, copied, with VK's ``edit`` and Telegram's ``retract`` saying
    ``supported: false``: what a network that cannot do them says in its file."""
    from smm import rules

    folder = tmp_path / "rules"
    shutil.copytree(Path(rules.__file__).parent, folder)
    for network, kind in (("vk", "edit"), ("telegram", "retract")):
        data = yaml.safe_load((folder / f"{network}.yaml").read_text(encoding="utf-8"))
        data[kind] = {"supported": False, "status": "official", "source": "the API reference"}
        (folder / f"{network}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setattr(rules, "_HERE", folder)
    rules.network_rules.cache_clear()
    yield
    rules.network_rules.cache_clear()


@pytest.mark.usefixtures("rules_saying_no")
def test_a_network_whose_rules_file_says_it_cannot_edit_gets_the_way_out(
    workspace: Workspace,
) -> None:
    """The rules read the rules files' data (edit.supported / retract.supported), no list of
    networks in the code."""
    workspace.post(
        PATH,
        front(extra='edit: {vk: "typo"}\n        retract: {telegram: "wrong channel"}'),
        BODY.replace("Второй", "Третий"),
    )
    found = {f.rule: f for f in ours(workspace)}
    assert set(found) == {"published/edit-unsupported", "published/retract-unsupported"}
    assert (
        "retract it and post it again, or leave it" in found["published/edit-unsupported"].message
    )
    assert "delete it in the app" in found["published/retract-unsupported"].message


def test_old_entries_without_a_digest_are_not_flagged(workspace: Workspace) -> None:
    old = '{id: "45", url: "https://vk.com/wall-1_45", at: "2026-12-01T10:00:03+03:00"}'
    workspace.post(
        PATH,
        front(vk=old, telegram=old.replace("45", "7")),
        "Совсем другой текст, чем был отправлен.",
    )
    assert ours(workspace) == []


def test_a_published_entry_without_an_id_is_malformed(workspace: Workspace) -> None:
    hand = '{state: "published", url: "https://vk.com/wall-1_45", at: "2026-12-01T10:00:03+03:00"}'
    workspace.post(PATH, front(vk=hand), BODY)
    found = ours(workspace)
    assert [(f.rule, f.level) for f in found] == [("published/malformed", "error")]
    assert "vk" in found[0].message and (found[0].line, found[0].col) == (
        7,
        3,
    )  # at the `vk:` key under published:
    bare = '{at: "2026-12-01T10:00:03+03:00", state: "published"}'
    workspace.post(PATH, front(vk=bare), BODY)
    assert [f.rule for f in ours(workspace)] == ["published/malformed"]


def test_the_schema_knows_edit_and_the_digest_fields(workspace: Workspace) -> None:
    workspace.post(PATH, front(extra='edit: {vkk: "typo"}'), BODY)
    rules = workspace.rules(f"posts/{PATH}")
    assert "schema/network" in rules and "schema/unknown-key" not in rules
    workspace.post(
        PATH,
        front(
            vk='{state: "published", id: "45", url: "u", at: "2026-12-01T10:00:03+03:00", sent: "xyz"}'
        ),
        BODY,
    )
    assert "schema/value" in workspace.rules(f"posts/{PATH}")
    workspace.post(PATH, front(extra="edit: {vk: [a, b]}"), BODY)
    assert "schema/type" in workspace.rules(f"posts/{PATH}")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.domain)", "data:text/html,<script>x()</script>", "t.me/zerno/7"],
)
def test_a_published_url_that_is_not_a_web_address_is_malformed(
    workspace: Workspace, url: str
) -> None:
    """smm writes the address the network gave; any other (a script the site would make a link
    of) was written by hand."""
    hand = f'{{state: "published", id: "45", url: "{url}", at: "2026-12-01T10:00:03+03:00", sent: "{hex16(VK_SENT)}"}}'
    workspace.post(PATH, front(vk=hand), BODY)
    found = ours(workspace)
    assert [(f.rule, f.level) for f in found] == [("published/malformed", "error")]
    assert "not a web address" in found[0].message and found[0].line == 7
