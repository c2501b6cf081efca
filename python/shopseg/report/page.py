"""Assemble the report: one HTML file with plotly.js inline and one section per chart."""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import Callable

import plotly
import plotly.offline

from . import charts
from .source import Snapshot

# (chart key, heading, what it answers, builder). The browser check expects one rendered chart per entry.
CHARTS: list[tuple[str, str, str, Callable]] = [
    ("segment_sizes", "Segment sizes", "How big is each segment, and how much of the customers and of the "
     "revenue does it hold?", lambda ctx, s: charts.segment_sizes(ctx, s.segment_summary())),
    ("rfm_grid", "RFM grid", "Where do customers and revenue sit on the recency × frequency grid?",
     lambda ctx, s: charts.rfm_heatmap(ctx, s.rfm_grid())),
    ("pareto", "Pareto curve", "How concentrated is revenue? The marked point is the top_customers_pareto "
     "segment, the smallest set of customers bringing 80 % of revenue.",
     lambda ctx, s: charts.pareto(ctx, s.pareto_curve())),
    ("channels", "Channels", "Which channels bring customers who order often and spend much per order, "
     "not just many orders?", lambda ctx, s: charts.channels(ctx, s.channels())),
    ("recency_history", "Recency over time", "How do customers move between recency buckets from one "
     "snapshot to the next?", lambda ctx, s: charts.recency_history(ctx, s.recency_history())),
    ("popular_products", "Popular products", "What does each segment buy most?",
     lambda ctx, s: charts.popular_products(ctx, s.popular_products())),
    ("segment_overlap", "Segment overlap", "Which segments share their members?",
     lambda ctx, s: charts.overlap(ctx, s.overlap(), s.segment_summary())),
]

STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0; color: #0f172a;
       background: #f8fafc; }
header { background: #0f172a; color: #f8fafc; padding: 20px 32px; }
header h1 { margin: 0 0 6px; font-size: 24px; }
header dl { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; font-size: 14px; color: #cbd5e1; }
header dt { display: inline; font-weight: 600; color: #e2e8f0; }
header dd { display: inline; margin: 0 0 0 6px; }
main { max-width: 1280px; margin: 0 auto; padding: 8px 24px 40px; }
nav { margin: 16px 0; font-size: 14px; }
nav a { margin-right: 16px; color: #2563eb; text-decoration: none; }
section { background: white; border: 1px solid #e2e8f0; border-radius: 8px; margin: 20px 0; padding: 12px 16px; }
section h2 { margin: 4px 0; font-size: 18px; }
section p { margin: 0 0 8px; color: #475569; font-size: 14px; }
footer { color: #64748b; font-size: 12px; text-align: center; padding: 16px; }
"""


def _escape(value) -> str:
    return html.escape(str(value), quote=True)


def build_report(snapshot: Snapshot, out: Path, currency: str | None = None,
                 progress: Callable[[str], None] | None = None) -> Path:
    """Write the report of `snapshot` to `out`; returns the path written."""
    ctx = charts.Context(as_of_date=snapshot.as_of_date(), currency=snapshot.currency(currency))
    metadata = snapshot.build_metadata()
    sections = []
    for key, heading, question, build in CHARTS:
        figure = build(ctx, snapshot)
        div = figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{key}",
                             config={"displaylogo": False, "responsive": True})
        sections.append(
            f'<section id="{key}" data-chart="{key}"><h2>{_escape(heading)}</h2>'
            f"<p>{_escape(question)}</p>{div}</section>")
        if progress:
            progress(key)
    facts = [("as of", ctx.as_of_date), ("currency", ctx.currency), ("snapshot", snapshot.path.name)]
    for name in ("build_id", "build_finished_at", "git_commit", "dbt_version"):
        if metadata.get(name) is not None:
            facts.append((name.replace("_", " "), metadata[name]))
    header_facts = "".join(f"<div><dt>{_escape(k)}</dt><dd>{_escape(v)}</dd></div>" for k, v in facts)
    nav = "".join(f'<a href="#{key}">{_escape(heading)}</a>' for key, heading, _, _ in CHARTS)
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Segment report — as of {_escape(ctx.as_of_date)}</title>
<style>{STYLE}</style>
<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>
</head>
<body>
<header><h1>Customer segment report</h1><dl>{header_facts}</dl></header>
<main>
<nav>{nav}</nav>
{''.join(sections)}
</main>
<footer>Generated {generated} by shop_segments (python -m shopseg.report) with Plotly {plotly.__version__}.
Aggregates only: no customer is identified in this file.</footer>
</body>
</html>
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(document, encoding="utf-8")
    tmp.replace(out)
    return out
