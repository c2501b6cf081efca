"""Compile a segment query (its AST, language.py) into a SQL condition over the customer profile.

Safety comes from construction, not from filtering: every identifier in the output is a column of
dim_customers or a relation named in attributes.py, every value is re-emitted by this module as a
typed literal (strings with ' doubled, dates as cast('YYYY-MM-DD' as date), numbers re-validated),
and the only subqueries are the `exists (...)` this module writes for a function. User text never
reaches the output as text.

Two targets (Dialect): the dbt model of a custom segment (refs and the project's cross-database
macros dbt.dateadd and to_store_date, with fixed arguments only) and the plain DuckDB SQL of the
preview (relations of the serving database, no dbt, no Jinja).

Missing values: a clause on a missing value (a customer with no order has no last_order_date) is
false, never null, so NOT is always the complement of what it negates.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import marts
from .attributes import ATTRIBUTES, FUNCTIONS, UNSUPPORTED, Attribute, known_names
from .errors import SegmentQueryError
from .language import And, Clause, Not, Or, ParsedQuery, Param, Subject, Value, parse

CUSTOMERS = "customers"
_RELATION = re.compile(r"[a-z][a-z0-9_]*")
_TIMEZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-/]*")
_UNITS = {"d": ("day", 1), "w": ("day", 7), "m": ("month", 1), "y": ("year", 1)}
MAX_OFFSET = 10_000
ANNIVERSARY_DATES = ("metafields.facts.birth_date", "birth_date")


# --- dialects -----------------------------------------------------------------------------------

class Dialect:
    name = "abstract"

    def relation(self, model: str) -> str:
        raise NotImplementedError

    def date_offset(self, unit: str, amount: int) -> str:
        """as_of_date shifted by amount units (day, month, year), as a date."""
        raise NotImplementedError

    def store_date(self, column: str) -> str:
        """The store-timezone calendar date of a UTC timestamp column."""
        raise NotImplementedError


class DbtDialect(Dialect):
    """SQL for a dbt model: a relation is the import CTE of the same name that the generated model
    declares (`<model> as (select * from ref('<model>'))`), dates use the project's cross-db macros."""
    name = "dbt"

    def relation(self, model: str) -> str:
        assert _RELATION.fullmatch(model), model
        return model

    def date_offset(self, unit: str, amount: int) -> str:
        assert unit in ("day", "month", "year") and isinstance(amount, int)
        return "cast({{ dbt.dateadd('" + unit + "', " + str(amount) + ", '" + CUSTOMERS + ".as_of_date') }} as date)"

    def store_date(self, column: str) -> str:
        assert _RELATION.fullmatch(column), column
        return "{{ to_store_date('" + CUSTOMERS + "." + column + "') }}"


class DuckDBDialect(Dialect):
    """Plain DuckDB SQL over the marts of a built (or serving) database, for the preview."""
    name = "duckdb"

    def __init__(self, schema: str = "main_marts", store_timezone: str = "UTC"):
        if not _RELATION.fullmatch(schema):
            raise ValueError(f"not a schema name: {schema!r}")
        if not _TIMEZONE.fullmatch(store_timezone or ""):
            raise ValueError(f"not a timezone name: {store_timezone!r}")
        self.schema = schema
        self.store_timezone = store_timezone

    def relation(self, model: str) -> str:
        assert _RELATION.fullmatch(model), model
        return f"{self.schema}.{model}"

    def date_offset(self, unit: str, amount: int) -> str:
        assert unit in ("day", "month", "year") and isinstance(amount, int)
        return f"cast({CUSTOMERS}.as_of_date + interval ({amount}) {unit} as date)"

    def store_date(self, column: str) -> str:
        assert _RELATION.fullmatch(column), column
        if self.store_timezone.upper() == "UTC":
            return f"cast({CUSTOMERS}.{column} as date)"
        return (f"cast(({CUSTOMERS}.{column} at time zone 'UTC') at time zone '{self.store_timezone}' as date)")


