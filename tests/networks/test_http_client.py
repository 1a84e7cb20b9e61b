"""networks/http.py: every client smm makes comes from ``client()`` (its request log redacted);
``ClientOnThread`` makes one on a thread while git works, and hands out that one client."""

from __future__ import annotations

import logging

import pytest

from smm.networks.http import ClientOnThread, client, http_date
from smm.sandbox import Sandbox


def test_the_client_made_on_a_thread_is_the_one_handed_out_and_closed(tmp_path) -> None:
    made = ClientOnThread()
    made.start()
    made.start()  # once: a second start makes no second client
    first = made.get()
    assert made.get() is first and not first.is_closed
    assert first.timeout.connect == 10.0 and first.timeout.read == 30.0
    made.close()
    assert first.is_closed


def test_a_client_never_started_is_made_when_asked() -> None:
    made = ClientOnThread()
    assert not made.get().is_closed
    made.close()


def test_every_client_logs_requests_redacted(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    token = "123456:SecretBotTokenNeverLogged"  # in the URL path, as Telegram's Bot API has it
    caplog.set_level(logging.INFO)
    with Sandbox(state_dir=tmp_path) as sb, client() as http:
        http.get(f"{sb.url}/bot{token}/getMe")
    assert "/bot***/getMe" in caplog.text and "SecretBotTokenNeverLogged" not in caplog.text


def test_an_answer_date_is_read_as_an_aware_datetime() -> None:
    assert http_date("Sun, 06 Nov 1994 08:49:37 GMT").isoformat() == "1994-11-06T08:49:37+00:00"
    with pytest.raises((TypeError, ValueError)):
        http_date("not a date")
