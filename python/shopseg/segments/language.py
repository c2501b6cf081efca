"""The segment query language: text -> syntax tree (lark, LALR) -> typed AST.

The syntax is Shopify's customer segment query language (the WHERE part of a segment):

    clause      attribute operator value           amount_spent >= 500
    connectors  AND, OR, NOT, parentheses          (a OR b) AND NOT c      (AND binds tighter than OR)
    operators   = != > >= < <=, BETWEEN x AND y, CONTAINS / NOT CONTAINS, IS NULL / IS NOT NULL,
                MATCHES (params) / NOT MATCHES (params)
    values      'string' (escape ' as \\' and \\ as \\\\), numbers (123, 10.99, -5), true / false,
                dates 2026-05-01, offsets -30d -12w -3m -1y (+ for the future), today, yesterday,
                the deprecated 30_days_ago forms, tuples (48.85, 2.35)
    functions   name(arg, name: value, ...) = true      e.g. products_purchased(id: 'P1', date: -90d) = true
                name MATCHES (param op value, ...)      e.g. products_purchased MATCHES (id = 'P1', date > -90d)

Keywords are case-insensitive; attribute names are not. The parser only builds the AST: what an
attribute is and which values it takes is the compiler's business (attributes.py, compiler.py).
Every rule is checked before lark sees the text: a maximum length, no template delimiter `{` `}`,
no control character, at most MAX_NESTING levels of parentheses (so that no input can exhaust the
recursion of anything that walks the tree).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from .errors import SegmentQueryError, line_and_column

MAX_QUERY_LENGTH = 4000
MAX_NESTING = 25
MAX_DEPTH = 120

GRAMMAR = r"""
?start: or_expr

?or_expr: and_expr (_OR and_expr)*
?and_expr: not_expr (_AND not_expr)*
?not_expr: _NOT not_expr              -> negation
         | "(" or_expr ")"
         | clause

clause: subject COMPARATOR value                      -> compare
      | subject _BETWEEN value _AND value             -> between
      | subject _NOT _BETWEEN value _AND value        -> not_between
      | subject _CONTAINS value                       -> contains
      | subject _NOT _CONTAINS value                  -> not_contains
      | subject _IS _NULL                             -> is_null
      | subject _IS _NOT _NULL                        -> is_not_null
      | subject _MATCHES "(" [param ("," param)*] ")"              -> matches
      | subject (_NOT _MATCHES | _NOT_MATCHES) "(" [param ("," param)*] ")"  -> not_matches

subject: NAME ("." NAME)* [call]
call: "(" [argument ("," argument)*] ")"
argument: NAME ":" value        -> named_argument
        | value                 -> positional_argument

param: NAME COMPARATOR value                   -> param_compare
     | NAME _BETWEEN value _AND value          -> param_between
     | NAME _IN "(" value ("," value)* ")"     -> param_in
     | NAME _NOT _IN "(" value ("," value)* ")" -> param_not_in

?value: STRING        -> string
      | DATETIME      -> datetime
      | DATE          -> absolute_date
      | OFFSET        -> offset
      | AGO           -> ago
      | NUMBER        -> number
      | TRUE          -> true
      | FALSE         -> false
      | "(" value ("," value)+ ")"   -> values_tuple
      | NAME          -> bare_word

