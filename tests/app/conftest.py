"""AppTest helpers: a fresh cache and an empty user store for every test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"


@pytest.fixture(autouse=True)
def _clean(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEDASH_STORE", str(tmp_path / "store"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app():
    def make(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if page:
            at.switch_page(f"app_pages/{page}.py")
        for k, v in (query or {}).items():
            at.query_params[k] = v
        return at.run()

    return make


def component_charts(at: AppTest) -> list[dict]:
    """The figures drawn by the in-place chart component (``dashboard.components.plotly_react``)."""
    import json

    return [
        json.loads(json.loads(c.proto.json_args)["spec"])
        for c in at.get("component_instance")
        if c.proto.component_name.endswith("plotly_react")
    ]


def component_cards(at: AppTest) -> list[Any]:
    """The number cards the in-place chart component draws above its chart (the scenario
    page's), as ``st.metric``'s are read: ``label``, ``value``, ``delta``, ``help``."""
    from types import SimpleNamespace

    from dashboard.components.plotly_react import cards_of

    return [
        SimpleNamespace(**card)
        for c in at.get("component_instance")
        if c.proto.component_name.endswith("plotly_react")
        for card in cards_of(c.proto.json_args)
    ]


def all_cards(at: AppTest) -> list[Any]:
    """Every number card the page shows: ``st.metric``'s, then the component's."""
    return list(at.metric) + component_cards(at)


def charts(at: AppTest) -> list[dict]:
    """Every plotly figure the page shows: ``st.plotly_chart``'s, then the component's."""
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")] + component_charts(at)


def component_chart(at: AppTest) -> dict:
    """The first figure drawn by the in-place chart component."""
    found = component_charts(at)
    assert found, "no plotly_react chart on the page"
    return found[0]
