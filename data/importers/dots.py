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

import re
import zipfile
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import schema
from data.countries import UnknownCountry, is_aggregate, resolve
from data.importers.base import CELL, Parsed
from data.importers.textio import MAX_DECOMPRESSED
from data.provenance import IMF_DOTS_ATTRIBUTION, IMF_LICENCE, Source, sha256_file

FORMAT = "imf_dots"
SHEETS = {
    "Exports, FOB": ("export", "fob"),
    "Imports, CIF": ("import", "cif"),
}
UNIT = "US Dollars, Millions"
# Turkmenistan does not report to the IMF; since 2004 DOTS fills its rows from its
# partners' records (Kazakhstan's exports × 1.06 give Turkmenistan's imports).
MIRROR_FROM = {"TKM": 2004}
NEGATIVE_NOTE = "negative as published (a correction or returned goods)"
# A number cell's text, thousands separators allowed, then the IMF's estimate flag "e".
_NUMBER_E = re.compile(r"(-?[0-9][0-9,]*(?:\.[0-9]+)?)(e)?")
# The usual cell in one match; other blanks around it go through _strip_estimate first.
_TEXT_NUMBER = re.compile(r"[ \t]*(-?[0-9][0-9,]*(?:\.[0-9]+)?)[ \t]*(e)?[ \t]*")
# A sheet as calamine gives it: rows of str, float, int, bool or date cells, "" if empty.
Rows = list[list[Any]]
# ``kind`` codes of :class:`_Cells`, in this order.
KINDS = ("reported", "estimated", "mirror")
FIRST_ROW = 8  # Excel row of the first partner


