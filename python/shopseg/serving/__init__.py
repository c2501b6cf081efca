"""Publishing the marts to the serving database and the activation exports (README, "Serving the marts to
BI tools").

    files       atomic, durable replacement of a file or a folder; sha256
    exports     the activation exports of a snapshot, with the column allow-list EXPORT_COLUMNS
    publish     exports then the switch of the serving file; git commit and versions for build_metadata
    dbt_plugin  the dbt-duckdb plugin that gives the on-run-end hook these as SQL functions
"""
