"""The importers' contract (``data.importers.base``): one Arrow table type, rows and
columns of the file kept for messages, rows left out counted with their values."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from data import importers, schema
from data.importers import dots, press
from data.importers.base import CELL, Parsed, skipped
from tests.unit.data.dots_fixtures import both, write_workbook

# One valid file of every format, each read through the public entry point.
EVERY_FORMAT = [
    ("press", "valid.csv", None),
    ("press", "products_and_shares.csv", None),
    ("comtrade", "world_partner.csv", None),
    ("comtrade", "bulk.tsv.gz", None),
    ("comtrade_api", "mot_breakdown.json", None),
    ("imts", "unit_mult.csv", None),
    ("wits", "thousands_scale.csv", None),
    ("sdmx", "imts_sdmxml30_scale_display.xml", None),
    ("sdmx", "wits_sdmxjson_thousands.json", None),
    ("long", "national_stats.csv", None),
    ("stat_uz", "wide_m49_three_languages.csv", importers.Named("UZB", "import")),
]


def in_stored_layout(table: pa.Table) -> bool:
    """The stored schema's columns, in order, of types that cast to it (dictionary indices
    may be narrower)."""
    return (
        isinstance(table, pa.Table)
        and table.column_names == list(schema.COLUMNS)
        and table.cast(schema.ARROW_SCHEMA).schema.equals(schema.ARROW_SCHEMA)
        and all(
            pa.types.is_dictionary(table.schema.field(f.name).type)
            for f in schema.ARROW_SCHEMA
            if pa.types.is_dictionary(f.type)
        )
    )


@pytest.mark.parametrize(("folder", "name", "named"), EVERY_FORMAT)
def test_every_format_returns_one_arrow_table_in_the_stored_schema(
    fixtures: Path, folder: str, name: str, named: importers.Named | None
) -> None:
    p = importers.load(fixtures / folder / name, named)
    assert in_stored_layout(p.observations)
    assert len(p.observations) == len(p.row_of) > 0
    # every column an error could name is one the file has, or a cell (DOTS)
    header = (fixtures / folder / name).read_bytes()[:65_536]
    for column in schema.COLUMNS:
        _, named_column = p.where(0, column)
        assert (
            named_column is None
            or named_column.lower().encode() in header.lower()
            or (name.endswith(".gz"))
        ), (name, column, named_column)


def test_a_workbook_is_a_table_too_and_its_errors_name_the_cell(tmp_path: Path) -> None:
    rows = both([["Turkmenistan", 1.5, 2.5, None], ["Russian Federation", 3.0, None, 4.0]])
    p = dots.load(write_workbook(tmp_path / "two.xlsx", rows))
    assert in_stored_layout(p.observations)
    assert p.columns["value"] == CELL
    ref = str(schema.value_at(p.observations, "ref", 0))  # "Exports, FOB!C8"
    row, column = p.where(0, "value")
    assert ref.endswith(f"{column}{row}")
    pairs, years = p.coverage
    assert pairs == {("KAZ", "TKM"), ("KAZ", "RUS")}
    assert years == (2018, 2019, 2020)  # Russia's 2020 cell, though Turkmenistan has none


def test_nothing_covered_by_an_empty_import(fixtures: Path) -> None:
    p = press.load(fixtures / "press" / "valid.csv")
    q = replace(p, observations=schema.empty_table(), row_of=[])
    assert q.coverage == (frozenset(), ())
    assert q.summary()["years"] == "" and q.summary()["observations"] == 0


def test_press_errors_name_the_files_own_columns(fixtures: Path) -> None:
    p = press.load(fixtures / "press" / "valid.csv")
    assert p.where(0, "reporter") == (2, "reporter_iso3")
    assert p.where(3, "value") == (5, "value")
    assert p.where(0, "source_id") == (2, "publisher")  # the file has no source_id


def test_a_missing_cell_stays_missing_until_validation_names_it() -> None:
    frame = schema.from_arrow(schema.empty_table()).astype(object)
    row = {c: "x" for c in schema.COLUMNS} | {"value": 1.0, "partner_aggregate": False}
    frame = pd.DataFrame([row | {"flow": None}])
    table = schema.to_arrow(frame)
    assert table.column("flow").null_count == 1  # not the text "None"
    issues = schema.find_issues(table)
    assert any(i.column == "flow" and "missing" in i.message for i in issues)


def test_skipped_rows_are_counted_with_their_values() -> None:
    flows = pd.Series(["Transit", "Export", "Transit", "Other", "A", "B"])
    mask = np.array([True, False, True, True, True, True])
    assert skipped("with an unknown trade flow", mask, flows) == (
        "5 row(s) with an unknown trade flow ('Transit', 'Other', 'A', and 1 more) skipped"
    )
    assert skipped("without a value", np.zeros(3, dtype=bool)) == ""


def test_parsed_frame_is_the_table_as_pandas(fixtures: Path) -> None:
    p = press.load(fixtures / "press" / "valid.csv")
    assert isinstance(p, Parsed) and len(p.frame) == len(p.observations) == 4
    assert list(p.frame.columns) == list(schema.COLUMNS)
