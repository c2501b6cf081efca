"""The reference page of the segment query language, generated from the allow-list (attributes.py):
`python -m shopseg.segments docs` writes docs/segment_query_language.md; a test checks it is current."""

from __future__ import annotations

from pathlib import Path

from .attributes import ATTRIBUTES, FUNCTIONS, TYPES, UNSUPPORTED
from .language import MAX_NESTING, MAX_QUERY_LENGTH

PAGE = Path("docs") / "segment_query_language.md"


def _code(text: str) -> str:
    return "`" + text.replace("|", "\\|") + "`"


def render_reference() -> str:
    lines = [
        "# Segment query language reference",
        "",
        "<!-- GENERATED from python/shopseg/segments/attributes.py by "
        "`python -m shopseg.segments docs`: do not edit. -->",
        "",
        "Custom segments (`segments/custom/<key>.yml`) and the preview (`make preview QUERY=\"...\"`) use "
        "Shopify's customer segment query language: the part after `WHERE` in the Shopify segment editor. "
        "A query is compiled to SQL over the customer profile `dim_customers` (written `customers` below); "
        "it is never run as SQL or rendered as a template. How custom segments are built: "
        "[segment_guide.md](segment_guide.md#custom-segments-one-file-each).",
        "",
        "## Syntax",
        "",
        "- A clause is `attribute operator value`: `amount_spent >= 500`.",
        "- Clauses combine with `AND`, `OR`, `NOT` and parentheses; `AND` binds tighter than `OR`. "
        "Keywords are case-insensitive, attribute names are lower case.",
        "- Operators: `=`, `!=`, `>`, `>=`, `<`, `<=`, `BETWEEN x AND y` (both ends included), "
        "`CONTAINS` / `NOT CONTAINS` (lists), `IS NULL` / `IS NOT NULL`, and for functions "
        "`MATCHES (...)` / `NOT MATCHES (...)`.",
        "- Values: `'text'` in single quotes (write a quote inside as `\\'`; backslashes are not allowed "
        "otherwise), numbers with `.` as decimal separator (`10.99`), `true` / `false`, dates.",
        "- Dates are calendar dates in the store timezone: absolute `2026-05-01`; relative to the build's "
        "`as_of_date` with an offset in days, weeks, months or years, `-30d`, `-12w`, `-3m`, `-1y` "
        "(`+30d` for the future); `today` (= as_of_date) and `yesterday`; Shopify's older `30_days_ago` "
        "forms too. `last_order_date > -30d` means: after as_of_date − 30 days, i.e. in the last 30 days. "
        "Times of day are not accepted (the profile holds dates).",
        "- Missing values: a clause on a missing value is false (a customer who never ordered is in neither "
        "`last_order_date > -30d` nor `last_order_date <= -30d`); `NOT` is always the complement; "
        "`IS NULL` finds the missing values.",
        f"- Limits: at most {MAX_QUERY_LENGTH:,} characters and {MAX_NESTING} levels of parentheses. The "
        "characters `{` and `}`, control and invisible characters are refused anywhere in a query and in "
        "the text fields of a segment file. No comments, `;`, subqueries or other tables: only the "
        "attributes and functions below exist. Names are ASCII: a look-alike letter (Cyrillic `а`, "
        "full-width `ａ`) makes an unknown attribute.",
        "- Mistakes are reported with line, column and a caret, e.g. "
        "``unknown attribute `amount_spend` at 1:1; did you mean `amount_spent`?``.",
        "",
        "Example: `amount_spent >= 500 AND customer_countries CONTAINS 'FR' AND last_order_date > -30d`.",
        "",
        "## Value types",
        "",
        "| type | values |",
        "|---|---|",
    ]
    lines += [f"| {name} | {text} |" for name, text in TYPES.items()]
    lines += [
        "",
        "## Attributes",
        "",
        "| attribute | type | operators | example | compiles to (dim_customers) | description |",
        "|---|---|---|---|---|---|",
    ]
    for attribute in ATTRIBUTES.values():
        column = f"store date of `{attribute.column}`" if attribute.from_timestamp else _code(attribute.column)
        description = attribute.description
        if attribute.values:
            description += " Values: " + ", ".join(f"`'{value}'`" for value in attribute.values) + "."
        if attribute.note:
            description += " " + attribute.note
        lines.append(f"| `{attribute.name}` | {attribute.type} | {', '.join(_code(o) for o in attribute.operators)} "
                     f"| {_code(attribute.example)} | {column} | {description} |")
    lines += [
        "",
        "## Functions",
        "",
        "| function | forms | parameters | examples | compiles to | description |",
        "|---|---|---|---|---|---|",
    ]
    for function in FUNCTIONS.values():
        forms = ", ".join({"call": "`f(...) = true`", "matches": "`f MATCHES (...)`",
                                     "date": "`f(...) = date`, `f(...) BETWEEN date AND date`"}[form] for form in function.forms)
        params = "; ".join(f"`{name}`: {text}" for name, text in function.params.items()) or "none"
        examples = "<br>".join(_code(example) for example in function.examples)
        lines.append(f"| `{function.name}` | {forms} | {params} | {examples} | {function.compiles_to} "
                     f"| {function.description} |")
    lines += [
        "",
        "## Shopify attributes not supported",
        "",
        "A query that uses one of these gets an error with the reason.",
        "",
        "| attribute | why |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {reason} |" for name, reason in UNSUPPORTED.items()]
    return "\n".join(lines) + "\n"
