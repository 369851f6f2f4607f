"""The press-figures layout: meaning survives import; bad rows are located exactly."""

from __future__ import annotations

import pytest

from data.importers import press
from data.schema import ValidationError
from tests.conftest import FIXTURES

PRESS = FIXTURES / "press"


def test_bounds_growth_and_part_year_keep_their_meaning():
    f = press.load(PRESS / "valid.csv").frame.set_index("ref")
    assert f.loc["x001", "value"] == pytest.approx(563e6) and f.loc["x001", "unit"] == "USD"
    assert (f.loc["x002", "comparator"], f.loc["x002", "period_end"]) == (">", "2024-03")
    assert f.loc["x003", "measure"] == "growth_pct_yoy" and f.loc["x003", "value"] == 28
    assert f.loc["x004", "value"] == pytest.approx(1.3e6) and f.loc["x004", "unit"] == "t"


def test_one_source_per_publication():
    parsed = press.load(PRESS / "valid.csv")
    assert len(parsed.sources) == 2
    ids = parsed.frame.set_index("ref")["source_id"]
    assert ids["x001"] == ids["x002"] == ids["x003"] != ids["x004"]


@pytest.mark.parametrize(
    ("fixture", "row", "column", "words"),
    [
        ("duplicate_key.csv", 3, "source_id", "same figure"),
        ("negative_value.csv", 2, "value", "negative"),
        ("unknown_name.csv", 2, "partner_iso3", "Atlantis"),
        ("month_13.csv", 2, "period_end", "not a month"),
        ("non_numeric_value.csv", 2, "value", "five hundred"),
        ("wrong_header.csv", None, "comparator", "missing"),
    ],
)
def test_bad_rows_name_file_row_and_column(fixture, row, column, words):
    with pytest.raises(ValidationError) as err:
        press.load(PRESS / fixture)
    e = err.value
    assert (e.file, e.row, e.column) == (fixture, row, column)
    assert words in str(e)
