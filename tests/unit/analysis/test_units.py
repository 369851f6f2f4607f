"""The one rule for units, checked against the data model it serves."""

from __future__ import annotations

import pytest

from analysis.units import MEASURE_UNITS, SERIES_UNITS, unit_of
from data import schema


def test_every_series_of_the_data_model_has_a_unit_and_no_other():
    assert set(SERIES_UNITS) == set(schema.SERIES)
    assert set(SERIES_UNITS.values()) | set(MEASURE_UNITS.values()) <= set(schema.UNITS)
    assert set(MEASURE_UNITS) <= set(schema.MEASURES)


@pytest.mark.parametrize(
    ("series", "measure", "unit"),
    [
        ("trade_value", "level", "USD"),
        ("trade_target", "target", "USD"),
        ("rail_freight", "level", "t"),
        ("rail_freight", "change_abs", "t"),
        ("rail_freight", "growth_pct_yoy", "percent"),
        ("trade_value", "multiple", "ratio"),
    ],
)
def test_unit_of(series, measure, unit):
    assert unit_of(series, measure) == unit


def test_an_unknown_series_is_named():
    with pytest.raises(ValueError, match="unknown series 'coal'"):
        unit_of("coal")
