"""Edits of live posts (Facebook, LinkedIn) over real HTTP against the sandbox: the same id gets
the new text once (the sandbox's ``edited`` list counts each applied edit), ``live_text`` reads back
what the network keeps, a lost answer is MaybePostedError, a refusal before storing Retryable, and
the networks that cannot edit offer no ``edit`` (docs/networks.md#edits-and-retractions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import test_facebook as fb_case
import test_linkedin as li_case

from smm.errors import MaybePostedError, NetworkError, RetryableError
from smm.networks.base import Outgoing, Published
from smm.networks.bluesky import Bluesky
from smm.networks.facebook import Facebook
from smm.networks.instagram import Instagram
from smm.networks.linkedin import LinkedIn
from smm.networks.ok import OK
from smm.networks.registry import NETWORK_IDS, adapter_class
from smm.networks.threads import Threads
from smm.networks.x import X
from smm.rules import network_rules
from smm.sandbox import Sandbox

FIXED = "Nordlicht über dem Camp, jetzt mit richtigem Datum.\n\n#nordlicht"


def fixed(base: Outgoing, text: str = FIXED) -> Outgoing:
    return replace(base, rendered=replace(base.rendered, text=text, visible=text))


def editing(adapter: type) -> bool:
    """What networks/base.py's runtime-checkable Editing protocol checks: both methods."""
    return callable(getattr(adapter, "edit", None)) and callable(
        getattr(adapter, "live_text", None)
    )


@pytest.mark.parametrize("network", NETWORK_IDS)
def test_each_rules_file_says_what_its_adapter_can_change(network: str) -> None:
    """rules/<id>.yaml edit/retract.supported is what the adapter offers: the dry run reads the
    rules file, the run the adapter, and they must agree."""
    adapter, rules = adapter_class(network), network_rules(network)
    assert editing(adapter) == bool(rules.edit and rules.edit.supported), network
    retracting = callable(getattr(adapter, "retract", None))
    assert retracting == bool(rules.retract and rules.retract.supported), network


def test_the_editing_networks_offer_edit_and_the_others_do_not() -> None:
    assert editing(Facebook) and editing(LinkedIn)
    for adapter in (Instagram, X, Bluesky, Threads, OK):  # rules/<id>.yaml edit.supported: false
        assert not editing(adapter), adapter.id
    for adapter in (Facebook, LinkedIn, Instagram, X, Bluesky, Threads, OK):
        assert callable(getattr(adapter, "retract", None)), adapter.id  # Retracting


@pytest.fixture
def fb(tmp_path: Path) -> Iterator[tuple[Facebook, Sandbox]]:
    with fb_case.live(tmp_path) as on:
        yield on.adapter, on.sb


def test_facebook_edit_replaces_the_message_of_the_same_post_once(
    fb: tuple[Facebook, Sandbox],
) -> None:
    adapter, sb = fb
    live = adapter.publish(fb_case.outgoing(images=[fb_case.AURORA]))
    assert adapter.live_text(fb_case.outgoing().account, live) == fb_case.TEXT
    after = adapter.edit(fixed(fb_case.outgoing()), live)
    assert (after.id, after.url) == (live.id, live.url)
    [post] = sb.posts("facebook")
    assert post["id"] == live.id and post["text"] == FIXED
    assert [e["text"] for e in post["edited"]] == [FIXED]
    assert len(post["images"]) == 1  # Graph's update takes the message alone: the photo stays
    assert adapter.live_text(fb_case.outgoing().account, live) == FIXED


def test_facebook_edit_whose_answer_was_lost_may_have_been_applied(
    fb: tuple[Facebook, Sandbox],
) -> None:
    adapter, sb = fb
    live = adapter.publish(fb_case.outgoing())
    sb.inject("facebook", "drop_after_store", method="node")
    with pytest.raises(MaybePostedError):
        adapter.edit(fixed(fb_case.outgoing()), live)
    assert adapter.live_text(fb_case.outgoing().account, live) == FIXED  # what a rerun reads
    sb.inject("facebook", "429", method="node")
    with pytest.raises(RetryableError):
        adapter.edit(fixed(fb_case.outgoing(), "third"), live)
    [post] = sb.posts("facebook")
    assert [e["text"] for e in post["edited"]] == [FIXED]  # the throttled one stored nothing


