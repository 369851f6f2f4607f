"""capacity: rail utilisation, growth for capacity targets, when the line fills."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.capacity import (
    CapacityTarget,
    capacity_plan,
    capacity_reached,
    target_requirements,
    utilisation,
)
from analysis.errors import GrowthUndefined, MissingYears

LINE_T = 6e6  # Beineu–border line capacity, tonnes a year
FREIGHT = pd.Series({2023: 1.3e6, 2024: 1.6e6})
TARGETS = [CapacityTarget(15e6, 2027), CapacityTarget(20e6, 2030)]


def test_utilisation_2024() -> None:
    assert utilisation(1.6e6, LINE_T) == pytest.approx(0.2667, abs=5e-5)


def test_utilisation_over_capacity_is_above_one() -> None:
    assert utilisation(7e6, LINE_T) > 1


@pytest.mark.parametrize(("freight", "capacity"), [(1.0, 0.0), (1.0, -1.0), (-1.0, 5.0)])
def test_utilisation_bad_levels(freight: float, capacity: float) -> None:
    with pytest.raises(ValueError):
        utilisation(freight, capacity)


def test_utilisation_nan() -> None:
    with pytest.raises(ValueError, match="missing"):
        utilisation(math.nan, LINE_T)


def test_target_requirements_from_2024_freight() -> None:
    out = target_requirements(1.6e6, 2024, TARGETS).set_index("year")
    assert out.loc[2027, "multiple"] == pytest.approx(9.375)
    assert out.loc[2027, "required_growth"] == pytest.approx(1.1086, abs=5e-4)  # 9.375**(1/3)
    assert out.loc[2030, "required_growth"] == pytest.approx(0.5234, abs=5e-4)  # 12.5**(1/6)


def test_target_requirements_from_line_capacity() -> None:
    out = target_requirements(LINE_T, 2024, TARGETS).set_index("year")
    assert out.loc[2027, "required_growth"] == pytest.approx(0.3572, abs=5e-4)  # 2.5**(1/3)


def test_target_requirements_zero_base() -> None:
    with pytest.raises(GrowthUndefined):
        target_requirements(0.0, 2024, TARGETS)


def test_target_requirements_empty() -> None:
    assert target_requirements(1.6e6, 2024, []).empty


def test_capacity_reached_at_2023_2024_pace() -> None:
    reach = capacity_reached(FREIGHT, LINE_T)
    assert reach.pace == pytest.approx(0.2308, abs=5e-5)  # 1.6 / 1.3 - 1
    # 1.6 * 1.2308**n >= 6 -> n >= ln(3.75) / ln(1.2308) = 6.37 -> 7 years after 2024
    assert reach.year == 2031
    assert reach.base_year == 2024


def test_capacity_reached_already_full() -> None:
    assert capacity_reached(pd.Series({2023: 5e6, 2024: 7e6}), LINE_T).year == 2024


def test_capacity_reached_falling_freight_never() -> None:
    assert capacity_reached(pd.Series({2023: 2e6, 2024: 1.5e6}), LINE_T).year is None


def test_capacity_reached_one_year_history() -> None:
    with pytest.raises(ValueError, match="two years"):
        capacity_reached(pd.Series({2024: 1.6e6}), LINE_T)


def test_capacity_reached_missing_pace_start() -> None:
    with pytest.raises(MissingYears, match="2020"):
        capacity_reached(FREIGHT, LINE_T, pace_start_year=2020)


def test_capacity_reached_zero_capacity() -> None:
    with pytest.raises(ValueError, match="capacity"):
        capacity_reached(FREIGHT, 0.0)


def test_capacity_plan_compares_capacity_with_capacity() -> None:
    out = capacity_plan(6e6, 2025, TARGETS, freight_t=1.6e6).set_index("year")
    # (15 / 6) ** (1 / 2) - 1 and (20 / 6) ** (1 / 5) - 1: capacity growth, not freight's
    assert out.loc[2027, "capacity_growth"] == pytest.approx(2.5**0.5 - 1)
    assert out.loc[2030, "capacity_growth"] == pytest.approx((20 / 6) ** 0.2 - 1)
    assert out["multiple"].round(4).tolist() == [2.5, 3.3333]
    assert out["utilisation"].tolist() == pytest.approx([1.6 / 15, 1.6 / 20])


def test_capacity_plan_edges() -> None:
    assert capacity_plan(6e6, 2025, []).empty
    assert capacity_plan(6e6, 2025, TARGETS)["utilisation"].isna().all()
    with pytest.raises(ValueError):
        capacity_plan(6e6, 2027, TARGETS)  # a target not after the capacity's year