# --- literals -----------------------------------------------------------------------------------

def sql_string(text: str) -> str:
    """A SQL string literal: ' doubled. Backslashes are refused earlier (some engines treat them as
    escapes), so the literal means the same on every warehouse."""
    assert "\\" not in text and "\x00" not in text
    return "'" + text.replace("'", "''") + "'"


@dataclass
class CompiledQuery:
    text: str
    sql: str                              # the condition, over `customers` (dim_customers)
    relations: list[str] = field(default_factory=list)   # other models the condition reads
    attributes: list[str] = field(default_factory=list)


class _Compiler:
    def __init__(self, parsed: ParsedQuery, dialect: Dialect, named_segments: dict[str, str]):
        self.parsed = parsed
        self.dialect = dialect
        self.named_segments = named_segments
        self.relations: list[str] = []
        self.used: list[str] = []

    # errors
    def error(self, message: str, node) -> SegmentQueryError:
        line, column = getattr(node, "line", None), getattr(node, "column", None)
        where = f" at {line}:{column}" if line else ""
        return SegmentQueryError(message.replace("{at}", where), line=line or None, column=column or None,
                                 query=self.parsed.text)

    def relation(self, model: str) -> str:
        if model not in self.relations:
            self.relations.append(model)
        return self.dialect.relation(model)

    # tree
    def node(self, node) -> list[str]:
        """The condition as lines (no indentation at the top)."""
        # Iterative over And/Or chains is not needed: nesting is capped by the parser (MAX_NESTING).
        if isinstance(node, Clause):
            return self.clause(node)
        if isinstance(node, Not):
            return ["not ("] + _indent(self.node(node.item)) + [")"]
        if isinstance(node, (And, Or)):
            keyword = "and" if isinstance(node, And) else "or"
            lines: list[str] = []
            for position, item in enumerate(node.items):
                item_lines = self.node(item)
                if isinstance(item, (And, Or)):
                    item_lines = ["("] + _indent(item_lines) + [")"]
                if position:
                    item_lines = [f"{keyword} {item_lines[0]}"] + item_lines[1:]
                lines += item_lines
            return lines
        raise AssertionError(node)  # pragma: no cover

    def clause(self, clause: Clause) -> list[str]:
        subject = clause.subject
        name = subject.name
        if name in FUNCTIONS:
            self.used.append(name)
            if name.startswith("shopify_email."):
                return self.email_event(clause, name.split(".", 1)[1])
            return getattr(self, "function_" + name)(clause)
        if name in ATTRIBUTES:
            if subject.arguments is not None:
                raise self.error(f"`{name}` is an attribute, not a function: write it without parentheses{{at}}",
                                 subject)
            self.used.append(name)
            return self.attribute(ATTRIBUTES[name], clause)
        if name in UNSUPPORTED:
            raise self.error(f"`{name}` is a Shopify attribute this project does not support{{at}}: "
                             f"{UNSUPPORTED[name]}", subject)
        raise self.error(unknown_attribute_message(name) + "{at}" + _suggestion(name), subject)

    # attributes
    def attribute(self, attribute: Attribute, clause: Clause) -> list[str]:
        operator = clause.operator
        if clause.params or operator in ("MATCHES", "NOT MATCHES"):
            raise self.error(f"MATCHES is for functions; `{attribute.name}` is a {attribute.type} attribute{{at}}",
                             clause)
        if operator not in attribute.operators:
            raise self.error(f"the operator {operator} is not available for `{attribute.name}` "
                             f"({attribute.type}){{at}}; use one of: {', '.join(attribute.operators)}", clause)
        column = self.column(attribute)
        if operator == "IS NULL":
            return [f"{column} is null"]
        if operator == "IS NOT NULL":
            return [f"{column} is not null"]
        values = [self.value_for(attribute, value) for value in clause.values]
        if attribute.type == "list":
            contains = self.list_contains(attribute, column, values[0])
            return _false_when_missing([contains], negate=operator == "NOT CONTAINS")
        if attribute.type in ("string",) and attribute.fold:
            column = f"lower({column})"
        if operator in ("BETWEEN", "NOT BETWEEN"):
            return _false_when_missing([column, f"between {values[0]}", f"and {values[1]}"],
                                       negate=operator == "NOT BETWEEN")
        sql_operator = "<>" if operator == "!=" else operator
        return _false_when_missing([column, f"{sql_operator} {values[0]}"])

    def column(self, attribute: Attribute) -> str:
        if attribute.from_timestamp:
            return self.dialect.store_date(attribute.column)
        return f"{CUSTOMERS}.{attribute.column}"

    def list_contains(self, attribute: Attribute, column: str, literal: str) -> str:
        if attribute.list_kind == "single":
            return f"{attribute.fold}({column}) = {literal}"
        # A comma list: the item as a whole element of ',' || list || ','.
        return f"position({literal} in (',' || lower({column}) || ',')) > 0"

    def value_for(self, attribute: Attribute, value: Value) -> str:
        kind = attribute.type
        if kind == "integer":
            return self.integer(value, attribute.name)
        if kind == "money":
            return self.number(value, attribute.name)
        if kind == "date":
            return self.date(value, attribute.name)
        if kind in ("string", "list"):
            text = self.string(value, attribute.name, kind)
            if kind == "list" and attribute.list_kind == "comma":
                item = text.strip().lower()
                if "," in item or not item:
                    raise self.error(f"a tag is one non-empty word without ','{{at}}", value)
                return sql_string("," + item + ",")
            return sql_string(text.upper() if attribute.fold == "upper" else text.lower() if attribute.fold else text)
        if kind == "enum":
            text = self.string(value, attribute.name, kind)
            if text not in attribute.values:
                close = difflib.get_close_matches(text.upper(), list(attribute.values), n=1, cutoff=0.5)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise self.error(f"'{text}' is not a value of `{attribute.name}`{{at}}{hint} Values: "
                                 + ", ".join(attribute.values) + (f". {attribute.note}" if attribute.note else ""),
                                 value)
            return sql_string(attribute.values[text])
        if kind == "id":
            if value.kind == "number" and "." not in str(value.value) and not str(value.value).startswith("-"):
                return sql_string(str(value.value))
            return sql_string(self.string(value, attribute.name, kind))
        raise AssertionError(kind)  # pragma: no cover

    # typed values
    def mismatch(self, value: Value, name: str, expected: str) -> SegmentQueryError:
        return self.error(f"type mismatch{{at}}: `{name}` compares with {expected}, not {_describe(value)}",
                          value)

    def integer(self, value: Value, name: str) -> str:
        if value.kind != "number" or not re.fullmatch(r"-?\d{1,18}", str(value.value)):
            raise self.mismatch(value, name, "a whole number (such as 3)")
        return str(int(str(value.value)))

    def number(self, value: Value, name: str) -> str:
        if value.kind != "number":
            raise self.mismatch(value, name, "a number (such as 500 or 10.99)")
        text = str(value.value)
        try:
            parsed = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the grammar admits digits only
            raise self.mismatch(value, name, "a number") from None
        if len(text) > 30 or not parsed.is_finite():
            raise self.error(f"the number {text} is too long{{at}}", value)
        return text

    def string(self, value: Value, name: str, kind: str) -> str:
        if value.kind != "string":
            raise self.mismatch(value, name, "a 'quoted string'" if kind != "enum" else "a 'QUOTED_VALUE'")
        text = str(value.value)
        if "\\" in text:
            raise self.error(f"backslashes are not allowed in a value{{at}}", value)
        return text

    def date(self, value: Value, name: str) -> str:
        if value.kind == "date":
            return f"cast({sql_string(value.value.isoformat())} as date)"
        if value.kind == "named_date":
            return f"{CUSTOMERS}.as_of_date" if value.value == "today" else self.dialect.date_offset("day", -1)
        if value.kind == "offset":
            amount, unit = value.value
            if abs(amount) > MAX_OFFSET:
                raise self.error(f"the date offset {value.text} is too far (at most {MAX_OFFSET:,} units){{at}}", value)
            sql_unit, factor = _UNITS[unit]
            return self.dialect.date_offset(sql_unit, amount * factor)
        raise self.mismatch(value, name, "a date (2026-05-01, -30d, -12w, -3m, -1y, today, yesterday)")

    # functions
    def boolean_outcome(self, clause: Clause, name: str) -> bool:
        """For the call form `f(...) = true`: True when the clause asks for f to hold."""
        if clause.operator in ("MATCHES", "NOT MATCHES"):
            raise self.error(f"`{name}(...)` takes its arguments in the call; write `{name}(...) = true`{{at}}",
                             clause)
        if clause.operator not in ("=", "!=") or len(clause.values) != 1 or clause.values[0].kind != "bool":
            raise self.error(f"`{name}(...)` is true or false: compare it with = true, = false or != true{{at}}",
                             clause)
        return bool(clause.values[0].value) == (clause.operator == "=")

    def arguments(self, subject: Subject, allowed: dict[str, str], positional: str | None = None) -> dict:
        found: dict[str, Value] = {}
        for argument in subject.arguments or ():
            argument_name = argument.name or positional
            if argument_name is None:
                raise self.error(f"`{subject.name}` takes named arguments (name: value){{at}}", argument)
            if argument_name not in allowed:
                raise self.error(f"`{subject.name}` has no argument `{argument_name}`{{at}}"
                                 + _then(_suggestion(argument_name, allowed), "arguments: " + ", ".join(allowed)),
                                 argument)
            if argument_name in found:
                raise self.error(f"the argument `{argument_name}` is given twice{{at}}", argument)
            found[argument_name] = argument.value
        return found

    def function_segment_membership(self, clause: Clause) -> list[str]:
        subject = clause.subject
        if subject.arguments is None:
            raise self.error("write segment_membership('<key>') = true{at}", subject)
        arguments = self.arguments(subject, {"key": ""}, positional="key")
        if "key" not in arguments:
            raise self.error("segment_membership needs the key of a named segment{at}", subject)
        key_value = arguments["key"]
        key = self.string(key_value, "segment_membership", "string")
        if self.named_segments.get(key) == "visitors":
            raise self.error(f"'{key}' is a segment of anonymous visitors, not of customers{{at}}", key_value)
        customer_segments = sorted(name for name, members in self.named_segments.items() if members == "customers")
        if key not in customer_segments:
            raise self.error(f"'{key}' is not a named segment{{at}}" + _suggestion(key, customer_segments)
                             + " A custom segment cannot be used inside another one.", key_value)
        wanted = self.boolean_outcome(clause, "segment_membership")
        exists = [
            "exists (",
            "    select 1",
            f"    from {self.relation('seg_' + key)} as segment_members",
            f"    where segment_members.customer_id = {CUSTOMERS}.customer_id",
            ")",
        ]
        return exists if wanted else _negate(exists)

    def function_anniversary(self, clause: Clause) -> list[str]:
        subject = clause.subject
        usage = "write anniversary(date: 'metafields.facts.birth_date') BETWEEN today AND +30d{at}"
        if subject.arguments is None or clause.operator not in ("=", "BETWEEN"):
            raise self.error(usage, clause)
        arguments = self.arguments(subject, {"date": ""}, positional="date")
        if "date" not in arguments:
            raise self.error(usage, subject)
        date_name = self.string(arguments["date"], "anniversary", "string")
        if date_name not in ANNIVERSARY_DATES:
            raise self.error(f"anniversary knows the birth date only ('metafields.facts.birth_date' or "
                             f"'birth_date'), not '{date_name}'{{at}}", arguments["date"])
        for value in clause.values:
            ahead = value.kind == "named_date" and value.value == "today" or value.kind == "offset" and (
                value.value[0] >= 0 and value.value[0] <= {"d": 366, "w": 52, "m": 12, "y": 1}[value.value[1]])
            if not ahead:
                raise self.error("anniversary compares with today or a date up to one year ahead (+30d, +2w, "
                                 "+1m){at}: the profile holds the next birthday, not past ones", value)
        values = [self.date(value, "anniversary") for value in clause.values]
        column = f"{CUSTOMERS}.next_birthday_date"
        if clause.operator == "BETWEEN":
            return _false_when_missing([column, f"between {values[0]}", f"and {values[1]}"])
        return _false_when_missing([column, f"= {values[0]}"])

    def function_products_purchased(self, clause: Clause) -> list[str]:
        subject = clause.subject
        conditions: list[str] = []
        if clause.operator in ("MATCHES", "NOT MATCHES"):
            if subject.arguments is not None:
                raise self.error("write products_purchased MATCHES (...) without parentheses after the name{at}",
                                 subject)
            wanted = clause.operator == "MATCHES"
            seen: set[str] = set()
            for param in clause.params:
                if param.name in seen:
                    raise self.error(f"the parameter `{param.name}` is used twice{{at}}", param)
                seen.add(param.name)
                conditions.append(self.product_param(param))
        else:
            wanted = self.boolean_outcome(clause, "products_purchased")
            arguments = self.arguments(subject, FUNCTIONS["products_purchased"].params)
            for name, value in arguments.items():
                if name == "id":
                    ids = value.value if value.kind == "tuple" else (value,)
                    conditions.append(self.ids_condition(ids, "in"))
                elif name == "category":
                    conditions.append(f"lower(purchased_lines.category) = "
                                      f"{sql_string(self.string(value, 'category', 'string').lower())}")
                else:
                    conditions.append(f"purchased_orders.ordered_date\n>= {self.date(value, 'date')}")
        exists = [
            "exists (",
            "    select 1",
            f"    from {self.relation('fct_order_lines')} as purchased_lines",
            f"    inner join {self.relation('fct_orders')} as purchased_orders",
            "        on purchased_lines.order_id = purchased_orders.order_id",
            "    where",
            f"        purchased_orders.customer_id = {CUSTOMERS}.customer_id",
            "        and purchased_orders.is_valid_order",
        ]
        for condition in conditions:
            first, *rest = condition.split("\n")
            exists += [f"        and {first}"] + [f"        {line}" for line in rest]
        exists += [")"]
        return exists if wanted else _negate(exists)

    def ids_condition(self, values, operator: str) -> str:
        if not values or len(values) > 500:
            raise self.error("a list of product ids holds 1 to 500 ids{at}", values[0] if values else None)
        literals = [self.identifier_literal(value, "id") for value in values]
        return f"purchased_lines.product_id {operator} ({', '.join(literals)})"

    def product_param(self, param: Param) -> str:
        if param.name == "id":
            if param.operator in ("=", "!="):
                return self.ids_condition(param.values, "in" if param.operator == "=" else "not in")
            if param.operator in ("IN", "NOT IN"):
                return self.ids_condition(param.values, param.operator.lower())
        elif param.name == "category":
            if param.operator in ("=", "!="):
                text = self.string(param.values[0], "category", "string").lower()
                return f"lower(purchased_lines.category) {'=' if param.operator == '=' else '<>'} {sql_string(text)}"
        elif param.name == "date":
            if param.operator == "BETWEEN":
                low, high = (self.date(value, "date") for value in param.values)
                return f"purchased_orders.ordered_date\nbetween {low}\nand {high}"
            if param.operator in ("=", "!=", ">", ">=", "<", "<="):
                sql_operator = "<>" if param.operator == "!=" else param.operator
                return f"purchased_orders.ordered_date\n{sql_operator} {self.date(param.values[0], 'date')}"
        else:
            raise self.error(f"products_purchased has no parameter `{param.name}`{{at}}"
                             + _then(_suggestion(param.name, ("id", "category", "date")), "parameters: id, category, date")
                             + (" (this shop data has no product tags)" if param.name == "tag" else ""), param)
        raise self.error(f"the operator {param.operator} is not available for the parameter `{param.name}`{{at}}",
                         param)

    def function_customer_within_distance(self, clause: Clause) -> list[str]:
        subject = clause.subject
        if subject.arguments is None:
            raise self.error("write customer_within_distance(coordinates: (lat, lng), distance_km: n) = true{at}",
                             subject)
        wanted = self.boolean_outcome(clause, "customer_within_distance")
        arguments = self.arguments(subject, FUNCTIONS["customer_within_distance"].params)
        coordinates = arguments.get("coordinates")
        if coordinates is None or coordinates.kind != "tuple" or len(coordinates.value) != 2:
            raise self.error("customer_within_distance needs coordinates: (latitude, longitude){at}",
                             coordinates or subject)
        latitude, longitude = (Decimal(self.number(value, "coordinates")) for value in coordinates.value)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise self.error("coordinates are (latitude between -90 and 90, longitude between -180 and 180){at}",
                             coordinates)
        if ("distance_km" in arguments) == ("distance_mi" in arguments):
            raise self.error("customer_within_distance needs one of distance_km or distance_mi{at}", subject)
        unit = "distance_km" if "distance_km" in arguments else "distance_mi"
        distance = Decimal(self.number(arguments[unit], unit))
        if distance < 0:
            raise self.error("the distance must not be negative{at}", arguments[unit])
        kilometres = distance if unit == "distance_km" else distance * Decimal("1.609344")
        radians = "(pi() / 180.0)"
        lat, lon = f"{CUSTOMERS}.latitude", f"{CUSTOMERS}.longitude"
        lines = [
            "coalesce(",
            f"    {lat} between -90 and 90 and {lon} between -180 and 180",
            "    and 2 * 6371.0088 * asin(least(1, sqrt(",
            f"        power(sin(({lat} - {latitude}) * {radians} / 2), 2)",
            f"        + cos({latitude} * {radians}) * cos({lat} * {radians})",
            f"        * power(sin(({lon} - {longitude}) * {radians} / 2), 2)",
            f"    ))) <= {kilometres},",
            "    false",
            ")",
        ]
        return lines if wanted else _negate(lines)

    def email_event(self, clause: Clause, event: str) -> list[str]:
        name = clause.subject.name
        if clause.operator not in ("MATCHES", "NOT MATCHES") or clause.subject.arguments is not None:
            raise self.error(f"write {name} MATCHES (...) or {name} NOT MATCHES (...){{at}}", clause)
        conditions, seen = [], set()
        for param in clause.params:
            if param.name in seen:
                raise self.error(f"the parameter `{param.name}` is used twice{{at}}", param)
            seen.add(param.name)
            if param.name == "activity_id" and param.operator in ("=", "!=", "IN", "NOT IN"):
                literals = [self.identifier_literal(value, "activity_id") for value in param.values]
                if not 1 <= len(literals) <= 500:
                    raise self.error("a list of activity ids holds 1 to 500 ids{at}", param)
                operator = "in" if param.operator in ("=", "IN") else "not in"
                conditions.append(f"email_events.campaign_id {operator} ({', '.join(literals)})")
            elif param.name == "date" and param.operator == "BETWEEN":
                low, high = (self.date(value, "date") for value in param.values)
                conditions.append(f"email_events.occurred_date\nbetween {low}\nand {high}")
            elif param.name == "date" and param.operator in ("=", "!=", ">", ">=", "<", "<="):
                sql_operator = "<>" if param.operator == "!=" else param.operator
                conditions.append(f"email_events.occurred_date\n{sql_operator} {self.date(param.values[0], 'date')}")
            elif param.name in ("activity_id", "date"):
                raise self.error(f"the operator {param.operator} is not available for `{param.name}`{{at}}", param)
            else:
                raise self.error(f"{name} has no parameter `{param.name}`{{at}}"
                                 + _then(_suggestion(param.name, ("activity_id", "date")), "parameters: activity_id, date")
                                 + (" (count is not supported)" if param.name == "count" else ""), param)
        exists = [
            "exists (",
            "    select 1",
            f"    from {self.relation('fct_email_events')} as email_events",
            "    where",
            f"        email_events.customer_id = {CUSTOMERS}.customer_id",
            f"        and email_events.event_type = {sql_string(event)}",
        ]
        for condition in conditions:
            first, *rest = condition.split("\n")
            exists += [f"        and {first}"] + [f"        {line}" for line in rest]
        exists += [")"]
        return exists if clause.operator == "MATCHES" else _negate(exists)

    def identifier_literal(self, value: Value, name: str) -> str:
        if value.kind == "number" and re.fullmatch(r"\d{1,30}", str(value.value)):
            return sql_string(str(value.value))
        return sql_string(self.string(value, name, "id"))


