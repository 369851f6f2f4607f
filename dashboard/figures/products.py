"""Figures of the "What is traded" page: a year's top products as a treemap.

Pure, no Streamlit. Values arrive in US dollars; hover texts are escaped by construction.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from analysis.wording import amount
from dashboard.figures.style import LAYOUT
from dashboard.safety import hover, plot_text


def top_products_treemap(top: pd.DataFrame, citations: Mapping[str, str], title: str) -> go.Figure:
    """One tile per product, its area its value (US dollars); the hover gives the value,
    the share, the value per tonne where a net weight is stated, and the source."""
    labels = [
        plot_text(f"{p} ({c})") for p, c in zip(top["product"], top["commodity"], strict=True)
    ]
    texts = []
    for r in top.itertuples(index=False):
        lines = [f"{r.product} (HS {r.commodity})", amount(r.value_usd, "USD")]
        if not pd.isna(r.share_pct):
            lines.append(f"{amount(r.share_pct, 'percent')} of the year's total")
        if not pd.isna(r.usd_per_t):
            lines.append(f"{amount(r.usd_per_t, 'USD')} a tonne ({amount(r.weight_t, 't')})")
        lines.extend(citations.get(s, s) for s in r.source_ids)
        texts.append(hover(*lines))
    fig = go.Figure(
        go.Treemap(
            labels=labels,
            parents=[""] * len(labels),
            values=[float(v) for v in top["value_usd"]],
            hovertext=texts,
            hoverinfo="text",
            textinfo="label+percent root",
            branchvalues="total",
            name="top products",
        )
    )
    layout = {k: v for k, v in LAYOUT.items() if k != "xaxis_title"}
    fig.update_layout(**layout, title=plot_text(title))
    return fig
