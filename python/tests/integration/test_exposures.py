"""The exposures declare what their consumers really read: `dbt ls --select +exposure:<name>`.

Each expectation comes from the consumer's own definition, not from the exposure YAML: the report
from the tables its code queries (shopseg.report.source.REQUIRED_TABLES), the activation exports
from the marts shopseg.serving.exports queries and the segment catalog (every named segment whose
activation channel is email or ads is upstream), the BI example from the marts behind the metrics it shows.
"""

from __future__ import annotations

import json

import pytest

from shopseg.report.source import REQUIRED_TABLES
from shopseg.segments.marts import load_segment_marts

from .dbt_project_runner import PROJECT_DIR, DbtProject
from .side_project import side_project

ACTIVATION_CHANNELS = {"email", "ads"}


@pytest.fixture(scope="module")
def project(warehouse: DbtProject, tmp_path_factory) -> DbtProject:
    """`dbt ls` in its own folder, so it leaves the shared build's artifacts alone."""
    return side_project(warehouse, tmp_path_factory.mktemp("exposures"))


def upstream_of(project: DbtProject, exposure: str) -> dict[str, set[str]]:
    result = project.run("ls", "--select", f"+exposure:{exposure}", "--output", "json",
                         "--output-keys", "name", "resource_type", "--quiet")
    assert result.returncode == 0, result.output[-3000:]
    found: dict[str, set[str]] = {}
    for line in result.output.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            found.setdefault(row["resource_type"], set()).add(row["name"])
    assert found.get("exposure") == {exposure}, f"no exposure {exposure}: {result.output[-2000:]}"
    return found


def activation_segment_marts() -> set[str]:
    """The named segment marts whose meta.segment.activation_channel is email or ads."""
    return {mart.model for mart in load_segment_marts(PROJECT_DIR)
            if mart.family == "named" and mart.activation_channel in ACTIVATION_CHANNELS}


@pytest.mark.parametrize("exposure, expected_models", [
    ("segment_report", set(REQUIRED_TABLES)),
    ("activation_exports", activation_segment_marts() | {"dim_customers", "fct_segment_memberships"}),
    ("segment_performance_dashboard",
     {"rpt_segment_summary", "fct_segment_member_values", "dim_customers", "fct_channel_performance",
      "rpt_popular_products_by_segment"}),
])
def test_exposure_depends_on_the_marts_it_reads(project, exposure, expected_models):
    upstream = upstream_of(project, exposure)
    assert expected_models <= upstream.get("model", set()), expected_models - upstream.get("model", set())
    # The lineage runs all the way down to the raw tables.
    assert {"orders", "customers"} <= upstream.get("source", set())


def test_activation_exports_read_exactly_the_marts_the_export_code_queries(project):
    """Direct parents: the tables shopseg.serving.exports reads (the catalog, the long membership table and
    the profile); every segment mart, whatever its channel, is upstream through the membership table."""
    result = project.run("ls", "--select", "1+exposure:activation_exports", "--resource-type", "model",
                         "--output", "name", "--quiet")
    assert result.returncode == 0, result.output[-2000:]
    direct = set(result.output.split())
    exports_code = (PROJECT_DIR / "python" / "shopseg" / "serving" / "exports.py").read_text()
    read = {name for name in ("dim_segments", "fct_segment_memberships", "dim_customers")
            if f"main_marts.{name}" in exports_code}
    assert direct == read == {"dim_customers", "fct_segment_memberships", "dim_segments"}, direct ^ read
    assert "seg_hesitant_browsers" in upstream_of(project, "activation_exports")["model"]
