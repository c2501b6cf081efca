"""Server warehouses for the project: a throwaway local PostgreSQL, a local
Spark session, loaders that put a raw folder (RAW_CONTRACT.md) into the
engine's `raw` schema, and the cross-engine comparison of the marts."""
