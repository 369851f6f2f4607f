"""growth: yoy, multiple, cagr, stated windows, deflation. Figures are worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.growth import (
    GrowthUndefined,
    MissingYears,
    Window,
    annual_series,
    cagr,
    deflate,
    multiple,
    window_growth,
    windows_for,
    yoy,
)

# Turnover in USD, the shape of the figures a 2024 speech would quote.
TURNOVER = pd.Series({2018: 99.5e6, 2019: 145.9e6, 2022: 440e6, 2023: 563e6})


def test_yoy_consecutive_years() -> None:
    out = yoy(pd.Series({2022: 440.0, 2023: 563.0}))
    assert list(out.index) == [2023]
    assert out.loc[2023, "growth"] == pytest.approx(0.2795, abs=5e-5)  # 123 / 440
    assert bool(out.loc[2023, "defined"])
    assert out.loc[2023, "reason"] == ""


def test_yoy_gap_year_is_absent() -> None:
    out = yoy(TURNOVER)  # 2020 and 2021 missing: 2022 has no previous year
    assert list(out.index) == [2019, 2023]


def test_yoy_nan_previous_is_absent() -> None:
    out = yoy(pd.Series({2020: math.nan, 2021: 5.0, 2022: 6.0}))
    assert list(out.index) == [2022]


def test_yoy_zero_previous_is_marked_undefined() -> None:
    out = yoy(pd.Series({2020: 0.0, 2021: 5.0}))
    assert not bool(out.loc[2021, "defined"])
    assert "zero" in str(out.loc[2021, "reason"])


def test_yoy_negative_previous_is_marked_undefined() -> None:
    out = yoy(pd.Series({2020: -3.0, 2021: 5.0}))
    assert not bool(out.loc[2021, "defined"])
    assert "negative" in str(out.loc[2021, "reason"])


def test_yoy_drop_to_zero_is_minus_100_percent() -> None:
    assert yoy(pd.Series({2020: 4.0, 2021: 0.0})).loc[2021, "growth"] == -1.0


def test_yoy_unsorted_input() -> None:
    out = yoy(pd.Series({2023: 563.0, 2022: 440.0}))
    assert list(out.index) == [2023]


def test_annual_series_rejects_repeated_year() -> None:
    s = pd.Series([1.0, 2.0], index=pd.Index([2020, 2020]))
    with pytest.raises(ValueError, match="2020"):
        annual_series(s)


def test_annual_series_rejects_string_index() -> None:
    with pytest.raises(ValueError, match="int year"):
        annual_series(pd.Series({"2020": 1.0}))


def test_annual_series_of_a_normal_series_is_equal_and_independent() -> None:
    normal = annual_series(TURNOVER.iloc[::-1])  # sorted, int64 "year" index, float64
    assert list(normal.index) == [2018, 2019, 2022, 2023] and normal.index.name == "year"
    again = annual_series(normal)  # the fast path: nothing to normalise
    assert again.equals(normal) and again.name == normal.name
    again.iloc[0] = -1.0
    assert normal.iloc[0] == 99.5e6  # the caller's series is untouched


def test_annual_series_normalises_what_the_fast_path_does_not_take() -> None:
    # int64 index named "year" but unsorted, and int values: both are normalised.
    s = pd.Series([3, 1], index=pd.Index([2021, 2020], name="year", dtype="int64"))
    out = annual_series(s)
    assert list(out.index) == [2020, 2021] and out.dtype == "float64"
    assert out.tolist() == [1.0, 3.0]


def test_multiple_2019_to_2023() -> None:
    assert multiple(145.9e6, 563e6) == pytest.approx(3.86, abs=5e-3)


@pytest.mark.parametrize("start", [0.0, -1.0])
def test_multiple_zero_or_negative_start(start: float) -> None:
    with pytest.raises(GrowthUndefined):
        multiple(start, 10.0)


def test_multiple_nan_raises() -> None:
    with pytest.raises(ValueError, match="missing"):
        multiple(math.nan, 10.0)


def test_cagr_doubling_over_one_interval() -> None:
    assert cagr(50.0, 100.0, 1) == pytest.approx(1.0)


def test_cagr_end_zero_is_minus_one() -> None:
    assert cagr(50.0, 0.0, 3) == -1.0


@pytest.mark.parametrize("start", [0.0, -10.0])
def test_cagr_zero_or_negative_start(start: float) -> None:
    with pytest.raises(GrowthUndefined):
        cagr(start, 100.0, 4)


def test_cagr_negative_end_is_undefined() -> None:
    with pytest.raises(GrowthUndefined):
        cagr(10.0, -5.0, 2)


@pytest.mark.parametrize("intervals", [0, -2])
def test_cagr_non_positive_intervals(intervals: int) -> None:
    with pytest.raises(ValueError, match="intervals"):
        cagr(1.0, 2.0, intervals)


def test_windows_for_five_years_said_in_2024() -> None:
    cal, ints = windows_for(5, 2024)
    assert (cal.start_year, cal.end_year, cal.intervals) == (2019, 2023, 4)
    assert (ints.start_year, ints.end_year, ints.intervals) == (2018, 2023, 5)
    assert cal.label == "2019–2023 (5 calendar years, 4 intervals)"
    assert ints.label == "2018–2023 (5 intervals, 6 calendar years)"


def test_windows_for_one_year_has_only_interval_reading() -> None:
    (only,) = windows_for(1, 2024)
    assert (only.start_year, only.end_year, only.convention) == (2022, 2023, "intervals")
    assert only.label == "2022–2023 (1 interval, 2 calendar years)"


def test_windows_for_explicit_end_year() -> None:
    cal, _ = windows_for(3, 2025, end_year=2023)
    assert (cal.start_year, cal.end_year) == (2021, 2023)


def test_windows_for_zero_years() -> None:
    with pytest.raises(ValueError):
        windows_for(0, 2024)


def test_window_of_zero_intervals_is_rejected() -> None:
    with pytest.raises(ValueError):
        Window(2023, 2023)


def test_window_growth_both_readings_of_past_five_years() -> None:
    cal, ints = (window_growth(TURNOVER, w) for w in windows_for(5, 2024))
    assert cal.multiple == pytest.approx(3.86, abs=5e-3)  # 563 / 145.9
    assert ints.multiple == pytest.approx(5.66, abs=5e-3)  # 563 / 99.5
    assert cal.cagr == pytest.approx(0.4016, abs=5e-4)  # 3.8588 ** (1/4) - 1
    assert ints.cagr == pytest.approx(0.4143, abs=5e-4)  # 5.6583 ** (1/5) - 1
    assert (cal.start_value, cal.end_value) == (145.9e6, 563e6)


def test_window_growth_missing_start_year_is_named() -> None:
    with pytest.raises(MissingYears, match="2017") as err:
        window_growth(TURNOVER, Window(2017, 2023))
    assert err.value.years == (2017,)


def test_window_growth_nan_end_year_is_missing() -> None:
    s = pd.Series({2020: 1.0, 2021: math.nan})
    with pytest.raises(MissingYears):
        window_growth(s, Window(2020, 2021))


def test_window_growth_zero_start() -> None:
    with pytest.raises(GrowthUndefined):
        window_growth(pd.Series({2020: 0.0, 2021: 3.0}), Window(2020, 2021))


def test_deflate_constant_real_value() -> None:
    nominal = pd.Series({2020: 100.0, 2021: 110.0, 2022: 121.0})
    deflator = pd.Series({2020: 100.0, 2021: 110.0, 2022: 121.0})
    out = deflate(nominal, deflator, base_year=2020)
    np.testing.assert_allclose(out.to_numpy(), [100.0, 100.0, 100.0])


def test_deflate_to_later_base_year() -> None:
    out = deflate(pd.Series({2020: 100.0}), pd.Series({2020: 80.0, 2023: 100.0}), 2023)
    assert out.loc[2020] == pytest.approx(125.0)  # 2020 dollars are worth 100/80 in 2023


def test_deflate_missing_deflator_years_are_named() -> None:
    nominal = pd.Series({2020: 1.0, 2021: 1.0, 2022: 1.0})
    with pytest.raises(MissingYears, match="2021, 2022") as err:
        deflate(nominal, pd.Series({2020: 100.0, 2021: math.nan}), 2020)
    assert err.value.years == (2021, 2022)


def test_deflate_missing_base_year() -> None:
    with pytest.raises(MissingYears, match="2015"):
        deflate(pd.Series({2020: 1.0}), pd.Series({2020: 100.0}), 2015)


def test_deflate_zero_deflator() -> None:
    with pytest.raises(ValueError, match="2021"):
        deflate(pd.Series({2020: 1.0, 2021: 1.0}), pd.Series({2020: 1.0, 2021: 0.0}), 2020)


def test_deflate_keeps_missing_nominal_missing() -> None:
    out = deflate(pd.Series({2020: math.nan}), pd.Series({2020: 100.0}), 2020)
    assert math.isnan(out.loc[2020])


@settings(max_examples=200, deadline=None)
@given(
    base=st.floats(1e-3, 1e12),
    rate=st.floats(-0.9, 2.0),
    n=st.integers(1, 30),
)
def test_cagr_of_constant_growth_series_is_its_rate(base: float, rate: float, n: int) -> None:
    series = pd.Series({2000 + k: base * (1 + rate) ** k for k in range(n + 1)})
    assert cagr(series.loc[2000], series.loc[2000 + n], n) == pytest.approx(rate, abs=1e-9)
    assert window_growth(series, Window(2000, 2000 + n)).cagr == pytest.approx(rate, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=12))
def test_yoy_never_hides_undefined_growth(values: list[float]) -> None:
    out = yoy(pd.Series(values, index=range(2000, 2000 + len(values))))
    assert len(out) == len(values) - 1
    assert out["growth"].notna().eq(out["defined"]).all()
    assert (out.loc[~out["defined"], "reason"] != "").all()
