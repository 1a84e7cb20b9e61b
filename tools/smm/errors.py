"""The one error tree of smm.

Library code raises these; the CLI prints each as one line (``path:line:col: message`` where a
place is known) and exits with status 2. Anything else escaping is a bug, not a user mistake.

    SmmError
    ├── UsageError        a command was called wrongly (bad --now, unknown network id)
    ├── RepositoryError   not inside an smm repository, or its layout is broken
    ├── ContentError      a file cannot be used at all (the place is known)
    ├── CredentialsError  a token named in a brand file is not in the environment
    ├── ConfigError       a setting is missing or unusable (a brand's account without its chat,
    │                     owner_id, group_id or user_id): a person fixes the file; nothing was sent
    ├── GitError          a git command failed (not on main, dirty tree, push refused)
    └── NetworkError      a network refused or failed a request
        ├── RetryableError    nothing reached the network (429, 5xx before storing, connect
        │                     failure); safe to send again after ``retry_after`` seconds
        ├── MaybePostedError  the request may have reached the network (timeout or reset after
        │                     sending): never re-sent blindly, only reconciled
        ├── UnconfirmedError  the network was searched, but what it shows cannot prove which post,
        │                     if any, is ours (two candidates, more than the search can see)
        └── UnsupportedError  the network offers no way to do this for this account (a private
                              Telegram channel cannot be searched and gives no figures): nothing
                              was asked; callers record it (``unknown``, ``unavailable``), never
                              retry it

An error's text is where a network's words become smm's, so ``str()`` of every error is
redacted (smm.redaction): a token the network quoted back never reaches a person or a commit.
"""

from __future__ import annotations

from smm.redaction import redact


class SmmError(Exception):
    """Base of every error smm reports to a person."""

    def __str__(self) -> str:
        return redact(super().__str__())

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


class CredentialsError(SmmError):
    """A secret the brand file names is missing from the environment (the name, never a value)."""


class ConfigError(SmmError):
    """A setting smm needs is missing or has a value it cannot use; ``path`` names the file when
    known. Not a NetworkError: no network was asked, and asking again cannot help."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


class GitError(SmmError):
    """Git refused: the publisher only runs from a clean main that it can push."""


class NetworkError(SmmError):
    """A network said no. ``code`` is the network's own error code, when it gave one."""

    def __init__(self, network: str, message: str, code: int | str | None = None) -> None:
        super().__init__(f"{network}: {message}" + (f" (code {code})" if code is not None else ""))
        self.network, self.code = network, code


class RetryableError(NetworkError):
    """Nothing was stored by the network; the same request may be sent again after a wait."""

    def __init__(
        self,
        network: str,
        message: str,
        code: int | str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(network, message, code)
        self.retry_after = retry_after


class MaybePostedError(NetworkError):
    """The request may have reached the network: sending it again could post twice."""


class UnconfirmedError(NetworkError):
    """A reconcile looked and cannot tell: a person decides (the message says why)."""


class UnsupportedError(NetworkError):
    """The network cannot do this for this account (its API offers no way): a fact to record,
    not a failure to retry."""
