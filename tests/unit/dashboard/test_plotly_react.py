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


@pytest.fixture
def sent(monkeypatch) -> dict:
    """What the component is called with, the build taken as present."""
    got: dict = {}
    monkeypatch.setattr(component, "_component", lambda **kw: got.update(kw))
    monkeypatch.setattr(component.Path, "is_file", lambda self: True)
    return got


def test_it_sends_the_figure_without_plotly_s_template(sent):
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1.5, 2.5], name="history"))
    fig.update_layout(height=380)
    component.plotly_react(fig, key="chart", uirevision="KAZ-TKM-trade_value")
    spec = json.loads(sent["spec"])
    assert spec["data"][0]["x"] == [2020, 2021] and spec["data"][0]["name"] == "history"
    assert "template" not in spec["layout"]  # the app's theme colours it, in the browser
    assert sent["height"] == 380 and sent["uirevision"] == "KAZ-TKM-trade_value"
    assert sent["key"] == "chart"


def test_a_figure_s_dict_is_sent_as_a_figure_is_and_left_unchanged(sent):
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1.5, 2.5], name="history"))
    fig.update_layout(height=380)
    spec = fig.to_dict()
    component.plotly_react(spec, key="chart")
    assert "template" in spec["layout"]  # shared (a cached view's): not changed
    from_dict = json.loads(sent["spec"])
    component.plotly_react(fig, key="chart")
    assert from_dict == json.loads(sent["spec"]) and sent["height"] == 380


def test_the_axes_make_room_for_their_labels_as_plotly_s_template_did(sent):
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1500.0, 2500.0]))
    fig.update_layout(margin={"l": 10, "b": 10}, yaxis_title="USD million", yaxis2={})
    spec = fig.to_dict()
    component.plotly_react(spec, key="chart")
    layout = json.loads(sent["spec"])["layout"]
    assert all(layout[a]["automargin"] is True for a in ("xaxis", "yaxis", "yaxis2"))
    assert layout["yaxis"]["title"]["text"] == "USD million"
    assert "automargin" not in spec["layout"]["yaxis"]  # the shared dict is left as it was
    fig.update_layout(xaxis_automargin=False)  # a figure's own choice stands
    component.plotly_react(fig, key="chart")
    assert json.loads(sent["spec"])["layout"]["xaxis"]["automargin"] is False


def _json_args(sent: dict) -> str:
    """The element's ``json_args``, as Streamlit serialises a component's arguments."""
    return json.dumps({k: v for k, v in sent.items() if k not in ("key", "default")})


def test_cards_read_back_from_the_json_args_are_the_cards_sent(sent):
    cards = [
        component.Card("Required growth", "12.2%/yr", help="CAGR from the base"),
        component.Card("P(reach by 2028)", "33%", "−2 pts", color="red", arrow="down"),
    ]
    component.plotly_react(go.Figure(), key="chart", cards=cards)
    got = component.cards_of(_json_args(sent))
    assert [c["label"] for c in got] == ["Required growth", "P(reach by 2028)"]
    assert got[1] == {
        "label": "P(reach by 2028)", "value": "33%", "delta": "−2 pts",
        "color": "red", "arrow": "down", "help": "",
    }  # fmt: skip
    component.plotly_react(go.Figure(), key="chart")  # a chart alone: no cards
    assert component.cards_of(_json_args(sent)) == []
    assert component.cards_of("") == []


def test_frames_hold_other_years_than_the_selected_one(sent):
    frame = (go.Figure(), [component.Card("P(reach by 2029)", "40%")])
    component.plotly_react(go.Figure(), key="chart", frames={2029: frame}, selected=2028)
    assert list(json.loads(sent["frames"])) == ["2029"]
    with pytest.raises(ValueError, match="selected year 2028"):
        component.plotly_react(go.Figure(), key="chart", frames={2028: frame}, selected=2028)
