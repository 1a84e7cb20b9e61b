"""A real git repository in a temp folder, with commits at fixed dates by named people."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(
        self,
        *args: str,
        who: str = "Setup <setup@example.com>",
        date: str = "2026-11-01T09:00:00+03:00",
        committer: str | None = None,
        committed: str | None = None,
    ) -> str:
        name, email = who[:-1].split(" <")
        cname, cemail = (committer or who)[:-1].split(" <")
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": cname,
            "GIT_COMMITTER_EMAIL": cemail,
            "GIT_COMMITTER_DATE": committed or date,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
        return proc.stdout

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def commit(self, message: str, *paths: str, **who: str) -> str:
        self.git("add", "--", *(paths or ["."]))
        self.git("commit", "-q", "-m", message, **who)
        return self.sha("HEAD")

    def sha(self, ref: str) -> str:
        return self.git("rev-parse", ref).strip()

    def smm(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "smm", *args],
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull},
        )
