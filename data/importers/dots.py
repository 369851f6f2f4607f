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
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from data import schema
from data.countries import is_aggregate
from data.importers.base import Parsed, codes_for, const, finish
from data.importers.base import text as as_text
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
_NUMBER = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?$")


def read(path: Path) -> dict[str, pd.DataFrame]:
    """Both sheets of a workbook as raw cell grids, empty cells as NaN (I/O only).

    python-calamine directly, with absolute cell positions kept, and no NA guessing: a
    cell reading "n/a" is an error to report, not a silent gap.
    """
    from python_calamine import CalamineWorkbook

    _check_inflated_size(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        grids = {}
        for sheet in wb.sheet_names:
            rows = wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            width = max((len(r) for r in rows), default=0)
            arr = np.empty((len(rows), width), dtype=object)
            arr[:] = ""
            for i, r in enumerate(rows):
                arr[i, : len(r)] = r
            arr[arr == ""] = np.nan
            grids[str(sheet)] = pd.DataFrame(arr)
    except Exception as exc:  # calamine raises its own types for corrupt zips
        raise schema.ValidationError(
            f"not a readable xlsx workbook ({exc})", file=path.name
        ) from None
    return grids


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


def tidy(name: str, sheets: dict[str, pd.DataFrame], checksum: str = "") -> Parsed:
    """Raw cell grids of one workbook to observations and its source (pure)."""
    missing = [s for s in SHEETS if s not in sheets]
    if missing:
        raise schema.ValidationError(f"sheet {missing[0]!r} is missing", file=name)
    stem = Path(name).stem.lower()
    # Capped so a long file name still makes a valid source id (at most 120 characters).
    source_id = f"imf-dots:{re.sub(r'[^a-z0-9_.-]', '-', stem)[:100]}"
    frames: list[pd.DataFrame] = []
    rows_all: list[int] = []
    warnings: list[str] = []
    reporter_name = ""
    for sheet, (flow, valuation) in SHEETS.items():
        grid = sheets[sheet]
        where = f"{name} [{sheet}]"
        frame, rows, reporter_name = _tidy_sheet(grid, where, flow, valuation, source_id, warnings)
        frames.append(frame)
        rows_all.extend(rows)
    frame = finish(pd.concat(frames, ignore_index=True))
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
    return Parsed(name, FORMAT, frame, [source], rows_all, warnings)


def _cell(grid: pd.DataFrame, r: int, c: int) -> str:
    if r >= grid.shape[0] or c >= grid.shape[1]:
        return ""
    v = grid.iat[r, c]
    return "" if pd.isna(v) else str(v).strip()


def _tidy_sheet(
    grid: pd.DataFrame,
    where: str,
    flow: str,
    valuation: str,
    source_id: str,
    warnings: list[str],
) -> tuple[pd.DataFrame, list[int], str]:
    unit = _cell(grid, 4, 1)
    if unit != UNIT:
        raise schema.ValidationError(
            f"unit {unit!r} in B5, expected {UNIT!r}", file=where, row=5, column="B"
        )
    reporter_name = _cell(grid, 3, 1)
    reporter = codes_for(pd.Series([reporter_name]), file=where, column="B", row_of=np.array([4]))[
        "code"
    ].iloc[0]
    years: list[int] = []
    for c in range(2, grid.shape[1]):
        text = _cell(grid, 6, c)
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
    body = grid.iloc[7:, 2 : 2 + len(years)]
    letters = [column_letter(c) for c in range(2, 2 + len(years))]
    sheet_name = where.split(" [", 1)[1][:-1]
    names = grid.iloc[7:, 1]
    # A row with no partner name and no values is layout; a value without a name is not.
    has_name = names.notna().to_numpy()
    has_value = body.notna().to_numpy()
    orphan = has_value.any(axis=1) & ~has_name
    if orphan.any():
        r = int(orphan.nonzero()[0][0]) + 8
        raise schema.ValidationError("values without a partner name", file=where, row=r, column="B")
    keep = has_name.copy()
    named = np.nonzero(has_name)[0]
    row_codes = codes_for(
        names.iloc[named].reset_index(drop=True), file=where, column="B", row_of=named + 8
    )["code"]
    repeated = row_codes.duplicated(keep="last").to_numpy()
    for i in named[repeated]:
        # Every DOTS sheet repeats one partner (Australia) above the alphabetical list;
        # an identical repeat is layout, a repeat with other numbers is a conflict.
        twin = named[~repeated][row_codes[~repeated].to_numpy() == row_codes[named == i].iloc[0]]
        if not body.iloc[i].equals(body.iloc[twin[0]]):
            raise schema.ValidationError(
                f"partner {names.iloc[i]!r} appears again in row {twin[0] + 8} with other values",
                file=where,
                row=int(i) + 8,
                column="B",
            )
        keep[i] = False
        warnings.append(
            f"{where}: row {i + 8} repeats row {twin[0] + 8} ({names.iloc[i]}); kept once"
        )
    r_idx, c_idx = np.nonzero(has_value & keep[:, None])
    excel_rows = r_idx + 8
    cells = body.to_numpy(dtype=object)[r_idx, c_idx]
    values, estimated = _parse_values(cells, where, excel_rows, c_idx + 2)
    # Codes were resolved once per named row above; index them by row position.
    code_at = pd.Series(row_codes.to_numpy(), index=named)
    agg_at = pd.Series([is_aggregate(c) for c in row_codes], index=named)
    partner_codes = pd.DataFrame(
        {"code": code_at.loc[r_idx].to_numpy(), "aggregate": agg_at.loc[r_idx].to_numpy()}
    )
    year_arr = np.asarray(years)[c_idx]
    kind = np.where(estimated, "estimated", "reported").astype(object)
    mirror_from = MIRROR_FROM.get(str(reporter))
    if mirror_from is not None:
        kind[year_arr >= mirror_from] = "mirror"
    ystr = year_arr.astype(str)
    n = len(values)
    frame = pd.DataFrame(
        {
            "series": const("trade_value", n),
            "reporter": const(reporter, n),
            "partner": as_text(partner_codes["code"].to_numpy()),
            "partner_aggregate": partner_codes["aggregate"].to_numpy(),
            "flow": const(flow, n),
            "period_start": as_text(np.char.add(ystr, "-01")),
            "period_end": as_text(np.char.add(ystr, "-12")),
            "measure": const("level", n),
            "comparator": const("=", n),
            "value": values * 1e6,
            "unit": const("USD", n),
            "valuation": const(valuation, n),
            "kind": as_text(kind),
            "source_id": const(source_id, n),
            "ref": as_text(
                np.char.add(
                    np.char.add(f"{sheet_name}!", np.asarray(letters)[c_idx]),
                    excel_rows.astype(str),
                )
            ),
            "note": const("", n),
        }
    )
    negative = values < 0
    if negative.any():
        frame["note"] = as_text(np.where(negative, NEGATIVE_NOTE, ""))
        warnings.append(f"{where}: {int(negative.sum())} negative value(s) kept as published")
    return frame, excel_rows.tolist(), reporter_name


def _parse_values(
    cells: np.ndarray, where: str, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers, and whether each carried the IMF's ``e`` estimate flag."""
    values = np.empty(len(cells), dtype="float64")
    estimated = np.zeros(len(cells), dtype=bool)
    is_text = np.fromiter((isinstance(v, str) for v in cells), dtype=bool, count=len(cells))
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
    for i in is_text.nonzero()[0]:
        text = str(cells[i]).strip()
        if text.endswith("e"):
            estimated[i] = True
            text = text[:-1].strip()
        if not _NUMBER.match(text):
            raise schema.ValidationError(
                f"{cells[i]!r} is not a number",
                file=where,
                row=int(rows[i]),
                column=column_letter(int(cols[i])),
            )
        values[i] = float(text.replace(",", ""))
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


def load(path: Path) -> Parsed:
    return tidy(path.name, read(path), sha256_file(path))
