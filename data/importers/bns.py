"""Kazakhstan's Bureau of National Statistics: foreign trade by country (xls or xlsx).

The publication "Основные показатели внешней торговли Республики Казахстан" (stat.gov.kz),
as downloaded: an Excel 97 workbook (``.xls``) or its ``.xlsx`` form, a cover and notes,
then one sheet per year::

    Основные показатели внешней торговли Республики Казахстан
    2023 год
                                 тыс. долларов США
    Наименование | Товарооборот |   | Экспорт |   | Импорт |
                 | всего        | % | всего   | % | всего  | %
    Всего        | 139551038.01 |100| 79138754.68 |100| 60412283.33 |100
    Страны СНГ   | …
    Туркменистан | 562949.01577 | … | 396831.17172 | … | 166117.84405 | …

Units and policies, each on purpose:

* a year's sheet is found by its header row, the one naming the three column groups
  (Товарооборот / Экспорт / Импорт in Russian, Тауар айналымы / Экспорт / Импорт in
  Kazakh, Trade turnover / Exports / Imports in English); sheets without it (cover,
  legend, contents, methodology) are not data; the year is the first ``YYYY`` above the
  header (``2023 год``), else the sheet's name;
* the unit is stated above the header (``тыс. долларов США``, ``мың АҚШ доллары``,
  ``thousand US dollars``; millions likewise); a sheet without one is refused. Values
  are stored in USD, × 1000 for thousands, shifted on the decimal text (no float error);
* the reporter is Kazakhstan (the Bureau publishes Kazakhstan's trade); each row gives an
  ``export`` and an ``import`` level of the partner in column A. **Turnover is not
  stored**: it is exports + imports of this one source, which reconciliation derives
  (a figure is never stored twice); a row whose turnover is not exports + imports
  (± 0.01 thousand, the table's rounding) is refused, since its columns were misread;
* partner names (Russian, as the Bureau writes them) resolve through
  ``codes/bns_country_names_ru.csv``, then through ``data.countries`` (English names);
  an unknown name is an error naming sheet, row and column A. **Group rows** (Всего,
  Страны СНГ, Страны ЕАЭС, Европа, Страны ЕС …) are kept, with ``partner_aggregate``
  set: ``WLD`` for Всего, ``AGG_BNS_*`` for the Bureau's own groups (its 2022 "EU
  countries" include the United Kingdom, so it is not ``AGG_EU``); they are never
  summed with countries;
* a blank cell (or ``-``) is no figure (counted in a warning); ``0`` is a stated zero;
  share (%) columns are not read;
* valuation ``unknown`` (the table does not say FOB or CIF); category ``official``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from data import schema
from data.countries import UnknownCountry, resolve
from data.importers.base import CELL, Parsed, finish
from data.importers.dots import column_letter
from data.importers.textio import MAX_DECOMPRESSED, scaled
from data.provenance import Source, sha256_file, slug

FORMAT = "kz_bns"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NAMES_FILE = Path(__file__).with_name("codes") / "bns_country_names_ru.csv"
PUBLISHER = (
    "Bureau of National Statistics of the Agency for Strategic Planning and Reforms "
    "of the Republic of Kazakhstan"
)
TITLE = "Основные показатели внешней торговли Республики Казахстан"
URL = "https://stat.gov.kz/"
# Column groups of the header row, by language: (turnover, exports, imports).
GROUPS = (
    ("товарооборот", "экспорт", "импорт"),
    ("тауар айналымы", "экспорт", "импорт"),
    ("trade turnover", "export", "import"),
)
UNITS = {
    "тыс. долларов сша": 1e3,
    "тыс.долларов сша": 1e3,
    "млн. долларов сша": 1e6,
    "мың ақш доллары": 1e3,
    "млн. ақш доллары": 1e6,
    "thousand us dollars": 1e3,
    "thousands of us dollars": 1e3,
    "million us dollars": 1e6,
}
NO_FIGURE = ("", "-", "–", "—", "x", "х")  # x: the Bureau's "not published"
TOLERANCE = 0.01  # thousand USD: the table's rounding of turnover against its parts
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_PUBLISHED = re.compile(
    r"(?:опубликования|жарияланған|published)\D*(\d{2})\.(\d{2})\.(\d{4})", re.I
)
# A sheet as calamine gives it: rows of str, float, int, bool or date cells, "" if empty.
Rows = list[list[Any]]


def _names() -> dict[str, tuple[str, bool]]:
    with open(NAMES_FILE, encoding="utf-8", newline="") as fh:
        return {
            _key(r["name_ru"]): (r["code"], r["aggregate"] == "true") for r in csv.DictReader(fh)
        }


def _key(name: str) -> str:
    """A name as looked up: blanks collapsed, case folded (the Bureau writes ``И``/``и``)."""
    return " ".join(str(name).split()).casefold()


NAMES = _names()


def read(path: Path) -> tuple[dict[str, Rows], str]:
    """Every sheet as calamine's rows from A1 (``.xls`` or ``.xlsx``) and the file's
    checksum (I/O only)."""
    from python_calamine import CalamineWorkbook

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise schema.ValidationError(
            f"cannot read the file ({exc.strerror})", file=path.name
        ) from None
    if size > MAX_DECOMPRESSED:
        raise schema.ValidationError(
            f"file size exceeds {MAX_DECOMPRESSED:,} bytes", file=path.name
        )
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = {
            str(sheet): wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            for sheet in wb.sheet_names
        }
    except Exception as exc:  # calamine raises its own types for a corrupt workbook
        raise schema.ValidationError(
            f"not a readable Excel workbook ({exc})", file=path.name
        ) from None
    return sheets, sha256_file(path)


def sniff_rows(sheets: dict[str, Rows]) -> bool:
    """Some sheet has the header row of the three column groups."""
    return any(_header(rows) is not None for rows in sheets.values())


def _text(value: object) -> str:
    if isinstance(value, float) and np.isnan(value):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _header(rows: Rows) -> tuple[int, int, int, int] | None:
    """(row index, turnover column, export column, import column) of the header row."""
    for r, row in enumerate(rows[:30]):
        cells = [_text(c).casefold() for c in row]
        for labels in GROUPS:
            cols = [
                next((c for c, t in enumerate(cells) if t.startswith(label)), -1)
                for label in labels
            ]
            if min(cols) >= 0:
                return r, cols[0], cols[1], cols[2]
    return None


def tidy(name: str, sheets: dict[str, Rows], checksum: str = "") -> Parsed:
    """The workbook's year sheets to Kazakhstan's exports and imports by partner (pure)."""
    source_id = f"kz-bns:{slug(Path(name).stem, 80)}"
    frames: list[pd.DataFrame] = []
    warnings: list[str] = []
    years: list[int] = []
    for sheet, rows in sheets.items():
        found = _header(rows)
        if found is None:
            continue
        frame, year, blanks = _tidy_sheet(f"{name} [{sheet}]", sheet, rows, found)
        if year in years:
            raise schema.ValidationError(
                f"a second sheet for {year}", file=f"{name} [{sheet}]", row=found[0] + 1
            )
        years.append(year)
        frames.append(frame)
        if blanks:
            warnings.append(f"{name} [{sheet}]: {blanks} blank cell(s) skipped (no figure)")
    if not frames:
        raise schema.ValidationError(
            "no sheet has the BNS layout: a header row naming Товарооборот, Экспорт and "
            "Импорт (or Trade turnover, Exports, Imports)",
            file=name,
        )
    tidy_frame = pd.concat(frames, ignore_index=True)
    row_of = tidy_frame.pop("row").to_numpy(dtype=np.int64)
    tidy_frame["source_id"] = source_id
    span = f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])
    source = Source(
        source_id=source_id,
        category="official",
        publisher=PUBLISHER,
        publisher_of_figure=PUBLISHER,
        title=f"{TITLE} (main indicators of the foreign trade of the Republic of "
        f"Kazakhstan): exports and imports by country, {span}, US dollars",
        url=URL,
        published=_published(sheets),
        licence="© Бюро национальной статистики АСПиР РК (as the publication states; its "
        "terms of re-use are not stated in the file)",
        checksum=checksum,
        file=name,
    )
    # A figure is a cell: errors at merge name its column letter (from ``ref``).
    columns = {c: CELL for c in schema.COLUMNS}
    return Parsed(name, FORMAT, finish(tidy_frame), [source], row_of, warnings, columns)


def _published(sheets: dict[str, Rows]) -> str:
    """The cover's "Дата опубликования: 25.07.2024" as ``2024-07-25``; ``""`` if absent."""
    for rows in sheets.values():
        for row in rows[:20]:
            for cell in row:
                m = _PUBLISHED.search(_text(cell))
                if m:
                    return f"{m[3]}-{m[2]}-{m[1]}"
    return ""


