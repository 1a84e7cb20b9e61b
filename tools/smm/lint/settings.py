"""Which rules lint reports: the repository's settings and the command line, as in ruff.

The repository says it once, in ``smm.toml`` at its root (top-level keys) or else under
``[tool.smm]`` in ``pyproject.toml`` (smm.toml wins when both exist)::

    select = ["vk/", "telegram/length"]   # only these (default: every rule)
    ignore = ["image/gps"]                # never these

Each entry is a rule id or a prefix ending at a '/' (``vk/``, or ``vk``), as `smm rules` lists
them. ``smm lint --select`` replaces the repository's ``select``; ``--ignore`` adds to its
``ignore``. When both name a rule, the more specific entry wins (``select = ["vk/"]`` with
``ignore = ["vk/length"]`` is every vk rule but its length), and ``ignore`` wins a tie. Fixed
rules (lint/registry.py) are always reported. The settings apply after the lint cache, so changing
them never needs the cache rebuilt. An entry that names no rule is a usage error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smm.content.types import did_you_mean
from smm.content.userfile import read_user_file
from smm.errors import UsageError
from smm.lint.registry import Rule, matches, matching, registry

#: Where the repository's settings live, the first found wins.
CONFIG_FILES = ("smm.toml", "pyproject.toml")
KEYS = ("select", "ignore")
_MAX_CONFIG_BYTES = 1 << 20


@dataclass(frozen=True)
class Selection:
    """The rules a run reports: ``select`` (empty: all) minus ``ignore``; fixed rules always."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        """Every rule is reported (nothing to filter)."""
        return not self.select and not self.ignore

    def enabled(self, rule: Rule) -> bool:
        if rule.fixed:
            return True
        chosen, length = not self.select, -1  # no entry names it: in unless a select leaves it out
        for selected, patterns in ((True, self.select), (False, self.ignore)):
            for pattern in patterns:
                size = len(pattern.rstrip("/"))
                if matches(pattern, rule.id) and size >= length:
                    chosen, length = selected, size  # the longer entry wins; ignore wins a tie
        return chosen

    def reports(self, rule_id: str) -> bool:
        """Whether the rule ``rule_id`` is reported (an id not in the registry always is)."""
        rule = registry().get(rule_id)
        return rule is None or self.enabled(rule)


def patterns(values: Iterable[str], where: str, ignoring: bool = False) -> tuple[str, ...]:
    """Rule ids or prefixes from ``values`` (each may hold several, comma-separated), checked;
    ``where`` names their origin in the error (``--ignore``, ``smm.toml: ignore``)."""
    out: list[str] = []
    for value in values:
        for raw in value.split(","):
            pattern = raw.strip()
            if not pattern:
                continue
            problem = pattern_problem(pattern, ignoring)
            if problem:
                raise UsageError(f"{where}: {problem}")
            out.append(pattern)
    return tuple(out)


def pattern_problem(pattern: str, ignoring: bool) -> str | None:
    """Why ``pattern`` cannot be used (to ignore, with ``ignoring``), or None."""
    rules = matching(pattern)
    if not rules:
        hint = did_you_mean(pattern, registry())
        return f"'{pattern}' is no rule id or prefix{hint}; `smm rules` lists them"
    if ignoring and all(rule.fixed for rule in rules):
        return (
            f"{pattern} cannot be ignored: it guards what smm can safely read, publish or have "
            "reviewed (fixed rules: docs/rules.md)"
        )
    return None


def load_selection(
    root: Path, select: Iterable[str] | None = None, ignore: Iterable[str] = ()
) -> Selection:
    """The repository's settings, with the command line's ``--select`` (replacing) and
    ``--ignore`` (adding)."""
    config, where = _read_config(root)
    unknown = sorted(set(config) - set(KEYS))
    if unknown:
        raise UsageError(
            f"{where}: unknown key '{unknown[0]}'{did_you_mean(unknown[0], KEYS)}; "
            f"smm reads {' and '.join(KEYS)}"
        )
    chosen = {key: _list(config, key, where) for key in KEYS}
    return Selection(
        patterns(select, "--select") if select else chosen["select"],
        chosen["ignore"] + patterns(ignore, "--ignore", ignoring=True),
    )


def _read_config(root: Path) -> tuple[dict[str, Any], str]:
    """The settings table and where it came from ({} when the repository has none)."""
    for name in CONFIG_FILES:
        if not (root / name).exists():
            continue
        import tomllib  # here: most content repositories have neither file (2.5 ms of imports)

        try:
            text = read_user_file(root, name, _MAX_CONFIG_BYTES).decode("utf-8")
            doc = tomllib.loads(text)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{name}: cannot read the lint settings: {exc}") from None
        if name == "smm.toml":
            return doc, name
        tool = doc.get("tool")
        table = tool.get("smm") if isinstance(tool, dict) else None
        if table is None:
            continue
        if not isinstance(table, dict):
            raise UsageError(f"{name}: [tool.smm] must be a table")
        return table, f"{name}: [tool.smm]"
    return {}, ""


def _list(config: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = config.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f'{where}: {key} must be a list of rule ids, e.g. {key} = ["vk/"]')
    return patterns(value, f"{where}: {key}", ignoring=key == "ignore")
