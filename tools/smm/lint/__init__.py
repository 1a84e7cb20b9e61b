"""Stage 2 of the pipeline: every rule of every target network, per post and across posts."""

from smm.lint.engine import LintResult, lint

__all__ = ["LintResult", "lint"]
