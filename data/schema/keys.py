"""Row keys as numbers: columns factorised, packed into one integer, repeats found, a
row's key as text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.schema.columns import KEY

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _factor(data: pa.Table, col: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes per row, distinct values as text); missing values get code -1.

    A dictionary column gives its codes for free: only the dictionary (a few hundred
    values) is looked at, never the millions of rows.
    """
    column = data.column(col)
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    arr = single_array(column)
    remap, uniques = pd.factorize(arr.dictionary.to_numpy(zero_copy_only=False))
    uniques = np.asarray([str(u) for u in uniques], dtype=object)
    if arr.null_count == 0 and np.array_equal(remap, np.arange(len(remap))):
        return arr.indices.to_numpy(), uniques
    # The dictionary repeats a value or holds a null, or a row is null: renumbered.
    index = pc.fill_null(arr.indices, -1).to_numpy()
    return np.where(index >= 0, np.append(remap, -1)[index], -1), uniques


def _month_numbers(values: np.ndarray) -> np.ndarray:
    """Running month number per distinct ``YYYY-MM`` text, -1 where malformed."""
    out = np.full(len(values), -1, dtype=np.int64)
    for i, v in enumerate(values):
        m = _MONTH.match(v)
        if m and int(m.group(1)) > 0:
            out[i] = int(m.group(1)) * 12 + int(m.group(2)) - 1
    return out


def single_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The column as one array: its only chunk as it is (``combine_chunks`` would copy)."""
    if isinstance(column, pa.Array):
        return column
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def value_at(data: pa.Table, col: str, i: int) -> object:
    """Row ``i``'s value in ``col``, as pandas would give it (for messages)."""
    return data.column(col).slice(i, 1).to_pandas().iloc[0]


def _numbers(data: pa.Table, col: str) -> np.ndarray:
    """The column as float64, missing or unreadable values as NaN (zero-copy when it can)."""
    column = data.column(col)
    if column.type != pa.float64():
        return pd.to_numeric(column.to_pandas(), errors="coerce").to_numpy(dtype="float64")
    arr = single_array(column)
    return np.asarray(pc.fill_null(arr, np.nan) if arr.null_count else arr)


def key_ids(data: pa.Table) -> np.ndarray:
    """One integer per row, equal for two rows exactly when their keys (:data:`KEY`) are."""
    return _row_ids([_factor(data, k) for k in KEY])


def repeated(ids: np.ndarray) -> np.ndarray:
    """Per row: does an earlier row have the same id? (``duplicated(keep="first")``)

    By a stable sort, which runs through ids that arrive in long ordered runs (one
    workbook after another) many times faster than hashing millions of them.
    """
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    out = np.zeros(len(ids), dtype=bool)
    out[order[1:][ordered[1:] == ordered[:-1]]] = True
    return out


def _row_ids(factors: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """One integer per row, equal for two rows exactly when all their codes are.

    ``factors`` holds, per column, (codes per row with -1 for missing, distinct values):
    comparing one integer column is far cheaper than comparing nine.
    """
    # -1 (missing) is a value of its own: shifted to 0.
    return pack([(codes.astype(np.int64) + 1, len(uniques) + 1) for codes, uniques in factors])


def pack(columns: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Per row, one int64 that orders and compares as the row's codes do, column by column.

    ``columns`` holds, most significant first, (codes per row in ``0 .. size - 1``, size).
    Mixed-radix packing, renumbered (order kept) whenever the next column could overflow.
    """
    n = len(columns[0][0]) if columns else 0
    ids = np.zeros(n, dtype=np.int64)
    span = 1
    for codes, size in columns:
        if span * size >= 2**62:
            _, ids = np.unique(ids, return_inverse=True)
            span = int(ids.max(initial=0)) + 1
        ids *= size
        ids += codes
        span *= size
    return ids


def _cell(value: object) -> str:
    """A cell as the error CSV shows it ("" for a missing one)."""
    return "" if value is None else str(value)


def key_text(data: pa.Table, i: int) -> str:
    """Row ``i``'s key in words: what makes a figure the same figure."""
    parts = {k: str(value_at(data, k, i)) for k in KEY}
    return ", ".join(f"{k} {v}" for k, v in parts.items() if v)
