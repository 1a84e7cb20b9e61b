"""What a lint run found: its findings and how many posts it saw and checked."""

from __future__ import annotations

from dataclasses import dataclass

from smm.findings import Finding, count


@dataclass
class LintResult:
    findings: list[Finding]
    posts: int  # posts in the repository
    checked: int  # posts checked this run (the rest came from the cache)

    @property
    def errors(self) -> int:
        return count(self.findings, "error")

    @property
    def warnings(self) -> int:
        return count(self.findings, "warning")

    @property
    def notes(self) -> int:
        return count(self.findings, "note")
