"""Figures of the Trade page: pure ``(frame, options) -> go.Figure``, no Streamlit.

Input is the points frame of :func:`dashboard.views.trade.trade_points` (one row per figure,
values in USD). How a point is drawn says what it is:

* exact or approximate full-year figures: a line with filled circles;
* the publisher's estimates: filled squares, mirror values (from the partner's records):
  filled diamonds — each its own legend entry;
* bounds (``>``, ``<``): open triangles pointing the way the value lies, never joined;
* part-year windows (Q1, Jan–Jul …): open circles at their year, never on the line.

Hover text is built from data, so every piece goes through :func:`dashboard.safety.hover`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from analysis.wording import COMPARATOR_WORDS, FLOW_TITLES, amount
from dashboard.figures.style import LEGEND, MILLIONS_TICKS, OKABE_ITO, axis_scale, gapped
from dashboard.safety import hover

FLOW_COLOURS = {
    "turnover": OKABE_ITO["blue"],
    "exports": OKABE_ITO["green"],
    "imports": OKABE_ITO["orange"],
    "balance": OKABE_ITO["purple"],
}
HOVER_WIDTH = 44  # characters per hover line: the box stays within a 390 px phone
HOVER_ALTERNATIVES = 4  # the other figures of a year a hover lists (the table has all)


#: The mirror panel's ticks: 1-2-5 steps, so a log axis reads ``0.5×``, ``1×``, ``20×``.
RATIO_TICKS = tuple(m * 10.0**e for e in range(-3, 4) for m in (1, 2, 5))
#: A growth bar is drawn off the scale when it is more than this many times the next
#: largest: one +598 % year would otherwise flatten every other year's bar.
OFF_SCALE = 2.0


def growth_cap(growths: list[float]) -> float | None:
    """The growth axis's top when its largest bars stand alone, else ``None`` (autorange).

    The top one bar, else the top two (one outlier year, or one per flow), are off the
    scale when the lowest of them is more than :data:`OFF_SCALE` times the next largest;
    the axis then ends a little above the largest bar left. Falls are at most −100 %, so
    only rises are cut.
    """
    ups = sorted((g for g in growths if g > 0), reverse=True)
    for cut in (1, 2):
        if len(ups) > cut and ups[cut - 1] > OFF_SCALE * ups[cut]:
            return ups[cut] * 1.15
    return None


@dataclass(frozen=True)
class TradeOptions:
    """``log``: logarithmic y axis (non-positive values, e.g. a deficit, cannot be drawn)."""

    log: bool = False
    title: str = ""


def hover_lines(row: pd.Series) -> str:
    """The hover of one point: its figure, its sources and every alternative, escaped."""
    get = row.__getitem__
    head = f"{get('flow')} {get('period')}: {COMPARATOR_WORDS[get('comparator')]}{get('value')}"
    if get("part_year"):
        head += " (part-year, not a full year)"
    else:
        head += f" — {get('kind')}, {get('method')}"
    growth = get("yoy_pct")
    if isinstance(growth, float) and not math.isnan(growth):
        head += f", {amount(growth, 'percent', signed=True)} on the year before"
    lines = [head, "Sources:", *(f"  {s}" for s in str(get("sources")).split(" + "))]
    # Addresses as text (a hover cannot be clicked): the page's table and cards link them.
    urls = str(row.get("source_urls", "") or "").split("; ")
    lines += [f"  ↗ {re.sub(r'^https?://(www[.])?', '', u)}" for u in dict.fromkeys(urls) if u]
    if get("alternatives"):
        others = str(get("alternatives")).split("\n")
        shown = [_by_publisher(line) for line in others[:HOVER_ALTERNATIVES]]
        lines += ["All figures for this year (★ chosen):", *shown]
        if len(others) > HOVER_ALTERNATIVES:
            lines.append(f"and {len(others) - HOVER_ALTERNATIVES} more (the table lists them all)")
    return hover(*lines, width=HOVER_WIDTH)


def _by_publisher(line: str) -> str:
    """An alternative's line with its publisher only ("… — Kazinform"), not the whole
    citation: ten full citations made a hover taller than the chart, and plotly then
    draws none."""
    head, sep, citation = line.partition(" — ")
    return f"{head}{sep}{citation.split(' · ')[0]}" if sep else line


def _trace(
    points: pd.DataFrame,
    name: str,
    colour: str,
    *,
    mode: str,
    symbol: object,
    size: int = 8,
    dash: str = "solid",
    gaps: bool = False,
    scale: float = 1e6,
) -> go.Scatter:
    """``gaps``: a line broken at years without a figure (``None`` there), not drawn
    straight across them; ``scale``: the axis' divisor (:func:`axis_scale`)."""
    if gaps:
        points = points.sort_values("year", kind="stable")
    xs: list[int] = points["year"].astype(int).tolist()
    values: list[float] = (points["value_usd"] / scale).tolist()
    texts = [hover_lines(r) for _, r in points.iterrows()]
    ys: list[float | None] = list(values)
    if gaps:
        xs, ys, texts = gapped(xs, values, texts)
    return go.Scatter(
        x=xs,
        y=ys,
        mode=mode,
        name=name,
        legendgroup=name.split(":")[0],
        line={"color": colour, "width": 2, "dash": dash},
        marker={
            "symbol": symbol,
            "size": size,
            "color": colour,
            "line": {"width": 2, "color": colour},
        },
        hovertext=texts,
        hoverinfo="text",
        connectgaps=False,
    )


