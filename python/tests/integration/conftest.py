"""Session fixtures: generated test stores built once with dbt and shared by the tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .dbt_project_runner import DbtProject, DbtResult, generate_store

OPTIONAL_TABLES = ["sessions", "page_views", "checkouts", "email_events", "companies"]
TEST_STORE_CUSTOMERS = 1500
TEST_STORE_SEED = 7


@pytest.fixture(scope="session")
def test_store_raw(tmp_path_factory) -> Path:
    """The generated test store: reuses SHOPSEG_TEST_RAW (set by `make test`) when it holds one."""
    given = os.environ.get("SHOPSEG_TEST_RAW")
    if given and (Path(given) / "_manifest.json").exists():
        return Path(given)
    return generate_store(tmp_path_factory.mktemp("raw"), customers=TEST_STORE_CUSTOMERS, seed=TEST_STORE_SEED)


@pytest.fixture(scope="session")
def manifest(test_store_raw) -> dict:
    return json.loads((test_store_raw / "_manifest.json").read_text())


@pytest.fixture(scope="session")
def built_test_store(test_store_raw, tmp_path_factory) -> tuple[DbtProject, DbtResult]:
    """The test store after a full `dbt build` (seeds, models, data tests, unit tests)."""
    project = DbtProject(test_store_raw, tmp_path_factory.mktemp("build"))
    return project, project.build()


@pytest.fixture(scope="session")
def warehouse(built_test_store) -> DbtProject:
    project, result = built_test_store
    if result.returncode != 0:
        pytest.fail("the test store did not build; see test_full_build_passes", pytrace=False)
    return project