def test_facebook_retract_deletes_once_and_a_second_retract_is_done(
    fb: tuple[Facebook, Sandbox],
) -> None:
    adapter, sb = fb
    account = fb_case.outgoing().account
    live = adapter.publish(fb_case.outgoing())
    adapter.retract(account, live)
    [post] = sb.posts("facebook")
    assert post["id"] == live.id and post["deleted"] is True
    adapter.retract(account, live)  # after a crash: already gone counts as done
    assert adapter.live_text(account, live) is None
    with pytest.raises(NetworkError, match="does not exist"):
        adapter.edit(fixed(fb_case.outgoing()), live)
    assert adapter.reconcile(fb_case.outgoing()) is None  # a deleted post is in no listing


def test_facebook_retract_refused_by_graph_is_an_error_not_done(
    fb: tuple[Facebook, Sandbox],
) -> None:
    adapter, sb = fb
    live = adapter.publish(fb_case.outgoing())
    other = Published(f"{fb_case.PAGE}_999", "")
    adapter.retract(fb_case.outgoing().account, other)  # never there: nothing to do
    sb.inject("facebook", "error", method="node", code=200, message="(#200) Permissions error")
    with pytest.raises(NetworkError, match="Permissions error"):
        adapter.retract(fb_case.outgoing().account, live)
    assert "deleted" not in sb.posts("facebook")[0]


@pytest.fixture
def li(tmp_path: Path) -> Iterator[tuple[LinkedIn, Sandbox]]:
    with li_case.live(tmp_path) as on:
        yield on.adapter, on.sb


def test_linkedin_edit_is_a_partial_update_of_the_commentary_escaped_as_little(
    li: tuple[LinkedIn, Sandbox],
) -> None:
    adapter, sb = li
    account = li_case.outgoing().account
    live = adapter.publish(li_case.outgoing(images=[(li_case.JPEG, "Jacke")]))
    assert adapter.live_text(account, live) == li_case.TEXT  # the escapes read back as text
    text = "Reparieren (seit 2023!): a_b *neu* [Termin] #nordlicht"
    after = adapter.edit(fixed(li_case.outgoing(), text), live)
    assert (after.id, after.url) == (live.id, live.url)
    [post] = sb.posts("linkedin")
    assert (post["text"], post["truncated"]) == (text, False)  # shown whole: every escape held
    assert [e["text"] for e in post["edited"]] == [text] and len(post["images"]) == 1
    assert adapter.live_text(account, live) == text
    found = adapter.reconcile(
        replace(li_case.outgoing(text, images=[(li_case.JPEG, "Jacke")]), claimed_at=li_case.now())
    )
    assert found is not None and found.id == live.id  # the listing shows the new commentary


def test_linkedin_edit_lost_answer_may_have_been_applied_and_a_429_stored_nothing(
    li: tuple[LinkedIn, Sandbox],
) -> None:
    adapter, sb = li
    live = adapter.publish(li_case.outgoing())
    sb.inject("linkedin", "drop_after_store", method="posts.entity")
    with pytest.raises(MaybePostedError):
        adapter.edit(fixed(li_case.outgoing()), live)
    assert adapter.live_text(li_case.outgoing().account, live) == FIXED
    sb.inject("linkedin", "429", method="posts.entity")
    with pytest.raises(RetryableError):
        adapter.edit(fixed(li_case.outgoing(), "again"), live)
    assert [e["text"] for e in sb.posts("linkedin")[0]["edited"]] == [FIXED]


def test_linkedin_retract_deletes_once_idempotently(li: tuple[LinkedIn, Sandbox]) -> None:
    adapter, sb = li
    account = li_case.outgoing().account
    live = adapter.publish(li_case.outgoing())
    adapter.retract(account, live)
    adapter.retract(account, live)  # a retry after a crash: LinkedIn's delete is idempotent
    [post] = sb.posts("linkedin")
    assert post["deleted"] is True and post["id"] == live.id
    assert adapter.live_text(account, live) is None
    with pytest.raises(NetworkError, match="404"):
        adapter.edit(fixed(li_case.outgoing()), live)
    adapter.retract(account, Published("urn:li:share:1", ""))  # never there: done as well


def test_linkedin_retract_without_the_write_scope_is_refused(tmp_path: Path) -> None:
    with li_case.live(tmp_path, linkedin_scopes=["r_organization_social"]) as on:
        live = Published("urn:li:share:7270000000000000001", "")
        with pytest.raises(NetworkError, match=r"403.*Not enough permissions"):
            on.adapter.retract(li_case.outgoing().account, live)
