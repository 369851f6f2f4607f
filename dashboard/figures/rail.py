"""Figures of the Rail freight page: freight against capacity, year-on-year growth bars.

Pure, no Streamlit. Freight arrives in tonnes and is drawn in million tonnes.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis import periods
from analysis.reconcile import Reconciled
from analysis.wording import amount, period, stated
from dashboard.figures.hovers import source_lines
from dashboard.figures.style import LAYOUT, OKABE_ITO, SCALE, axis_label, gapped, scaled
from dashboard.figures.trade import HOVER_WIDTH
from dashboard.safety import hover as hover_text


def hover(*lines: object) -> str:
    """A point's hover, wrapped to fit a phone as the Trade and Overview hovers are."""
    return hover_text(*lines, width=HOVER_WIDTH)


def rail_figure(
    freight: Reconciled,
    capacity: Reconciled,
    citations: Mapping[str, str],
    *,
    x_end: int | None = None,
    links: Mapping[str, str] | None = None,
) -> go.Figure:
    """Bilateral rail freight (top panel, its own y range) over the line's capacity and the
    capacity targets (bottom panel): drawn on one axis, 20 Mt of targets flattened 1–2 Mt of
    freight to the floor.

    Traces: ``freight, full year`` (exact/approximate annual points, the line broken
    where years are missing: a ``None`` after each gap), ``bound (> or <)``
    (open triangles, only if any), ``part-year (not a full year)`` (open diamonds, only if
    any; labelled with their months), ``capacity <year> (stated)`` (the first capacity
    level, drawn flat from the year it applies to the chart's end), ``capacity targets``
    (the later capacity levels, labelled markers). Transit of third countries is never
    drawn here. Each hover lists its sources with their web addresses (``links``, by
    source id), the first few, then how many more.
    """
    unit = "t"

    def cite(ids: tuple[str, ...] | list[str]) -> list[str]:
        return source_lines(ids, citations, links)

    b = freight.best
    exact = b[b["comparator"].isin(["=", "~"])]
    bounds = b[~b["comparator"].isin(["=", "~"])]
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.65, 0.35], vertical_spacing=0.08
    )
    xs, ys, texts = gapped(
        exact["year"].astype(int).tolist(),
        scaled(exact["value"]),
        [
            hover(
                f"{r.year}: {stated(r.value, unit, r.comparator)} ({r.kind})", *cite(r.source_ids)
            )
            for r in exact.itertuples(index=False)
        ],
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            name="freight, full year",
            mode="lines+markers",
            line={"color": OKABE_ITO["blue"], "width": 3},
            hovertext=texts,
            hoverinfo="text",
            connectgaps=False,
        ),
        row=1,
        col=1,
    )
    if len(bounds):
        fig.add_trace(
            go.Scatter(
                x=bounds["year"].astype(int).tolist(),
                y=scaled(bounds["value"]),
                name="bound (> or <)",
                mode="markers",
                marker={"symbol": "triangle-up-open", "size": 13, "color": OKABE_ITO["vermillion"]},
                hovertext=[
                    hover(
                        f"{r.year}: {stated(r.value, unit, r.comparator)} — a bound, not a value",
                        *cite(r.source_ids),
                    )
                    for r in bounds.itertuples(index=False)
                ],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )
    part = freight.part_year
    if len(part):
        labels = [period(r.period_start, r.period_end) for r in part.itertuples(index=False)]
        fig.add_trace(
            go.Scatter(
                x=[int(y) for y in periods.years(part["period_start"])],
                y=scaled(part["value"]),
                name="part-year (not a full year)",
                mode="markers+text",
                text=labels,
                textposition="middle right",
                marker={"symbol": "diamond-open", "size": 11, "color": OKABE_ITO["orange"]},
                hovertext=[
                    hover(
                        f"{lab}: {stated(r.value, unit, r.comparator)} (part of the year)",
                        *cite(r.source_ids),
                    )
                    for lab, r in zip(labels, part.itertuples(index=False), strict=True)
                ],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )
    cap = capacity.best[capacity.best["comparator"].isin(["=", "~"])].sort_values("year")
    years = [*b["year"].astype(int).tolist(), *cap["year"].astype(int).tolist()]
    end = x_end if x_end is not None else max(years, default=0)
    if len(cap):
        first = cap.iloc[0]
        fig.add_trace(
            go.Scatter(
                x=[int(first["year"]), end],
                y=[float(first["value"]) / SCALE] * 2,
                name=f"capacity {int(first['year'])} (stated)",
                mode="lines",
                line={"color": OKABE_ITO["black"], "dash": "dash"},
                hovertext=hover(
                    f"{amount(float(first['value']), unit)} a year", *cite(first["source_ids"])
                ),
                hoverinfo="text",
            ),
            row=2,
            col=1,
        )
        targets = cap.iloc[1:]
        if len(targets):
            fig.add_trace(
                go.Scatter(
                    x=targets["year"].astype(int).tolist(),
                    y=scaled(targets["value"]),
                    name="capacity targets",
                    mode="markers+text",
                    text=[f"{amount(r.value, unit)} by {r.year}" for r in targets.itertuples()],
                    textposition="middle left",
                    marker={"symbol": "diamond", "size": 10, "color": OKABE_ITO["green"]},
                    hovertext=[
                        hover(f"{amount(r.value, unit)} by {r.year}", *cite(r.source_ids))
                        for r in targets.itertuples(index=False)
                    ],
                    hoverinfo="text",
                ),
                row=2,
                col=1,
            )
    layout = {k: v for k, v in LAYOUT.items() if k != "xaxis_title"}
    fig.update_layout(**layout, height=520)
    fig.update_yaxes(title_text=f"freight, {axis_label(unit)}", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(
        title_text=f"capacity, {axis_label(unit)} a year", rangemode="tozero", row=2, col=1
    )
    fig.update_xaxes(title_text=LAYOUT["xaxis_title"], row=2, col=1)
    return fig


def yoy_figure(growth: pd.DataFrame, title: str = "year-on-year growth") -> go.Figure:
    """Bars of year-on-year growth in percent, one per year with a defined growth.

    ``growth``: the frame of ``analysis.growth.yoy`` (index ``year``; ``growth`` as a
    fraction, ``defined``). Undefined rows are left out, never drawn as zero.
    """
    g = growth[growth["defined"]]
    pct = [round(float(v) * 100, 4) for v in g["growth"]]
    fig = go.Figure(
        go.Bar(
            x=[int(y) for y in g.index],
            y=pct,
            name=title,
            marker={
                "color": [OKABE_ITO["green"] if v >= 0 else OKABE_ITO["vermillion"] for v in pct]
            },
            text=[amount(v, "percent", signed=True) for v in pct],
            textposition="outside",
            hovertemplate="%{x}: %{y:+.1f}%<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title="% on the previous year", **{**LAYOUT, "hovermode": "x"})
    return fig
