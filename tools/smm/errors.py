"""The one error tree of smm.

Library code raises these; the CLI prints each as one line (``path:line:col: message`` where a
place is known) and exits with status 2. Anything else escaping is a bug, not a user mistake.

    SmmError
    ├── UsageError        a command was called wrongly (bad --now, unknown network id)
    ├── RepositoryError   not inside an smm repository, or its layout is broken
    └── ContentError      a file cannot be used at all (the place is known)
"""

from __future__ import annotations


class SmmError(Exception):
    """Base of every error smm reports to a person."""

    def one_line(self) -> str:
        return " ".join(str(self).split())


class UsageError(SmmError):
    """A command was given arguments it cannot work with."""


class RepositoryError(SmmError):
    """The repository cannot be found or its layout is unusable."""


class ContentError(SmmError):
    """A file is unusable; carries the place so the message reads ``path:line:col: ...``."""

    def __init__(self, path: str, line: int, col: int, rule: str, message: str) -> None:
        super().__init__(f"{path}:{line}:{col}: {rule} {message}")
        self.path, self.line, self.col, self.rule, self.message = path, line, col, rule, message
