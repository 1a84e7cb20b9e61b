"""`smm brands`: every brand file listed (a broken one too), and publish.yml's job matrix, which
packs neighbouring brands into one job past GitHub's 256 jobs per matrix."""

from __future__ import annotations

import json

import pytest

from conftest import Workspace
from smm.brands import BrandEntry, brands, matrix
from smm.errors import ConfigError
from smm.settings import Settings


def entries(*slugs: str) -> list[BrandEntry]:
    return [BrandEntry(slug, slug, "UTC", [], [], None) for slug in slugs]


def test_the_examples_brands_with_their_networks_and_the_secrets_they_name(
    workspace: Workspace,
) -> None:
    accounts = {
        "telegram": {"chat": "@zerno", "token_env": "SMM_Z_TG"},
        "ok": {"group_id": "1", "token_env": "SMM_Z_OK", "app_key_env": "SMM_Z_OK_KEY"},
    }
    workspace.brand("zerno", accounts=accounts)
    found = {entry.brand: entry for entry in brands(workspace.root)}
    assert sorted(found) == ["nordlicht", "zerno"]
    zerno = found["zerno"]
    assert zerno.timezone == "Europe/Moscow" and zerno.problem is None
    assert zerno.networks == ["ok", "telegram"]
    assert zerno.secrets == ["SMM_Z_OK", "SMM_Z_OK_KEY", "SMM_Z_TG"]


def test_a_broken_brand_file_is_listed_with_its_problem_so_its_job_fails_loudly(
    workspace: Workspace,
) -> None:
    workspace.write("brands/broken.yaml", "name: [unclosed\n")
    workspace.write("brands/wrongzone.yaml", "name: Wrong\ntimezone: Mars/Olympus\n")
    found = {entry.brand: entry for entry in brands(workspace.root)}
    assert found["broken"].problem and found["broken"].problem.startswith("brands/broken.yaml:")
    assert found["wrongzone"].problem and "brand/timezone" in found["wrongzone"].problem
    assert [e["brand"] for e in matrix(list(found.values()))["include"]] == sorted(found)


def test_a_posts_folder_without_a_brand_file_gets_a_job_that_fails(workspace: Workspace) -> None:
    """posts/zernoo/ (a typo): no brand's job would look there; its own job fails with why."""
    workspace.post("zernoo/2026/12/01-a.md", "network: [telegram]\ntime: 2026-12-01 10:00")
    workspace.post("zerno/2026/12/01-b.md", "network: [telegram]\ntime: 2026-12-01 10:00")
    found = {entry.brand: entry for entry in brands(workspace.root)}
    assert sorted(found) == ["nordlicht", "zerno", "zernoo"]
    assert found["zernoo"].problem == "posts/zernoo/ has no brand file"
    assert found["zerno"].problem is None
    job = workspace.smm("publish", "--brand", "zernoo", "--dry-run")
    assert job.returncode == 2 and "no brand 'zernoo'" in job.stderr


def test_one_job_per_brand_up_to_the_limit() -> None:
    assert matrix(entries("a", "b", "c"), max_jobs=3) == {
        "include": [
            {"brand": "a", "key": "a"},
            {"brand": "b", "key": "b"},
            {"brand": "c", "key": "c"},
        ]
    }
    assert matrix([], max_jobs=3) == {"include": []}


@pytest.mark.parametrize("count", [257, 300, 1000, 100_000])
def test_past_the_limit_neighbours_share_a_job_and_every_brand_is_in_exactly_one(
    count: int,
) -> None:
    slugs = [f"brand{i:06d}" for i in range(count)]
    jobs = matrix(entries(*slugs))["include"]
    assert len(jobs) <= 256
    assert [slug for job in jobs for slug in job["brand"].split(" ")] == slugs
    assert len({job["key"] for job in jobs}) == len(jobs)
    sizes = {len(job["brand"].split(" ")) for job in jobs}
    assert max(sizes) - min(sizes) <= max(sizes)  # no job is empty
    assert all(len(job["key"]) < 100 for job in jobs)  # a cache key and group name, not a list


def test_the_cli_prints_a_table_json_and_one_matrix_line(workspace: Workspace) -> None:
    text = workspace.smm("brands")
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0].split() == [
        "brand",
        "name",
        "time",
        "zone",
        "networks",
        "file",
    ]
    as_json = json.loads(workspace.smm("brands", "--format", "json").stdout)
    assert [b["brand"] for b in as_json] == ["nordlicht", "zerno"]
    line = workspace.smm("brands", "--format", "matrix", "--max-jobs", "1").stdout
    assert line.count("\n") == 1
    assert json.loads(line) == {"include": [{"brand": "nordlicht zerno", "key": "nordlicht-zerno"}]}
    refused = workspace.smm("brands", "--max-jobs", "0")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_secrets_come_from_smm_secrets_where_the_environment_lacks_them() -> None:
    fields = {"chat": "@c", "token_env": "SMM_A_TOKEN", "key_env": "SMM_A_KEY"}
    bundled = json.dumps({"SMM_A_TOKEN": "from-json-token", "SMM_A_KEY": "from-json-key", "n": 1})
    settings = Settings(env={"SMM_SECRETS": bundled, "SMM_A_KEY": "from-env-key"})
    account = settings.account("telegram", fields)
    assert account.secrets == {"token": "from-json-token", "key": "from-env-key"}
    assert settings.missing_secrets(fields) == []
    # an empty variable (a workflow mapping a secret that is not set) does not hide the JSON's
    empty = Settings(env={"SMM_SECRETS": bundled, "SMM_A_KEY": ""})
    assert empty.account("telegram", fields).secrets["key"] == "from-json-key"
    assert Settings(env={"SMM_SECRETS": "{}"}).missing_secrets(fields) == [
        "SMM_A_TOKEN",
        "SMM_A_KEY",
    ]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]", '"a string"', '{"SMM_A_TOKEN": '])
def test_smm_secrets_that_is_not_a_json_object_is_one_error_that_never_shows_it(raw: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings(env={"SMM_SECRETS": raw}).missing_secrets({"token_env": "SMM_A_TOKEN"})
    assert "SMM_SECRETS" in str(caught.value) and raw not in str(caught.value)
