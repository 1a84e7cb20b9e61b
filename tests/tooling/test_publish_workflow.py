"""publish.yml: actionlint, its policy read as data (docs/publishing.md, docs/design.md#scale), and its `run:` steps executed
in order, per matrix brand, in fresh clones of a content repository whose origin is a bare
repository, publishing to a `smm sandbox` subprocess."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml

from .conftest import PROJECT, copy_project, git, make_env, run
from .test_workflows import actionlint, load

PUBLISH = PROJECT / ".github/workflows/publish.yml"
BRANDS = PROJECT / "brands"
#: Test values of the secrets the brand files name: the sandbox accepts only these tokens, so a
#: post that arrives proves the workflow mapped the brand's variable into the step's environment.
SECRETS = {
    "SMM_ZERNO_TELEGRAM_TOKEN": "111111:zernoTelegramSecretForTheWorkflowTest",
    "SMM_ZERNO_VK_TOKEN": "vk1.a.zernoVkSecretForTheWorkflowTest",
    "SMM_ZERNO_OK_TOKEN": "tkn1zernoOkSecretForTheWorkflowTest",
    "SMM_ZERNO_OK_APP_KEY": "CZERNOAPPKEYFORTHEWORKFLOWTEST",
    "SMM_ZERNO_OK_SECRET": "zernoOkApplicationSecretForTheWorkflowTest",
    "SMM_ZERNO_INSTAGRAM_TOKEN": "EAAzernoInstagramSecretForTheWorkflowTest",
    "SMM_NORDLICHT_TELEGRAM_TOKEN": "222222:nordlichtTelegramSecretForTheWorkflowTest",
    "SMM_NORDLICHT_INSTAGRAM_TOKEN": "EAAnordlichtInstagramSecretForTheWorkflowTest",
    "SMM_NORDLICHT_MASTODON_TOKEN": "nordlichtMastodonSecretForTheWorkflowTest",
    "SMM_NORDLICHT_BLUESKY_APP_PASSWORD": "nord-licht-bsky-work-flow",
    "SMM_NORDLICHT_X_API_KEY": "nordlichtXApiKeyForTheWorkflowTest",
    "SMM_NORDLICHT_X_API_SECRET": "nordlichtXApiSecretForTheWorkflowTest",
    "SMM_NORDLICHT_X_ACCESS_TOKEN": "1580000000000000002-nordlichtXAccessToken",
    "SMM_NORDLICHT_X_ACCESS_SECRET": "nordlichtXAccessSecretForTheWorkflowTest",
}
#: Two dispatches (the `now` input), each the matrix of brands. At 07:30Z zerno's 2026-12-01
#: 10:00 Moscow post (telegram, vk, ok, instagram) and nordlicht's 08:00 Berlin announcement (x,
#: mastodon, bluesky) are due; at 17:30Z nordlicht's 18:00 Berlin post (telegram, instagram) is
#: due and the others have been sent already.
#: (Instagram fetches images from the sandbox's file server, SMM_PUBLIC_BASE_URL in the test.)
DISPATCHES = ("2026-12-01T07:30:00Z", "2026-12-01T17:30:00Z")
ZERNO_POST = "posts/zerno/2026/12/01-winter-menu.md"
NORDLICHT_POST = "posts/nordlicht/2026/12/01-advent-calendar.md"
ANNOUNCEMENT = "posts/nordlicht/2026/12/01-december-opening-hours.md"
BOT = "github-actions[bot]"


def job() -> dict[str, Any]:
    data = load(PUBLISH)
    assert list(data["jobs"]) == ["publish"]
    return data["jobs"]["publish"]


def secret_names() -> set[str]:
    """Every environment variable a brand file names for a secret (token_env, app_key_env, ...)."""
    names: set[str] = set()
    for path in BRANDS.glob("*.yaml"):
        for account in (
            yaml.safe_load(path.read_text(encoding="utf-8")).get("accounts") or {}
        ).values():
            names |= {
                v for k, v in (account or {}).items() if k.endswith("_env") and isinstance(v, str)
            }
    return names


# --- actionlint and policy ---------------------------------------------------------------------


def test_publish_yml_passes_actionlint(tool_env):
    proc = actionlint(PUBLISH, env=tool_env)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout + proc.stderr


def test_publish_yml_runs_on_a_schedule_and_by_hand_never_for_pull_requests():
    on = load(PUBLISH)["on"]
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert on["schedule"] == [{"cron": "*/15 * * * *"}]
    inputs = on["workflow_dispatch"]["inputs"]
    assert inputs["now"]["required"] is False and inputs["now"]["type"] == "string"
    assert inputs["dry_run"]["type"] == "boolean" and inputs["dry_run"]["default"] is False
    assert "pull_request" not in PUBLISH.read_text(encoding="utf-8")


def test_publish_yml_token_may_write_contents_and_nothing_else():
    data = load(PUBLISH)
    assert data["permissions"] == {}, (
        "nothing for the workflow as a whole: a job asks for what it needs"
    )
    assert job()["permissions"] == {"contents": "write"}


def test_publish_yml_never_cancels_a_run_in_flight_and_fans_out_per_brand():
    data, publish = load(PUBLISH), job()
    assert "concurrency" not in data, "a workflow-wide group would make brands wait on each other"
    assert publish["concurrency"] == {
        "group": "publish-${{ matrix.brand }}",
        "cancel-in-progress": False,
    }
    assert publish["strategy"]["fail-fast"] is False
    assert sorted(publish["strategy"]["matrix"]["brand"]) == sorted(
        p.stem for p in BRANDS.glob("*.yaml")
    )
    assert publish["if"] == "github.ref == 'refs/heads/main'"


def test_publish_yml_maps_every_secret_a_brand_names_from_the_secret_of_the_same_name():
    (step,) = [s for s in job()["steps"] if "smm publish" in s.get("run", "")]
    names = secret_names()
    assert {n for n in names if re.fullmatch(r"SMM_\w+_TOKEN", n)} >= {
        "SMM_ZERNO_TELEGRAM_TOKEN",
        "SMM_ZERNO_VK_TOKEN",
        "SMM_NORDLICHT_TELEGRAM_TOKEN",
    }
    for name in names:
        assert step["env"].get(name) == f"${{{{ secrets.{name} }}}}", name
    mapped = {k for k, v in step["env"].items() if "secrets." in str(v)}
    assert mapped == names, "a secret no brand names should not be handed to the job"
    # no expression is ever pasted into a script (injection): values reach run: through env
    assert all("${{" not in s["run"] for s in job()["steps"] if "run" in s)


def test_publish_yml_checkout_cache_and_commit_message_policy():
    steps = job()["steps"]
    uses = [
        s["uses"].split("@")[0] for s in steps if "uses" in s
    ]  # pinned by SHA: test_workflow_security.py
    assert uses == [
        "actions/create-github-app-token",
        "actions/checkout",
        "actions/setup-python",
        "actions/cache/restore",
        "actions/cache/save",
    ]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["ref"] == "main"
    assert checkout["with"]["token"] == "${{ steps.app-token.outputs.token || github.token }}"
    assert checkout["with"]["persist-credentials"] is True, (
        "smm publish and metrics push with the checkout's token"
    )
    app = next(s for s in steps if s.get("uses", "").startswith("actions/create-github-app-token@"))
    assert app["id"] == "app-token"
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save@"))
    assert restore["with"]["path"] == save["with"]["path"] == ".smm-cache"
    assert (
        restore["with"]["key"] == save["with"]["key"] and "${{ github.sha }}" in save["with"]["key"]
    )
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    assert save["if"].startswith("always()"), "a run that failed a post still saves the cache"
    assert (
        steps.index(restore)
        < steps.index(next(s for s in steps if "smm publish" in s.get("run", "")))
        < steps.index(save)
    )
    text = PUBLISH.read_text(encoding="utf-8")
    assert "[skip ci]" in text and "GITHUB_TOKEN" in text and "create-github-app-token" in text


# --- the run: steps, executed --------------------------------------------------------------------


def expression(expr: str, brand: str, now: str) -> str:
    """The value of one ${{ }} expression of publish.yml in the test's run (no App configured)."""
    values = {
        "matrix.brand": brand,
        "inputs.now": now,
        "inputs.dry_run": "false",
        "secrets.SMM_APP_PRIVATE_KEY != ''": "false",
        "steps.app-token.outputs.app-slug": "",
        "steps.app-token.outputs.token": "",
    }
    if expr in values:
        return values[expr]
    if m := re.fullmatch(r"secrets\.(\w+)", expr):
        return SECRETS.get(m.group(1), "")  # a secret the repository does not define is empty
    raise AssertionError(
        f"publish.yml has an expression this test does not know: ${{{{ {expr} }}}}"
    )


