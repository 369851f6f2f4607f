"""A plotly chart redrawn in place: ``Plotly.react`` on the element already on the page.

``st.plotly_chart`` draws every update into a new chart element (a full plot); this
component keeps one element and lets plotly.js diff data and layout. ``uirevision`` keeps
the zoom and the legend clicks across updates while it stays the same. The chart takes
the app's theme colours, the container's width, hover and the modebar's PNG download.

The JavaScript is in ``frontend/src``; ``make component`` builds it with npm into
``frontend/build`` (not committed: see the README).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit.components.v1 as components
from plotly.io.json import to_json_plotly

BUILD = Path(__file__).parent / "frontend" / "build"
_component = components.declare_component("plotly_react", path=str(BUILD))


class ComponentNotBuilt(RuntimeError):
    """The component's JavaScript bundle is missing: ``make component`` builds it."""


def plotly_react(
    fig: go.Figure | Mapping[str, Any],
    *,
    key: str,
    uirevision: str = "",
    filename: str = "newplot",
) -> None:
    """Show ``fig`` (a figure, or plotly's dict of one: ``data``, ``layout``); on later
    reruns with the same ``key``, update the same chart in place.

    ``uirevision``: while it stays the same, the user's zoom and legend state survive
    updates; a new value (another pair, say) starts from the figure's own view.
    """
    if not (BUILD / "plotly_react.js").is_file():
        raise ComponentNotBuilt(
            f"{BUILD / 'plotly_react.js'} is missing: run `make component` (npm) first"
        )
    if isinstance(fig, go.Figure):
        spec = fig.to_dict()
    else:  # a shared dict is left as it is: only its layout is copied, to drop the template
        spec = {**fig, "layout": dict(fig.get("layout") or {})}
    layout = spec["layout"]
    layout.pop("template", None)  # the app's theme, as st.plotly_chart's
    # plotly.py's template made room for the axes' labels (automargin); plotly.js alone
    # does not, and a figure's narrow margins then cut its tick labels ("00" for 1,000).
    for name in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[name] = {"automargin": True, **(layout.get(name) or {})}
    _component(
        spec=to_json_plotly(spec),
        uirevision=uirevision or key,
        height=int(spec["layout"].get("height") or 450),
        filename=filename,
        key=key,
        default=None,
    )
