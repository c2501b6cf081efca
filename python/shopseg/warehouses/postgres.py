"""A throwaway local PostgreSQL server, and the loader of a raw folder into it.

    python -m shopseg.warehouses.postgres serve [--data-dir DIR] -- COMMAND...
        start a server from the PostgreSQL binaries on this machine, on a free
        port, with its data folder DIR (created on first use, kept afterwards);
        run COMMAND with PGHOST, PGPORT, PGUSER and PGDATABASE pointing at it;
        stop the server whatever COMMAND's outcome. Nothing is left running.
    python -m shopseg.warehouses.postgres load RAW_FOLDER [--format csv]
        load the raw folder into the `raw` schema of the server the PG*
        variables name (replacing the tables that were there).

The binaries are looked up on PATH, then in /usr/lib/postgresql/<version>/bin.
PostgreSQL refuses to run as root; as root the server runs as the `postgres`
system user, which owns the data folder.
"""

from __future__ import annotations

import argparse
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

from shopseg.warehouses.raw import raw_tables

DATABASE = "shop"
USER = "postgres"

# DuckDB column types of a raw file -> PostgreSQL types.
_TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(38, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_S": "timestamp",
    "TIMESTAMP_MS": "timestamp",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


def postgres_type(duckdb_type: str) -> str:
    if duckdb_type.startswith("DECIMAL"):
        return duckdb_type.lower().replace("decimal", "numeric")
    try:
        return _TYPES[duckdb_type]
    except KeyError:
        raise SystemExit(f"raw column type {duckdb_type} has no PostgreSQL equivalent in the loader") from None


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for bin_dir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (bin_dir / name).exists():
            return str(bin_dir / name)
    raise SystemExit(
        f"PostgreSQL's {name} not found. Install the server (Debian/Ubuntu: apt-get install postgresql)."
    )


def free_port() -> int:
    """A port in 55000-59999 that nothing listens on (tried at random)."""
    for _ in range(100):
        port = random.randint(55000, 59999)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port found in 55000-59999")


class LocalServer:
    """A PostgreSQL server on 127.0.0.1:<free port> with its data folder under the project."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir.resolve()
        self.port = free_port()
        self.run_as = None
        if os.geteuid() == 0:
            try:
                self.run_as = pwd.getpwnam("postgres")
            except KeyError:
                raise SystemExit("PostgreSQL refuses to run as root and there is no 'postgres' user to run it "
                                 "as: create one (the postgresql package does) or run as another user.") from None

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        command = list(args)
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as.pw_name, "--", *command]
        return subprocess.run(command, check=True, **kwargs)

    def start(self) -> None:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if self.run_as is not None and subprocess.run(
                ["runuser", "-u", self.run_as.pw_name, "--", "test", "-x", str(self.data_dir.parent)]).returncode:
            raise SystemExit(
                f"The 'postgres' user, which runs the server, cannot reach {self.data_dir.parent}: a folder "
                "above it is closed to other users (e.g. /root). Use a checkout outside it or pass --data-dir.")
        self.socket_dir = Path(tempfile.mkdtemp(prefix="shopseg-pg-"))
        if self.run_as is not None:
            os.chown(self.socket_dir, self.run_as.pw_uid, self.run_as.pw_gid)
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            if self.run_as is not None:
                os.chown(self.data_dir, self.run_as.pw_uid, self.run_as.pw_gid)
            self._run(find_binary("initdb"), "-D", str(self.data_dir), "-U", USER, "-A", "trust",
                      "-E", "UTF8", "--locale", "C", stdout=subprocess.DEVNULL)
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(find_binary("pg_ctl"), "-D", str(self.data_dir), "-o", options,
                  "-l", str(self.data_dir / "server.log"), "-w", "start", stdout=subprocess.DEVNULL)
        exists = self.psql("select 1 from pg_database where datname = '%s'" % DATABASE, database="postgres")
        if not exists.strip():
            self.psql(f"create database {DATABASE}", database="postgres")

    def psql(self, sql: str, database: str = DATABASE) -> str:
        return self._run(find_binary("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER,
                         "-d", database, "-tAc", sql, capture_output=True, text=True).stdout

    def stop(self) -> None:
        self._run(find_binary("pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop",
                  stdout=subprocess.DEVNULL)
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def env(self) -> dict[str, str]:
        return {"PGHOST": "127.0.0.1", "PGPORT": str(self.port), "PGUSER": USER, "PGDATABASE": DATABASE,
                "PGPASSWORD": ""}


def connect():
    """A psycopg2 connection from the PG* environment variables (profiles.yml's defaults)."""
    import psycopg2

    return psycopg2.connect(
        host=os.environ.get("PGHOST", "localhost"),
        port=int(os.environ.get("PGPORT", "5432")),
        user=os.environ.get("PGUSER", "postgres"),
        password=os.environ.get("PGPASSWORD", ""),
        dbname=os.environ.get("PGDATABASE", DATABASE),
    )


def load(raw_path: Path, file_format: str, schema: str) -> None:
    """Replace the `schema` tables with the raw folder's files, column types kept."""
    source = duckdb.connect()
    tables = raw_tables(raw_path, file_format, source)
    with connect() as con, con.cursor() as cur:
        cur.execute(f'create schema if not exists "{schema}"')
        for table in tables:
            columns = ", ".join(f'"{name}" {postgres_type(kind)}' for name, kind in table.columns)
            cur.execute(f'drop table if exists "{schema}"."{table.name}"')
            cur.execute(f'create table "{schema}"."{table.name}" ({columns})')
            with tempfile.NamedTemporaryFile(suffix=".csv") as csv:
                # DuckDB writes null as an empty field and an empty string as "",
                # which is how PostgreSQL's CSV format tells them apart.
                source.execute(f"copy ({table.select_sql()}) to '{csv.name}' (header false, "
                               "timestampformat '%Y-%m-%d %H:%M:%S.%f')")
                with open(csv.name, encoding="utf-8") as data:
                    cur.copy_expert(f'copy "{schema}"."{table.name}" from stdin with (format csv)', data)
            cur.execute(f'analyze "{schema}"."{table.name}"')
            cur.execute(f'select count(*) from "{schema}"."{table.name}"')
            print(f"loaded {schema}.{table.name}: {cur.fetchone()[0]} rows")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shopseg.warehouses.postgres", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run a command beside a throwaway local server")
    serve.add_argument("--data-dir", type=Path, default=Path("target/pg/data"))
    serve.add_argument("cmd", nargs=argparse.REMAINDER)
    loader = commands.add_parser("load", help="load a raw folder into the raw schema")
    loader.add_argument("raw_path", type=Path)
    loader.add_argument("--format", default=os.environ.get("RAW_FILE_FORMAT", "parquet"),
                        choices=["parquet", "csv"])
    loader.add_argument("--schema", default="raw")
    args = parser.parse_args(argv)

    if args.command == "load":
        load(args.raw_path, args.format, args.schema)
        return 0

    command = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not command:
        parser.error("serve needs a command after --")
    server = LocalServer(args.data_dir)
    server.start()
    print(f"PostgreSQL on 127.0.0.1:{server.port}, data in {server.data_dir}", flush=True)
    # A Ctrl-C or a kill of make still stops the command, then the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    child = None
    try:
        child = subprocess.Popen(command, env={**os.environ, **server.env()})
        return child.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            child.wait()
        server.stop()
        print("PostgreSQL stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
