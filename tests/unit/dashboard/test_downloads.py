"""Downloads: Parquet of a frame, the scenario's self-contained HTML report."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.target import TargetParams, evaluate_target
from dashboard.downloads import parquet_bytes, scenario_html
from dashboard.views.scenarios import scenario_table


def test_parquet_bytes_round_trip():
    frame = pd.DataFrame({"year": [2022, 2023], "value_usd": [439.8e6, 563e6], "flow": ["a", "b"]})
    back = pd.read_parquet(io.BytesIO(parquet_bytes(frame)))
    assert back["value_usd"].tolist() == [439.8e6, 563e6]
    assert back["year"].tolist() == [2022, 2023]


TEN_PCT = pd.Series({2019: 100e6, 2020: 110e6, 2021: 121e6, 2022: 133.1e6, 2023: 146.41e6})


@pytest.fixture
def result():
    return evaluate_target(TEN_PCT, TargetParams(292.82e6, 2030, n_paths=200, seed=0))


def test_scenario_html_is_self_contained_and_escaped(result):
    fig = go.Figure(go.Scatter(x=[1], y=[2], name="<script>alert(1)</script>"))
    page = scenario_html(
        "A <b>title</b>",
        fig,
        {"reporter": "<img src=x onerror=alert(1)>"},
        {"Required growth": "10.4%"},
        ["Publisher · <i>Title</i> · 2024"],
        ["note & <u>more</u>"],
        scenario_table(result, "USD"),
    )
    assert page.startswith("<!DOCTYPE html>")
    assert "A &lt;b&gt;title&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "&lt;i&gt;Title&lt;/i&gt;" in page and "note &amp; &lt;u&gt;more&lt;/u&gt;" in page
    assert "<script>alert(1)</script>" not in page  # plotly's JSON escapes "<"
    assert "plotly.js v" in page or "Plotly" in page  # the library is inlined
    assert '<script src="http' not in page and "<script src='http" not in page
    assert "<td>10.4%</td>" in page
    assert "<th>p_reach</th>" in page


def _figure_layout(page: str) -> dict:
    import json
    import re

    # The figure's layout as plotly embeds it: Plotly.newPlot(id, data, layout, config).
    m = re.search(r'Plotly\.newPlot\(\s*"[^"]+",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"responsive"', page,
                  re.S)  # fmt: skip
    assert m, "the figure's call"
    return json.loads(m.group(2))


def test_scenario_html_gives_the_y_axis_labels_room_and_no_empty_notes(result):
    fig = go.Figure(go.Scatter(x=[2023, 2030], y=[563e6, 1e9]))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10})  # the page's margins
    page = scenario_html("T", fig, {}, {"Required growth": "8.6%"}, ["S · 2024"], [])
    layout = _figure_layout(page)
    assert layout["yaxis"]["automargin"] is True
    assert layout["margin"]["l"] >= 60  # "$1,000M" fits left of the axis
    assert "<h2>Notes</h2>" not in page  # no heading over nothing
    with_notes = scenario_html("T", fig, {}, {}, [], ["a note"])
    assert "<h2>Notes</h2>\n<ul><li>a note</li></ul>" in with_notes
    assert fig.layout.margin.l == 10  # the page's own figure is left as it was
