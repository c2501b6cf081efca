"""Segment tooling (docs/segment_query_language.md, docs/segment_guide.md):

- the segment query language (Shopify's customer segment query language): language.py parses,
  attributes.py is the allow-list, compiler.py compiles to SQL over dim_customers;
- ``python -m shopseg.segments compile`` generates the dbt models of segments/custom/*.yml;
- ``python -m shopseg.segments preview`` counts the customers a query matches, read-only.
"""

from .compiler import DbtDialect, DuckDBDialect, compile_query
from .errors import SegmentQueryError
from .language import parse
from .preview import PreviewError, PreviewResult, run_preview

__all__ = ["DbtDialect", "DuckDBDialect", "PreviewError", "PreviewResult", "SegmentQueryError", "compile_query",
           "parse", "run_preview"]