COMPARATOR: "!=" | ">=" | "<=" | "=" | ">" | "<"
_OR.2: /or\b/i
_AND.2: /and\b/i
_NOT_MATCHES.3: /not_matches\b/i
_NOT.2: /not\b/i
_BETWEEN.2: /between\b/i
_CONTAINS.2: /contains\b/i
_IS.2: /is\b/i
_NULL.2: /null\b/i
_MATCHES.2: /matches\b/i
_IN.2: /in\b/i
TRUE.2: /true\b/i
FALSE.2: /false\b/i
DATETIME.4: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?/
DATE.3: /\d{4}-\d{2}-\d{2}(?![\w-])/
OFFSET.3: /[+-]\d+[dwmy](?!\w)/
AGO.3: /\d+_(day|week|month|year)s?_ago(?!\w)/
NUMBER.1: /[+-]?\d+(\.\d+)?(?![\w.])/
STRING: /'(?:[^'\\\n]|\\['\\])*'/
NAME: /[^\W\d]\w*/

%import common.WS
%ignore WS
"""


# --- AST -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    """A literal: kind is string, number, bool, date, offset, named_date or tuple."""
    kind: str
    value: object
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Argument:
    name: str | None
    value: Value
    line: int
    column: int


@dataclass(frozen=True)
class Subject:
    """What a clause is about: an attribute (`amount_spent`), a dotted function (`shopify_email.opened`)
    or a function call with arguments (`products_purchased(id: 'P1')`, arguments None without a call)."""
    name: str
    arguments: tuple[Argument, ...] | None
    line: int
    column: int


@dataclass(frozen=True)
class Param:
    """A named parameter of MATCHES: `date > -30d`, `id IN ('P1', 'P2')`."""
    name: str
    operator: str
    values: tuple[Value, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Clause:
    subject: Subject
    operator: str           # = != > >= < <= BETWEEN NOT BETWEEN CONTAINS NOT CONTAINS IS NULL IS NOT NULL
    values: tuple[Value, ...] = ()       # MATCHES NOT MATCHES
    params: tuple[Param, ...] = ()
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


Node = Clause | And | Or | Not


@dataclass
class ParsedQuery:
    text: str
    tree: Node
    clauses: list[Clause] = field(default_factory=list)


# --- pre-checks ----------------------------------------------------------------------------------

def _error_at(text: str, offset: int, message: str) -> SegmentQueryError:
    line, column = line_and_column(text, offset)
    return SegmentQueryError(f"{message} at {line}:{column}", line=line, column=column, query=text)


def check_text(text: object, what: str = "a segment query", max_length: int = MAX_QUERY_LENGTH) -> str:
    """Reject what can never be part of a segment query (or of a text field of a segment file):
    a non-string, over-long text, the template delimiters { and }, control characters."""
    if not isinstance(text, str):
        raise SegmentQueryError(f"{what} must be text, got {type(text).__name__}")
    if len(text) > max_length:
        raise SegmentQueryError(f"{what} is {len(text):,} characters long; the maximum is {max_length:,}")
    for offset, character in enumerate(text):
        if character in "{}":
            raise _error_at(text, offset, f"the character '{character}' is not allowed in {what} "
                                          "(braces are template delimiters in dbt files)")
        if character not in "\n\t" and (unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")):
            raise _error_at(text, offset, f"the control or invisible character U+{ord(character):04X} "
                                          f"is not allowed in {what}")
    return text


def _check_nesting(text: str) -> None:
    depth, in_string, escaped = 0, False, False
    for offset, character in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == "'":
                in_string = False
        elif character == "'":
            in_string = True
        elif character == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise _error_at(text, offset, f"parentheses are nested more than {MAX_NESTING} levels deep")
        elif character == ")":
            depth = max(0, depth - 1)


# --- parsing ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=True)


_AGO = re.compile(r"(\d+)_(day|week|month|year)s?_ago")


def _unescape(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(['\\])", r"\1", body)


def _value(kind: str, value: object, token: Token) -> Value:
    return Value(kind, value, str(token), token.line, token.column)


@v_args(inline=True)
class _ToAst(Transformer):
    def __init__(self, text: str):
        super().__init__()
        self.text = text

    # values
    def string(self, token):
        return _value("string", _unescape(str(token)), token)

    def number(self, token):
        return _value("number", str(token).lstrip("+"), token)

    def true(self, token):
        return _value("bool", True, token)

    def false(self, token):
        return _value("bool", False, token)

    def absolute_date(self, token):
        try:
            parsed = date.fromisoformat(str(token))
        except ValueError:
            raise SegmentQueryError(f"{token} is not a calendar date (YYYY-MM-DD) at {token.line}:{token.column}",
                                    line=token.line, column=token.column, query=self.text) from None
        return _value("date", parsed, token)

    def datetime(self, token):
        raise SegmentQueryError(
            f"{token} has a time of day at {token.line}:{token.column}; the customer profile holds calendar "
            "dates only, so write a date (YYYY-MM-DD), an offset (-30d) or today / yesterday",
            line=token.line, column=token.column, query=self.text)

    def offset(self, token):
        text = str(token)
        return _value("offset", (int(text[:-1]), text[-1]), token)

    def ago(self, token):
        amount, unit = _AGO.fullmatch(str(token)).groups()
        return _value("offset", (-int(amount), unit[0]), token)

    def bare_word(self, token):
        word = str(token)
        if word.lower() in ("today", "yesterday"):
            return _value("named_date", word.lower(), token)
        raise SegmentQueryError(
            f"unexpected word `{word}` at {token.line}:{token.column}: a value is a 'quoted string', a number, "
            "true / false, a date (2026-05-01, -30d, today, yesterday)",
            line=token.line, column=token.column, query=self.text)

    def values_tuple(self, *values):
        first = values[0]
        return Value("tuple", tuple(values), "(" + ", ".join(v.text for v in values) + ")", first.line,
                     max(1, first.column - 1))

    # subjects and arguments
    def subject(self, *parts):
        call = parts[-1]
        names = [str(part) for part in parts[:-1]]
        first = parts[0]
        return Subject(".".join(names), call, first.line, first.column)

    def call(self, *arguments):
        return tuple(argument for argument in arguments if argument is not None)

    def named_argument(self, name, value):
        return Argument(str(name), value, name.line, name.column)

    def positional_argument(self, value):
        return Argument(None, value, value.line, value.column)

    # MATCHES parameters
    def param_compare(self, name, operator, value):
        return Param(str(name), str(operator), (value,), name.line, name.column)

    def param_between(self, name, low, high):
        return Param(str(name), "BETWEEN", (low, high), name.line, name.column)

    def param_in(self, name, *values):
        return Param(str(name), "IN", tuple(values), name.line, name.column)

    def param_not_in(self, name, *values):
        return Param(str(name), "NOT IN", tuple(values), name.line, name.column)

    # clauses
    def _clause(self, subject, operator, values=(), params=()):
        return Clause(subject, operator, tuple(values), tuple(params), subject.line, subject.column)

    def compare(self, subject, operator, value):
        return self._clause(subject, str(operator), (value,))

    def between(self, subject, low, high):
        return self._clause(subject, "BETWEEN", (low, high))

    def not_between(self, subject, low, high):
        return self._clause(subject, "NOT BETWEEN", (low, high))

    def contains(self, subject, value):
        return self._clause(subject, "CONTAINS", (value,))

    def not_contains(self, subject, value):
        return self._clause(subject, "NOT CONTAINS", (value,))

    def is_null(self, subject):
        return self._clause(subject, "IS NULL")

    def is_not_null(self, subject):
        return self._clause(subject, "IS NOT NULL")

    def matches(self, subject, *params):
        return self._clause(subject, "MATCHES", params=[p for p in params if p is not None])

    def not_matches(self, subject, *params):
        return self._clause(subject, "NOT MATCHES", params=[p for p in params if p is not None])

    # connectors
    def or_expr(self, *items):
        return Or(tuple(items))

    def and_expr(self, *items):
        return And(tuple(items))

    def negation(self, item):
        return Not(item)


_HINTS = {
    ";": "a segment query is a single condition: ';' is not part of the language",
    '"': "strings are written between single quotes: 'like this'",
    "'": "this string is not closed (or holds a quote not written as \\')",
    "*": "arithmetic and comments are not part of the language",
    "/": "arithmetic and comments are not part of the language",
    "-": "'-' starts a date offset such as -30d or a negative number; comments (--) are not part of the language",
    "[": "lists are not written with brackets; use CONTAINS once per value, joined with OR",
    "\\": "a backslash is only allowed inside a string, before ' or \\",
}


def _describe_token(token: Token) -> str:
    if token.type == "$END":
        return "the end of the query"
    return f"`{token}`"


def parse(text: str) -> ParsedQuery:
    """Parse a segment query into its AST, or raise SegmentQueryError (with line and column)."""
    check_text(text)
    if not text.strip():
        raise SegmentQueryError("the segment query is empty: write a condition such as amount_spent >= 500")
    _check_nesting(text)
    try:
        tree = _parser().parse(text)
    except UnexpectedCharacters as error:
        character = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        hint = _HINTS.get(character, "it is not part of the segment query language")
        if character and not character.isascii():
            hint = (f"U+{ord(character):04X} ({unicodedata.name(character, 'unnamed character')}) is not "
                    "part of the language; only names from the attribute list are")
        raise SegmentQueryError(f"unexpected character {character!r} at {error.line}:{error.column}: {hint}",
                                line=error.line, column=error.column, query=text) from None
    except UnexpectedEOF:
        line, column = line_and_column(text, len(text.rstrip()))
        raise SegmentQueryError(f"the query ends too early at {line}:{column}: a clause or a ')' is missing",
                                line=line, column=column, query=text) from None
    except UnexpectedToken as error:
        token = error.token
        if token.type == "$END":
            line, column = line_and_column(text, len(text.rstrip()))
            raise SegmentQueryError(
                f"the query ends too early at {line}:{column}: a value, a clause or a ')' is missing",
                line=line, column=column, query=text) from None
        raise SegmentQueryError(
            f"unexpected {_describe_token(token)} at {token.line}:{token.column}: expected "
            f"{_expected(error.expected)}", line=token.line, column=token.column, query=text) from None
    except UnexpectedInput as error:  # pragma: no cover - the three cases above are exhaustive for LALR
        raise SegmentQueryError(f"cannot read the query at {error.line}:{error.column}",
                                line=error.line, column=error.column, query=text) from None
    _check_depth(tree, text)
    try:
        ast = _ToAst(text).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, SegmentQueryError):
            raise error.orig_exc from None
        raise
    clauses: list[Clause] = []
    _collect(ast, clauses)
    return ParsedQuery(text, ast, clauses)


def _check_depth(tree: Tree, text: str) -> None:
    """Refuse trees deeper than MAX_DEPTH (e.g. NOT NOT NOT ... repeated), walked without recursion, so
    that nothing downstream can exhaust Python's recursion limit."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            line, column = (node.meta.line, node.meta.column) if not node.meta.empty else (1, 1)
            raise SegmentQueryError(f"the query is nested more than {MAX_DEPTH} levels deep at {line}:{column}",
                                    line=line, column=column, query=text)
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))


