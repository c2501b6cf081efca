"""The segment report: one self-contained HTML file of charts over the latest published snapshot.

``python -m shopseg.report`` (``make report``) reads the marts of the serving database
(``SERVING_DUCKDB_PATH``, default ``serving.duckdb``) when it exists, else of the build database
(``DUCKDB_PATH``, default ``warehouse.duckdb``), read-only, and writes one HTML file with the
charting library's JavaScript embedded, so it opens with no network. Only aggregates are read:
no customer id, email or name reaches the file.
"""

from .page import CHARTS, build_report
from .source import ReportError, Snapshot, locate_database

__all__ = ["CHARTS", "ReportError", "Snapshot", "build_report", "locate_database"]
