"""Benchmark of the dbt project on a ladder of generated stores.

`python -m shopseg.bench --scales S,M` (or `make bench SCALE=S,M,L`) generates
each store with `python -m shopseg.generate` (or reuses it), measures how fast
DuckDB can merely read the raw files (the scan floor) and store them (the copy
floor), times `dbt build` without and with data tests on fresh warehouses
(and the unit tests on their own), replays the models' compiled SQL without dbt, times a pandas reference of the RFM chain
against the project's chain (both checked against the build), records the peak
memory of the dbt process, the slowest nodes and the warehouse size, and
checks the targets. docs/performance.md explains every figure.

Modules:
    scales      the scale ladder and the performance targets
    process     run a command: wall time, CPU time, peak memory of its tree, load from others
    raw         generate or reuse a store, count its rows, measure the scan and copy floors
    replay      run the manifest's compiled SQL without dbt; compare with the build
    pandas_reference  the RFM chain in pandas, from the rules; row-for-row comparison
    rfm_chain   the chain's nodes in the manifest, and the relation to compare with
    dbt_runner  run dbt isolated from the user's target/, parse run_results.json
    machine     what the benchmark ran on
    report      the Markdown tables and results.json
    cli         the command line (`__main__`)
"""
