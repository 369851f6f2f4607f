"""The target scenario figure by structure (trace names, x/y in millions), not pixels."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.scenarios import Scenario
from analysis.target import TargetParams, evaluate_target
from dashboard.figures.scenarios import target_figure, target_figure_spec

#: +10 % a year from 100M in 2019: 2023 is 146.41M.
TEN_PCT = pd.Series({2019: 100e6, 2020: 110e6, 2021: 121e6, 2022: 133.1e6, 2023: 146.41e6})


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
    assert fig.layout.yaxis.tickformat == ","  # 40,000 USD million, not "40k"
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


def test_a_series_too_small_for_millions_reads_in_thousands():
    small = evaluate_target(
        TEN_PCT / 1e4,  # $10K in 2019 to $14.6K in 2023
        TargetParams(target_value=29_282.0, target_year=2030, n_paths=300, seed=1),
    )
    fig = target_figure(small, "USD")
    assert fig.layout.yaxis.title.text == "USD thousand"
    by = {t.name: t for t in fig.data}
    assert by["history"].y[-1] == pytest.approx(14.641)
    assert list(by["target $29.3K"].y) == pytest.approx([29.282, 29.282])
    assert list(by["P10"].y) == pytest.approx((small.fan["p10"] / 1e3).tolist())
    assert fig.layout.yaxis.range[1] == pytest.approx(29.282 * 2.5)


def test_target_figure_in_tonnes(result):
    fig = target_figure(result, "t")
    assert fig.layout.yaxis.title.text == "million tonnes"
    assert names(fig)[-1] == "target 292.82 Mt"


@pytest.mark.parametrize("unit", ["USD", "t"])
def test_target_figure_passes_plotlys_full_validation(result, unit: str) -> None:
    """target_figure skips plotly's per-property checks for speed; the spec must pass them."""
    spec = target_figure_spec(result, unit)
    validated = go.Figure(spec)  # raises on any unknown property or bad value
    assert validated.to_dict() == target_figure(result, unit).to_dict()
    assert [t.name for t in validated.data][-1].startswith("target ")


def test_the_history_line_breaks_over_a_year_without_a_figure():
    """KAZ–CHN has no figure for 2021: the line is not drawn from 2020 to 2022."""
    gap = TEN_PCT.drop(2021)
    res = evaluate_target(
        gap, TargetParams(target_value=292.82e6, target_year=2030, n_paths=200, seed=1,
                          history=(2022, 2023), method="parametric")
    )  # fmt: skip
    history = next(t for t in target_figure(res, "USD").data if t.name == "history")
    assert list(history.x) == [2019, 2020, 2021, 2022, 2023]
    assert history.y[2] is None and history.y[1] == pytest.approx(110.0)
    assert history.hovertext[2] == "" and history.hovertext[3].startswith("2022: ")


def test_reliability_diagram_joins_only_the_bins_the_target_judges():
    from dashboard.figures.scenarios import reliability_figure

    def b(said, seen, n):
        return {"mean_predicted": said, "observed": seen, "n": n}

    reach = {
        "ratio": 1.776,
        "reliability": [
            b(0.07, 0.02, 65), b(0.16, 0.13, 245),
            {"mean_predicted": None, "observed": None, "n": 0},
            b(0.63, 0.51, 35), b(0.70, 1.0, 1),
        ],
    }  # fmt: skip
    fig = reliability_figure(reach, "pooled")
    by = {t.name: t for t in fig.data}
    assert list(by) == [
        "target: within ±0.08", "calibrated", "similar earlier cases (pooled), ×1.776 in 5 years",
        "bins under 50 cases (not judged)",
    ]  # fmt: skip
    joined = by["similar earlier cases (pooled), ×1.776 in 5 years"]
    assert joined.mode == "markers+lines"
    assert list(joined.x) == [0.07, 0.16] and list(joined.y) == [0.02, 0.13]
    apart = by["bins under 50 cases (not judged)"]
    assert apart.mode == "markers" and apart.marker.symbol == "circle-open"
    assert list(apart.x) == [0.63, 0.70] and [c[0] for c in apart.customdata] == [35, 1]
    # The band is the diagonal ± 0.08: at 0 it spans -0.08..0.08, at 1 0.92..1.08.
    band = by["target: within ±0.08"]
    corners = sorted(zip(band.x[:4], band.y[:4], strict=True))
    assert corners == [(0, -0.08), (0, 0.08), (1, 0.92), (1, 1.08)]
    # Every bin judged: no trace for small ones.
    big = {"ratio": 2.0, "reliability": [b(0.3, 0.3, 100)]}
    assert len(reliability_figure(big, "pooled").data) == 3
