"""publish.yml: actionlint, its policy read as data (docs/publishing.md, docs/design.md#scale), and its `run:` steps executed
in order, in fresh clones of a content repository whose origin is a bare repository, publishing to
a `smm sandbox` subprocess: the brands job's steps build the matrix from brands/ (the content
repository has a third brand that publish.yml never names), then each matrix entry's job runs."""

from __future__ import annotations

import json
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
    "SMM_NORDLICHT_THREADS_TOKEN": "THAAnordlichtThreadsSecretForTheWorkflowTest",
    "SMM_NORDLICHT_FACEBOOK_TOKEN": "EAAnordlichtFacebookPageSecretForTheWorkflowTest",
    "SMM_NORDLICHT_LINKEDIN_TOKEN": "AQVnordlichtLinkedInSecretForTheWorkflowTest",
    "SMM_POLAR_TELEGRAM_TOKEN": "333333:polarTelegramSecretForTheWorkflowTest",
}
#: A brand added to the content repository only (no line of publish.yml names it), with a post
#: due at the first dispatch: the dynamic matrix must give it a job and its secret.
POLAR_BRAND = """name: Polar Bakery
timezone: Europe/Helsinki
accounts:
  telegram: {chat: "@polar_bakery", token_env: SMM_POLAR_TELEGRAM_TOKEN}
"""
POLAR_POST_PATH = "posts/polar/2026/12/01-opening.md"
POLAR_POST = """---
network: [telegram]
time: 2026-12-01 09:00
---
Polar Bakery opens on Monday: cardamom buns from seven.
"""
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


def job(name: str = "publish") -> dict[str, Any]:
    data = load(PUBLISH)
    assert list(data["jobs"]) == ["brands", "publish"]
    return data["jobs"][name]


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
    data, publish, brands = load(PUBLISH), job(), job("brands")
    assert "concurrency" not in data, "a workflow-wide group would make brands wait on each other"
    assert publish["concurrency"] == {
        "group": "publish-${{ matrix.key }}",
        "cancel-in-progress": False,
    }
    assert publish["strategy"]["fail-fast"] is False
    # the matrix is the brands job's output: no list of brands in the workflow to keep up to date
    assert publish["strategy"]["matrix"] == "${{ fromJSON(needs.brands.outputs.matrix) }}"
    text = PUBLISH.read_text(encoding="utf-8").lower()
    assert not [p.stem for p in BRANDS.glob("*.yaml") if p.stem in text], "no brand by name"
    assert publish["needs"] == "brands" and publish["if"] == "needs.brands.outputs.count != '0'"
    assert brands["if"] == "github.ref == 'refs/heads/main'"
    assert brands["permissions"] == {"contents": "read"}
    assert brands["concurrency"]["cancel-in-progress"] is False


def test_publish_yml_hands_the_secrets_to_publish_and_metrics_as_one_json_object():
    """No line per secret (a new brand would need an edit): SMM_SECRETS holds them all, and smm
    takes from it only the names the brand's file gives (settings.py)."""
    steps = job()["steps"]
    for command in ("smm publish", "smm metrics"):
        (step,) = [s for s in steps if command in s.get("run", "")]
        assert step["env"]["SMM_SECRETS"] == "${{ toJSON(secrets) }}", command
        assert not [k for k, v in step["env"].items() if k != "SMM_SECRETS" and "secrets" in v]
    (report,) = [s for s in steps if "smm report" in s.get("run", "")]
    assert "SMM_SECRETS" not in report["env"], "the report reads only the repository"
    assert not [s for s in job("brands")["steps"] if "secrets" in json.dumps(s)]
    # no expression is ever pasted into a script (injection): values reach run: through env
    for name in ("brands", "publish"):
        assert all("${{" not in s["run"] for s in job(name)["steps"] if "run" in s)


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


