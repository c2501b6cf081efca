"""A local Spark session shared with dbt-spark's `session` method, and the
loader of a raw folder into its `raw` database.

    python -m shopseg.warehouses.spark load RAW_FOLDER [--format csv]

dbt-spark's session method builds its SparkSession with Hive support and the
profile's `server_side_parameters`. The loader builds its session from the
same settings (SPARK_SETTINGS below, which profiles.yml repeats), so both
processes see one metastore (an embedded Derby database) and one warehouse
folder, both under SPARK_HOME_DIR (default target/spark). Derby lets one
process in at a time: the loader has finished before dbt starts.

Tables are written as Parquet. Parquet raw files keep their column types; CSV
files are read with every column as text, as the DuckDB target reads them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

from shopseg.warehouses.raw import raw_tables


def spark_home_dir() -> Path:
    return Path(os.environ.get("SPARK_HOME_DIR", "target/spark")).resolve()


def spark_settings() -> dict[str, str]:
    """The session settings; keep them in step with profiles.yml's spark output."""
    home = spark_home_dir()
    return {
        "spark.sql.warehouse.dir": str(home / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={home / 'metastore_db'};create=true",
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={home}",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": os.environ.get("SPARK_SHUFFLE_PARTITIONS", "2"),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.ansi.enabled": "false",
    }


def session():
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master("local[2]").appName("shopseg-load").enableHiveSupport()
    for key, value in spark_settings().items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def load(raw_path: Path, file_format: str, schema: str) -> None:
    """Replace the `schema` tables with the raw folder's files, as Parquet tables."""
    tables = raw_tables(raw_path, file_format, duckdb.connect())
    spark = session()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.sql(f"create database if not exists `{schema}`")
        for table in tables:
            if file_format == "csv":
                # Text only, empty fields as null: what read_csv(all_varchar) gives DuckDB.
                frame = spark.read.csv(str(table.path), header=True, inferSchema=False)
            else:
                frame = spark.read.parquet(str(table.path))
                # DuckDB's TIMESTAMP (no zone, UTC by the contract) reads as
                # timestamp_ntz, which Hive-metastore tables do not take; as
                # `timestamp` in a UTC session it keeps its wall-clock value.
                for field in frame.schema.fields:
                    if field.dataType.typeName() == "timestamp_ntz":
                        frame = frame.withColumn(field.name, frame[field.name].cast("timestamp"))
            frame.write.mode("overwrite").format("parquet").saveAsTable(f"`{schema}`.`{table.name}`")
            count = spark.table(f"`{schema}`.`{table.name}`").count()
            print(f"loaded {schema}.{table.name}: {count} rows", flush=True)
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopseg.warehouses.spark", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    loader = commands.add_parser("load", help="load a raw folder into the raw database")
    loader.add_argument("raw_path", type=Path)
    loader.add_argument("--format", default=os.environ.get("RAW_FILE_FORMAT", "parquet"),
                        choices=["parquet", "csv"])
    loader.add_argument("--schema", default="raw")
    args = parser.parse_args(argv)
    load(args.raw_path, args.format, args.schema)
    return 0


if __name__ == "__main__":
    sys.exit(main())
