"""The floor: a bare Streamlit app with what the dashboard's pages need at the least.

One st.metric, one plotly chart with ``BENCH_POINTS`` points (the overview turnover
chart's count), and a slider in the sidebar that changes both, as the target-year slider
changes the scenario page. Nothing else: no data store, no caches, no pages.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
import streamlit as st

POINTS = int(os.environ.get("BENCH_POINTS", "12"))

with st.sidebar:
    year = st.slider("Target year", 2010, 2060, 2028, key="target_year")

span = max(year - 2023, 1)
growth = (1e9 / 563e6) ** (1 / span) - 1
st.title("Bare Streamlit")
st.metric("Required growth", f"{growth:.1%}", border=True)
xs = list(range(2024 - POINTS, 2024))
fig = go.Figure(go.Scatter(x=xs, y=[563 * (1 + growth) ** (x - 2023) for x in xs]))
st.plotly_chart(fig, width="stretch")
