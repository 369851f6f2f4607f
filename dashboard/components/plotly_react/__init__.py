"""A plotly chart redrawn in place: ``Plotly.react`` on the element already on the page.

``st.plotly_chart`` draws every update into a new chart element (a full plot); this
component keeps one element and lets plotly.js diff data and layout. ``uirevision`` keeps
the zoom and the legend clicks across updates while it stays the same. The chart takes
the app's theme colours, the container's width, hover and the modebar's PNG download.

With ``cards``, the numbers a figure goes with are drawn above it, as ``st.metric`` draws
them. With ``frames`` and ``follow``, the figure and cards of the years next to the one
shown are sent ahead, and the component watches the slider whose key is ``follow``: a step
to a year it holds is drawn in the browser at once, before the app's rerun (which sends
the same year, and the next frames) has run. The page's own URL, evidence and tables
follow with that rerun.

The JavaScript is in ``frontend/src``; ``make component`` builds it with npm into
``frontend/build`` (not committed: see the README).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeAlias

import plotly.graph_objects as go
import streamlit.components.v1 as components
from plotly.io.json import to_json_plotly

BUILD = Path(__file__).parent / "frontend" / "build"
_component = components.declare_component("plotly_react", path=str(BUILD))


class ComponentNotBuilt(RuntimeError):
    """The component's JavaScript bundle is missing: ``make component`` builds it."""


@dataclass(frozen=True)
class Card:
    """A number drawn above the chart as ``st.metric`` draws it: ``color`` (``green``,
    ``red`` or ``off``) and ``arrow`` (``up``, ``down`` or ``off``) are the delta's look
    (:func:`dashboard.ui.delta_look`); ``help`` is plain text behind the label's "?"."""

    label: str
    value: str
    delta: str | None = None
    color: str = "off"
    arrow: str = "off"
    help: str = ""


Figure: TypeAlias = go.Figure | Mapping[str, Any]


def _spec(fig: Figure) -> dict[str, Any]:
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
    return spec


def _cards(cards: Sequence[Card]) -> str:
    return json.dumps([asdict(c) for c in cards]) if cards else ""


def cards_of(json_args: str) -> list[dict[str, Any]]:
    """The cards of a drawn instance, read back from its JSON arguments (the element's
    ``json_args``, as AppTest and a websocket client see it): one dict per :class:`Card`,
    in order; none for a chart drawn without cards."""
    return list(json.loads(json.loads(json_args or "{}").get("cards") or "[]"))


def plotly_react(
    fig: Figure,
    *,
    key: str,
    uirevision: str = "",
    filename: str = "newplot",
    cards: Sequence[Card] = (),
    frames: Mapping[int, tuple[Figure, Sequence[Card]]] | None = None,
    selected: int | None = None,
    follow: str | None = None,
) -> None:
    """Show ``fig`` (a figure, or plotly's dict of one: ``data``, ``layout``), with
    ``cards`` above it; on later reruns with the same ``key``, update the same chart in
    place.

    ``uirevision``: while it stays the same, the user's zoom and legend state survive
    updates; a new value (another pair, say) starts from the figure's own view.
    ``frames``: other years' ``(figure, cards)``, drawn without a rerun when the slider
    keyed ``follow`` moves to one of them; ``selected`` is the year ``fig`` is for, which
    ``frames`` must not hold (``ValueError``: the caller builds each year once).
    """
    if not (BUILD / "plotly_react.js").is_file():
        raise ComponentNotBuilt(
            f"{BUILD / 'plotly_react.js'} is missing: run `make component` (npm) first"
        )
    if selected is not None and selected in (frames or {}):
        raise ValueError(f"frames hold the selected year {selected}, drawn from fig")
    spec = _spec(fig)
    ahead = {
        str(year): {"spec": to_json_plotly(_spec(f)), "cards": _cards(c)}
        for year, (f, c) in (frames or {}).items()
    }
    _component(
        spec=to_json_plotly(spec),
        cards=_cards(cards),
        frames=json.dumps(ahead) if ahead else "",
        selected=selected,
        follow=follow or "",
        uirevision=uirevision or key,
        height=int(spec["layout"].get("height") or 450),
        filename=filename,
        key=key,
        default=None,
    )
