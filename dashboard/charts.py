"""Plotly figures from frames: pure functions, no Streamlit. Tested by structure.

Colours: the Okabe–Ito palette, safe for the common kinds of colour blindness.
"""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.reconcile import Reconciled

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}


def money(value: float, unit: str = "USD") -> str:
    """``563000000`` → ``$563M``; tonnes → ``1.30 Mt``."""
    if unit == "t":
        return f"{value / 1e6:.2f} Mt"
    if abs(value) >= 1e9:
        return f"${value / 1e9:.2f}B"
    return f"${value / 1e6:,.1f}M".replace(".0M", "M")


def series_figure(r: Reconciled, citations: dict[str, str]) -> go.Figure:
    """The best annual series: exact points as a line, bounds as open triangles."""
    scale, label = (1e6, "USD million") if r.unit == "USD" else (1e6, "million tonnes")
    b = r.best
    exact = b[b["comparator"].isin(["=", "~"])]
    bounds = b[~b["comparator"].isin(["=", "~"])]

    def hover(frame):
        return [
            f"{row.year}: {row.comparator} {money(row.value, r.unit)} ({row.kind})<br>"
            + "<br>".join(citations.get(s, s) for s in row.source_ids)
            for row in frame.itertuples(index=False)
        ]

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=exact["year"].tolist(),
            y=(exact["value"] / scale).tolist(),
            mode="lines+markers",
            name="best figure",
            line={"color": OKABE_ITO["blue"]},
            hovertext=hover(exact),
            hoverinfo="text",
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
        yaxis_title=label,
        xaxis_title="year",
        hovermode="closest",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h"},
    )
    return fig