def read(path: Path) -> dict[str, Rows]:
    """Every sheet of a workbook as calamine's rows from A1, empty cells as ``""`` (I/O only).

    python-calamine directly, with absolute cell positions kept, and no NA guessing: a
    cell reading "n/a" is an error to report, not a silent gap. The rows stay Python
    lists: :func:`tidy` takes what it needs from them, cheaper than any frame built first.
    """
    from python_calamine import CalamineWorkbook

    _check_inflated_size(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        return {
            str(sheet): wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            for sheet in wb.sheet_names
        }
    except Exception as exc:  # calamine raises its own types for corrupt zips
        raise schema.ValidationError(
            f"not a readable xlsx workbook ({exc})", file=path.name
        ) from None


def _check_inflated_size(path: Path) -> None:
    """Refuse a workbook whose parts would inflate past the importers' cap (a zip bomb),
    judged from the zip's directory before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise schema.ValidationError(
            f"not a readable xlsx workbook ({exc})", file=path.name
        ) from None
    if inflated > MAX_DECOMPRESSED:
        raise schema.ValidationError(
            f"decompressed size exceeds {MAX_DECOMPRESSED // (1024 * 1024)} MB "
            f"({inflated // (1024 * 1024)} MB declared)",
            file=path.name,
        )


def column_letter(index: int) -> str:
    """0-based column index to an Excel column name (0 → A)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class _Cells:
    """One sheet's observations as arrays, one entry per filled cell, row by row."""

    sheet: str
    flow: str
    valuation: str
    reporter: str
    partners: list[str]  # distinct partner codes
    years: list[int]  # row 7, from column C
    partner: np.ndarray  # index into partners
    year: np.ndarray  # index into years (and so the column: C + year)
    row: np.ndarray  # Excel row
    value: np.ndarray  # as published (millions)
    kind: np.ndarray  # index into KINDS


def tidy(name: str, sheets: dict[str, Rows], checksum: str = "") -> Parsed:
    """Raw rows of one workbook's sheets to observations and its source (pure)."""
    missing = [s for s in SHEETS if s not in sheets]
    if missing:
        raise schema.ValidationError(f"sheet {missing[0]!r} is missing", file=name)
    stem = Path(name).stem.lower()
    # Capped so a long file name still makes a valid source id (at most 120 characters).
    source_id = f"imf-dots:{re.sub(r'[^a-z0-9_.-]', '-', stem)[:100]}"
    parts: list[_Cells] = []
    warnings: list[str] = []
    reporter_name = ""
    for sheet, (flow, valuation) in SHEETS.items():
        cells, reporter_name = _tidy_sheet(
            sheets[sheet], f"{name} [{sheet}]", sheet, flow, valuation, warnings
        )
        parts.append(cells)
    source = Source(
        source_id=source_id,
        category="international",
        publisher="International Monetary Fund",
        publisher_of_figure=IMF_DOTS_ATTRIBUTION,
        title=f"Direction of Trade Statistics: {reporter_name}, exports FOB and imports CIF "
        "by partner, annual, US dollars",
        url="https://data.imf.org/",
        published="2022",
        licence=IMF_LICENCE,
        checksum=checksum,
        file=name,
    )
    rows = np.concatenate([c.row for c in parts])
    # A figure is a cell: errors at merge name its column letter (from ``ref``).
    columns = {c: CELL for c in schema.COLUMNS}
    return Parsed(name, FORMAT, _table(parts, source_id), [source], rows, warnings, columns)


def _is_blank(value: object) -> bool:
    """An empty cell: calamine's ``""``, or a NaN."""
    return value == "" if isinstance(value, str) else bool(pd.isna(value))


def _cell(rows: Rows, r: int, c: int) -> str:
    if r >= len(rows) or c >= len(rows[r]):
        return ""
    v = rows[r][c]
    return "" if _is_blank(v) else str(v).strip()


# Resolved names, kept across sheets: every sheet names the same ~250 economies.
_CODES: dict[object, str] = {}


def _code(name: object, where: str, row: int) -> str:
    """The code of an IMF economy name in column B; unknown is an error at its row."""
    code = _CODES.get(name)
    if code is None:
        try:
            code = resolve(str(name)).code
        except UnknownCountry as exc:
            raise schema.ValidationError(str(exc), file=where, row=row, column="B") from None
        if isinstance(name, str):
            _CODES[name] = code
    return code


def _block(rows: Rows, start: int, stop: int) -> np.ndarray:
    """Columns ``start:stop`` of ``rows`` as a 2-D object array, short rows padded."""
    width = stop - start
    if rows and all(len(r) == len(rows[0]) for r in rows) and len(rows[0]) >= stop:
        return np.array(rows, dtype=object)[:, start:stop]  # calamine's rows: all one width
    block = np.full((len(rows), width), "", dtype=object)
    for i, r in enumerate(rows):
        cells = r[start:stop]
        block[i, : len(cells)] = cells
    return block


def _years(rows: Rows, where: str) -> list[int]:
    """The years of row 7 from column C, up to the first empty cell."""
    years: list[int] = []
    width = max((len(r) for r in rows), default=0)
    for c in range(2, width):
        text = _cell(rows, 6, c)
        if not text:
            break
        try:
            year = int(float(text))
        except (ValueError, OverflowError):  # OverflowError: "inf", "1e400"
            raise schema.ValidationError(
                f"{text!r} is not a year", file=where, row=7, column=column_letter(c)
            ) from None
        if not 1900 <= year <= 2100:
            raise schema.ValidationError(
                f"{year} is not a plausible year", file=where, row=7, column=column_letter(c)
            )
        if year in years:
            # Two columns for one year would give every partner the same figure twice.
            raise schema.ValidationError(
                f"{year} appears twice in row 7", file=where, row=7, column=column_letter(c)
            )
        years.append(year)
    if not years:
        raise schema.ValidationError("no years in row 7", file=where, row=7, column="C")
    return years


def _tidy_sheet(
    rows: Rows,
    where: str,
    sheet: str,
    flow: str,
    valuation: str,
    warnings: list[str],
) -> tuple[_Cells, str]:
    unit = _cell(rows, 4, 1)
    if unit != UNIT:
        raise schema.ValidationError(
            f"unit {unit!r} in B5, expected {UNIT!r}", file=where, row=5, column="B"
        )
    reporter_name = _cell(rows, 3, 1)
    reporter = _code(reporter_name, where, 4)
    years = _years(rows, where)
    # Column B (the partner's name) and one column per year, from row 8 on.
    grid = _block(rows[FIRST_ROW - 1 :], 1, 2 + len(years))
    blank = (grid == "") | pd.isna(grid)
    has_name = ~blank[:, 0]
    has_value = ~blank[:, 1:]
    # A row with no partner name and no values is layout; a value without a name is not.
    orphan = has_value.any(axis=1) & ~has_name
    if orphan.any():
        r = int(orphan.nonzero()[0][0]) + FIRST_ROW
        raise schema.ValidationError("values without a partner name", file=where, row=r, column="B")
    keep = has_name.copy()
    named = np.flatnonzero(has_name)
    codes = [_code(grid[i, 0], where, int(i) + FIRST_ROW) for i in named]
    last = {c: j for j, c in enumerate(codes)}
    for j, c in enumerate(codes):
        if last[c] == j:
            continue
        # Every DOTS sheet repeats one partner (Australia) above the alphabetical list;
        # an identical repeat is layout, a repeat with other numbers is a conflict.
        i, twin = int(named[j]), int(named[last[c]])
        if not _same_cells(grid, blank, i, twin):
            raise schema.ValidationError(
                f"partner {grid[i, 0]!r} appears again in row {twin + FIRST_ROW} with other values",
                file=where,
                row=i + FIRST_ROW,
                column="B",
            )
        keep[i] = False
        warnings.append(
            f"{where}: row {i + FIRST_ROW} repeats row {twin + FIRST_ROW} ({grid[i, 0]}); kept once"
        )
    r_idx, c_idx = np.nonzero(has_value & keep[:, None])
    excel_rows = r_idx + FIRST_ROW
    values, estimated = _parse_values(grid[r_idx, c_idx + 1], where, excel_rows, c_idx + 2)
    partners = list(last)
    slot = {c: k for k, c in enumerate(partners)}
    partner_at = np.zeros(len(grid), dtype=np.int32)
    partner_at[named] = [slot[c] for c in codes]
    kind = estimated.astype(np.int8)
    mirror_from = MIRROR_FROM.get(reporter)
    if mirror_from is not None:
        kind[np.asarray(years)[c_idx] >= mirror_from] = KINDS.index("mirror")
    negative = int((values < 0).sum())
    if negative:
        warnings.append(f"{where}: {negative} negative value(s) kept as published")
    cells = _Cells(
        sheet, flow, valuation, reporter, partners, years, partner_at[r_idx], c_idx, excel_rows,
        values, kind,
    )  # fmt: skip
    return cells, reporter_name


def _same_cells(grid: np.ndarray, blank: np.ndarray, i: int, j: int) -> bool:
    """Rows ``i`` and ``j`` hold the same year cells: blank alike, equal elsewhere."""
    if not np.array_equal(blank[i, 1:], blank[j, 1:]):
        return False
    filled = ~blank[i, 1:]
    return all(a == b for a, b in zip(grid[i, 1:][filled], grid[j, 1:][filled], strict=True))


def _parse_values(
    cells: np.ndarray, where: str, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers, and whether each carried the IMF's ``e`` estimate flag."""
    values = np.empty(len(cells), dtype="float64")
    estimated = np.zeros(len(cells), dtype=bool)
    is_text = np.fromiter(map(isinstance, cells, repeat(str)), dtype=bool, count=len(cells))
    num_idx = ~is_text
    try:
        values[num_idx] = cells[num_idx].astype("float64")
    except (TypeError, ValueError):
        for i in num_idx.nonzero()[0]:
            try:
                values[i] = float(cells[i])
            except (TypeError, ValueError):
                raise schema.ValidationError(
                    f"{cells[i]!r} is not a number",
                    file=where,
                    row=int(rows[i]),
                    column=column_letter(int(cols[i])),
                ) from None
    text_idx = is_text.nonzero()[0]
    texts = cells[text_idx].tolist()
    found: list[re.Match[str]] = []
    for k, m in enumerate(map(_TEXT_NUMBER.fullmatch, texts)):
        if m is None:  # not the usual form: read step by step (strip, drop "e", strip)
            m = _NUMBER_E.fullmatch(_strip_estimate(texts[k]))
        if m is None:
            i = text_idx[k]
            raise schema.ValidationError(
                f"{cells[i]!r} is not a number",
                file=where,
                row=int(rows[i]),
                column=column_letter(int(cols[i])),
            )
        found.append(m)
    values[text_idx] = [float(m[1].replace(",", "")) for m in found]
    estimated[text_idx] = [m[2] is not None for m in found]
    bad = ~np.isfinite(values)
    if bad.any():
        j = int(bad.nonzero()[0][0])
        raise schema.ValidationError(
            f"{cells[j]!r} is not a finite number",
            file=where,
            row=int(rows[j]),
            column=column_letter(int(cols[j])),
        )
    return values, estimated


def _strip_estimate(text: str) -> str:
    """``' 2,785.93 e '`` → ``'2,785.93e'``: blanks gone, an ``e`` kept to be matched."""
    text = text.strip()
    if text.endswith("e"):
        return text[:-1].strip() + "e"
    return text


def _labels(indices: np.ndarray, labels: list[str]) -> pa.DictionaryArray:
    """A dictionary column holding the labels the rows use, in the order they first use
    them (as the frame importers' factorising gives), with the narrowest indices: a
    workbook's table is half the bytes with int8 codes, which matters when a worker
    process sends it back (the store's int32 codes are built once, in ``combine``)."""
    if len(labels) != 1 or not len(indices):
        indices, used = pd.factorize(indices)
        labels = [labels[k] for k in used]
    width = np.int8 if len(labels) <= 127 else np.int16 if len(labels) <= 32767 else np.int32
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(width, copy=False)), pa.array(labels, type=pa.string())
    )


