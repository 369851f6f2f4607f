"""The in-place chart component's Python side: what it sends, and a missing build said."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from dashboard.components import plotly_react as component


def test_a_missing_build_names_the_make_target(tmp_path, monkeypatch):
    monkeypatch.setattr(component, "BUILD", tmp_path / "build")
    with pytest.raises(component.ComponentNotBuilt, match="make component"):
        component.plotly_react(go.Figure(), key="chart")


def test_it_sends_the_figure_without_plotly_s_template(monkeypatch):
    sent: dict = {}
    monkeypatch.setattr(component, "_component", lambda **kw: sent.update(kw))
    monkeypatch.setattr(component.Path, "is_file", lambda self: True)
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1.5, 2.5], name="history"))
    fig.update_layout(height=380)
    component.plotly_react(fig, key="chart", uirevision="KAZ-TKM-trade_value")
    spec = json.loads(sent["spec"])
    assert spec["data"][0]["x"] == [2020, 2021] and spec["data"][0]["name"] == "history"
    assert "template" not in spec["layout"]  # the app's theme colours it, in the browser
    assert sent["height"] == 380 and sent["uirevision"] == "KAZ-TKM-trade_value"
    assert sent["key"] == "chart"