def substitute(text: str, brand: str, now: str) -> str:
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: expression(m.group(1), brand, now), str(text))


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A bare origin holding a copy of this repository (the content repository), a virtualenv
    that only the workflow's own install step fills, and a `smm sandbox` subprocess."""
    base = tmp_path_factory.mktemp("publish-yml")
    env = make_env(base / "home")
    env.pop("SMM_NOW")
    origin = base / "origin.git"
    git(base, env, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = copy_project(base / "seed")
    git(seed, env, "init", "-q", "-b", "main")
    git(seed, env, "add", ".")
    git(seed, env, "commit", "-q", "-m", "Content approved so far")
    git(seed, env, "remote", "add", "origin", str(origin))
    git(seed, env, "push", "-q", "origin", "main")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    sandbox_env = {
        **env,
        "SMM_SANDBOX_TELEGRAM_TOKENS": " ".join(v for k, v in SECRETS.items() if "TELEGRAM" in k),
        "SMM_SANDBOX_VK_TOKENS": " ".join(v for k, v in SECRETS.items() if "_VK_" in k),
    }
    nordlicht_x = {k.removeprefix("SMM_NORDLICHT_X_"): v for k, v in SECRETS.items() if "_X_" in k}
    ok_app = f"{SECRETS['SMM_ZERNO_OK_APP_KEY']}={SECRETS['SMM_ZERNO_OK_SECRET']}"
    # --files: the public URL Instagram fetches images from (a content repository's raw files)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smm",
            "sandbox",
            "--port",
            "0",
            "--state",
            str(base / "sandbox"),
            "--ok-app",
            ok_app,
            "--mastodon-token",
            SECRETS["SMM_NORDLICHT_MASTODON_TOKEN"],
            "--bluesky-app-password",
            SECRETS["SMM_NORDLICHT_BLUESKY_APP_PASSWORD"],
            "--x-app",
            f"{nordlicht_x['API_KEY']}={nordlicht_x['API_SECRET']}",
            "--x-token",
            f"{nordlicht_x['ACCESS_TOKEN']}={nordlicht_x['ACCESS_SECRET']}",
            "--files",
            str(seed),
        ],
        env=sandbox_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # "smm sandbox: listening on http://127.0.0.1:PORT"
        files_line = proc.stdout.readline()  # "smm sandbox: files of ... on http://127.0.0.1:PORT"
        m = re.search(r"http://127\.0\.0\.1:\d+", line)
        files = re.search(r"http://127\.0\.0\.1:\d+", files_line)
        assert m and files, line + files_line + proc.stderr.read()
        env = {k: v for k, v in env.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        env.update(
            {
                "PATH": os.pathsep.join([str(venv / "bin"), env["PATH"]]),
                "VIRTUAL_ENV": str(venv),
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_REF": "refs/heads/main",
                # what a staging repository would set to publish to a sandbox (cli: SMM_API_BASE)
                "SMM_API_BASE": m.group(0),
                "SMM_PUBLIC_BASE_URL": files.group(0),
            }
        )
        for key in (
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
        ):
            env.pop(key)  # the runner's git has no identity: the workflow's own step sets one
        yield {
            "base": base,
            "origin": origin,
            "env": env,
            "url": m.group(0),
            "caches": {},
            "jobs": [],
            "installed": [],
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_job(
    ctx: dict[str, Any], brand: str, now: str, name: str
) -> list[subprocess.CompletedProcess[str]]:
    """One matrix job: its `uses:` steps emulated (checkout = a full clone of origin on main;
    cache restore/save = a copy of .smm-cache kept per key), its `run:` steps executed in order
    with bash -eo pipefail the way the runner runs them, stopping at the first that fails."""
    spec = job()
    work = ctx["base"] / name
    summary = ctx["base"] / f"{name}-summary.md"
    env = {
        **ctx["env"],
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_RUN_ID": name,
        **{k: substitute(v, brand, now) for k, v in spec.get("env", {}).items()},
    }
    results: list[subprocess.CompletedProcess[str]] = []
    for step in spec["steps"]:
        uses = step.get("uses", "")
        if step.get("if", "").startswith("env.HAS_APP"):
            assert env["HAS_APP"] == "false"
            continue  # no App in the test: the job pushes with the token checkout was given
        if uses.startswith("actions/checkout@"):
            git(
                ctx["base"],
                env,
                "clone",
                "-q",
                "--branch",
                step["with"]["ref"],
                str(ctx["origin"]),
                str(work),
            )
            continue
        if uses.startswith("actions/cache/restore@"):
            prefix = substitute(
                step["with"]["restore-keys"], brand, now
            )  # the newest cache of the brand
            found = next((k for k in reversed(list(ctx["caches"])) if k.startswith(prefix)), None)
            if found:
                shutil.copytree(ctx["caches"][found], work / ".smm-cache")
            continue
        if uses.startswith("actions/cache/save@"):
            if (work / ".smm-cache").is_dir():
                ctx["caches"][f"smm-cache-{brand}-{name}"] = shutil.copytree(
                    work / ".smm-cache", ctx["base"] / f"{name}-cache"
                )
            continue
        if uses:
            continue  # setup-python: this interpreter's venv stands in for it
        script = step["run"]
        if "pip install" in script and ctx["installed"]:
            continue  # the same commit is installed already (15 s a time); the first job ran it
        step_env = {**env, **{k: substitute(v, brand, now) for k, v in step.get("env", {}).items()}}
        proc = run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            work,
            step_env,
            timeout=600,
        )
        results.append(proc)
        if "pip install" in script and proc.returncode == 0:
            ctx["installed"].append(name)
        if proc.returncode != 0:
            break
    ctx["jobs"].append(
        {"name": name, "brand": brand, "work": work, "summary": summary, "results": results}
    )
    return results


def sandbox_posts(url: str) -> list[dict[str, Any]]:
    return httpx.get(f"{url}/_sandbox/posts", timeout=10).json()


@pytest.fixture(scope="module")
def published(runner: dict[str, Any]) -> dict[str, Any]:
    """Both dispatches, each brand's job in turn (the matrix), then the first dispatch again."""
    brands = job()["strategy"]["matrix"]["brand"]
    for i, now in enumerate(DISPATCHES):
        for brand in brands:
            run_job(runner, brand, now, f"run{i + 1}-{brand}")
    runner["posts"] = sandbox_posts(runner["url"])
    for brand in brands:
        run_job(runner, brand, DISPATCHES[0], f"rerun-{brand}")
    return runner


def test_publish_yml_run_steps_in_order_on_a_temp_clone_against_the_sandbox_publish_and_push(
    published,
):
    ctx = published
    run_steps = [s["run"] for s in job()["steps"] if "run" in s]
    for done in ctx["jobs"]:
        assert done["results"], done["name"]
        for proc in done["results"]:
            assert proc.returncode == 0, (
                f"{done['name']}: {proc.args[-1]}\n{proc.stdout}{proc.stderr}"
            )
        assert done["results"][-1].args[-1] == run_steps[-1], (
            "every run: step ran, the last one too"
        )
    metrics = run_steps.index('smm metrics --brand "$BRAND"')
    assert "smm publish" in run_steps[metrics - 1], "smm metrics runs right after smm publish"
    # the sandbox received exactly the due posts, each once, from the brand's own token
    posts = ctx["posts"]
    got = sorted((p["network"], p["account"]) for p in posts)
    assert got == [
        ("bluesky", "nordlicht.bsky.social"),
        ("instagram", "17841400000000001"),
        ("instagram", "17841400000000002"),
        ("mastodon", "113000000000000001"),  # the sandbox's account id behind the token
        ("ok", "70000001234567"),
        ("telegram", "@nordlicht_outdoor"),
        ("telegram", "@zerno_coffee"),
        ("vk", "-218000001"),
        ("x", "1580000000000000002"),
    ], posts
    assert any("зимнее меню" in p["text"] for p in posts if p["account"] == "@zerno_coffee")
    assert any(
        "Advent calendar" in p["text"] for p in posts if p["account"] == "@nordlicht_outdoor"
    )
    assert sandbox_posts(ctx["url"]) == posts, "running the same dispatch again must send nothing"
    # origin got the claims and the results, as the bot, marked [skip ci]
    log = git(
        ctx["base"],
        ctx["env"],
        "--git-dir",
        str(ctx["origin"]),
        "log",
        "--format=%an <%ae>|%s",
        "main",
    )
    commits = [line.split("|", 1) for line in log.splitlines()]
    ours = [c for c in commits if c[1] != "Content approved so far"]
    assert len(ours) >= 4, log  # zerno: a claim and two results; nordlicht: a claim and a result
    assert all(who == f"{BOT} <41898282+{BOT}@users.noreply.github.com>" for who, _ in ours), log
    assert all(
        subject.startswith("smm: ") and subject.endswith("[skip ci]") for _, subject in ours
    ), log
    for path, networks in (
        (ZERNO_POST, ("telegram", "vk", "ok", "instagram")),
        (NORDLICHT_POST, ("telegram", "instagram")),
        (ANNOUNCEMENT, ("x", "mastodon", "bluesky")),
    ):
        text = git(ctx["base"], ctx["env"], "--git-dir", str(ctx["origin"]), "show", f"main:{path}")
        front = yaml.safe_load(text.split("---\n")[1])
        for network in networks:
            entry = front["published"][network]
            # a Mastodon status lives on its instance, which a sandboxed run replaces
            home = ctx["url"] if network == "mastodon" else "https://"
            assert entry["state"] == "published" and entry["url"].startswith(home), (
                path,
                network,
                entry,
            )
    # the job summary, and no secret in any output or commit
    first = next(d for d in ctx["jobs"] if d["name"] == "run1-zerno")
    summary = first["summary"].read_text(encoding="utf-8")
    assert summary.startswith("### smm publish") and "| published | telegram |" in summary, summary
    history = git(
        ctx["base"], ctx["env"], "--git-dir", str(ctx["origin"]), "log", "-p", "main", "--", "posts"
    )
    outputs = history + "".join(p.stdout + p.stderr for d in ctx["jobs"] for p in d["results"])
    for secret in SECRETS.values():
        assert secret not in outputs


def test_publish_yml_restores_the_lint_cache_it_saved(published):
    later = [d for d in published["jobs"] if d["name"].startswith("run2-")]
    assert later and all((d["work"] / ".smm-cache").is_dir() for d in later)
    assert any(k.startswith("smm-cache-zerno-") for k in published["caches"])
