"""The wording of numbers, units, comparators and periods, pinned case by case.

Each table row is one reading an analyst sees somewhere (a card, a hover, a claim note, a
CLI table): change a form here and every page changes with it.
"""

from __future__ import annotations

import math

import pytest

from analysis.wording import (
    amount,
    base_from_growth,
    count,
    difference,
    figure,
    period,
    probability,
    rate,
    span,
    stated,
)

# (value, unit, comparator, (period_start, period_end)) → text
FIGURES = [
    (563e6, "USD", "=", ("2023-01", "2023-12"), "2023: $563M"),
    (105e6, "USD", "=", ("2024-01", "2024-03"), "Q1 2024: $105M"),
    (100e6, "USD", ">", ("2024-01", "2024-03"), "Q1 2024: above $100M"),
    (500e6, "USD", ">", ("2024-01", "2024-12"), "2024: above $500M"),
    (1e9, "USD", "=", ("2028-01", "2028-12"), "2028: $1B"),
    (439.84375e6, "USD", "=", ("2022-01", "2022-12"), "2022: $439.8M"),
    (237.2e6, "USD", "~", ("2024-01", "2024-06"), "Jan–Jun 2024: about $237.2M"),
    (1.3e6, "t", "=", ("2023-01", "2023-12"), "2023: 1.30 Mt"),
    (272_960, "t", "=", ("2020-01", "2020-03"), "Q1 2020: 272,960 t"),
    (1.5e6, "t", "~", ("2025-01", "2025-09"), "Jan–Sep 2025: about 1.50 Mt"),
    (15e6, "t", "<", ("2027-01", "2027-12"), "2027: below 15 Mt"),
    (28.0, "percent", "=", ("2023-01", "2023-12"), "2023: 28.0%"),
    (4.0, "ratio", "~", ("2019-01", "2023-12"), "2019–2023: about 4.00×"),
    (3.86, "ratio", "=", ("2019-01", "2023-12"), "2019–2023: 3.86×"),
    (-40e6, "USD", "=", ("2022-01", "2022-12"), "2022: −$40M"),
    (167.8e6, "USD", "=", ("2024-03", "2024-03"), "Mar 2024: $167.8M"),
    (90e6, "USD", "=", ("2023-11", "2024-02"), "Nov 2023–Feb 2024: $90M"),
]


@pytest.mark.parametrize(("value", "unit", "comparator", "window", "text"), FIGURES)
def test_figure_reads_one_way(value, unit, comparator, window, text):
    assert figure(value, unit, comparator, *window) == text


# Amounts by magnitude: one rule per unit, the same on every page.
AMOUNTS = [
    (1e9, "USD", "$1B"),
    (1.25e9, "USD", "$1.25B"),
    (1.5e9, "USD", "$1.50B"),
    (999.96e6, "USD", "$1B"),  # rounds up into the next unit, never "$1,000M"
    (563e6, "USD", "$563M"),
    (439.84375e6, "USD", "$439.8M"),
    (25_300, "USD", "$25.3K"),
    (512, "USD", "$512"),
    (0.0, "USD", "$0"),
    (1.3e6, "t", "1.30 Mt"),
    (1.0833e6, "t", "1.083 Mt"),
    (1.245e6, "t", "1.245 Mt"),  # a stated 1.245 Mt is never rounded to 1.25
    (1.2e9, "USD", "$1.20B"),
    (15e6, "t", "15 Mt"),
    (999_996, "t", "1 Mt"),
    (272_960, "t", "272,960 t"),
    (28.0, "percent", "28.0%"),
    (0.0, "percent", "0.0%"),
    (3.86, "ratio", "3.86×"),
    (math.inf, "USD", "unbounded"),
    (None, "USD", ""),
    (math.nan, "t", ""),
]


@pytest.mark.parametrize(("value", "unit", "text"), AMOUNTS)
def test_amount_by_magnitude(value, unit, text):
    assert amount(value, unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (28.0, "percent", "+28.0%"),
        (-5.04, "percent", "−5.0%"),
        (-0.04, "percent", "0.0%"),  # rounds to zero: no sign
        (-63e6, "USD", "−$63M"),
        (0.22e6, "t", "+220,000 t"),
    ],
)
def test_signed_amounts_use_the_minus_sign(value, unit, text):
    assert amount(value, unit, signed=True) == text


def test_differences_of_percentages_are_points():
    assert difference(2.04, "percent") == "+2.0 pp"
    assert difference(-1.0, "percent") == "−1.0 pp"
    assert difference(0.0, "USD") == "$0"
    assert difference(None, "USD") == ""


@pytest.mark.parametrize(
    ("comparator", "text"),
    [("=", "$100M"), ("~", "about $100M"), (">", "above $100M"), ("<", "below $100M")],
)
def test_comparators_are_one_word_each(comparator, text):
    assert stated(100e6, "USD", comparator) == text


@pytest.mark.parametrize(
    ("start", "end", "text", "without_year"),
    [
        ("2023-01", "2023-12", "2023", "full year"),
        ("2019-01", "2023-12", "2019–2023", "2019–2023"),
        ("2024-01", "2024-03", "Q1 2024", "Q1"),
        ("2024-04", "2024-06", "Q2 2024", "Q2"),
        ("2024-02", "2024-04", "Feb–Apr 2024", "Feb–Apr"),
        ("2025-01", "2025-09", "Jan–Sep 2025", "Jan–Sep"),
        ("2024-05", "2024-05", "May 2024", "May"),
        ("2023-11", "2024-02", "Nov 2023–Feb 2024", "Nov 2023–Feb 2024"),
    ],
)
def test_period(start, end, text, without_year):
    assert period(start, end) == text
    assert period(start, end, with_year=False) == without_year


def test_period_refuses_what_is_not_a_window():
    with pytest.raises(ValueError, match="not a month"):
        period("2024-13", "2024-12")
    with pytest.raises(ValueError, match="before it starts"):
        period("2024-06", "2024-01")


def test_rates_probabilities_counts_spans():
    assert rate(0.122) == "12.2%"
    assert rate(0.28, signed=True) == "+28.0%"
    assert probability(0.734) == "73%"
    assert count(1, "pair") == "1 pair" and count(816, "pair") == "816 pairs"
    assert span(556.9e6, 569.1e6, "USD") == "$556.9M–$569.1M"
    assert span(100e6, math.inf, "USD") == "above $100M"
    assert span(-math.inf, 6e6, "t") == "below 6 Mt"
    assert span(20.0, 24.0, "percent", signed=True) == "+20.0%–+24.0%"
    assert span(563e6, 563e6, "USD") == "$563M"
    assert span(950_000, 1.05e6, "t") == "0.95 Mt–1.05 Mt"  # one scale for both ends


def test_base_from_growth():
    assert base_from_growth(563e6, "USD", 28.0) == "$563M / (1 + 28.0%)"
    assert base_from_growth(1.3e6, "t", -5.0) == "1.30 Mt / (1 − 5.0%)"


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [(2019, 2023, "2019–2023"), (2023, 2023, "2023"), (1999, 2000, "1999–2000")],
)
def test_a_window_of_years_reads_as_a_period(start, end, text):
    """Year windows (growth, multiples, the scenario pace) read as periods do: 2019–2023."""
    from analysis.wording import years

    assert years(start, end) == text == period(f"{start}-01", f"{end}-12")
