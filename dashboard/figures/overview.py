"""The Overview's figure: the best annual series, with the path to a target drawn on it."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from analysis.reconcile import Reconciled
from analysis.scenarios import project, required_growth
from analysis.wording import rate, stated
from dashboard.figures.hovers import source_lines
from dashboard.figures.scenarios import target_trace
from dashboard.figures.style import LEGEND, MILLIONS_TICKS, OKABE_ITO, axis_scale, gapped
from dashboard.figures.trade import HOVER_WIDTH
from dashboard.safety import hover as hover_text


def series_figure(
    r: Reconciled, citations: Mapping[str, str], links: Mapping[str, str] | None = None
) -> go.Figure:
    """The best annual series: exact points as a line, bounds as open triangles. Each
    point's hover lists its sources with their web addresses (``links``, by source id)."""
    b = r.best
    scale, label = axis_scale(b["value"], r.unit)
    exact = b[b["comparator"].isin(["=", "~"])]
    bounds = b[~b["comparator"].isin(["=", "~"])]

    def hover(frame):
        return [
            hover_text(
                f"{row.year}: {stated(row.value, r.unit, row.comparator)} ({row.kind})",
                *source_lines(row.source_ids, citations, links),
                width=HOVER_WIDTH,
            )
            for row in frame.itertuples(index=False)
        ]

    fig = go.Figure()
    exact = exact.sort_values("year")
    # A line broken at years without a figure, not drawn straight across them.
    xs, ys, texts = gapped(
        exact["year"].astype(int).tolist(), (exact["value"] / scale).tolist(), hover(exact)
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            name="best figure",
            line={"color": OKABE_ITO["blue"]},
            hovertext=texts,
            hoverinfo="text",
            connectgaps=False,
        )
    )
    if len(bounds):
        fig.add_trace(
            go.Scatter(
                x=bounds["year"].tolist(),
                y=(bounds["value"] / scale).tolist(),
                mode="markers",
                name="bound (> or <)",
                marker={"symbol": "triangle-up-open", "size": 12, "color": OKABE_ITO["vermillion"]},
                hovertext=hover(bounds),
                hoverinfo="text",
            )
        )
    fig.update_layout(
        yaxis={"title": label, "tickformat": MILLIONS_TICKS},
        meta={"scale": scale},  # with_target draws on the same scale
        xaxis_title="year",
        hovermode="closest",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend=LEGEND,
    )
    return fig


def with_target(
    fig: go.Figure,
    base_year: int,
    base_value: float,
    target_value: float,
    target_year: int,
    unit: str = "USD",
    *,
    x_from: int | None = None,
) -> go.Figure:
    """A copy of ``fig`` (a :func:`series_figure`, on its axis' scale) plus the required
    path from the base to the target (``required path (r%/yr)``) and the horizontal target
    line (``target …``).
    ``x_from`` starts the visible x axis (and the target line) there; the data stay whole."""
    out = go.Figure(fig)
    scale = float((fig.layout.meta or {}).get("scale", 1e6))
    needed = required_growth(base_value, target_value, base_year, target_year)
    path = project(base_value, base_year, target_year - base_year, needed)
    out.add_trace(
        go.Scatter(
            x=[int(y) for y in path.index],
            y=[float(v) / scale for v in path],
            name=f"required path ({rate(needed)}/yr)",
            mode="lines+markers",
            line={"color": OKABE_ITO["black"], "dash": "dash"},
        )
    )
    xs = [int(x) for tr in fig.data for x in (tr.x or [])]
    x0 = x_from if x_from is not None else min(xs, default=base_year)
    out.add_trace(target_trace(target_value, x0, target_year, unit, scale=scale))
    out.update_layout(xaxis_range=[x0 - 0.5, target_year + 0.5])
    return out
