"""Segment tooling: ``python -m shopseg.segments preview`` counts the customers a segment predicate
or a custom segment file matches, without building anything (docs/segments.md, "Preview")."""

from .preview import PreviewError, PreviewResult, build_preview_sql, run_preview

__all__ = ["PreviewError", "PreviewResult", "build_preview_sql", "run_preview"]
