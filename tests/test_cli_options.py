"""Options shared by several commands are declared once and resolved the same way everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import click
import pytest

from smm import plan, report
from smm.cli import main
from smm.errors import UsageError


def _option(command: str, name: str) -> click.Parameter:
    return next(p for p in main.commands[command].params if p.name == name)


NOW_COMMANDS = sorted(
    name for name, cmd in main.commands.items() if any(p.name == "now" for p in cmd.params)
)


def test_the_commands_that_take_a_time_take_the_shared_now_option():
    assert NOW_COMMANDS == [
        "draw",
        "inbox",
        "lint",
        "metrics",
        "new",
        "plan",
        "publish",
        "report",
        "review",
        "site",
    ]
    for name in NOW_COMMANDS:
        callback = _option(name, "now").callback
        assert callback is not None and callback.__qualname__.startswith("now_option."), name


@pytest.mark.parametrize("command", [c for c in NOW_COMMANDS if c != "review"])
def test_now_is_the_option_then_smm_now_then_the_clock(command, monkeypatch):
    option = _option(command, "now")
    ctx = click.Context(main.commands[command])
    monkeypatch.setenv("SMM_NOW", "2026-12-01T10:00:00+03:00")
    assert option.callback(ctx, option, "2026-11-01T00:00:00Z") == datetime(2026, 11, 1, tzinfo=UTC)
    assert option.callback(ctx, option, None) == datetime(2026, 12, 1, 7, tzinfo=UTC)
    monkeypatch.delenv("SMM_NOW")
    before = datetime.now(UTC)
    assert before <= option.callback(ctx, option, None) <= datetime.now(UTC)
    with pytest.raises(UsageError, match="--now/SMM_NOW: 'tomorrow'"):
        option.callback(ctx, option, "tomorrow")


def test_review_without_a_time_lints_without_a_present(monkeypatch):
    option = _option("review", "now")
    ctx = click.Context(main.commands["review"])
    monkeypatch.delenv("SMM_NOW", raising=False)
    assert option.callback(ctx, option, None) is None
    monkeypatch.setenv("SMM_NOW", "2026-12-01")
    assert option.callback(ctx, option, None) == datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("command", "formats"), [("plan", plan.FORMATS), ("report", report.FORMATS)]
)
def test_format_choices_come_from_the_package_that_renders_them(command, formats):
    choice = _option(command, "fmt").type
    assert isinstance(choice, click.Choice)
    assert tuple(choice.choices) == formats
