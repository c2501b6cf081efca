"""docs/configuration.md is the one list of the project's vars, and it is right.

Every var of dbt_project.yml has one row there with the same default, every
row is a var of dbt_project.yml, and every var the SQL reads is declared. No
other page keeps its own table of vars.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
CONFIGURATION = PROJECT_DIR / "docs" / "configuration.md"
ROW = re.compile(r"^\| `(?P<var>[a-z_0-9]+)` \| `(?P<default>[^`]*)` \| (?P<meaning>.*) \|$")


def project_vars() -> dict:
    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def documented_vars() -> list[tuple[str, str, str]]:
    return [(m["var"], m["default"], m["meaning"].strip())
            for m in map(ROW.match, CONFIGURATION.read_text().splitlines()) if m]


def test_the_page_has_rows_to_check():
    assert len(documented_vars()) >= 40


def test_every_var_is_documented_once_and_nothing_else_is():
    names = [name for name, _, _ in documented_vars()]
    assert sorted({n for n in names if names.count(n) > 1}) == [], "documented twice"
    missing = sorted(set(project_vars()) - set(names))
    unknown = sorted(set(names) - set(project_vars()))
    assert not missing, f"vars of dbt_project.yml missing from docs/configuration.md: {missing}"
    assert not unknown, f"docs/configuration.md documents vars dbt_project.yml does not have: {unknown}"


def test_every_documented_default_is_the_project_value():
    values = project_vars()
    wrong = [f"{name}: documented {default}, dbt_project.yml has {values[name]!r}"
             for name, default, _ in documented_vars()
             if name in values and yaml.safe_load(default) != values[name]]
    assert not wrong, "\n".join(wrong)


def test_every_row_says_what_the_var_does():
    assert [name for name, _, meaning in documented_vars() if len(meaning.split()) < 3] == []


def test_every_var_the_project_reads_is_declared():
    read = set()
    for folder in ("models", "macros", "tests", "analyses"):
        for path in (PROJECT_DIR / folder).rglob("*.sql"):
            read |= set(re.findall(r"""\bvar\(\s*['"]([a-z_0-9]+)['"]\s*[,)]""", path.read_text()))
    assert sorted(read - set(project_vars())) == []


def test_no_other_page_keeps_a_table_of_vars():
    pages = [PROJECT_DIR / "README.md", *(PROJECT_DIR / "docs").glob("*.md")]
    tables = [str(page.relative_to(PROJECT_DIR)) for page in pages
              if page != CONFIGURATION and re.search(r"^\| var \|", page.read_text(), re.MULTILINE)]
    assert tables == [], "vars are documented in docs/configuration.md only; link to it instead"