def _tidy_sheet(
    where: str, sheet: str, rows: Rows, found: tuple[int, int, int, int]
) -> tuple[pd.DataFrame, int, int]:
    head, c_total, c_export, c_import = found
    year = _year(where, sheet, rows[:head])
    factor = _unit(where, rows[: head + 1], head)
    # Data from below the labels row (всего / %), name in column A.
    first = head + 2
    out: list[dict[str, object]] = []
    unknown: list[schema.Problem] = []
    blanks = 0
    for r in range(first, len(rows)):
        row = rows[r]
        excel_row = r + 1
        label = _text(row[0]) if row else ""
        cells = {
            c: _number(row[c] if c < len(row) else "", where, excel_row, c)
            for c in (c_total, c_export, c_import)
        }
        if not label:
            if any(v is not None for v in cells.values()):
                raise schema.ValidationError(
                    "values without a partner name", file=where, row=excel_row, column="A"
                )
            continue
        hit = _partner(label)
        if hit is None:  # every unknown name of the sheet is listed, not only the first
            unknown.append(schema.Problem(where, excel_row, "A", label, _unknown(label)))
            continue
        code, aggregate = hit
        total, export, import_ = (cells[c] for c in (c_total, c_export, c_import))
        if total is not None:
            parts = (export[0] if export else 0.0) + (import_[0] if import_ else 0.0)
            if abs(total[0] - parts) > TOLERANCE:
                raise schema.ValidationError(
                    f"turnover {total[1]} is not exports + imports ({parts:.5f})",
                    file=where,
                    row=excel_row,
                    column=column_letter(c_total),
                )
        for flow, col, cell in (("export", c_export, export), ("import", c_import, import_)):
            if cell is None:
                blanks += 1
                continue
            value, text = cell
            out.append({
                "flow": flow, "partner": code, "partner_aggregate": aggregate,
                "value": float(scaled(np.array([value]), pd.Series([text]), factor)[0]),
                "ref": f"{sheet}!{column_letter(col)}{excel_row}", "row": excel_row,
            })  # fmt: skip
    if unknown:
        raise schema.ValidationError.listing(unknown)
    frame = pd.DataFrame(
        out, columns=["flow", "partner", "partner_aggregate", "value", "ref", "row"]
    )
    frame["partner_aggregate"] = frame["partner_aggregate"].astype(bool)
    frame["series"] = "trade_value"
    frame["reporter"] = "KAZ"
    frame["period_start"] = f"{year:04d}-01"
    frame["period_end"] = f"{year:04d}-12"
    frame["measure"] = "level"
    frame["comparator"] = "="
    frame["unit"] = "USD"
    return frame, year, blanks


