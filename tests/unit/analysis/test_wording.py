"""The wording of numbers, units and periods."""

from __future__ import annotations

import pytest

from analysis.wording import month_window_label, period_label, short_money


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2020-01", "2020-03", "Q1 2020"),
        ("2024-04", "2024-06", "Q2 2024"),
        ("2025-01", "2025-10", "Jan–Oct 2025"),
        ("2024-01", "2024-06", "Jan–Jun 2024"),
        ("2024-05", "2024-05", "May 2024"),
    ],
)
def test_period_label(start, end, label):
    assert period_label(start, end) == label


def test_short_money():
    assert short_money(1e9) == "$1B"
    assert short_money(1.5e9) == "$1.50B"
    assert short_money(563e6) == "$563M"
    assert short_money(15e6, "t") == "15.00 Mt"


def test_month_window_label():
    assert month_window_label("2023-01", "2023-12") == "2023"
    assert month_window_label("2020-01", "2020-07") == "Jan–Jul 2020"
    assert month_window_label("2024-03", "2024-03") == "Mar 2024"
