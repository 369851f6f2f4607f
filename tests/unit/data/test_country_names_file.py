"""The IMF country-name table is data (``data/codes/imf_country_names.csv``), checked as owid/etl
checks its ``*.countries.json``: every row is used by the workbooks it serves, and a bad row
is refused with its file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import countries


def table_names() -> list[str]:
    return [*countries._AGGREGATES, *countries._HISTORICAL, *countries._EXPLICIT]


def dots_names(shared: Path) -> set[str]:
    """Every reporter (B4) and partner name (column B from row 8) of every DOTS workbook."""
    names: set[str] = set()
    for wb in sorted((shared / "imf-dots").glob("DOTS_*.xlsx")):
        for grid in pd.read_excel(wb, sheet_name=None, header=None, engine="calamine").values():
            names.update(str(n).strip() for n in grid.iloc[7:, 1].dropna())
            names.add(str(grid.iloc[3, 1]).strip())
    return names


@pytest.mark.shared
def test_every_row_of_the_name_table_is_used_by_the_dots_workbooks(shared) -> None:
    seen = dots_names(shared)
    assert len(seen) > 200  # the workbooks were read, not an empty glob
    unused = [n for n in table_names() if n not in seen]
    assert unused == [], f"rows no DOTS workbook uses (remove them or say who needs them): {unused}"


def test_the_table_is_loaded_once_with_every_kind() -> None:
    assert countries._AGGREGATES["World"] == "WLD"
    assert countries._HISTORICAL["USSR"] == ("SUN", "USSR")
    assert countries._EXPLICIT["China, P.R.: Mainland"] == "CHN"
    assert len(table_names()) == len(set(table_names()))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Atlantis,ATL,island,,\n", "row 2, column kind"),
        ("World,WLD,aggregate,,\n,XXX,iso,,\n", "row 3, column name: empty"),
        ("Atlantis,,iso,,\n", "row 2, column code: empty"),
        ("World,WLD,aggregate,,\nWorld,WLD,iso,,\n", "row 3, column name: 'World' listed twice"),
    ],
    ids=["unknown_kind", "empty_name", "empty_code", "name_twice"],
)
def test_a_bad_row_is_refused_naming_file_row_and_column(tmp_path, rows, message) -> None:
    path = tmp_path / "imf_country_names.csv"
    path.write_text("name,code,kind,label,note\n" + rows, encoding="utf-8")
    with pytest.raises(ValueError, match=f"imf_country_names.csv, {message}"):
        countries._load_names(path)
