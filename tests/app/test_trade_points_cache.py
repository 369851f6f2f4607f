"""The Trade page's flow pills: a flow shown before is not built again (every point's
hover and sources, and the levels and growth charts, are built once per pair, flows, axis
and store, then shared)."""

from __future__ import annotations

from dashboard.figures import trade as figures
from dashboard.views import trade as view


def test_a_flow_pressed_again_builds_no_point_and_no_chart(app, monkeypatch):
    built: list[str] = []
    for module, name in ((view, "trade_points"), (figures, "trade_figure")):
        original = getattr(module, name)

        def counted(*args, _original=original, _name=name):
            built.append(_name)
            return _original(*args)

        monkeypatch.setattr(module, name, counted)
    at = app("trade", {"flow": "exports"})
    assert not at.exception
    for flow in ("imports", "exports", "imports"):
        at.button_group(key="flow").set_value(flow).run()
        assert not at.exception
    assert built == ["trade_points", "trade_figure"] * 2  # exports, then imports: once each
