"""The press-figures layout: meaning survives import; bad rows are located exactly."""

from __future__ import annotations

import pytest

from data import importers
from data.importers import press
from data.schema import ValidationError
from tests.conftest import FIXTURES

PRESS = FIXTURES / "press"


def through_import(path):
    """The press importer, then the one validation an import runs (``data.store.merge``).

    The importer is called by name: a file missing a column the format is recognised by
    would not be detected as press at all."""
    importers.validate([press.load(path)])


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
        ("duplicate_key.csv", 3, "value", "repeats the figure of row 2"),  # a column it has
        ("negative_value.csv", 2, "value", "negative"),
        ("unknown_name.csv", 2, "partner_iso3", "Atlantis"),
        ("month_13.csv", 2, "period_end", "not a month"),
        ("non_numeric_value.csv", 2, "value", "five hundred"),
        ("wrong_header.csv", None, "comparator", "missing"),
    ],
)
def test_bad_rows_name_file_row_and_column(fixture, row, column, words):
    with pytest.raises(ValidationError) as err:
        through_import(PRESS / fixture)
    e = err.value
    assert (e.file, e.row, e.column) == (fixture, row, column)
    assert words in str(e)


def test_products_shares_and_the_new_series_keep_their_meaning():
    f = press.load(PRESS / "products_and_shares.csv").frame.set_index("ref")
    assert (f.loc["y001", "commodity"], f.loc["y001", "share_of"]) == ("TOTAL", "")
    assert f.loc["y002", "commodity"] == "HS01-24" and f.loc["y002", "value"] == 70e6
    share = f.loc["y003"]
    assert (share["measure"], share["share_of"], share["comparator"], share["value"]) == (
        "share_pct",
        "pair_flow",
        ">",
        30.0,
    )
    assert share["unit"] == "percent"
    assert (f.loc["y004", "series"], f.loc["y004", "commodity"]) == ("trade_quantity", "1001")
    assert f.loc["y005", "series"] == "transit_rail_via_kaz_to_tkm"
    assert f.loc["y006", "commodity"] == "TOTAL"  # a blank commodity is all goods


def test_the_older_layout_without_the_two_columns_is_all_goods_and_no_shares():
    f = press.load(PRESS / "valid.csv").frame
    assert set(f["commodity"]) == {"TOTAL"} and set(f["share_of"]) == {""}


@pytest.mark.parametrize(
    ("fixture", "column", "words"),
    [
        ("share_without_share_of.csv", "share_of", "what it is a share of"),
        ("share_over_100.csv", "value", "from 0 to 100"),
        ("share_of_on_a_level.csv", "share_of", "not share_pct"),
    ],
)
def test_a_share_names_its_whole_and_stays_a_percentage(fixture, column, words):
    with pytest.raises(ValidationError) as err:
        through_import(PRESS / fixture)
    assert (err.value.file, err.value.row, err.value.column) == (fixture, 2, column)
    assert words in str(err.value)
