"""One sheet's filled cells as arrays: partners, years, values as published and the IMF's
flags (estimate, mirror)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import pandas as pd

from data import schema
from data.countries import UnknownCountry, resolve
from data.importers.dots.workbook import Rows, column_letter

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


# ``kind`` codes of :class:`_Cells`, in this order.
KINDS = ("reported", "estimated", "mirror")
FIRST_ROW = 8  # Excel row of the first partner


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
    return _codes([name], where, [row])[0]


def _codes(names: Sequence[object], where: str, rows: Sequence[int]) -> list[str]:
    """The codes of IMF economy names in column B; every unknown one is listed, each at
    its row, in one error."""
    out: list[str] = []
    problems: list[schema.Problem] = []
    for name, row in zip(names, rows, strict=True):
        code = _CODES.get(name)
        if code is None:
            try:
                code = resolve(str(name)).code
            except UnknownCountry as exc:
                problems.append(schema.Problem(where, row, "B", str(name), str(exc)))
                code = ""
            else:
                if isinstance(name, str):
                    _CODES[name] = code
        out.append(code)
    if problems:
        raise schema.ValidationError.listing(problems)
    return out


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
    codes = _codes(grid[named, 0].tolist(), where, (named + FIRST_ROW).tolist())
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
