"""dbt-duckdb plugin: the Python half of publishing, as SQL functions on dbt's connection.

profiles.yml loads it (``plugins: [{module: shopseg.serving.dbt_plugin, config: ...}]``)
with ``serving_path`` and ``exports_path``. The on-run-end hook (macro
publish_serving_snapshot) calls:

- ``shopseg_serving_prepare(build_id)``: JSON with the temporary snapshot path
  to write, the serving path, the exports folder, git commit and versions;
  removes the temporaries of interrupted publishes;
- ``shopseg_serving_publish(build_id)``: writes the exports of the temporary
  snapshot, then renames it over the serving file; returns a JSON summary.

DuckDB cannot rename files from SQL, and the hook cannot run Python, hence
these functions.
"""

from __future__ import annotations

import atexit
import json

from dbt.adapters.duckdb.plugins import BasePlugin

from . import publish

FUNCTIONS = ("shopseg_serving_prepare", "shopseg_serving_publish")


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict) -> None:
        self.settings = publish.ServingSettings.from_config(plugin_config)

    def _prepare(self, build_id: str) -> str:
        snapshot = publish.prepare(self.settings, build_id)
        return json.dumps({
            "snapshot_path": str(snapshot),
            "serving_path": str(self.settings.serving_path),
            "exports_path": str(self.settings.exports_path),
            **publish.build_environment(),
        })

    def _publish(self, build_id: str) -> str:
        return json.dumps(publish.publish(self.settings, build_id))

    def _register(self, conn) -> None:
        for name, function in zip(FUNCTIONS, (self._prepare, self._publish)):
            try:
                conn.remove_function(name)
            except Exception:  # noqa: BLE001 - not registered yet on this connection
                pass
            conn.create_function(name, function, ["VARCHAR"], "VARCHAR", side_effects=True)

    def configure_connection(self, conn) -> None:
        self._register(conn)
        # A connection still open when Python exits (sqlfluff's dbt templater leaves it open) would
        # hold the Python functions past the interpreter's teardown, which then reports them as leaks.
        if getattr(self, "_connection", None) is None:
            atexit.register(self._unregister)
        self._connection = conn

    def _unregister(self) -> None:
        for name in FUNCTIONS:
            try:
                self._connection.remove_function(name)
            except Exception:  # noqa: BLE001 - connection closed, or functions already gone
                pass
