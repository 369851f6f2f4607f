"""bounds: stated comparators and interval arithmetic for multiples and CAGR."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.bounds import (
    APPROX_TOLERANCE,
    Bounded,
    Interval,
    as_interval,
    cagr_interval,
    growth_interval,
    multiple_interval,
    ratio_interval,
)
from analysis.errors import GrowthUndefined
from analysis.growth import cagr


def test_above_500_after_563_is_minus_11_percent_to_unbounded() -> None:
    iv = growth_interval(563e6, Bounded.from_comparator(">", 500e6))
    assert iv.lo == pytest.approx(-0.1119, abs=5e-4)  # 500 / 563 - 1
    assert iv.hi == math.inf


def test_approximately_uses_documented_tolerance() -> None:
    b = Bounded.from_comparator("~", 100.0)
    assert APPROX_TOLERANCE == 0.05
    assert (b.interval.lo, b.interval.hi) == pytest.approx((95.0, 105.0))
    assert b.value == 100.0


def test_approximately_negative_value_keeps_order() -> None:
    iv = Bounded.from_comparator("~", -100.0).interval
    assert iv.lo < iv.hi


def test_below_has_no_lower_bound() -> None:
    b = Bounded.from_comparator("<", 7.0)
    assert b.lower is None
    assert b.interval == Interval(-math.inf, 7.0)


def test_none_bounds_read_as_infinities() -> None:
    assert Bounded(None, None).interval == Interval(-math.inf, math.inf)


def test_bounded_rejects_crossed_bounds() -> None:
    with pytest.raises(ValueError):
        Bounded(5.0, 1.0)


def test_bounded_rejects_unknown_comparator() -> None:
    with pytest.raises(ValueError, match="comparator"):
        Bounded.from_comparator(">=", 1.0)


def test_bounded_rejects_nan() -> None:
    with pytest.raises(ValueError, match="NaN"):
        Bounded.from_comparator("=", math.nan)


def test_plain_number_is_a_point() -> None:
    assert as_interval(3.0).is_point


def test_cagr_interval_exact_inputs_match_cagr() -> None:
    iv = cagr_interval(145.9e6, 563e6, 4)
    assert iv.lo == pytest.approx(0.4016, abs=5e-4)  # 3.8588 ** (1/4) - 1
    assert iv.hi == pytest.approx(iv.lo)


def test_cagr_interval_start_below_bound_is_unbounded_above() -> None:
    iv = cagr_interval(Bounded.from_comparator("<", 100.0), 200.0, 2)
    assert iv.lo == pytest.approx(math.sqrt(2.0) - 1)  # start at most 100
    assert iv.hi == math.inf  # start may be near zero


def test_cagr_interval_end_below_bound_reaches_minus_one() -> None:
    iv = cagr_interval(100.0, Bounded.from_comparator("<", 50.0), 1)
    assert iv.lo == -1.0
    assert iv.hi == pytest.approx(-0.5)


def test_cagr_interval_zero_start() -> None:
    with pytest.raises(GrowthUndefined):
        cagr_interval(0.0, 10.0, 1)


def test_cagr_interval_negative_start_level() -> None:
    with pytest.raises(ValueError):
        cagr_interval(-5.0, 10.0, 1)


def test_cagr_interval_zero_intervals() -> None:
    with pytest.raises(ValueError, match="intervals"):
        cagr_interval(1.0, 2.0, 0)


def test_multiple_interval_both_bounded() -> None:
    iv = multiple_interval(Bounded(100.0, 200.0), Bounded(400.0, 600.0))
    assert (iv.lo, iv.hi) == pytest.approx((2.0, 6.0))


def test_ratio_interval_unbounded_denominator_gives_zero_lower() -> None:
    assert ratio_interval(10.0, Bounded.from_comparator(">", 5.0)) == Interval(0.0, 2.0)


@settings(max_examples=200, deadline=None)
@given(
    s_lo=st.floats(1.0, 1e9),
    s_w=st.floats(0.0, 1e9),
    e_lo=st.floats(0.0, 1e9),
    e_w=st.floats(0.0, 1e9),
    s_t=st.floats(0.0, 1.0),
    e_t=st.floats(0.0, 1.0),
    n=st.integers(1, 20),
)
def test_cagr_interval_contains_every_point_cagr(
    s_lo: float, s_w: float, e_lo: float, e_w: float, s_t: float, e_t: float, n: int
) -> None:
    start, end = Interval(s_lo, s_lo + s_w), Interval(e_lo, e_lo + e_w)
    s, e = s_lo + s_t * s_w, e_lo + e_t * e_w
    iv = cagr_interval(start, end, n)
    point = cagr(s, e, n)
    assert iv.lo - 1e-9 <= point <= iv.hi + 1e-9