def _year(where: str, sheet: str, above: Rows) -> int:
    for row in above:
        for cell in row:
            m = _YEAR.search(_text(cell))
            if m:
                return int(m[1])
    m = _YEAR.search(sheet)
    if m:
        return int(m[1])
    raise schema.ValidationError(
        "no year above the header (such as 2023 год) nor in the sheet's name", file=where
    )


def _unit(where: str, above: Rows, head: int) -> float:
    for row in above:
        for cell in row:
            factor = UNITS.get(_text(cell).casefold())
            if factor:
                return factor
    raise schema.ValidationError(
        "no unit above the header (expected тыс. долларов США or thousand US dollars)",
        file=where,
        row=head + 1,
    )


def _number(value: object, where: str, row: int, col: int) -> tuple[float, str] | None:
    """A cell's number and its text (for an exact decimal shift), or None for no figure."""
    if isinstance(value, bool):
        raise schema.ValidationError(
            f"{value!r} is not a number", file=where, row=row, column=column_letter(col)
        )
    if isinstance(value, int | float):
        number = float(value)
        text = repr(number)
    else:
        text = _text(value)
        if text.casefold() in NO_FIGURE:
            return None
        try:
            number = float(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
        except ValueError:
            raise schema.ValidationError(
                f"{text!r} is not a number", file=where, row=row, column=column_letter(col)
            ) from None
        text = repr(number)
    if not np.isfinite(number):
        raise schema.ValidationError(
            f"{text!r} is not a finite number", file=where, row=row, column=column_letter(col)
        )
    return number, text


def _partner(label: str) -> tuple[str, bool] | None:
    """The code of a partner's name and whether it is an aggregate; ``None`` if unknown."""
    hit = NAMES.get(_key(label))
    if hit is not None:
        return hit
    try:
        c = resolve(label)
    except UnknownCountry:
        return None
    return c.code, c.aggregate


def _unknown(label: str) -> str:
    return (
        f"unknown country name {label!r}: add it to data/importers/codes/"
        f"{NAMES_FILE.name} with its code"
    )


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))


def sniff_xlsx(path: Path) -> bool:
    """An xlsx workbook with the BNS layout (not an IMF DOTS workbook): judged from the
    zip's sheet list first (cheap), then from the sheets' first rows."""
    import zipfile
    import zlib

    # A zip that cannot be read is not judged here: the DOTS reader refuses it, naming why.
    try:
        with zipfile.ZipFile(path) as zf:
            book = zf.read("xl/workbook.xml")
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error, ValueError):
        return False
    if b"Exports, FOB" in book or inflated > MAX_DECOMPRESSED:
        return False
    try:
        sheets, _ = read(path)
    except schema.ValidationError:
        return False
    return sniff_rows(sheets)
