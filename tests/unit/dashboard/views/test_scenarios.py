"""The scenario page's view: the stated target, the controls' defaults, the table."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.target import TargetParams, evaluate_target
from dashboard.views import scenarios as view
from tests.unit.dashboard.views.hand_made import CAPACITY, FREIGHT, TRADE


def test_stated_target_picks_the_latest_exact():
    frame = pd.DataFrame(
        {
            "series": ["trade_target"] * 3,
            "measure": ["target"] * 3,
            "comparator": ["=", "=", "~"],
            "value": [1e9, 1e9, 2e9],
            "period_start": ["2021-01", "2024-01", "2025-01"],
            "source_id": ["x", "y", "z"],
        }
    )
    assert view.stated_target(frame) == (1e9, ("x", "y"))
    assert view.stated_target(frame.iloc[0:0]) == (view.DEFAULT_TARGET_USD, ())


def test_scenario_defaults():
    trade = view.scenario_defaults(TRADE.values(), "trade_value", 1e9)
    assert trade == view.ScenarioDefaults(1_000_000_000, 2028, 2023, 2022, 2023)
    rail = view.scenario_defaults(FREIGHT.values(), "rail_freight", 1e9, CAPACITY)
    assert rail == view.ScenarioDefaults(15_000_000, 2027, 2024, 2022, 2024)
    empty = view.scenario_defaults(pd.Series(dtype=float), "trade_value", 1e9)
    assert empty.base_year == 2023


TEN_PCT = pd.Series({2019: 100e6, 2020: 110e6, 2021: 121e6, 2022: 133.1e6, 2023: 146.41e6})


@pytest.fixture
def result():
    return evaluate_target(TEN_PCT, TargetParams(292.82e6, 2030, n_paths=200, seed=0))


def test_scenario_table_one_row_per_year(result):
    table = view.scenario_table(result, "USD")
    assert table["year"].tolist() == list(range(2019, 2031))
    assert list(table.columns) == [
        "year", "actual_usd", "required_usd", "historical_usd", "p10_usd", "p50_usd", "p90_usd",
        "p_reach",
    ]  # fmt: skip
    by = table.set_index("year")
    assert by.loc[2023, "actual_usd"] == pytest.approx(146.41e6)
    assert pd.isna(by.loc[2024, "actual_usd"]) and pd.isna(by.loc[2022, "required_usd"])
    assert by.loc[2030, "required_usd"] == pytest.approx(292.82e6)
    assert by.loc[2023, "p_reach"] == 0.0
    assert view.scenario_table(result, "t").columns[1] == "actual_t"
