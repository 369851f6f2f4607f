"""Month and window arithmetic on ordinals: parsing once, integer arithmetic after."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import periods


def test_a_month_is_its_pandas_period_ordinal():
    for text in ("1970-01", "2019-12", "2024-03", "2060-07"):
        assert periods.month(text) == pd.Period(text, freq="M").ordinal
        assert periods.text(periods.month(text)) == text
        assert periods.period(periods.month(text)) == pd.Period(text, freq="M")


@pytest.mark.parametrize("bad", ["2024-13", "2024-00", "2024-3", "24-03", "2024/03", "", "nan"])
def test_anything_else_is_refused(bad):
    with pytest.raises(ValueError, match="not a month in YYYY-MM form"):
        periods.month(bad)


def test_windows():
    q1 = periods.window("2024-01", "2024-03")
    assert (q1.months, q1.quarter, q1.is_year, q1.within_year) == (3, 1, False, True)
    assert periods.window("2024-02", "2024-04").quarter is None
    year = periods.window("2023-01", "2023-12")
    assert year.is_year and year == periods.Window.of_year(2023)
    five = periods.window("2019-01", "2023-12")
    assert (
        five.whole_years
        and not five.is_year
        and (five.first_year, five.last_year)
        == (
            2019,
            2023,
        )
    )
    across = periods.window("2023-11", "2024-02")
    assert across.months == 4 and not across.within_year
    assert q1.years_back() == periods.window("2023-01", "2023-03")
    with pytest.raises(ValueError, match="before it starts"):
        periods.window("2024-03", "2024-01")


def test_shifts_cross_year_ends():
    assert periods.years_back("2024-03") == "2023-03"
    assert periods.years_back("2024-03", 5) == "2019-03"
    assert periods.next_month("2020-07") == "2020-08"
    assert periods.next_month("2020-12") == "2021-01"
    assert periods.year_window(2023) == ("2023-01", "2023-12")
    assert periods.year_of("2024-03") == 2024


def test_columns_parse_each_distinct_value_once():
    column = pd.Series(["2024-03", "2023-12", "2024-03"], dtype="category")
    assert periods.years(column).tolist() == [2024, 2023, 2024]
    assert periods.months_of_year(column).tolist() == [3, 12, 3]
    starts = pd.Series(["2023-01", "2023-01", "2023-11"])
    ends = pd.Series(["2023-12", "2023-06", "2024-02"])
    assert periods.full_years(starts, ends).tolist() == [True, False, False]
    assert periods.same_year(starts, ends).tolist() == [True, True, False]
    assert periods.months(pd.Series([], dtype=str)).tolist() == []
    with pytest.raises(ValueError, match="missing"):
        periods.months(pd.Series(["2024-01", None]))


@pytest.mark.parametrize(
    ("text", "year"),
    [("2022-05-14", 2022), ("2022-05", 2022), ("2022", 2022), ("1999-12-31T08:00", 1999)],
)
def test_the_year_of_a_date_text(text, year):
    assert periods.year_of_date(text) == year


@pytest.mark.parametrize("bad", ["", "22-05", "May 2022", "20224"])
def test_a_date_text_without_a_year_is_refused(bad):
    with pytest.raises(ValueError, match="not a date"):
        periods.year_of_date(bad)
