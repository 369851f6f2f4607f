"""Reading a DOTS workbook: calamine's rows, refused before inflating past the cap."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from data import schema
from data.importers.textio import MAX_DECOMPRESSED

# A sheet as calamine gives it: rows of str, float, int, bool or date cells, "" if empty.
Rows = list[list[Any]]


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
