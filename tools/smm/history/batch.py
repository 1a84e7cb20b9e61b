"""The histories of many posts at once, from a fixed number of git processes whatever their
count (for `smm site`): one ``git log`` over ``posts/`` grouped by path, renames followed on
the grouped data as ``git log --follow`` follows them; main's chain, its merges' messages and
every commit's arrival from three more passes; file contents from one ``git cat-file --batch``
for many posts at a time.

The story of each post is then put together by story.py exactly as `smm history PATH` does. The
one difference from ``git log --follow -- PATH``: git simplifies a single file's history at
merges that left the file as one parent had it, so a commit on a side branch whose change a
merge threw away (or that another parent made too) is left out there and listed here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from smm.errors import SmmError
from smm.gitrun import Started, git_bytes
from smm.history import gitlog, story
from smm.history.gitlog import Chain, LogEntry, run
from smm.history.model import History

FORMAT = "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00%s"
QUOTE_PATHS = ("-c", "core.quotePath=false")  # as gitlog.run: paths as they are


def read_versions(root: Path, specs: list[str]) -> dict[str, str | None]:
    """The file at each ``sha:path`` (as gitlog.show reads it; None where there is none), from
    one ``git cat-file --batch`` asked them all."""
    if not specs:
        return {}
    question = "".join(f"{spec}\n" for spec in specs).encode("utf-8", "surrogateescape")
    out = git_bytes(root, "cat-file", "--batch", input=question, options=QUOTE_PATHS).stdout
    found: dict[str, str | None] = {}
    at = 0
    for spec in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<spec> missing" (or ambiguous): nothing follows
            found[spec] = None
            continue
        size = int(header[2])
        body, at = out[at : at + size], at + size + 1  # the content, then a newline
        found[spec] = _decoded(body) if header[1] == b"blob" else None
    return found


def _decoded(body: bytes) -> str:
    """A version as git() reads text: undecodable bytes replaced, line endings as text mode
    reads them."""
    return body.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def blob_id(data: bytes, width: int = 40) -> str:
    """The id git gives a blob of ``data``: SHA-1 of its header and bytes, or SHA-256 in a
    repository of that object format (ids ``width`` 64 hex digits long)."""
    digest = hashlib.sha256 if width == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def _calls(ref: str) -> dict[str, tuple[str, ...]]:
    """The git commands a batch of histories reads, by name (``tree``: see tree_blobs)."""
    return {
        "tree": ("ls-tree", "-r", "-z", "--full-name", ref, "--", "posts"),
        "prefix": ("rev-parse", "--is-shallow-repository", "--show-prefix"),  # two lines
        "log": ("log", "--topo-order", "-M", "--raw", "--no-abbrev", FORMAT, ref, "--", "posts"),
        "chain": ("rev-list", "--first-parent", ref),
        "parents": ("rev-list", "--parents", ref),
        "messages": ("log", "--first-parent", "--format=%x01%H%x00%cn%x00%cI%x00%B", ref),
    }


class Ahead:
    """The git commands of a batch of histories of ``ref`` (``_calls``), started at once: git
    runs beside the caller's own work until Histories reads what they wrote, or ``stop``."""

    def __init__(self, root: Path, ref: str) -> None:
        self.ref = ref
        self._started = {
            name: Started(root, *args, options=QUOTE_PATHS) for name, args in _calls(ref).items()
        }
        self._read: dict[str, bytes] = {}

    def output(self, name: str) -> bytes:
        """What the command wrote (GitError if it failed); read again, the same."""
        if name not in self._read:
            self._read[name] = self._started.pop(name).result().stdout
        return self._read[name]

    def head(self) -> str | None:
        """The commit ``ref`` names (the first of its chain); None when git gave none."""
        first = self.output("chain").split(None, 1)
        return first[0].decode("ascii", "replace") if first else None

    def text(self, name: str) -> str:
        """What the command wrote, as gitlog.run reads it (text, line endings as text mode)."""
        out = self.output(name).decode("utf-8", "replace")
        return out.replace("\r\n", "\n").replace("\r", "\n")

    def stop(self) -> None:
        """The commands not read yet, not wanted after all."""
        for started in self._started.values():
            started.stop()
        self._started.clear()


def _text(root: Path, ref: str, name: str, ahead: Ahead | None) -> str:
    if ahead is not None and ahead.ref == ref:
        return ahead.text(name)
    return run(root, *_calls(ref)[name]).stdout


