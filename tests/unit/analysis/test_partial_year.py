"""partial_year: same-window YoY, window shares, full-year nowcasts."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.bounds import Bounded
from analysis.errors import GrowthUndefined
from analysis.partial_year import (
    FLAT_BAND,
    ONE_YEAR_BAND,
    ShareEstimate,
    ShareHistory,
    nowcast,
    same_window_yoy,
    window_share,
    ytd_compare,
)

NO_HISTORY = ShareHistory(annual=pd.Series([], index=pd.Index([], dtype="int64"), dtype=float))


def monthly(year: int, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"year": year, "month": range(1, len(values) + 1), "value": values})


def flat_share(a: int, b: int) -> ShareEstimate:
    return window_share((a, b), NO_HISTORY)


# --- ytd_compare / same_window_yoy -------------------------------------------------------


def test_ytd_compare_growth() -> None:
    assert ytd_compare(167.8e6, 150e6) == pytest.approx(0.11867, abs=1e-5)


@pytest.mark.parametrize("previous", [0.0, -1.0])
def test_ytd_compare_zero_or_negative_previous(previous: float) -> None:
    with pytest.raises(GrowthUndefined):
        ytd_compare(10.0, previous)


def test_ytd_compare_nan() -> None:
    with pytest.raises(ValueError, match="missing"):
        ytd_compare(math.nan, 1.0)


def test_same_window_yoy_pairs_only_twins() -> None:
    frame = pd.DataFrame(
        {
            "period_start": ["2023-01", "2024-01", "2024-01"],
            "period_end": ["2023-04", "2024-04", "2024-06"],
            "value": [150e6, 167.8e6, 237.2e6],
        }
    )
    out = same_window_yoy(frame)
    assert len(out) == 1  # H1 2024 has no H1 2023 to compare with
    row = out.iloc[0]
    assert (row.period_start, row.period_end) == ("2024-01", "2024-04")
    assert row.previous_value == 150e6
    assert row.growth == pytest.approx(0.11867, abs=1e-5)
    assert bool(row.defined)


def test_same_window_yoy_window_across_new_year() -> None:
    frame = pd.DataFrame(
        {
            "period_start": ["2022-07", "2023-07"],
            "period_end": ["2023-06", "2024-06"],
            "value": [2, 3],
        }
    )
    assert same_window_yoy(frame).iloc[0].growth == pytest.approx(0.5)


def test_same_window_yoy_zero_previous_marked_undefined() -> None:
    frame = pd.DataFrame(
        {
            "period_start": ["2023-01", "2024-01"],
            "period_end": ["2023-03", "2024-03"],
            "value": [0, 5],
        }
    )
    row = same_window_yoy(frame).iloc[0]
    assert not bool(row.defined)
    assert math.isnan(row.growth)
    assert row.reason != ""


def test_same_window_yoy_nan_value_is_absent() -> None:
    frame = pd.DataFrame(
        {
            "period_start": ["2023-01", "2024-01"],
            "period_end": ["2023-03", "2024-03"],
            "value": [math.nan, 5.0],
        }
    )
    assert same_window_yoy(frame).empty


def test_same_window_yoy_repeated_window() -> None:
    frame = pd.DataFrame(
        {
            "period_start": ["2023-01", "2023-01"],
            "period_end": ["2023-03", "2023-03"],
            "value": [1, 2],
        }
    )
    with pytest.raises(ValueError, match="twice"):
        same_window_yoy(frame)


def test_same_window_yoy_bad_month() -> None:
    frame = pd.DataFrame({"period_start": ["2023-13"], "period_end": ["2023-12"], "value": [1]})
    with pytest.raises(ValueError, match="YYYY-MM"):
        same_window_yoy(frame)


# --- window_share -----------------------------------------------------------------------


def test_window_share_no_history_is_flat() -> None:
    est = flat_share(1, 3)
    assert (est.method, est.share, est.n_years) == ("flat", 0.25, 0)
    assert est.low == pytest.approx(0.25 * (1 - FLAT_BAND))
    assert est.high == pytest.approx(0.25 * (1 + FLAT_BAND))


def test_window_share_flat_band_clipped_at_one() -> None:
    est = flat_share(1, 10)
    assert est.share == pytest.approx(10 / 12)
    assert est.high == 1.0


def test_window_share_full_year_is_exactly_one() -> None:
    est = flat_share(1, 12)
    assert (est.share, est.low, est.high) == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("window", [(0, 3), (5, 2), (1, 13)])
def test_window_share_bad_months(window: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="window months"):
        window_share(window, NO_HISTORY)


def test_window_share_two_monthly_years_logit_band() -> None:
    history = ShareHistory(
        annual=pd.Series({2022: 120.0, 2023: 120.0}),
        monthly=pd.concat([monthly(2022, [10.0] * 12), monthly(2023, [40 / 3] * 3)]),
    )
    est = window_share((1, 3), history)
    assert est.method == "monthly"
    assert est.years == (2022, 2023)
    assert est.share == pytest.approx((0.25 + 1 / 3) / 2)
    # logits -1.0986, -0.6931; sd 0.2867; t(1 df, 0.90) 3.078; half-width 3.078*0.2867*sqrt(1.5)
    assert est.low == pytest.approx(0.1217, abs=2e-3)
    assert est.high == pytest.approx(0.5461, abs=2e-3)


def test_window_share_identical_years_keep_minimum_band() -> None:
    history = ShareHistory(
        annual=pd.Series({2021: 100.0, 2022: 200.0}),
        part_year=pd.DataFrame(
            {"year": [2021, 2022], "start_month": 1, "end_month": 6, "value": [50.0, 100.0]}
        ),
    )
    est = window_share((1, 6), history)
    assert est.method == "part_year"
    assert est.low < 0.5 < est.high


def test_window_share_one_year_has_wide_band() -> None:
    history = ShareHistory(
        annual=pd.Series({2023: 400.0}),
        part_year=pd.DataFrame(
            {"year": [2023], "start_month": [1], "end_month": [4], "value": [120]}
        ),
    )
    est = window_share((1, 4), history)
    assert (est.method, est.n_years, est.share) == ("part_year", 1, pytest.approx(0.3))
    assert est.low == pytest.approx(0.3 * (1 - ONE_YEAR_BAND))
    assert est.high == pytest.approx(0.3 * (1 + ONE_YEAR_BAND))


def test_window_share_source_with_more_years_wins() -> None:
    history = ShareHistory(
        annual=pd.Series({2020: 100.0, 2021: 100.0, 2022: 100.0}),
        part_year=pd.DataFrame(
            {"year": [2020, 2021, 2022], "start_month": 1, "end_month": 3, "value": [20, 25, 30]}
        ),
        monthly=monthly(2022, [10.0] * 12),
    )
    est = window_share((1, 3), history)
    assert est.method == "part_year"
    assert est.share == pytest.approx(0.25)


def test_window_share_incomplete_months_not_used() -> None:
    history = ShareHistory(annual=pd.Series({2022: 120.0}), monthly=monthly(2022, [10.0, 10.0]))
    assert window_share((1, 3), history).method == "flat"


def test_window_share_skips_inconsistent_and_totalless_years() -> None:
    history = ShareHistory(
        annual=pd.Series({2021: 100.0, 2022: 50.0}),
        part_year=pd.DataFrame(
            {"year": [2021, 2022, 2024], "start_month": 1, "end_month": 3, "value": [25, 60, 30]}
        ),
    )
    est = window_share((1, 3), history)
    assert est.years == (2021,)
    assert {y for y, _ in est.skipped} == {2022, 2024}


def test_window_share_exclude_years() -> None:
    history = ShareHistory(
        annual=pd.Series({2021: 100.0}),
        part_year=pd.DataFrame(
            {"year": [2021], "start_month": [1], "end_month": [3], "value": [25]}
        ),
    )
    assert window_share((1, 3), history, exclude_years=[2021]).method == "flat"


def test_window_share_repeated_part_year_window() -> None:
    history = ShareHistory(
        annual=pd.Series({2021: 100.0}),
        part_year=pd.DataFrame(
            {"year": [2021, 2021], "start_month": 1, "end_month": 3, "value": [25, 26]}
        ),
    )
    with pytest.raises(ValueError, match="repeats"):
        window_share((1, 3), history)


# --- nowcast ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "part", "expected"),
    [
        ((1, 3), 105e6, 420e6),  # Q1 2024 / 0.25
        ((1, 4), 167.8e6, 503.4e6),  # Jan-Apr 2024 / (4/12)
        ((1, 6), 237.2e6, 474.4e6),  # H1 2024 / 0.5
        ((1, 10), 1.5e6, 1.8e6),  # rail Jan-Oct 2025, tonnes / (10/12)
    ],
)
def test_nowcast_2024_trade_and_2025_rail_from_flat_shares(
    window: tuple[int, int], part: float, expected: float
) -> None:
    now = nowcast(part, flat_share(*window))
    assert now.value == pytest.approx(expected, rel=1e-9)
    assert now.low <= now.value <= now.high
    assert now.method == "flat"


def test_nowcast_low_never_below_part_value() -> None:
    now = nowcast(1.5e6, flat_share(1, 10))  # share band reaches 1.0
    assert now.low == 1.5e6
    assert now.high == pytest.approx(1.5e6 / (10 / 12 * 0.5))


def test_nowcast_bounded_part_above() -> None:
    now = nowcast(Bounded.from_comparator(">", 100.0), flat_share(1, 3))
    assert now.value == pytest.approx(400.0)
    assert now.low == pytest.approx(100 / 0.375)
    assert now.high == math.inf


def test_nowcast_zero_part() -> None:
    assert nowcast(0.0, flat_share(1, 3)).value == 0.0


@pytest.mark.parametrize("part", [-1.0, math.nan])
def test_nowcast_negative_or_nan_part(part: float) -> None:
    with pytest.raises(ValueError):
        nowcast(part, flat_share(1, 3))


def test_nowcast_stated_value_outside_bounds() -> None:
    with pytest.raises(ValueError, match="outside"):
        nowcast(Bounded(10.0, 20.0, "~", 50.0), flat_share(1, 3))


@settings(max_examples=200, deadline=None)
@given(
    part=st.floats(0.0, 1e12),
    widen=st.floats(1.0, 3.0),
    a=st.integers(1, 12),
    length=st.integers(0, 11),
    history=st.lists(st.floats(0.01, 0.99), max_size=6),
)
def test_nowcast_interval_contains_point(
    part: float, widen: float, a: int, length: int, history: list[float]
) -> None:
    b = min(a + length, 12)
    years = list(range(2000, 2000 + len(history)))
    est = window_share(
        (a, b),
        ShareHistory(
            annual=pd.Series(100.0, index=pd.Index(years, dtype="int64")),
            part_year=pd.DataFrame(
                {
                    "year": years,
                    "start_month": a,
                    "end_month": b,
                    "value": [100 * h for h in history],
                }
            ),
        ),
    )
    assert 0 < est.low <= est.share <= est.high <= 1
    for value in (part, Bounded(part, part * widen, "~", part)):
        now = nowcast(value, est)
        assert now.low <= now.value <= now.high
        assert now.low >= part


def test_window_share_flat_fallback_still_lists_skipped_years() -> None:
    history = ShareHistory(
        annual=pd.Series({2021: 0.0}),
        part_year=pd.DataFrame(
            {"year": [2021], "start_month": [1], "end_month": [3], "value": [5]}
        ),
    )
    est = window_share((1, 3), history)
    assert est.method == "flat"
    assert [y for y, _ in est.skipped] == [2021]


def test_window_share_near_zero_shares_do_not_overflow() -> None:
    history = ShareHistory(
        annual=pd.Series({2021: 1e300, 2022: 1e300}),
        part_year=pd.DataFrame(
            {"year": [2021, 2022], "start_month": 1, "end_month": 1, "value": [1e-300, 1.0]}
        ),
    )
    est = window_share((1, 1), history)
    assert 0 < est.low <= est.share <= est.high <= 1
