"""report: CSV without formula injection, Markdown escaping, the scenario table and the
self-contained HTML report."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.target import TargetParams, evaluate_target
from dashboard.report import md_escape, safe_csv, scenario_html, scenario_table

TEN_PCT = pd.Series({2019: 100e6, 2020: 110e6, 2021: 121e6, 2022: 133.1e6, 2023: 146.41e6})


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe(cell):
    out = pd.read_csv(io.BytesIO(safe_csv(pd.DataFrame({"note": [cell]}))), dtype=str)
    assert out["note"][0] == "'" + cell


def test_numbers_and_plain_text_are_untouched():
    frame = pd.DataFrame({"year": [2023], "growth": [-0.05], "note": ["plain"], "=col": ["x"]})
    text = safe_csv(frame).decode()
    assert text.splitlines() == ["year,growth,note,'=col", "2023,-0.05,plain,x"]


def test_md_escape_neutralises_markdown_and_directives():
    raw = "[click](http://x) **b** $x$ :red[alert] <b>"
    out = md_escape(raw)
    assert "\\[" in out and "\\$" in out and "\\:" in out and "\\<" in out and "\\*" in out
    assert out.replace("\\", "") == raw


@pytest.fixture
def result():
    return evaluate_target(TEN_PCT, TargetParams(292.82e6, 2030, n_paths=200, seed=0))


def test_scenario_table_one_row_per_year(result):
    table = scenario_table(result, "USD")
    assert table["year"].tolist() == list(range(2019, 2031))
    assert list(table.columns) == [
        "year", "actual_usd", "required_usd", "historical_usd", "p10_usd", "p50_usd", "p90_usd",
        "p_reach",
    ]  # fmt: skip
    by = table.set_index("year")
    assert by.loc[2023, "actual_usd"] == pytest.approx(146.41e6)
    assert pd.isna(by.loc[2024, "actual_usd"]) and pd.isna(by.loc[2022, "required_usd"])
    assert by.loc[2030, "required_usd"] == pytest.approx(292.82e6)
    assert by.loc[2023, "p_reach"] == 0.0
    assert scenario_table(result, "t").columns[1] == "actual_t"


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
