"""Benchmark of the dbt project on a ladder of generated stores.

`python -m shopseg.bench --scales S,M` (or `make bench SCALE=S,M,L`) generates
each store with `python -m shopseg.generate` (or reuses it), measures how fast
DuckDB can merely read the raw files (the scan floor), times `dbt build`
without and with tests on fresh warehouses, records the peak memory of the
dbt process, the slowest nodes and the warehouse size, and checks the targets.

Modules:
    scales      the scale ladder and the performance targets
    process     run a command: wall time, CPU time, peak memory of its tree, load from others
    raw         generate or reuse a store, count its rows, measure the scan floor
    dbt_runner  run dbt isolated from the user's target/, parse run_results.json
    machine     what the benchmark ran on
    report      the Markdown tables and results.json
    cli         the command line (`__main__`)
"""
