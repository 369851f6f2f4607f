"""Tiny DOTS-shaped workbooks, written with openpyxl, one per edge case."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

YEARS = ["2018", "2019", 2020.0]


def write_workbook(
    path: Path,
    rows: dict[str, list[list[object]]],
    *,
    reporter: str = "Kazakhstan, Rep. of",
    unit: str = "US Dollars, Millions",
    years: list[object] | None = None,
) -> Path:
    """A workbook in the DOTS layout; ``rows`` maps sheet name to partner rows."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, partner_rows in rows.items():
        ws = wb.create_sheet(sheet)
        ws["B2"] = sheet + " to Partner Countries"
        ws["B4"] = reporter
        ws["B5"] = unit
        for i, y in enumerate(years or YEARS):
            ws.cell(row=7, column=3 + i, value=y)
        for r, row in enumerate(partner_rows):
            for c, v in enumerate(row):
                ws.cell(row=8 + r, column=2 + c, value=v)
    wb.save(path)
    return path


def both(rows: list[list[object]]) -> dict[str, list[list[object]]]:
    return {"Exports, FOB": rows, "Imports, CIF": rows}