def trade_figure(points: pd.DataFrame, options: TradeOptions) -> go.Figure:
    """Levels over time, one colour per flow; see the module docstring for the symbols.
    The axis reads in USD million, or thousand or units for a pair that small."""
    fig = go.Figure()
    scale, axis_title = axis_scale(points["value_usd"], "USD")
    trace = partial(_trace, scale=scale)
    for flow in dict.fromkeys(points["flow"]):
        p = points[points["flow"] == flow]
        if options.log:
            p = p[p["value_usd"] > 0]
        if p.empty:
            continue
        colour, title = FLOW_COLOURS.get(flow, OKABE_ITO["black"]), FLOW_TITLES.get(flow, flow)
        annual = p[~p["part_year"]]
        exact = annual[annual["comparator"].isin(["=", "~"])]
        bounds = annual[annual["comparator"].isin([">", "<"])]
        part = p[p["part_year"]]
        if len(exact):
            fig.add_trace(
                trace(
                    exact,
                    title,
                    colour,
                    mode="lines+markers",
                    symbol="circle",
                    size=6,
                    dash="dot" if flow == "balance" else "solid",
                    gaps=True,
                )
            )
        for kind, label, symbol in (
            ("estimated", "estimate", "square"),
            ("mirror", "mirror value", "diamond"),
        ):
            marked = exact[exact["kind"] == kind]
            if len(marked):
                fig.add_trace(
                    trace(
                        marked, f"{title}: {label}", colour, mode="markers", symbol=symbol, size=11
                    )
                )
        if len(bounds):
            symbols = [
                "triangle-up-open" if c == ">" else "triangle-down-open"
                for c in bounds["comparator"]
            ]
            fig.add_trace(
                trace(
                    bounds,
                    f"{title}: bound (> or <)",
                    colour,
                    mode="markers",
                    symbol=symbols,
                    size=13,
                )
            )
        if len(part):
            fig.add_trace(
                trace(
                    part,
                    f"{title}: part-year",
                    colour,
                    mode="markers",
                    symbol="circle-open",
                    size=10,
                )
            )
    fig.update_layout(
        title=options.title or None,
        yaxis={
            "title": axis_title,
            "type": "log" if options.log else "linear",
            "tickformat": MILLIONS_TICKS,
        },
        xaxis={"title": "year", "dtick": 2},
        hovermode="closest",
        hoverlabel={"align": "left"},
        margin={"l": 10, "r": 10, "t": 40 if options.title else 20, "b": 10},
        legend=LEGEND,
        height=480,
    )
    return fig


