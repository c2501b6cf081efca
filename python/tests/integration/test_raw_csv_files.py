"""CSV raw files that are not what they claim: a ragged line, another encoding,
another separator, no header at all.

The build must stop with the file and the line number, never print the line
itself (it may hold an email or a name); a file in another encoding reads
through var raw_file_encoding, one with another separator through var
raw_csv_delimiter."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from .dbt_project_runner import DbtProject

SCENARIO_STORE = Path(__file__).resolve().parents[1] / "scenario" / "store"
SECRET_EMAIL = "secret.person@example.com"
SECRET_NAME = "Secretlastname"


@pytest.fixture()
def scenario_csv(tmp_path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(SCENARIO_STORE, raw)
    return raw


def _files_text(folder: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_ragged_line_names_file_and_line_without_its_content(scenario_csv, tmp_path):
    customers = scenario_csv / "customers.csv"
    header_fields = customers.read_text().splitlines()[0].count(",") + 1
    data_lines = len(customers.read_text().splitlines())
    # Six fields where the header has 22: the line after the last one is the bad one.
    with customers.open("a") as handle:
        handle.write(f"C99,{SECRET_EMAIL},Secret,{SECRET_NAME},x,y\n")
    bad_line = data_lines + 1
    work = tmp_path / "work"
    result = DbtProject(scenario_csv, work, raw_file_format="csv").run("run", "--select", "base_shop__customers")
    assert result.returncode != 0
    assert "customers.csv has 1 line(s) that cannot be read as CSV" in result.output
    assert f"line {bad_line} (missing columns: expected number of columns: {header_fields} found: 6)" in result.output
    assert "Traceback" not in result.output
    for text in (result.output, _files_text(work)):
        assert SECRET_EMAIL not in text and SECRET_NAME not in text


def test_latin_1_file_reads_with_the_encoding_var_and_fails_clearly_without(scenario_csv, tmp_path):
    products = scenario_csv / "products.csv"
    lines = products.read_text(encoding="utf-8").splitlines()
    # Rename the first product "Café crème" and store the file in latin-1.
    fields = lines[1].split(",")
    product_id = fields[0]
    fields[1] = "Café crème"
    lines[1] = ",".join(fields)
    products.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    # Every line with a non-ASCII letter is invalid UTF-8 now (line 1 is the header).
    accented = [number for number, line in enumerate(lines, start=1) if not line.isascii()]
    assert 2 in accented

    failing = DbtProject(scenario_csv, tmp_path / "utf8", raw_file_format="csv")
    result = failing.run("run", "--select", "base_shop__products")
    assert result.returncode != 0
    assert f"products.csv has {len(accented)} line(s) that cannot be read as CSV" in result.output
    assert ", ".join(f"line {number} (invalid encoding)" for number in accented[:5]) in result.output
    assert "crème" not in result.output and "Traceback" not in result.output

    reading = DbtProject(scenario_csv, tmp_path / "latin1", raw_file_format="csv",
                         vars={"raw_file_encoding": "latin-1"})
    result = reading.run("run", "--select", "base_shop__products")
    assert result.returncode == 0, result.output[-3000:]
    assert reading.scalar(
        f"select product_name from main_staging.base_shop__products where product_id = '{product_id}'"
    ) == "Café crème"


def _rewrite_with_separator(path: Path, separator: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=separator, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("separator, var_value, name", [(";", ";", "semicolons"), ("\t", "\t", "tabs")])
def test_another_separator_reads_with_the_delimiter_var_and_fails_clearly_without(
    scenario_csv, tmp_path, separator, var_value, name
):
    columns = "select * from main_staging.base_shop__products order by all"
    commas = DbtProject(scenario_csv, tmp_path / "commas", raw_file_format="csv")
    result = commas.run("run", "--select", "base_shop__products")
    assert result.returncode == 0, result.output[-3000:]
    expected = commas.query(columns)
    products = scenario_csv / "products.csv"
    _rewrite_with_separator(products, separator)
    assert separator in products.read_text().splitlines()[0]

    failing = DbtProject(scenario_csv, tmp_path / "default", raw_file_format="csv")
    result = failing.run("run", "--select", "base_shop__products")
    assert result.returncode != 0
    assert f"products.csv reads as a single column: its header is separated by {name}" in result.output
    assert "raw_csv_delimiter" in result.output and "Traceback" not in result.output

    reading = DbtProject(scenario_csv, tmp_path / "with_var", raw_file_format="csv",
                         vars={"raw_csv_delimiter": var_value})
    result = reading.run("run", "--select", "base_shop__products")
    assert result.returncode == 0, result.output[-3000:]
    # Row for row what the comma-separated file gives, dispositions included.
    assert reading.query(columns) == expected
    assert len(expected) >= 4


def test_an_empty_file_fails_clearly(scenario_csv, tmp_path):
    (scenario_csv / "checkouts.csv").write_bytes(b"")
    result = DbtProject(scenario_csv, tmp_path / "work", raw_file_format="csv").run(
        "run", "--select", "base_shop__checkouts")
    assert result.returncode != 0
    assert "checkouts.csv is empty: a CSV raw file needs at least its header line" in result.output
    assert "enable_checkouts: false" in result.output and "Traceback" not in result.output


def test_a_delimiter_var_of_several_characters_fails_clearly(scenario_csv, tmp_path):
    result = DbtProject(scenario_csv, tmp_path / "work", raw_file_format="csv",
                        vars={"raw_csv_delimiter": ";;"}).run("run", "--select", "base_shop__products")
    assert result.returncode != 0
    assert "var raw_csv_delimiter must be one character" in result.output and "Traceback" not in result.output


def test_a_column_named_twice_in_the_header_fails_clearly(scenario_csv, tmp_path):
    """DuckDB renames the second `email` to `email_1`: staging would silently read one column of two.
    Names are compared as staging reads them (trimmed, any case); the message gives positions, not values."""
    customers = scenario_csv / "customers.csv"
    with customers.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    email = rows[0].index("email")
    rows = [rows[0] + [" EMAIL "]] + [row + [SECRET_EMAIL] for row in rows[1:]]
    with customers.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    work = tmp_path / "work"
    # With its seeds, so that the old code's silent success would show.
    result = DbtProject(scenario_csv, work, raw_file_format="csv").run(
        "build", "--select", "+base_shop__customers", "--resource-type", "seed", "--resource-type", "model")
    assert result.returncode != 0
    assert ("customers.csv has a header line that names the same column more than once: "
            f"columns {email + 1} and {len(rows[0])}") in result.output
    assert "Traceback" not in result.output
    for text in (result.output, _files_text(work)):
        assert SECRET_EMAIL not in text


def test_a_line_longer_than_the_reader_takes_names_its_number_without_its_content(scenario_csv, tmp_path):
    """DuckDB's CSV sniffer stops at a line over 2,000,000 bytes before the rejects table can record it,
    with an error that prints the whole line."""
    products = scenario_csv / "products.csv"
    with products.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][1] = SECRET_NAME * 300_000  # about 4 MB in one quoted field
    with products.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    work = tmp_path / "work"
    result = DbtProject(scenario_csv, work, raw_file_format="csv").run("run", "--select", "base_shop__products")
    assert result.returncode != 0
    assert "products.csv has 1 line(s) longer than 2000000 bytes, the most the CSV reader takes: line 2." in result.output
    assert "Traceback" not in result.output
    for text in (result.output, _files_text(work)):
        assert SECRET_NAME not in text
