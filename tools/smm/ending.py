"""Large values the `smm` program keeps until it ends, instead of freeing them on the way.

A lint of 10,000 posts holds some 100,000 objects (entries, facts, stamps). Freed one at a time as
the functions that made them return, they cost 10 ms each time for nothing: the program ends a
moment later with ``os._exit`` (smm.cli.run), which gives back the whole process at once. So the
program says it ends so (``by_exit``), and functions hand what they would free to ``keep``.
Called as a library (the tests, a long-lived process), nothing is kept: each call frees its own.
"""

from __future__ import annotations

_kept: list[object] | None = None  # a list only in the `smm` program


def by_exit() -> None:
    """This process ends with ``os._exit``: from now on ``keep`` keeps."""
    global _kept
    _kept = []


def keep(*values: object) -> None:
    """Keep ``values`` alive until the process ends, when it ends by ``os._exit``."""
    if _kept is not None:
        _kept.extend(values)
