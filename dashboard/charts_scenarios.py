"""Figures for the target scenarios and rail freight pages: pure ``(frame, options) -> Figure``.

No Streamlit. Values arrive in base units (USD, tonnes) and are drawn in millions (USD
million, million tonnes). Every x/y is a plain Python list so the figure JSON stays plain
(no base64 typed arrays) and tests can read it. Colours: ``charts.OKABE_ITO``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis.reconcile import Reconciled
from analysis.scenarios import project, required_growth
from analysis.target import TargetResult
from dashboard.charts import OKABE_ITO, money

SCALE = 1e6
SCENARIO_COLOURS = {
    "historical": OKABE_ITO["green"],
    "low": OKABE_ITO["sky"],
    "base": OKABE_ITO["orange"],
    "high": OKABE_ITO["purple"],
}
LAYOUT = {
    "xaxis_title": "year",
    "hovermode": "closest",
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "legend": {"orientation": "h", "y": -0.2},
}


def axis_label(unit: str) -> str:
    return "million tonnes" if unit == "t" else f"{unit} million"


def _scaled(values: Iterable[Any]) -> list[float]:
    return [float(v) / SCALE for v in values]


def short_money(value: float, unit: str = "USD") -> str:
    """``charts.money`` without a trailing ``.00``: ``$1B`` rather than ``$1.00B``."""
    return money(value, unit).replace(".00B", "B")


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


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
    """The plotly figure of :func:`target_figure` as a dict (``data``, ``layout``)."""
    fan = result.fan
    fan_x = fan["year"].tolist()
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": fan_x,
            "y": _scaled(fan["p10"]),
            "name": "P10",
            "mode": "lines",
            "line": {"width": 0},
            "showlegend": False,
            "hovertemplate": "P10 %{x}: %{y:,.1f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": fan_x,
            "y": _scaled(fan["p90"]),
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
            "y": _scaled(fan["p50"]),
            "name": "median (P50)",
            "mode": "lines",
            "line": {"color": OKABE_ITO["sky"], "dash": "dot"},
        },
    ]
    hist = result.history.dropna()
    start = history_from if history_from is not None else result.history_window[0] - 6
    shown = hist[hist.index >= start]
    traces.append(
        {
            "type": "scatter",
            "x": [int(y) for y in shown.index],
            "y": _scaled(shown),
            "name": "history",
            "mode": "lines+markers",
            "line": {"color": OKABE_ITO["blue"], "width": 3},
            "hovertext": [f"{y}: {money(v, unit)}" for y, v in shown.items()],
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
        rate = (y[-1] / y[0]) ** (1 / max(1, len(y) - 1)) - 1
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": _scaled(y),
                "name": f"{name} ({_pct(rate)}/yr)",
                "mode": "lines",
                "line": {"color": SCENARIO_COLOURS.get(str(name), OKABE_ITO["yellow"])},
            }
        )
    req = names == "required"
    traces.append(
        {
            "type": "scatter",
            "x": [int(v) for v in years[req]],
            "y": _scaled(values[req]),
            "name": f"required path ({_pct(result.required_cagr)}/yr)",
            "mode": "lines+markers",
            "line": {"color": OKABE_ITO["black"], "dash": "dash", "width": 2},
        }
    )
    traces.append(_target_spec(result.target_value, start, result.target_year, unit))
    top = max(float(shown.max()) if len(shown) else 0.0, result.target_value) * 2.5 / SCALE
    layout = {
        "yaxis": {"title": {"text": axis_label(unit)}, "range": [0, top]},
        "xaxis": {
            "title": {"text": LAYOUT["xaxis_title"]},
            "range": [start - 0.5, result.target_year + 0.5],
        },
        **{k: v for k, v in LAYOUT.items() if k != "xaxis_title"},
    }
    return {"data": traces, "layout": layout}


def _target_spec(target: float, x0: int, x1: int, unit: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [int(x0), int(x1)],
        "y": [target / SCALE, target / SCALE],
        "name": f"target {short_money(target, unit)}",
        "mode": "lines",
        "line": {"color": OKABE_ITO["vermillion"], "dash": "dashdot", "width": 2},
        "hoverinfo": "name",
    }


def _target_trace(target: float, x0: int, x1: int, unit: str) -> go.Scatter:
    spec = _target_spec(target, x0, x1, unit)
    del spec["type"]
    return go.Scatter(**spec)


def with_target(
    fig: go.Figure,
    base_year: int,
    base_value: float,
    target_value: float,
    target_year: int,
    unit: str = "USD",
    *,
    x_from: int | None = None,
) -> go.Figure:
    """A copy of ``fig`` (drawn in millions) plus the required path from the base to the
    target (``required path (r%/yr)``) and the horizontal target line (``target …``).
    ``x_from`` starts the visible x axis (and the target line) there; the data stay whole."""
    out = go.Figure(fig)
    rate = required_growth(base_value, target_value, base_year, target_year)
    path = project(base_value, base_year, target_year - base_year, rate)
    out.add_trace(
        go.Scatter(
            x=[int(y) for y in path.index],
            y=_scaled(path),
            name=f"required path ({_pct(rate)}/yr)",
            mode="lines+markers",
            line={"color": OKABE_ITO["black"], "dash": "dash"},
        )
    )
    xs = [int(x) for tr in fig.data for x in (tr.x or [])]
    x0 = x_from if x_from is not None else min(xs, default=base_year)
    out.add_trace(_target_trace(target_value, x0, target_year, unit))
    out.update_layout(xaxis_range=[x0 - 0.5, target_year + 0.5])
    return out


def rail_figure(
    freight: Reconciled,
    capacity: Reconciled,
    citations: Mapping[str, str],
    *,
    x_end: int | None = None,
) -> go.Figure:
    """Bilateral rail freight against the line's capacity and the capacity targets.

    Traces: ``freight, full year`` (exact/approximate annual points, the line broken
    where years are missing: a ``None`` after each gap), ``bound (> or <)``
    (open triangles, only if any), ``part-year (not a full year)`` (open diamonds, only if
    any; labelled with their months), ``capacity <year> (stated)`` (the first capacity
    level, drawn flat across the chart), ``capacity targets`` (the later capacity levels,
    stars). Transit of third countries is never drawn here.
    """
    unit = "t"

    def cite(ids: tuple[str, ...] | list[str]) -> str:
        return "<br>".join(citations.get(s, s) for s in ids)

    b = freight.best
    exact = b[b["comparator"].isin(["=", "~"])]
    bounds = b[~b["comparator"].isin(["=", "~"])]
    fig = go.Figure()
    xs, ys, texts = gapped(
        exact["year"].astype(int).tolist(),
        _scaled(exact["value"]),
        [
            f"{r.year}: {r.comparator} {money(r.value, unit)} ({r.kind})<br>{cite(r.source_ids)}"
            for r in exact.itertuples(index=False)
        ],
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            name="freight, full year",
            mode="lines+markers",
            line={"color": OKABE_ITO["blue"], "width": 3},
            hovertext=texts,
            hoverinfo="text",
        )
    )
    if len(bounds):
        fig.add_trace(
            go.Scatter(
                x=bounds["year"].astype(int).tolist(),
                y=_scaled(bounds["value"]),
                name="bound (> or <)",
                mode="markers",
                marker={"symbol": "triangle-up-open", "size": 13, "color": OKABE_ITO["vermillion"]},
                hovertext=[
                    f"{r.year}: {r.comparator} {money(r.value, unit)} — a bound, not a value"
                    f"<br>{cite(r.source_ids)}"
                    for r in bounds.itertuples(index=False)
                ],
                hoverinfo="text",
            )
        )
    part = freight.part_year
    if len(part):
        labels = [period_label(r.period_start, r.period_end) for r in part.itertuples(index=False)]
        fig.add_trace(
            go.Scatter(
                x=[int(str(s)[:4]) for s in part["period_start"]],
                y=_scaled(part["value"]),
                name="part-year (not a full year)",
                mode="markers+text",
                text=labels,
                textposition="middle right",
                marker={"symbol": "diamond-open", "size": 11, "color": OKABE_ITO["orange"]},
                hovertext=[
                    f"{lab}: {r.comparator} {money(r.value, unit)} (part of the year)"
                    f"<br>{cite(r.source_ids)}"
                    for lab, r in zip(labels, part.itertuples(index=False), strict=True)
                ],
                hoverinfo="text",
            )
        )
    cap = capacity.best[capacity.best["comparator"].isin(["=", "~"])].sort_values("year")
    years = [*b["year"].astype(int).tolist(), *cap["year"].astype(int).tolist()]
    end = x_end if x_end is not None else max(years, default=0)
    if len(cap):
        first = cap.iloc[0]
        x0 = min(years)
        fig.add_trace(
            go.Scatter(
                x=[x0, end],
                y=[float(first["value"]) / SCALE] * 2,
                name=f"capacity {int(first['year'])} (stated)",
                mode="lines",
                line={"color": OKABE_ITO["black"], "dash": "dash"},
                hovertext=f"{money(float(first['value']), unit)} a year<br>"
                + cite(first["source_ids"]),
                hoverinfo="text",
            )
        )
        targets = cap.iloc[1:]
        if len(targets):
            fig.add_trace(
                go.Scatter(
                    x=targets["year"].astype(int).tolist(),
                    y=_scaled(targets["value"]),
                    name="capacity targets",
                    mode="markers",
                    marker={"symbol": "star", "size": 14, "color": OKABE_ITO["green"]},
                    hovertext=[
                        f"{money(r.value, unit)} by {r.year}<br>{cite(r.source_ids)}"
                        for r in targets.itertuples(index=False)
                    ],
                    hoverinfo="text",
                )
            )
    fig.update_layout(yaxis_title=axis_label(unit), **LAYOUT)
    return fig


def gapped(
    years: list[int], values: list[float], texts: list[str]
) -> tuple[list[int], list[float | None], list[str]]:
    """Insert a ``None`` value after each break in the years, so a line is not drawn across
    years without a figure (plotly leaves a gap at ``None``)."""
    xs: list[int] = []
    ys: list[float | None] = []
    ts: list[str] = []
    for i, (x, y, t) in enumerate(zip(years, values, texts, strict=True)):
        if i and x - years[i - 1] > 1:
            xs.append(years[i - 1] + 1)
            ys.append(None)
            ts.append("")
        xs.append(x)
        ys.append(y)
        ts.append(t)
    return xs, ys, ts


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def period_label(period_start: str, period_end: str) -> str:
    """``2020-01``/``2020-03`` → ``Q1 2020``; ``2025-01``/``2025-10`` → ``Jan–Oct 2025``."""
    year, m0, m1 = str(period_start)[:4], int(str(period_start)[5:7]), int(str(period_end)[5:7])
    if m1 - m0 == 2 and m0 % 3 == 1:
        return f"Q{(m0 + 2) // 3} {year}"
    if m0 == m1:
        return f"{MONTHS[m0 - 1]} {year}"
    return f"{MONTHS[m0 - 1]}–{MONTHS[m1 - 1]} {year}"


def yoy_figure(growth: pd.DataFrame, title: str = "year-on-year growth") -> go.Figure:
    """Bars of year-on-year growth in percent, one per year with a defined growth.

    ``growth``: the frame of ``analysis.growth.yoy`` (index ``year``; ``growth`` as a
    fraction, ``defined``). Undefined rows are left out, never drawn as zero.
    """
    g = growth[growth["defined"]]
    pct = [round(float(v) * 100, 4) for v in g["growth"]]
    fig = go.Figure(
        go.Bar(
            x=[int(y) for y in g.index],
            y=pct,
            name=title,
            marker={
                "color": [OKABE_ITO["green"] if v >= 0 else OKABE_ITO["vermillion"] for v in pct]
            },
            text=[f"{v:+.1f}%" for v in pct],
            textposition="outside",
            hovertemplate="%{x}: %{y:+.1f}%<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title="% on the previous year", **{**LAYOUT, "hovermode": "x"})
    return fig