def whole_chain(root: Path, ref: str, ahead: Ahead | None = None) -> Chain:
    """``ref``'s first-parent chain with every commit's arrival and each chain commit's message
    and committer read ahead, so story.py asks git nothing more (``ahead``: the commands, if
    started before)."""
    shas = _text(root, ref, "chain", ahead).split()[::-1]
    parents: dict[str, list[str]] = {}
    for line in _text(root, ref, "parents", ahead).splitlines():
        sha, *rest = line.split()
        parents[sha] = rest
    arrivals: dict[str, int] = {}
    for i, head in enumerate(shas):  # what each chain commit brings that its parent had not
        todo = [head]
        while todo:
            sha = todo.pop()
            if sha not in arrivals:
                arrivals[sha] = i
                todo.extend(parents.get(sha, []))
    chain = Chain(root, shas, arrivals)
    for record in _text(root, ref, "messages", ahead).split("\x01")[1:]:
        sha, name, date, message = record.split("\0", 3)
        chain._messages[sha] = message  # as `git log -1 --format=%B` prints it, newline and all
        chain._committers[sha] = (name, date)
    return chain


def grouped_log(
    root: Path, ref: str, top_paths: list[str], ahead: Ahead | None = None
) -> tuple[dict[str, list[LogEntry]], dict[str, str]]:
    """Each post's commits (by its path now, from the top of the repository), newest first,
    following renames: one ``git log`` over posts/ instead of one ``--follow`` per post. And the
    blob of each version a commit names (``sha:path`` of the commit's own version, and of its
    parent's), which git's raw diff gives: a blob is read by its id, where ``sha:path`` would
    have git walk the commit's trees for each of them (five to seven times the time)."""
    out = _text(root, ref, "log", ahead)
    found: dict[str, list[LogEntry]] = {p: [] for p in top_paths}
    blobs: dict[str, str] = {}
    following: dict[str, list[str]] = defaultdict(list)  # its name then -> the posts' paths now
    for p in top_paths:
        following[p].append(p)
    for chunk in out.split("\x01")[1:]:
        head, _, rest = chunk.partition("\n")
        sha, parents, author, email, date, subject = head.split("\0")
        renamed: dict[str, list[str]] = {}
        for line in rest.splitlines():  # merges have none: like --follow, the log shows no merge
            meta, _, names = line.partition("\t")
            if not names or not meta.startswith(":"):
                continue
            fields, modes = names.split("\t"), meta.split()
            status = modes[-1][0]
            new = fields[-1]
            old = fields[0] if status in "RC" and len(fields) > 1 else new
            if len(modes) == 5 and new in following:
                before, after = modes[2], modes[3]
                if status != "D":
                    blobs[f"{sha}:{new}"] = after
                if status != "A" and parents:
                    blobs[f"{parents.split()[0]}:{old}"] = before
            for now in following.get(new, []):
                entry = LogEntry(
                    sha,
                    parents.split(),
                    author,
                    email,
                    date,
                    subject,
                    status,
                    None if status == "A" else old,
                    new,
                )
                if status == "R":
                    renamed.setdefault(old, []).append(now)
                found[now].append(entry)
        for old_name, nows in renamed.items():
            for now in nows:
                _move(following, now, old_name)
    return found, blobs


def _move(following: dict[str, list[str]], now: str, to: str) -> None:
    """From older commits on, the post now at ``now`` is followed under the name ``to``."""
    for name, nows in list(following.items()):
        if now in nows:
            nows.remove(now)
            if not nows:
                del following[name]
    following[to].append(now)


