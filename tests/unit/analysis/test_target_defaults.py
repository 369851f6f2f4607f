"""A scenario's default base year and history, and what is said when a series has none."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.history import default_base_year, default_history, held_years
from analysis.target import TargetParams, evaluate_target


def series(values: dict[int, float]) -> pd.Series:
    return pd.Series(values, dtype="float64").rename_axis("year")


GAP = series({1998: 1.0, 2016: 2.0, 2018: 3.0, 2019: 3.5, 2020: 4.0, 2022: 5.0})


def test_the_default_base_has_the_year_before_it_so_a_history_ends_there():
    assert default_base_year(GAP) == 2020  # 2022 follows a gap
    assert default_history(GAP, 2020) == (2018, 2020)
    assert default_base_year(series({2019: 1.0, 2021: 2.0})) == 2021  # no two in a row
    assert default_base_year(series({2020: 1.0, 2021: 2.0, 2022: float("nan")})) == 2021
    with pytest.raises(ValueError, match="no annual values"):
        default_base_year(series({}))


def test_held_years_are_listed_in_runs():
    assert held_years(GAP) == "the series has yearly values for 1998, 2016, 2018–2020, 2022"
    assert held_years(series({})) == "the series has no yearly value"


def test_a_base_or_history_the_series_cannot_give_names_the_years_it_has():
    with pytest.raises(ValueError, match=r"no value for 2021: .* \(the series has yearly values "
                       r"for 1998, 2016, 2018–2020, 2022\)"):  # fmt: skip
        default_history(GAP, 2022)
    params = TargetParams(target_value=10.0, target_year=2030, base_year=2023, n_paths=100)
    with pytest.raises(ValueError, match=r"base year 2023: the series has yearly values for 1998"):
        evaluate_target(GAP, params)


def test_a_series_with_no_two_years_in_a_row_says_so():
    params = TargetParams(
        target_value=10.0, target_year=2030, base_year=2017, history=(2013, 2017), n_paths=100
    )
    with pytest.raises(ValueError, match=r"^no growth to start from: the series has yearly "
                       r"values for 2011, 2014, 2017, no two years in a row$"):  # fmt: skip
        evaluate_target(series({2011: 1.0, 2014: 2.0, 2017: 3.0}), params)