def _merged(labels: list[list], indices: list[np.ndarray]) -> tuple[np.ndarray, list]:
    """Each sheet's indices into its own labels, as indices into the labels of all."""
    distinct = list(dict.fromkeys(x for sheet in labels for x in sheet))
    at = {x: k for k, x in enumerate(distinct)}
    joined = [
        np.asarray([at[x] for x in sheet], dtype=np.int32)[i]
        for sheet, i in zip(labels, indices, strict=True)
    ]
    return np.concatenate(joined), distinct


def _table(parts: list[_Cells], source_id: str) -> pa.Table:
    """The sheets' cells as one table of observations, text dictionary-encoded."""
    sizes = [len(p.row) for p in parts]
    n = sum(sizes)
    zeros = np.zeros(n, dtype=np.int8)
    sheet_of = np.repeat(np.arange(len(parts), dtype=np.int8), sizes)

    def per_sheet(labels: list[str]) -> pa.DictionaryArray:
        distinct = list(dict.fromkeys(labels))
        return _labels(sheet_of if len(distinct) == len(labels) else zeros, distinct)

    value = np.concatenate([p.value for p in parts])
    negative = value < 0
    partner, partners = _merged([p.partners for p in parts], [p.partner for p in parts])
    year, years = _merged([p.years for p in parts], [p.year for p in parts])
    aggregate = np.asarray([is_aggregate(c) for c in partners], dtype=bool)
    # ``ref`` is "<sheet>!<column><row>": one label per sheet and year column, then the row.
    offsets = np.cumsum([0] + [len(p.years) for p in parts])
    cell = [f"{p.sheet}!{column_letter(c + 2)}" for p in parts for c in range(len(p.years))]
    at_cell = np.concatenate([p.year + offsets[k] for k, p in enumerate(parts)])
    ref = pc.binary_join_element_wise(
        pc.take(pa.array(cell, type=pa.string()), pa.array(at_cell)),
        pc.cast(pa.array(np.concatenate([p.row for p in parts])), pa.string()),
        "",
    )
    columns = {
        "series": _labels(zeros, ["trade_value"]),
        "reporter": per_sheet([p.reporter for p in parts]),
        "partner": _labels(partner, partners),
        "partner_aggregate": pa.array(aggregate[partner]),
        "flow": per_sheet([p.flow for p in parts]),
        "commodity": _labels(zeros, ["TOTAL"]),
        "period_start": _labels(year, [f"{y}-01" for y in years]),
        "period_end": _labels(year, [f"{y}-12" for y in years]),
        "measure": _labels(zeros, ["level"]),
        "share_of": _labels(zeros, [""]),
        "comparator": _labels(zeros, ["="]),
        "value": pa.array(value * 1e6, type=pa.float64()),
        "unit": _labels(zeros, ["USD"]),
        "valuation": per_sheet([p.valuation for p in parts]),
        "kind": _labels(np.concatenate([p.kind for p in parts]), list(KINDS)),
        "source_id": _labels(zeros, [source_id]),
        "ref": ref,
        "note": _labels(negative.view(np.int8), ["", NEGATIVE_NOTE] if negative.any() else [""]),
    }
    return pa.Table.from_arrays(list(columns.values()), names=list(columns))


def load(path: Path) -> Parsed:
    return tidy(path.name, read(path), sha256_file(path))
