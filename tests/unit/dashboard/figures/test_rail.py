"""Rail figures by structure: freight, bounds, part-years, capacity, growth bars."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.growth import yoy
from analysis.reconcile import Reconciled
from dashboard.figures.rail import gapped, rail_figure, yoy_figure
from dashboard.figures.style import OKABE_ITO


def best(rows: list[tuple[int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "year": y,
                "period_start": f"{y}-01",
                "period_end": f"{y}-12",
                "value": v,
                "comparator": c,
                "kind": "reported",
                "method": "stated",
                "source_ids": (f"src:{y}",),
                "note": "",
            }
            for y, v, c in rows
        ]
    )


def reconciled(series: str, rows, part=None) -> Reconciled:
    part_year = pd.DataFrame(
        part or [],
        columns=["period_start", "period_end", "value", "comparator", "kind", "source_ids"],
    )
    return Reconciled("AAA", "BBB", series, "total", "t", best(rows), best(rows), part_year)


def names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data]


def plain_json(fig: go.Figure) -> dict:
    spec = json.loads(fig.to_json())
    assert "bdata" not in json.dumps(spec)  # lists, not base64 typed arrays
    return spec


def test_rail_figure_traces_and_styles():
    freight = reconciled(
        "rail_freight",
        [(2018, 1e6, ">"), (2019, 1e6, "~"), (2022, 1.0833e6, "="), (2023, 1.3e6, "=")],
        part=[("2020-01", "2020-03", 273e3, "=", "reported", ("src:q1",))],
    )
    capacity = reconciled("rail_capacity", [(2025, 6e6, "="), (2027, 15e6, "="), (2030, 20e6, "=")])
    fig = rail_figure(freight, capacity, {"src:2023": "Publisher · Title · 2024"})
    assert names(fig) == [
        "freight, full year",
        "bound (> or <)",
        "part-year (not a full year)",
        "capacity 2025 (stated)",
        "capacity targets",
    ]
    full, bound, part, cap, targets = fig.data
    assert list(full.x) == [2019, 2020, 2022, 2023]  # a gap marker after 2019
    assert full.y[1] is None and full.y[-1] == pytest.approx(1.3)
    assert "Publisher · Title · 2024" in full.hovertext[-1]
    assert bound.marker.symbol == "triangle-up-open" and list(bound.x) == [2018]
    assert part.marker.symbol == "diamond-open" and list(part.text) == ["Q1 2020"]
    assert list(part.y) == [0.273]
    # the stated 2025 capacity is drawn from 2025, not from the first freight year
    assert list(cap.x) == [2025, 2030] and list(cap.y) == [6.0, 6.0]
    assert list(targets.x) == [2027, 2030] and list(targets.y) == [15.0, 20.0]
    assert list(targets.text) == ["15 Mt by 2027", "20 Mt by 2030"]
    # freight on its own panel and y range: the 20 Mt targets do not squash 1.3 Mt
    assert {full.yaxis, bound.yaxis, part.yaxis} == {"y"}
    assert {cap.yaxis, targets.yaxis} == {"y2"} and cap.xaxis == targets.xaxis == "x2"
    layout = fig.layout
    assert layout.yaxis.domain[0] > layout.yaxis2.domain[1]  # freight above capacity
    assert layout.yaxis.title.text.startswith("freight")
    assert layout.yaxis2.title.text.startswith("capacity")
    assert full.line.color == OKABE_ITO["blue"]
    plain_json(fig)


def test_rail_figure_without_bounds_part_years_or_capacity():
    freight = reconciled("rail_freight", [(2022, 1e6, "="), (2023, 1.3e6, "=")])
    empty = reconciled("rail_capacity", [])
    empty.best = empty.best.reindex(columns=best([(2000, 1.0, "=")]).columns)
    assert names(rail_figure(freight, empty, {})) == ["freight, full year"]


def test_yoy_figure_leaves_undefined_growth_out():
    growth = yoy(pd.Series({2020: 0.0, 2021: 5.0, 2022: 6.0, 2023: 3.0}))
    fig = yoy_figure(growth)
    assert len(fig.data) == 1
    bars = fig.data[0]
    assert list(bars.x) == [2022, 2023]  # 2021 grows from zero: undefined, not drawn
    assert list(bars.y) == pytest.approx([20.0, -50.0])
    assert list(bars.text) == ["+20.0%", "−50.0%"]
    assert bars.marker.color == (OKABE_ITO["green"], OKABE_ITO["vermillion"])


def test_gapped_breaks_lines_at_missing_years():
    assert gapped([2012, 2013, 2019], [1.0, 2.0, 3.0], ["a", "b", "c"]) == (
        [2012, 2013, 2014, 2019],
        [1.0, 2.0, None, 3.0],
        ["a", "b", "", "c"],
    )


def test_rail_hover_carries_each_source_address():
    """Issue 18, item 10: every rail hover shows its sources' addresses as text, wrapped
    at the Trade hover's width so it fits a phone."""
    from dashboard.figures.trade import HOVER_WIDTH

    freight = reconciled("rail_freight", [(2022, 1.0833e6, "="), (2023, 1.3e6, "=")])
    capacity = reconciled("rail_capacity", [(2025, 6e6, "="), (2027, 15e6, "=")])
    years = (2022, 2023, 2025, 2027)
    citations = {
        f"src:{y}": f"Kazakhstan Temir Zholy · a long title about rail · {y}" for y in years
    }
    links = {f"src:{y}": f"https://www.railways.kz/en/news/freight-{y}" for y in years}
    fig = rail_figure(freight, capacity, citations, links=links)
    texts = [t for tr in fig.data for t in ([tr.hovertext] if isinstance(tr.hovertext, str)
             else tr.hovertext or []) if t]  # fmt: skip
    assert len(texts) == 4
    for text in texts:
        assert "↗ railways.kz/en/news/freight-20" in text, text
        assert max(len(line) for line in text.split("<br>")) <= HOVER_WIDTH
    assert "freight-2023" in fig.data[0].hovertext[-1]  # each point its own source
