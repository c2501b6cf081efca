"""The one error a user mistake in a segment query (or a custom segment file) raises."""

from __future__ import annotations


class SegmentQueryError(Exception):
    """A mistake in a segment query: a message, where it is (1-based line and column) and the query
    itself, so that the error can be shown with a caret under the culprit. Never a traceback."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 query: str | None = None, source: str | None = None):
        self.message = message
        self.line = line
        self.column = column
        self.query = query
        self.source = source
        super().__init__(self.render())

    @property
    def position(self) -> str:
        return f"{self.line}:{self.column}" if self.line is not None else ""

    def render(self) -> str:
        """The message, then the offending line of the query with a caret under the column."""
        head = f"{self.source}: {self.message}" if self.source else self.message
        if self.query is None or self.line is None or self.column is None:
            return head
        lines = self.query.splitlines() or [""]
        if not 1 <= self.line <= len(lines):
            return head
        text = lines[self.line - 1]
        # Show at most 100 characters around the column, so that an over-long line stays readable.
        start = max(0, self.column - 60)
        excerpt = text[start:start + 100]
        caret = " " * (self.column - 1 - start) + "^"
        return f"{head}\n    {excerpt}\n    {caret}"

    def with_source(self, source: str) -> "SegmentQueryError":
        return SegmentQueryError(self.message, line=self.line, column=self.column, query=self.query,
                                 source=source)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a 0-based character offset in text."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1
