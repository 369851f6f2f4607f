"""charts_scenarios: figures tested by structure (trace count, names, x/y), not pixels."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.growth import yoy
from analysis.reconcile import Reconciled
from analysis.scenarios import Scenario
from analysis.target import TargetParams, evaluate_target
from dashboard.charts import OKABE_ITO
from dashboard.charts_scenarios import (
    gapped,
    period_label,
    rail_figure,
    short_money,
    target_figure,
    target_figure_spec,
    with_target,
    yoy_figure,
)

#: +10 % a year from 100M in 2019: 2023 is 146.41M.
TEN_PCT = pd.Series({2019: 100e6, 2020: 110e6, 2021: 121e6, 2022: 133.1e6, 2023: 146.41e6})


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


@pytest.fixture
def result():
    return evaluate_target(
        TEN_PCT,
        TargetParams(
            target_value=292.82e6,
            target_year=2030,
            n_paths=500,
            seed=1,
            scenarios=(Scenario("low", 0.02), Scenario("high", 0.2)),
        ),
    )


def test_target_figure_traces_in_order(result):
    fig = target_figure(result, "USD")
    assert names(fig) == [
        "P10",
        "P10–P90 range",
        "median (P50)",
        "history",
        "historical (10.0%/yr)",
        "low (2.0%/yr)",
        "high (20.0%/yr)",
        "required path (10.4%/yr)",
        "target $292.8M",
    ]
    plain_json(fig)


def test_target_figure_values_in_millions(result):
    fig = target_figure(result, "USD")
    by = {t.name: t for t in fig.data}
    assert list(by["history"].x) == [2019, 2020, 2021, 2022, 2023]
    assert by["history"].y[-1] == pytest.approx(146.41)
    req = by["required path (10.4%/yr)"]
    assert list(req.x) == list(range(2023, 2031))
    assert req.y[0] == pytest.approx(146.41) and req.y[-1] == pytest.approx(292.82)
    assert list(by["target $292.8M"].y) == [292.82, 292.82]
    assert by["P10–P90 range"].fill == "tonexty"
    fan = result.fan
    assert list(by["P10"].y) == pytest.approx((fan["p10"] / 1e6).tolist())
    assert all(lo <= hi for lo, hi in zip(by["P10"].y, by["P10–P90 range"].y, strict=True))
    assert fig.layout.yaxis.title.text == "USD million"


def test_target_figure_in_tonnes(result):
    fig = target_figure(result, "t")
    assert fig.layout.yaxis.title.text == "million tonnes"
    assert names(fig)[-1] == "target 292.82 Mt"


def test_with_target_adds_required_path_and_target_line():
    base = go.Figure(go.Scatter(x=[2021, 2022, 2023], y=[254.3, 439.8, 563.0], name="best figure"))
    fig = with_target(base, 2023, 563e6, 1e9, 2028)
    assert names(fig) == ["best figure", "required path (12.2%/yr)", "target $1B"]
    path = fig.data[1]
    assert list(path.x) == [2023, 2024, 2025, 2026, 2027, 2028]
    assert path.y[-1] == pytest.approx(1000.0)
    assert list(fig.data[2].x) == [2021, 2028] and list(fig.data[2].y) == [1000.0, 1000.0]
    assert len(base.data) == 1  # the input figure is not modified
    zoomed = with_target(base, 2023, 563e6, 1e9, 2028, x_from=2010)
    assert list(zoomed.data[2].x) == [2010, 2028]
    assert list(zoomed.layout.xaxis.range) == [2009.5, 2028.5]


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
    assert list(cap.x) == [2018, 2030] and list(cap.y) == [6.0, 6.0]
    assert list(targets.x) == [2027, 2030] and list(targets.y) == [15.0, 20.0]
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
    assert list(bars.text) == ["+20.0%", "-50.0%"]
    assert bars.marker.color == (OKABE_ITO["green"], OKABE_ITO["vermillion"])


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2020-01", "2020-03", "Q1 2020"),
        ("2024-04", "2024-06", "Q2 2024"),
        ("2025-01", "2025-10", "Jan–Oct 2025"),
        ("2024-01", "2024-06", "Jan–Jun 2024"),
        ("2024-05", "2024-05", "May 2024"),
    ],
)
def test_period_label(start, end, label):
    assert period_label(start, end) == label


def test_gapped_breaks_lines_at_missing_years():
    assert gapped([2012, 2013, 2019], [1.0, 2.0, 3.0], ["a", "b", "c"]) == (
        [2012, 2013, 2014, 2019],
        [1.0, 2.0, None, 3.0],
        ["a", "b", "", "c"],
    )


def test_short_money():
    assert short_money(1e9) == "$1B"
    assert short_money(1.5e9) == "$1.50B"
    assert short_money(563e6) == "$563M"
    assert short_money(15e6, "t") == "15.00 Mt"


@pytest.mark.parametrize("unit", ["USD", "t"])
def test_target_figure_passes_plotlys_full_validation(result, unit: str) -> None:
    """target_figure skips plotly's per-property checks for speed; the spec must pass them."""
    spec = target_figure_spec(result, unit)
    validated = go.Figure(spec)  # raises on any unknown property or bad value
    assert validated.to_dict() == target_figure(result, unit).to_dict()
    assert [t.name for t in validated.data][-1].startswith("target ")
