"""A second dbt working folder on an existing build: same warehouse, its own target/ and logs/.

Commands such as `dbt docs generate` or `dbt ls` rewrite target/ (run_results.json, manifest.json);
run on the shared test build's folder they would replace the artifacts other tests read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dbt_project_runner import DbtProject


@dataclass
class SideProject(DbtProject):
    built_warehouse: Path | None = None

    @property
    def warehouse(self) -> Path:
        return self.built_warehouse


def side_project(built: DbtProject, work_dir: Path) -> SideProject:
    return SideProject(built.raw_path, work_dir, dict(built.vars), built.raw_file_format,
                       built_warehouse=built.warehouse)
