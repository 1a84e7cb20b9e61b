"""`smm review` (the pull request's review as Markdown or JSON) and `smm review-comment` (one
comment per pull request, created once and then updated)."""

from smm.review.build import Review, review
from smm.review.render import MARKER, render

__all__ = ["MARKER", "Review", "render", "review"]