def _collect(node, clauses: list[Clause]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Clause):
            clauses.append(current)
        elif isinstance(current, (And, Or)):
            stack.extend(reversed(current.items))
        elif isinstance(current, Not):
            stack.append(current.item)
    clauses.sort(key=lambda clause: (clause.line, clause.column))


_READABLE = {
    "COMPARATOR": "a comparison (= != > >= < <=)", "NAME": "an attribute name", "STRING": "a 'string'",
    "NUMBER": "a number", "DATE": "a date", "OFFSET": "a date offset", "LPAR": "'('", "RPAR": "')'",
    "_AND": "AND", "_OR": "OR", "_NOT": "NOT", "_BETWEEN": "BETWEEN", "_CONTAINS": "CONTAINS", "_IS": "IS",
    "_NULL": "NULL", "_MATCHES": "MATCHES", "_NOT_MATCHES": "NOT_MATCHES", "_IN": "IN", "COMMA": "','",
    "COLON": "':'", "DOT": "'.'", "TRUE": "true", "FALSE": "false", "AGO": "a date offset",
    "DATETIME": "a date",
}


def _expected(expected: set[str]) -> str:
    names = sorted({_READABLE.get(name, name.lower()) for name in expected})
    if len(names) > 6:
        names = names[:6] + ["..."]
    return ", ".join(names)
