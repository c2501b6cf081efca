"""One Plotly figure per chart of the report. Every figure has a title with the as_of_date, axis
titles, and money in the reporting currency."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

RECENCY_ORDER = ["active", "lapsing", "win_back", "dormant", "lost", "never_ordered"]
RECENCY_COLOURS = ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027", "#999999"]
ACCENT = "#2563eb"
SECOND = "#f97316"
MUTED = "#94a3b8"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass
class Context:
    as_of_date: str
    currency: str

    def title(self, text: str, subtitle: str | None = None) -> dict:
        sub = f"<br><sup>{subtitle}</sup>" if subtitle else ""
        return {"text": f"{text} — as of {self.as_of_date}{sub}", "x": 0.01, "xanchor": "left"}

    def money(self, what: str) -> str:
        return f"{what} ({self.currency})"


def _style(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        template="plotly_white", height=height, font={"family": FONT, "size": 12},
        margin={"l": 70, "r": 30, "t": 90, "b": 60}, legend={"orientation": "h", "y": -0.12},
        hoverlabel={"font": {"family": FONT}})
    return figure


def _label(segment: dict) -> str:
    return segment["segment"] if segment["family"] == "named" else f"{segment['segment']} (custom)"


def segment_sizes(ctx: Context, summary: list[dict]) -> go.Figure:
    rows = sorted(summary, key=lambda row: row["members"])
    labels = [_label(row) for row in rows]
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                           subplot_titles=("Members", "Share of customers and of revenue"))
    figure.add_trace(go.Bar(
        y=labels, x=[row["members"] for row in rows], orientation="h", name="members", marker_color=MUTED,
        customdata=[[float(row["revenue"] or 0), float(row["aov"] or 0)] for row in rows],
        hovertemplate=(f"%{{y}}<br>%{{x:,}} members<br>revenue %{{customdata[0]:,.0f}} {ctx.currency}"
                       f"<br>AOV %{{customdata[1]:,.2f}} {ctx.currency}<extra></extra>")), row=1, col=1)
    for name, key, colour in (("share of customers", "share_of_customers", ACCENT),
                              ("share of revenue", "share_of_revenue", SECOND)):
        figure.add_trace(go.Bar(
            y=labels, x=[row[key] for row in rows], orientation="h", name=name, marker_color=colour,
            hovertemplate=f"%{{y}}<br>{name} %{{x:.1%}}<extra></extra>"), row=1, col=2)
    figure.update_layout(barmode="group", bargap=0.25, title=ctx.title(
        "Segment sizes and their share of customers and of revenue",
        f"Named and custom segments; revenue = members' lifetime net revenue in {ctx.currency}; "
        "anonymous_visitors are visitors, so they have no share"))
    figure.update_xaxes(title_text="members (customers or visitors)", row=1, col=1)
    figure.update_xaxes(title_text="share of registered customers / of their revenue (%)", tickformat=".0%",
                        row=1, col=2)
    figure.update_yaxes(title_text="segment", row=1, col=1)
    return _style(figure, 260 + 26 * len(rows))


def rfm_heatmap(ctx: Context, grid: list[dict]) -> go.Figure:
    cells = {(row["recency_score"], row["frequency_score"]): row for row in grid}
    scores = [1, 2, 3, 4, 5]
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                           subplot_titles=("Customers", ctx.money("Lifetime net revenue")))
    for col, key, scale, colorbar_x, fmt in ((1, "customers", "Blues", 0.44, "{:,.0f}"),
                                             (2, "revenue", "Oranges", 1.0, "{:,.0f}")):
        z = [[float(cells[(r, f)][key]) if (r, f) in cells else 0 for f in scores] for r in scores]
        text = [[(fmt.format(z[i][j]) + "<br>" + cells[(r, f)]["rfm_group"]) if (r, f) in cells else ""
                 for j, f in enumerate(scores)] for i, r in enumerate(scores)]
        unit = "customers" if key == "customers" else ctx.currency
        figure.add_trace(go.Heatmap(
            z=z, x=scores, y=scores, text=text, texttemplate="%{text}", textfont={"size": 10},
            colorscale=scale, colorbar={"x": colorbar_x, "len": 0.9, "title": {"text": unit}},
            hovertemplate=f"R %{{y}} · F %{{x}}<br>%{{z:,.0f}} {unit}<extra></extra>"), row=1, col=col)
    figure.update_xaxes(title_text="frequency score F (1 = fewest orders, 5 = most)", dtick=1)
    figure.update_yaxes(title_text="recency score R (5 = most recent)", dtick=1)
    figure.update_layout(title=ctx.title(
        "RFM grid: customers and revenue per recency × frequency cell",
        "Customers with at least one valid order; each cell is labelled with its RFM group"))
    return _style(figure, 520)


def pareto(ctx: Context, data: dict) -> go.Figure:
    curve, marker = data["curve"], data["marker"]
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=[0.0] + [float(row["customer_share"]) for row in curve],
        y=[0.0] + [float(row["revenue_share"]) for row in curve],
        mode="lines", name="cumulative share of revenue", line={"color": ACCENT, "width": 3},
        hovertemplate="top %{x:.1%} of customers<br>%{y:.1%} of revenue<extra></extra>"))
    figure.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="equal revenue per customer",
                                line={"color": MUTED, "dash": "dot"}, hoverinfo="skip"))
    customers = curve[-1]["customers"] if curve else 0
    if customers and marker["members"]:
        x = marker["members"] / customers
        y = float(marker["reached_share"])
        figure.add_trace(go.Scatter(
            x=[x], y=[y], mode="markers", name="top_customers_pareto", marker={"size": 13, "color": SECOND},
            hovertemplate="%{x:.1%} of customers<br>%{y:.1%} of revenue<extra>top_customers_pareto</extra>"))
        figure.add_shape(type="line", x0=x, x1=x, y0=0, y1=y, line={"color": SECOND, "dash": "dash"})
        figure.add_shape(type="line", x0=0, x1=x, y0=y, y1=y, line={"color": SECOND, "dash": "dash"})
        figure.add_annotation(
            x=x, y=y, ax=150, ay=90, showarrow=True, arrowhead=2, align="left", bgcolor="rgba(255,255,255,0.9)",
            bordercolor=SECOND, borderpad=6,
            text=(f"<b>80 % point</b>: {marker['members']:,} customers ({x:.1%})<br>"
                  f"bring {y:.1%} of {float(marker['total_revenue'] or 0):,.0f} {ctx.currency}"))
    subtitle = (f"Customers with net revenue in the last long_window_days (365 by default), best first; revenue in "
                f"{ctx.currency}")
    curve_total = float(curve[-1]["total_revenue"]) if curve else 0.0
    if marker["members"] and abs(curve_total - float(marker["total_revenue"] or 0)) > 0.005:
        subtitle += "; the segment's pareto_window_days differs from that window, so its point is off the curve"
    figure.update_layout(title=ctx.title("Pareto curve of customer revenue", subtitle))
    figure.update_xaxes(title_text="share of customers, ranked by revenue (%)", tickformat=".0%", range=[0, 1])
    figure.update_yaxes(title_text=f"cumulative share of net revenue in {ctx.currency} (%)", tickformat=".0%",
                        range=[0, 1.02])
    return _style(figure, 520)


def channels(ctx: Context, rows: list[dict]) -> go.Figure:
    figure = go.Figure()
    largest = max((row["customers_acquired"] for row in rows), default=1)
    for is_best, name, colour in ((True, "best channels (best_channel_customers)", SECOND),
                                  (False, "other channels", ACCENT)):
        group = [row for row in rows if bool(row["is_best_channel"]) == is_best]
        if not group:
            continue
        figure.add_trace(go.Scatter(
            x=[float(row["acquired_customer_aov"] or 0) for row in group],
            y=[float(row["orders_per_acquired_customer"] or 0) for row in group],
            mode="markers+text", name=name, text=[row["channel"] for row in group], textposition="top center",
            marker={"size": [row["customers_acquired"] for row in group], "sizemode": "area",
                    "sizeref": 2.0 * largest / 60 ** 2, "sizemin": 6, "color": colour, "opacity": 0.6,
                    "line": {"color": "white", "width": 1}},
            customdata=[[row["customers_acquired"], float(row["revenue_per_acquired_customer"] or 0)]
                        for row in group],
            hovertemplate=(f"<b>%{{text}}</b><br>AOV %{{x:,.2f}} {ctx.currency}<br>%{{y:.1f}} orders per customer"
                           f"<br>%{{customdata[0]:,}} customers acquired<br>revenue per customer "
                           f"%{{customdata[1]:,.0f}} {ctx.currency}<extra></extra>")))
    figure.update_layout(title=ctx.title(
        "Channels: order value × orders per customer (bubble size = customers acquired)",
        "Orders of the customers each channel acquired; AOV × orders per customer = revenue per acquired "
        "customer, the rank behind best_channel_customers"))
    figure.update_xaxes(title_text=ctx.money("average order value of acquired customers"))
    figure.update_yaxes(title_text="valid orders per acquired customer")
    return _style(figure, 540)


def recency_history(ctx: Context, rows: list[dict]) -> go.Figure:
    dates = sorted({row["as_of_date"].isoformat() for row in rows})
    counts = {(row["as_of_date"].isoformat(), row["recency_bucket"]): row["customers"] for row in rows}
    buckets = [bucket for bucket in RECENCY_ORDER if any(key[1] == bucket for key in counts)]
    buckets += sorted({key[1] for key in counts} - set(buckets))
    figure = go.Figure()
    for bucket, colour in zip(buckets, RECENCY_COLOURS + [MUTED] * len(buckets)):
        figure.add_trace(go.Bar(
            x=dates, y=[counts.get((date, bucket), 0) for date in dates], name=bucket, marker_color=colour,
            hovertemplate=f"{bucket}<br>%{{x}}: %{{y:,}} customers<extra></extra>"))
    subtitle = "Registered customers per recency bucket (days since the last valid order), per snapshot"
    if len(dates) == 1:
        subtitle += ("; only one snapshot so far: the history fills in as snapshots of later dates accumulate")
    figure.update_layout(barmode="stack", title=ctx.title("Recency buckets over time", subtitle),
                         bargap=0.85 if len(dates) == 1 else 0.3, legend={"traceorder": "normal"})
    figure.update_xaxes(title_text="snapshot as_of_date", type="category")
    figure.update_yaxes(title_text="customers")
    return _style(figure, 460)


def popular_products(ctx: Context, rows: list[dict]) -> go.Figure:
    segments: dict[str, list[dict]] = {}
    for row in rows:
        segments.setdefault(_label(row), []).append(row)
    names = sorted(segments)
    figure = go.Figure()
    for index, name in enumerate(names):
        products = sorted(segments[name], key=lambda row: row["product_rank"], reverse=True)
        figure.add_trace(go.Bar(
            y=[f"#{row['product_rank']} {row['product_name']}" for row in products],
            x=[row["units"] for row in products], orientation="h", name=name, visible=index == 0,
            marker_color=ACCENT, text=[row["category"] for row in products], textposition="inside",
            customdata=[[float(row["revenue"] or 0), row["buyers"]] for row in products],
            hovertemplate=(f"%{{y}}<br>%{{x:,}} units · %{{customdata[1]:,}} buyers<br>revenue "
                           f"%{{customdata[0]:,.0f}} {ctx.currency}<extra>{name}</extra>")))
    buttons = [{"label": name, "method": "update",
                "args": [{"visible": [i == index for i in range(len(names))]},
                         {"title.text": ctx.title(f"Most popular products: {name}")["text"]}]}
               for index, name in enumerate(names)]
    first = names[0] if names else "no segment"
    figure.update_layout(
        title=ctx.title(f"Most popular products: {first}",
                        f"Top products by units in the last 365 days; pick a segment. Revenue in {ctx.currency}"),
        updatemenus=[{"buttons": buttons, "direction": "down", "x": 1.0, "xanchor": "right", "y": 1.16,
                      "yanchor": "top", "showactive": True}],
        showlegend=False, margin={"l": 330})
    figure.update_xaxes(title_text="units sold to the segment's members")
    figure.update_yaxes(title_text="product (rank)", automargin=True)
    return _style(figure, 460)


def overlap(ctx: Context, rows: list[dict], summary: list[dict]) -> go.Figure:
    order = [row["segment"] for row in sorted(summary, key=lambda row: -row["members"])
             if row["members"] and row["share_of_customers"] is not None]
    present = {row["segment_a"] for row in rows}
    order = [segment for segment in order if segment in present]
    shares = {(row["segment_a"], row["segment_b"]): row for row in rows}
    z = [[float(shares[(a, b)]["share_of_a_in_b"]) if (a, b) in shares else 0.0 for b in order] for a in order]
    custom = [[shares[(a, b)]["shared_members"] if (a, b) in shares else 0 for b in order] for a in order]
    figure = go.Figure(go.Heatmap(
        z=z, x=order, y=order, customdata=custom, colorscale="Viridis", zmin=0, zmax=1,
        colorbar={"title": {"text": "share of row"}, "tickformat": ".0%"},
        hovertemplate="%{customdata:,} of %{y}<br>are also in %{x} (%{z:.1%})<extra></extra>"))
    figure.update_layout(title=ctx.title(
        "Segment overlap: share of each row segment's members also in the column segment",
        "Customer segments (named and custom), largest first; the diagonal is 100 %"))
    figure.update_xaxes(title_text="also in segment", tickangle=-45, automargin=True)
    figure.update_yaxes(title_text="members of segment", autorange="reversed", automargin=True)
    return _style(figure, 380 + 24 * len(order))