def _then(suggestion: str, more: str) -> str:
    return f"{suggestion} ({more})" if suggestion else f"; {more}"


def _false_when_missing(parts: list[str], negate: bool = False) -> list[str]:
    """coalesce(<parts joined>, false): a condition on a missing value is false, not null. Long
    conditions are laid out one part per line."""
    prefix = "not " if negate else ""
    joined = " ".join(parts)
    if len(joined) <= 80:
        return [f"{prefix}coalesce({joined}, false)"]
    return [f"{prefix}coalesce("] + ["    " + part for part in parts[:-1]] + ["    " + parts[-1] + ",", "    false", ")"]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _negate(lines: list[str]) -> list[str]:
    return ["not " + lines[0]] + lines[1:]


def _describe(value: Value) -> str:
    return {"string": f"the string {value.text}", "number": f"the number {value.text}",
            "bool": f"the boolean {value.text}", "date": f"the date {value.text}",
            "offset": f"the date offset {value.text}", "named_date": f"the date {value.text}",
            "tuple": f"the list {value.text}"}.get(value.kind, value.text)


def unknown_attribute_message(name: str) -> str:
    odd = [character for character in name if not (character.isascii() and (character.isalnum() or character in "_."))]
    note = ""
    if odd:
        note = " (it contains " + ", ".join(f"'{c}' U+{ord(c):04X}" for c in dict.fromkeys(odd)) + \
               ", which no attribute name has)"
    return f"unknown attribute `{name}`{note}"


def _suggestion(name: str, candidates=None) -> str:
    pool = list(candidates) if candidates is not None else known_names() + list(UNSUPPORTED)
    ascii_name = "".join(character for character in name if character.isascii())
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6) or \
        difflib.get_close_matches(ascii_name, pool, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def compile_query(text: str, dialect: Dialect, named_segments: dict[str, str] | None = None) -> CompiledQuery:
    """Parse and compile a query: the SQL condition over `customers` (dim_customers), or SegmentQueryError.
    named_segments: key -> members ('customers' or 'visitors') of the named segments segment_membership()
    accepts; default: those of this package's project (marts.named_segments)."""
    parsed = parse(text)
    compiler = _Compiler(parsed, dialect, marts.named_segments() if named_segments is None else named_segments)
    lines = compiler.node(parsed.tree)
    return CompiledQuery(text, "\n".join(lines), compiler.relations, sorted(set(compiler.used)))
