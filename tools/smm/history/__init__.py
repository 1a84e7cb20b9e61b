"""The story of one post, read from git: who wrote it, who approved it, when and where it went
out, what changed after, and whatever reached main without a pull request.

How a commit reached main (its *arrival*) is read from main's first-parent chain:

* a commit on a branch arrived with the merge on that chain that first contains it; a merge
  whose message is ``Merge pull request #N from owner/branch`` (GitHub's merge button) is PR #N;
* a commit on the chain itself whose subject ends ``(#N)`` is a squash merge of PR #N;
* anything else on the chain — and anything that arrived by a merge without a PR number — was
  pushed to main without a pull request. That is allowed for smm's own commits (subject
  ``smm: ...``) only, and only when they change nothing but the ``published:``/``metrics:``
  blocks; this module checks that by comparing the post with those blocks cut out, so an smm
  commit that changed a person's bytes is flagged as loudly as any other direct push
  (docs/publishing.md).

Reviewers are whatever the merge message records as ``Reviewed-by:`` / ``Approved-by:``
trailers; GitHub's own merge messages carry none, so for those the PR is named and the review
lives on GitHub. Rebase-merging leaves no trace of the pull request in git: its commits read as
direct pushes, so a repository that uses smm history should merge or squash.
"""

from smm.history.model import Approval, Change, History, Publication
from smm.history.story import history

__all__ = ["Approval", "Change", "History", "Publication", "history"]