def expression(expr: str, entry: dict[str, str], now: str) -> str:
    """The value of one ${{ }} expression of publish.yml in the test's run (no App configured),
    in the job of the matrix ``entry``."""
    values = {
        "matrix.brand": entry.get("brand", ""),
        "matrix.key": entry.get("key", ""),
        "toJSON(secrets)": json.dumps(SECRETS),
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


def substitute(text: str, entry: dict[str, str], now: str) -> str:
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: expression(m.group(1), entry, now), str(text))


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
    (seed / "brands/polar.yaml").write_text(POLAR_BRAND, encoding="utf-8")
    (seed / POLAR_POST_PATH).parent.mkdir(parents=True)
    (seed / POLAR_POST_PATH).write_text(POLAR_POST, encoding="utf-8")
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
            "--threads-token",
            SECRETS["SMM_NORDLICHT_THREADS_TOKEN"],
            "--facebook-token",
            SECRETS["SMM_NORDLICHT_FACEBOOK_TOKEN"],
            "--linkedin-token",
            SECRETS["SMM_NORDLICHT_LINKEDIN_TOKEN"],
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
    ctx: dict[str, Any], entry: dict[str, str], now: str, name: str, job_name: str = "publish"
) -> list[subprocess.CompletedProcess[str]]:
    """One job (of the matrix ``entry``): its `uses:` steps emulated (checkout = a full clone of
    origin on main; cache restore/save = a copy of .smm-cache kept per key), its `run:` steps
    executed in order with bash -eo pipefail the way the runner runs them, stopping at the first
    that fails. Step outputs ($GITHUB_OUTPUT) are collected in the job's record."""
    spec = job(job_name)
    work = ctx["base"] / name
    summary = ctx["base"] / f"{name}-summary.md"
    outputs = ctx["base"] / f"{name}-outputs"
    env = {
        **ctx["env"],
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_RUN_ID": name,
        **{k: substitute(v, entry, now) for k, v in spec.get("env", {}).items()},
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
            prefix = substitute(step["with"]["restore-keys"], entry, now)  # the key's newest cache
            found = next((k for k in reversed(list(ctx["caches"])) if k.startswith(prefix)), None)
            if found:
                shutil.copytree(ctx["caches"][found], work / ".smm-cache")
            continue
        if uses.startswith("actions/cache/save@"):
            if (work / ".smm-cache").is_dir():
                ctx["caches"][f"smm-cache-{entry['key']}-{name}"] = shutil.copytree(
                    work / ".smm-cache", ctx["base"] / f"{name}-cache"
                )
            continue
        if uses:
            continue  # setup-python: this interpreter's venv stands in for it
        script = step["run"]
        if "pip install" in script and ctx["installed"]:
            continue  # the same commit is installed already (15 s a time); the first job ran it
        step_env = {**env, **{k: substitute(v, entry, now) for k, v in step.get("env", {}).items()}}
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
    lines = outputs.read_text(encoding="utf-8").splitlines() if outputs.exists() else []
    ctx["jobs"].append(
        {
            "name": name,
            "job": job_name,
            "brand": entry.get("brand"),
            "work": work,
            "summary": summary,
            "results": results,
            "outputs": dict(line.split("=", 1) for line in lines),
        }
    )
    return results


def matrix(ctx: dict[str, Any], name: str) -> list[dict[str, str]]:
    """The publish job's matrix entries, as the brands job's steps compute them on origin/main."""
    assert all(p.returncode == 0 for p in run_job(ctx, {}, "", name, "brands"))
    outputs = ctx["jobs"][-1]["outputs"]
    entries: list[dict[str, str]] = json.loads(outputs["matrix"])["include"]
    assert int(outputs["count"]) == len(entries)
    return entries


def sandbox_posts(url: str) -> list[dict[str, Any]]:
    return httpx.get(f"{url}/_sandbox/posts", timeout=10).json()


@pytest.fixture(scope="module")
def published(runner: dict[str, Any]) -> dict[str, Any]:
    """Both dispatches, each the brands job and then each matrix entry's job in turn, then the
    first dispatch again with every brand in one job (the matrix past 256 brands)."""
    entries = matrix(runner, "brands1")
    runner["matrix"] = entries
    for i, now in enumerate(DISPATCHES):
        for entry in entries:
            run_job(runner, entry, now, f"run{i + 1}-{entry['key']}")
    runner["posts"] = sandbox_posts(runner["url"])
    together = {"brand": " ".join(e["brand"] for e in entries), "key": "all-brands"}
    run_job(runner, together, DISPATCHES[0], "rerun-all")
    return runner


def test_publish_yml_run_steps_in_order_on_a_temp_clone_against_the_sandbox_publish_and_push(
    published,
):
    ctx = published
    # the matrix came from brands/: the brand publish.yml never names got its own job
    assert ctx["matrix"] == [
        {"brand": "nordlicht", "key": "nordlicht"},
        {"brand": "polar", "key": "polar"},
        {"brand": "zerno", "key": "zerno"},
    ]
    for done in ctx["jobs"]:
        run_steps = [s["run"] for s in job(done["job"])["steps"] if "run" in s]
        assert done["results"], done["name"]
        for proc in done["results"]:
            assert proc.returncode == 0, (
                f"{done['name']}: {proc.args[-1]}\n{proc.stdout}{proc.stderr}"
            )
        assert done["results"][-1].args[-1] == run_steps[-1], (
            "every run: step ran, the last one too"
        )
    run_steps = [s["run"] for s in job()["steps"] if "run" in s]
    metrics = next(i for i, step in enumerate(run_steps) if "smm metrics" in step)
    assert "smm publish" in run_steps[metrics - 1], "smm metrics runs right after smm publish"
    # the sandbox received exactly the due posts, each once, from the brand's own token
    posts = ctx["posts"]
    got = sorted((p["network"], p["account"]) for p in posts)
    assert got == [
        ("bluesky", "nordlicht.bsky.social"),
        ("facebook", "100000000000002"),
        ("instagram", "17841400000000001"),
        ("instagram", "17841400000000002"),
        ("linkedin", "urn:li:organization:90000002"),
        ("mastodon", "113000000000000001"),  # the sandbox's account id behind the token
        ("ok", "70000001234567"),
        ("telegram", "@nordlicht_outdoor"),
        ("telegram", "@polar_bakery"),
        ("telegram", "@zerno_coffee"),
        ("threads", "25000000000000002"),
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
        (ANNOUNCEMENT, ("x", "mastodon", "bluesky", "facebook", "threads", "linkedin")),
        (POLAR_POST_PATH, ("telegram",)),
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
    # the job summaries, and no secret in any output or commit
    listing = next(d for d in ctx["jobs"] if d["name"] == "brands1")["summary"]
    assert "Polar Bakery" in listing.read_text(encoding="utf-8")
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
