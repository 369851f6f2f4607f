"""The floor: a bare Streamlit app with what the dashboard's pages need at the least.

One st.metric, one plotly chart with ``BENCH_POINTS`` points (the overview turnover
chart's count), and a slider in the sidebar that changes both, as the target-year slider
changes the scenario page. Nothing else: no data store, no caches, no pages.

With ``BENCH_FIGURE=scenario`` it draws the scenario page's own figure instead (KAZ–TKM
turnover, $1B by the slider's year). Every year's figure is built on the first run (the
warm-up), so a slider step costs the server a dictionary lookup: the reference measures
what drawing that figure costs the browser, not what evaluating the scenario costs.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
import streamlit as st

POINTS = int(os.environ.get("BENCH_POINTS", "12"))
FIGURE = os.environ.get("BENCH_FIGURE", "line")


YEARS = range(2024, 2061)


@st.cache_resource
def scenario_figures() -> dict[int, tuple[str, go.Figure]]:
    """The required growth and the scenario figure for every target year the slider moves to."""
    from analysis.wording import rate
    from dashboard import services
    from dashboard.figures.scenarios import target_figure

    snap = services.load_pair("KAZ", "TKM")
    r = services.reconciled(snap, "KAZ", "TKM")
    scenarios = (("low", 0.05), ("base", 0.10), ("high", 0.15))
    out = {}
    for year in YEARS:
        res = services.target_result(r, 1e9, year, scenarios=scenarios)
        out[year] = (rate(res.required_cagr), target_figure(res, "USD"))
    return out


with st.sidebar:
    year = st.slider("Target year", 2010, 2060, 2028, key="target_year")

st.title("Bare Streamlit")
if FIGURE == "scenario":
    if year not in scenario_figures():
        st.error(f"The reference has figures for {YEARS[0]}–{YEARS[-1]} only.")
        st.stop()
    value, fig = scenario_figures()[year]
    st.metric("Required growth", value, border=True)
else:
    span = max(year - 2023, 1)
    growth = (1e9 / 563e6) ** (1 / span) - 1
    st.metric("Required growth", f"{growth:.1%}", border=True)
    xs = list(range(2024 - POINTS, 2024))
    fig = go.Figure(go.Scatter(x=xs, y=[563 * (1 + growth) ** (x - 2023) for x in xs]))
st.plotly_chart(fig, width="stretch")
