"""Amounts typed by people: every accepted spelling, and every refusal with its reason."""

from __future__ import annotations

import pytest

from analysis.amounts import AmountError, grouped, parse_amount, plain

ACCEPTED = [
    # text, unit, value in base units
    ("1e9", "USD", 1e9),
    ("1E9", "USD", 1e9),
    ("1 bn", "USD", 1e9),
    ("1bn", "USD", 1e9),
    ("1 billion", "USD", 1e9),
    ("1B", "USD", 1e9),
    ("1,000,000,000", "USD", 1e9),
    ("1 000 000 000", "USD", 1e9),
    ("1000M", "USD", 1e9),
    ("1000 mn", "USD", 1e9),
    ("563 million", "USD", 563e6),
    ("1000000000", "USD", 1e9),
    ("1000000000.0", "USD", 1e9),  # an old URL's numeric form
    ("2.5e9", "USD", 2.5e9),
    ("+1e9", "USD", 1e9),
    ("$1.5B", "USD", 1.5e9),
    ("1 bn USD", "USD", 1e9),
    ("US$ 2 billion", "USD", 2e9),
    (".5bn", "USD", 0.5e9),
    ("1,000.5", "USD", 1000.5),
    ("250k", "USD", 250e3),
    ("1 tn", "USD", 1e12),
    ("15 Mt", "t", 15e6),
    ("15,000,000 t", "t", 15e6),
    ("20 mn tonnes", "t", 20e6),
    ("1.3e6", "t", 1.3e6),
]

REFUSED = [
    # text, unit, words the reason must contain
    ("", "USD", "empty"),
    ("   ", "USD", "empty"),
    ("abc", "USD", "not a number"),
    ("1,5", "USD", "commas group thousands"),
    ("1,00,000", "USD", "commas group thousands"),
    ("1 5", "USD", "space between digits"),
    ("1..5", "USD", "not a number"),
    ("1e9.5", "USD", "not a number"),
    ("1 gazillion", "USD", "'gazillion' is not a scale"),
    ("1e", "USD", "'e' is not a scale"),
    ("-5", "USD", "negative"),
    ("-1e9", "USD", "negative"),
    ("0", "USD", "zero"),
    ("0 bn", "USD", "zero"),
    ("1e400", "USD", "too large"),
    ("2e15", "USD", "too large"),
    ("$1bn t", "t", "not"),
]


@pytest.mark.parametrize(("text", "unit", "value"), ACCEPTED)
def test_accepted_spellings(text, unit, value):
    assert parse_amount(text, unit) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(("text", "unit", "reason"), REFUSED)
def test_refusals_say_why(text, unit, reason):
    with pytest.raises(AmountError, match=reason):
        parse_amount(text, unit)


def test_a_refusal_is_a_value_error_for_callers_that_catch_those():
    with pytest.raises(ValueError):
        parse_amount("1,5")


@pytest.mark.parametrize(
    ("value", "numeric", "separated"),
    [
        (1e9, "1000000000", "1,000,000,000"),
        (15e6, "15000000", "15,000,000"),
        (1000.5, "1000.5", "1,000.5"),
    ],
)
def test_numeric_and_grouped_forms_read_back(value, numeric, separated):
    assert plain(value) == numeric and grouped(value) == separated
    assert parse_amount(numeric) == parse_amount(separated) == value
