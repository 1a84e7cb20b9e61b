"""The digests a ``published:`` entry records, so lint can tell a live post from an edited one.

    sent    16 hex digits of blake2b(Rendered.text): exactly what smm sent to that network
    source  16 hex digits of blake2b over what a person wrote: the front matter without the
            blocks smm manages (and without ``edit:`` or ``retract:``), canonical, then the body

Lint renders the post again and compares with ``sent``. A difference alone is not an edit: a
brand's new signature, a campaign's new hashtag or a renderer fix change the text too, while the
post file stays as it was. So ``published/edited`` needs both: the text smm would send now
differs from ``sent`` *and* the post differs from ``source`` (or the entry has no ``source``).
Publish and lint compute both from the same loaded Post, so a fresh, unedited post matches.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from smm.content.managed import MANAGED_KEYS

#: Front-matter keys that are not a person's text: smm's blocks and the requests to edit or retract.
NOT_SOURCE = (*MANAGED_KEYS, "edit", "retract")
DIGEST = re.compile(r"^[0-9a-f]{16}$")


def _hex(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def sent_digest(text: str) -> str:
    """The digest of the payload text one network received (``Rendered.text``)."""
    return _hex(text.encode("utf-8"))


def source_digest(front: dict[str, Any], body: str) -> str:
    """The digest of a post as a person wrote it: front matter minus managed keys, and the body.

    Parsed values, not bytes: a comment or a re-quoted value is not an edit of the text.
    """
    mine = {str(k): _plain(v) for k, v in front.items() if k not in NOT_SOURCE}
    canonical = json.dumps(
        mine, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return _hex(canonical.encode("utf-8") + b"\0" + body.encode("utf-8"))


def _plain(value: Any) -> Any:
    """Mapping keys as text (YAML allows ``1:`` next to ``a:``, which JSON cannot sort)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
