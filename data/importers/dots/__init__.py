"""IMF Direction of Trade Statistics workbooks (``DOTS_<n>.xlsx``), annual.

Layout, per sheet (``Exports, FOB`` and ``Imports, CIF``): the title in B2, the
reporting economy in B4, the unit in B5 (``US Dollars, Millions``), years as text or
numbers in row 7 from column C, then one row per partner (name in column B).

Quirks handled, each on purpose:
* ``'2,785.93 e'``: text with thousands separators and an ``e`` suffix, the IMF's own
  estimate → ``kind=estimated``.
* aggregate partner rows (World, regions, "not specified") are kept with an aggregate
  code and ``partner_aggregate=True``; they are never summed with countries.
* IMF names resolve through ``data.countries``; an unknown name is an error naming the
  workbook, sheet, row and column, never a silent drop.
* Economies that do not report to the IMF: their workbook's figures from the year named
  in :data:`MIRROR_FROM` on are the partners' records (×1.06 CIF/FOB) → ``kind=mirror``.

Speed: a world import is 235 workbooks of ~5 million cells, so a sheet becomes a few
numpy arrays (one entry per filled cell) and the workbook one Arrow table with dictionary
columns; no frame of Python strings is built, and the store validates the dictionaries.
"""

from __future__ import annotations

from data.importers.dots.cells import FIRST_ROW, KINDS, MIRROR_FROM, NEGATIVE_NOTE, SHEETS, UNIT
from data.importers.dots.table import FORMAT, load, tidy
from data.importers.dots.workbook import Rows, column_letter, read

__all__ = [
    "FIRST_ROW",
    "FORMAT",
    "KINDS",
    "MIRROR_FROM",
    "NEGATIVE_NOTE",
    "SHEETS",
    "UNIT",
    "Rows",
    "column_letter",
    "load",
    "read",
    "tidy",
]
