"""The Trade page's flow pills: a flow shown before is not built again (every point's
hover and sources are built once per pair, flows and store, then shared)."""

from __future__ import annotations

from dashboard.views import trade as view


def test_a_flow_pressed_again_builds_no_point(app, monkeypatch):
    built: list[tuple[str, ...]] = []
    original = view.trade_points

    def counted(series, citations, flows):
        built.append(tuple(flows))
        return original(series, citations, flows)

    monkeypatch.setattr(view, "trade_points", counted)
    at = app("trade", {"flow": "exports"})
    assert not at.exception
    for flow in ("imports", "exports", "imports"):
        at.button_group(key="flow").set_value(flow)
        at.run()
        assert not at.exception
    assert built == [("exports",), ("imports",)]
