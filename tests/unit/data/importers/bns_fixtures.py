"""Tiny workbooks in the BNS "foreign trade by country" layout, written with openpyxl.

An ``.xls`` (Excel 97) cannot be written with the project's libraries, so the fixtures
are ``.xlsx`` with the same layout, row for row; the real ``.xls`` is read in the
``shared`` tests. ``group_rows_blank_cells.xlsx`` was written by :func:`write_table` with
:data:`ROWS`.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = ["Наименование", "Товарооборот", "", "Экспорт", "", "Импорт", ""]
LABELS = ["", "всего", "удельный вес, %", "всего", "удельный вес, %", "всего", "удельный вес, %"]
UNIT = "тыс. долларов США"
# name, turnover, export, import (thousand USD; None: a blank cell). Shares are left out
# of the tuples and written as a fixed 1.0: the importer never reads them.
ROWS: dict[str, list[tuple[str, float | None, float | None, float | None]]] = {
    "2022": [
        ("Всего", 1000.5, 600.25, 400.25),
        ("Страны СНГ", 700.125, 500.0, 200.125),
        ("Туркменистан", 438.69085, 340.35299, 98.33786),
        ("  Страны вне ЕС", 10.0, 4.0, 6.0),  # indented, as the Bureau writes it
        ("Босния и герцеговина", 2.0, 2.0, 0.0),  # another case; a stated zero
        ("Токелау", 3.72, None, 3.72),  # import only: the export cell is blank
    ],
    "2023": [
        ("Всего", 2000.0, 1200.0, 800.0),
        ("Туркменистан", 562.94901577, 396.83117172, 166.11784405),
    ],
}


def write_table(
    path: Path,
    rows: dict[str, list[tuple[str, object, object, object]]] | None = None,
    *,
    unit: str = UNIT,
    header: list[str] | None = None,
    year_label: str = "{sheet} год",
    cover: bool = True,
) -> Path:
    """A workbook in the BNS layout: a cover, then one sheet per year of ``rows``."""
    wb = Workbook()
    wb.remove(wb.active)
    if cover:
        ws = wb.create_sheet("Обложка")
        ws["A7"] = "Дата опубликования: 25.07.2024"
        ws["A11"] = "Основные показатели внешней торговли Республики Казахстан"
    for sheet, data in (ROWS if rows is None else rows).items():
        ws = wb.create_sheet(sheet)
        ws["A1"] = " Основные показатели внешней торговли Республики Казахстан"
        ws["A2"] = year_label.format(sheet=sheet)
        ws["E3"] = unit
        for c, text in enumerate(header or HEADER, start=1):
            ws.cell(row=4, column=c, value=text or None)
        for c, text in enumerate(LABELS, start=1):
            ws.cell(row=5, column=c, value=text or None)
        for r, (name, total, export, import_) in enumerate(data, start=6):
            ws.cell(row=r, column=1, value=name or None)
            for c, v in ((2, total), (4, export), (6, import_)):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
                    ws.cell(row=r, column=c + 1, value=1.0)
    wb.save(path)
    return path
