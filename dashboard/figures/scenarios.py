"""The target scenario figure: history, the simulated fan, the scenarios, the required path.

Pure, no Streamlit. Values arrive in base units (USD, tonnes) and are drawn in millions
(USD million, million tonnes). Every x/y is a plain Python list so the figure JSON stays
plain (no base64 typed arrays) and tests can read it.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from analysis.backtest_summary import RELIABILITY_MIN_N, RELIABILITY_TOLERANCE
from analysis.target import TargetResult
from analysis.wording import amount, label, rate
from dashboard.figures.style import (
    LAYOUT,
    MILLIONS_TICKS,
    OKABE_ITO,
    SCALE,
    axis_scale,
    gapped,
)

SCENARIO_COLOURS = {
    "historical": OKABE_ITO["green"],
    "low": OKABE_ITO["sky"],
    "base": OKABE_ITO["orange"],
    "high": OKABE_ITO["purple"],
}


def target_figure(result: TargetResult, unit: str, *, history_from: int | None = None) -> go.Figure:
    """History, the P10–P90 fan with its median, each scenario, the required path, the target.

    Trace order (names): ``P10``, ``P10–P90 range`` (filled to P10), ``median (P50)``,
    ``history``, one line per scenario of ``result.projections`` other than ``required``,
    ``required path (r%/yr)``, ``target``. The x axis starts at ``history_from`` (default
    six years before the history window); the y axis is capped at 2.5 × the target so a
    wide fan does not flatten the history (hover still shows every value).

    The figure is built from plain dicts and not validated property by property: this runs
    on every scenario rerun, where plotly's validation cost ten times the rest of the
    figure. The tests validate the same dicts with plotly's full checks.
    """
    return go.Figure(target_figure_spec(result, unit, history_from=history_from), _validate=False)


def target_figure_spec(
    result: TargetResult, unit: str, *, history_from: int | None = None
) -> dict[str, Any]:
    """The plotly figure of :func:`target_figure` as a dict (``data``, ``layout``). The y
    axis reads in millions, or thousands or units for a series too small for millions
    (:func:`axis_scale` of the history shown and the target)."""
    fan = result.fan
    fan_x = fan["year"].tolist()
    hist = result.history.dropna()
    start = history_from if history_from is not None else result.history_window[0] - 6
    shown = hist[hist.index >= start]
    divisor, title = axis_scale([*shown.tolist(), result.target_value], unit)

    def scaled(values: Any) -> list[float]:
        return [float(v) / divisor for v in values]

    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": fan_x,
            "y": scaled(fan["p10"]),
            "name": "P10",
            "mode": "lines",
            "line": {"width": 0},
            "showlegend": False,
            "hovertemplate": "P10 %{x}: %{y:,.1f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": fan_x,
            "y": scaled(fan["p90"]),
            "name": "P10–P90 range",
            "mode": "lines",
            "line": {"width": 0},
            "fill": "tonexty",
            "fillcolor": "rgba(86, 180, 233, 0.25)",
            "hovertemplate": "P90 %{x}: %{y:,.1f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": fan_x,
            "y": scaled(fan["p50"]),
            "name": "median (P50)",
            "mode": "lines",
            "line": {"color": OKABE_ITO["sky"], "dash": "dot"},
        },
    ]
    # Broken over a year without a figure (KAZ–CHN has none for 2021), as on the Trade page.
    x, y, text = gapped(
        [int(y) for y in shown.index],
        scaled(shown),
        [f"{y}: {amount(v, unit)}" for y, v in shown.items()],
    )
    traces.append(
        {
            "type": "scatter",
            "x": x,
            "y": y,
            "name": "history",
            "mode": "lines+markers",
            "line": {"color": OKABE_ITO["blue"], "width": 3},
            "hovertext": text,
            "hoverinfo": "text",
        }
    )
    proj = result.projections
    names = proj["scenario"].to_numpy()
    years = proj["year"].to_numpy()
    values = proj["value"].to_numpy()
    for name in dict.fromkeys(names):  # in order of appearance
        if name == "required":
            continue
        at = names == name
        x, y = [int(v) for v in years[at]], values[at]
        growth = (y[-1] / y[0]) ** (1 / max(1, len(y) - 1)) - 1
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": scaled(y),
                "name": f"{name} ({rate(growth)}/yr)",
                "mode": "lines",
                "line": {"color": SCENARIO_COLOURS.get(str(name), OKABE_ITO["yellow"])},
            }
        )
    req = names == "required"
    traces.append(
        {
            "type": "scatter",
            "x": [int(v) for v in years[req]],
            "y": scaled(values[req]),
            "name": f"required path ({rate(result.required_cagr)}/yr)",
            "mode": "lines+markers",
            "line": {"color": OKABE_ITO["black"], "dash": "dash", "width": 2},
        }
    )
    traces.append(_target_spec(result.target_value, start, result.target_year, unit, divisor))
    top = max(float(shown.max()) if len(shown) else 0.0, result.target_value) * 2.5 / divisor
    layout = {
        "yaxis": {
            "title": {"text": title},
            "range": [0, top],
            "tickformat": MILLIONS_TICKS,
        },
        "xaxis": {
            "title": {"text": LAYOUT["xaxis_title"]},
            "range": [start - 0.5, result.target_year + 0.5],
        },
        **{k: v for k, v in LAYOUT.items() if k != "xaxis_title"},
    }
    return {"data": traces, "layout": layout}


def _target_spec(
    target: float, x0: int, x1: int, unit: str, scale: float = SCALE
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [int(x0), int(x1)],
        "y": [target / scale, target / scale],
        "name": f"target {amount(target, unit)}",
        "mode": "lines",
        "line": {"color": OKABE_ITO["vermillion"], "dash": "dashdot", "width": 2},
        "hoverinfo": "name",
    }


def target_trace(target: float, x0: int, x1: int, unit: str, *, scale: float = SCALE) -> go.Scatter:
    """The horizontal target line as a validated trace (for figures built with plotly's
    classes, such as the Overview's), divided by the axis' ``scale``."""
    spec = _target_spec(target, x0, x1, unit, scale)
    del spec["type"]
    return go.Scatter(**spec)


def reliability_figure(reach: dict[str, Any], method: str) -> go.Figure:
    """The backtest's reliability diagram for one ratio: mean predicted P(reach) against
    the share of cases that reached, per bin with cases (marker area by count), the
    diagonal a calibrated forecast sits on and the band of the target around it (±
    :data:`RELIABILITY_TOLERANCE`). Bins of at least :data:`RELIABILITY_MIN_N` cases, the
    ones the target judges, are joined; smaller ones are open markers apart (one case's
    bin, "said 70 %, reached 100 %", drew the line's steepest stretch). ``reach`` is one
    entry of a method's ``reach`` list in the embedded backtest summary."""
    bins = [b for b in reach["reliability"] if b["n"]]
    judged = [b for b in bins if b["n"] >= RELIABILITY_MIN_N]
    small = [b for b in bins if b["n"] < RELIABILITY_MIN_N]
    tol = RELIABILITY_TOLERANCE
    name = f"{label(method)}, ×{reach['ratio']:g} in 5 years"

    def points(of: list[dict[str, Any]], **style: Any) -> dict[str, Any]:
        return {
            "type": "scatter",
            "x": [float(b["mean_predicted"]) for b in of],
            "y": [float(b["observed"]) for b in of],
            "customdata": [[b["n"]] for b in of],
            "hovertemplate": "said %{x:.0%}, reached %{y:.0%} (%{customdata[0]} cases)"
            "<extra></extra>",
            **style,
        }

    def sizes(of: list[dict[str, Any]]) -> list[float]:
        return [max(6.0, min(30.0, (b["n"] ** 0.5) / 2)) for b in of]

    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": [0, 1, 1, 0, 0],
            "y": [tol, 1 + tol, 1 - tol, -tol, tol],
            "mode": "lines",
            "fill": "toself",
            "fillcolor": "rgba(0,0,0,0.07)",
            "line": {"width": 0},
            "name": f"target: within ±{tol:g}",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": [0, 1],
            "y": [0, 1],
            "mode": "lines",
            "name": "calibrated",
            "line": {"color": OKABE_ITO["black"], "dash": "dot", "width": 1},
            "hoverinfo": "skip",
        },
        points(
            judged,
            mode="markers+lines",
            name=name,
            marker={"color": OKABE_ITO["blue"], "size": sizes(judged)},
        ),
    ]
    if small:
        traces.append(
            points(
                small,
                mode="markers",
                name=f"bins under {RELIABILITY_MIN_N} cases (not judged)",
                marker={
                    "color": OKABE_ITO["blue"],
                    "symbol": "circle-open",
                    "size": sizes(small),
                },
            )
        )
    layout = LAYOUT | {
        # A little past 0 and 1, so a bin at 100 % is not cut in half at the frame.
        "xaxis": {"title": "P(reach) forecast", "range": [-0.03, 1.03], "tickformat": ".0%"},
        "yaxis": {"title": "share that reached", "range": [-0.03, 1.03], "tickformat": ".0%"},
        "height": 320,
    }
    return go.Figure({"data": traces, "layout": layout}, _validate=False)