def growth_figure(points: pd.DataFrame, options: TradeOptions) -> go.Figure:
    """Year-on-year growth of the full-year figures, percent, bars grouped by flow.

    Undefined growth (after a zero or negative year, or next to a bound) is absent, not 0.
    The balance has no growth rate (it changes sign), so it is left out.
    """
    fig = go.Figure()
    annual = points[~points["part_year"] & points["yoy_pct"].notna()]
    for flow in dict.fromkeys(annual["flow"]):
        if flow == "balance":
            continue
        p = annual[annual["flow"] == flow]
        fig.add_trace(
            go.Bar(
                x=p["year"].tolist(),
                y=p["yoy_pct"].round(2).tolist(),
                name=FLOW_TITLES.get(flow, flow),
                marker={"color": FLOW_COLOURS.get(flow, OKABE_ITO["black"])},
                hovertext=[
                    hover(
                        f"{FLOW_TITLES.get(flow, flow)} {y}: "
                        f"{amount(g, 'percent', signed=True)} ({v})"
                    )
                    for y, g, v in zip(p["year"], p["yoy_pct"], p["value"], strict=True)
                ],
                hoverinfo="text",
            )
        )
    cap = growth_cap(annual.loc[annual["flow"] != "balance", "yoy_pct"].tolist())
    yaxis: dict[str, object] = {"title": "growth on the year before, %", "ticksuffix": "%"}
    if cap is not None:
        low = min(0.0, float(annual["yoy_pct"].min()))
        yaxis["range"] = [low * 1.1, cap]
        # Each bar cut at the top says its value there: the axis is not the data's.
        for _, r in annual[(annual["yoy_pct"] > cap) & (annual["flow"] != "balance")].iterrows():
            fig.add_annotation(
                x=r["year"], y=cap, yanchor="top", showarrow=False,
                text=hover(f"{FLOW_TITLES.get(r['flow'], r['flow'])} "
                           f"{amount(r['yoy_pct'], 'percent', signed=True)} ↑"),
                font={"size": 11}, bgcolor="rgba(255,255,255,0.8)",
            )  # fmt: skip
    fig.update_layout(
        title=options.title or None,
        barmode="group",
        yaxis=yaxis,
        xaxis={"title": "year", "dtick": 2},
        margin={"l": 10, "r": 10, "t": 40 if options.title else 20, "b": 10},
        legend=LEGEND,
        height=360,
    )
    return fig


def subannual_figure(points: pd.DataFrame, citations: dict[str, str]) -> go.Figure:
    """Monthly or quarterly levels (``analysis.subannual``), one line per flow; derived
    points (sums of months, exports + imports) are drawn with open markers."""
    fig = go.Figure()
    scale, axis_title = axis_scale(points["value_usd"], "USD")
    for flow in dict.fromkeys(points["flow"]):
        p = points[points["flow"] == flow]
        texts = [
            hover(
                f"{r.period}: {amount(r.value_usd)} ({r.kind})",
                *(citations.get(s, s) for s in r.source_ids),
                width=HOVER_WIDTH,
            )
            for r in p.itertuples(index=False)
        ]
        fig.add_trace(
            go.Scatter(
                x=p["period"].tolist(),
                y=(p["value_usd"] / scale).tolist(),
                mode="lines+markers",
                name=FLOW_TITLES.get(flow, flow),
                hovertext=texts,
                hoverinfo="text",
                line={"color": FLOW_COLOURS.get(flow, OKABE_ITO["black"])},
                marker={
                    "symbol": ["circle-open" if k == "derived" else "circle" for k in p["kind"]],
                    "size": 7,
                },
            )
        )
    fig.update_layout(
        yaxis={"title": axis_title, "tickformat": MILLIONS_TICKS},
        xaxis={"type": "category"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend=LEGEND,
    )
    return fig


def mirror_figure(mirror: pd.DataFrame) -> go.Figure:
    """Each direction's importer's figure (CIF ÷ factor) over its exporter's (FOB), on a log
    axis: 1 is agreement, 2 twice, 0.5 half. Give it the years whose gap is an independent
    discrepancy (:func:`dashboard.views.trade.mirror_drawn`); the line breaks over the rest.
    """
    fig = go.Figure()
    colours = [OKABE_ITO["blue"], OKABE_ITO["orange"]]
    for i, direction in enumerate(dict.fromkeys(mirror["direction"])):
        m = mirror[mirror["direction"] == direction].sort_values("year")
        texts = [
            hover(
                f"{r.year} {direction}: exporter {amount(r.export_fob)} FOB ({r.export_kind}); "
                f"importer {amount(r.import_cif)} CIF ({r.import_kind}) = "
                f"{amount(r.import_fob_adjusted)} FOB; "
                f"gap {amount(r.gap_pct, 'percent', signed=True)}"
            )
            for r in m.itertuples(index=False)
        ]
        x, y, text = gapped(
            m["year"].tolist(),
            (m["import_fob_adjusted"] / m["export_fob"]).round(4).tolist(),
            texts,
        )
        fig.add_trace(
            go.Scatter(
                x=x, y=y, mode="lines+markers", name=direction, hovertext=text,
                hoverinfo="text", line={"color": colours[i % 2]}, connectgaps=False,
            )
        )  # fmt: skip
    fig.add_hline(y=1, line={"color": "gray", "dash": "dot", "width": 1})
    fig.update_layout(
        yaxis={
            "title": "importer's ÷ exporter's figure (log)",
            "type": "log",
            "tickvals": list(RATIO_TICKS),
            "ticktext": [f"{t:g}×" for t in RATIO_TICKS],
        },
        xaxis_title="year",
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend=LEGEND,
    )
    return fig