class Histories:
    """The histories of the posts at ``paths`` (relative to ``root``) as they reached ``branch``:
    git's log and chain read once here; each story told on demand (by any forked process), the
    versions it needs read by prefetch() for many posts at once."""

    def __init__(
        self,
        root: Path,
        paths: list[str],
        branch: str = "main",
        tree: tuple[str, dict[str, str]] | None = None,
        ahead: Ahead | None = None,
    ) -> None:
        """``tree``: where ``root`` is in its git repository and ``branch``'s posts/ as
        ``tree_blobs`` lists them, when the caller has read them already (three git calls);
        ``ahead``: the log's and the chain's commands, when the caller started them before."""
        self.root, self.branch = root, branch
        self.prefix = gitlog.git_prefix(root) if tree is None else tree[0]
        self.ref = gitlog.resolve(root, branch) if tree is None else branch
        top_paths = [self.prefix + p for p in paths]
        self._logs, self._blobs = grouped_log(root, self.ref, top_paths, ahead)
        # each post as it is on the branch
        listed = tree_blobs(root, self.ref) if tree is None else tree[1]
        self._blobs.update({f"{self.ref}:{p}": b for p, b in listed.items()})
        self._chain = whole_chain(root, self.ref, ahead)
        self._read: dict[str, str | None] = {}  # what prefetch() read

    def prefetch(self, paths: list[str], known: Mapping[str, bytes | None] | None = None) -> None:
        """Read every version of these posts their stories need, at once (forgetting the last
        prefetch's). ``known``: posts' bytes as the caller has just read them from disk; a
        version that is those bytes (the same blob id: most posts' latest, often their only
        one) is taken from them rather than asked of git."""
        specs = []
        for path in paths:
            entries = self._logs.get(self.prefix + path, [])
            for e in entries:
                if e.parents and e.old:
                    specs.append(f"{e.parents[0]}:{e.old}")
                if e.status != "D":
                    specs.append(f"{e.sha}:{e.new}")
            if entries:
                specs.append(f"{self.ref}:{entries[0].new}")
        asks = {spec: self._blobs.get(spec, spec) for spec in specs}  # a blob by its id
        width = len(next(iter(self._blobs.values()), "")) or 40  # SHA-1's, or SHA-256's
        on_disk = {
            blob_id(data, width): data for data in (known or {}).values() if data is not None
        }
        answers: dict[str, str | None] = {
            ask: _decoded(on_disk[ask]) for ask in asks.values() if ask in on_disk
        }
        answers.update(
            read_versions(self.root, [a for a in dict.fromkeys(asks.values()) if a not in answers])
        )
        self._read = {spec: answers[ask] for spec, ask in asks.items()}

    def identity(self, path: str) -> str:
        """A hash of what the post's story is told from, besides its version on the branch:
        each commit of it with the commit of the chain it arrived by (a merge, and so its pull
        request). Two branches with the post's same bytes (an edit and its revert; a pull
        request merged) tell other stories."""
        chain = self._chain
        told = " ".join(
            f"{e.sha}:{chain.shas[chain.arrival(e.sha)]}"
            for e in self._logs.get(self.prefix + path, [])
        )
        return hashlib.blake2b(told.encode(), digest_size=10).hexdigest()

    def holds(self, paths: list[str]) -> bool:
        """Whether these posts' logs were read (the paths it was made for)."""
        return all(self.prefix + p in self._logs for p in paths)

    def of(self, path: str) -> History | str:
        """The post's history; for a post git has none of, the reason (as `smm history` says)."""
        entries = self._logs.get(self.prefix + path, [])
        try:
            if not entries:
                raise story.not_on_branch(self.root, path, path, self.branch)
            return story.tell(
                self.ref, path, self.prefix, self.branch, entries, self._chain, self._show
            )
        except SmmError as exc:
            return str(exc)

    def show(self, sha: str, path: str) -> str | None:
        """The post at ``path`` (relative to root) in commit ``sha``."""
        return self._show(sha, self.prefix + path)

    def _show(self, sha: str, top_path: str) -> str | None:
        spec = f"{sha}:{top_path}"
        return self._read[spec] if spec in self._read else read_versions(self.root, [spec])[spec]


def tree_blobs(root: Path, ref: str, ahead: Ahead | None = None) -> dict[str, str]:
    """Each file under posts/ in ``ref``'s tree -> its blob id (paths from the top of the
    repository), from one ``git ls-tree`` (``ahead``: started before)."""
    if ahead is not None and ahead.ref == ref:
        listed = ahead.output("tree")
    else:
        listed = git_bytes(root, *_calls(ref)["tree"]).stdout
    found = {}
    for record in listed.decode("utf-8", "surrogateescape").split("\0"):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if path and len(parts) == 3 and parts[1] == "blob":
            found[path] = parts[2]
    return found


def histories(root: Path, paths: list[str], branch: str = "main") -> dict[str, History | str]:
    """The history of each post in ``paths`` (see Histories)."""
    found = Histories(root, paths, branch)
    found.prefetch(paths)
    return {path: found.of(path) for path in paths}
