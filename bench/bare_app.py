"""The floor: a bare Streamlit app with what the dashboard's pages need at the least.

One st.metric, one plotly chart with ``BENCH_POINTS`` points (the overview turnover
chart's count), and a slider in the sidebar that changes both, as the target-year slider
changes the scenario page. Nothing else: no data store, no caches, no pages.

With ``BENCH_FIGURE=scenario`` it draws the scenario page's own figure instead (KAZ–TKM
turnover, $1B by the slider's year, built once per year and kept): a reference that
separates what drawing that figure costs the browser from what the rest of the page costs.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
import streamlit as st

POINTS = int(os.environ.get("BENCH_POINTS", "12"))
FIGURE = os.environ.get("BENCH_FIGURE", "line")


@st.cache_resource(max_entries=64)
def scenario_figure(year: int) -> tuple[str, go.Figure]:
    from dashboard import charts_scenarios, kpis, services

    snap = services.load_pair("KAZ", "TKM")
    r = services.reconciled(snap, "KAZ", "TKM")
    scenarios = (("low", 0.05), ("base", 0.10), ("high", 0.15))
    res = services.target_result(r, 1e9, year, scenarios=scenarios)
    return kpis.pct(res.required_cagr), charts_scenarios.target_figure(res, "USD")


with st.sidebar:
    year = st.slider("Target year", 2010, 2060, 2028, key="target_year")

st.title("Bare Streamlit")
if FIGURE == "scenario":
    value, fig = scenario_figure(year)
    st.metric("Required growth", value, border=True)
else:
    span = max(year - 2023, 1)
    growth = (1e9 / 563e6) ** (1 / span) - 1
    st.metric("Required growth", f"{growth:.1%}", border=True)
    xs = list(range(2024 - POINTS, 2024))
    fig = go.Figure(go.Scatter(x=xs, y=[563 * (1 + growth) ** (x - 2023) for x in xs]))
st.plotly_chart(fig, width="stretch")
