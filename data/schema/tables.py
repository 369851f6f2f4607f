"""Observation tables between Arrow and pandas: empty, converted, widened, concatenated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from data.schema.columns import ADDED_COLUMNS, ARROW_SCHEMA


def empty_table() -> pa.Table:
    """An observations table with no rows, in :data:`ARROW_SCHEMA`."""
    return ARROW_SCHEMA.empty_table()


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """Arrow table to pandas; dictionary columns become categoricals (cheap, shared)."""
    return table.to_pandas()


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """An observations frame as a table in the stored schema (columns in schema order).

    Text columns are factorised first, so a column of millions of repeated codes costs
    one pass and a small dictionary, not millions of Python strings. A missing cell
    (``None``, NaN) stays missing (a null), so validation can name it; a value that is not
    a number becomes NaN, which validation refuses.
    """
    arrays = []
    for field in ARROW_SCHEMA:
        col = frame[field.name]
        if pa.types.is_dictionary(field.type):
            codes, uniques = pd.factorize(col)
            dictionary = pa.array([str(u) for u in uniques], type=pa.string())
            indices = pa.array(codes.astype("int32"), mask=codes < 0)
            arrays.append(pa.DictionaryArray.from_arrays(indices, dictionary))
        elif field.name == "ref":
            text = col.where(col.notna(), "").astype(str)
            arrays.append(pa.array(text.to_numpy(dtype=object), type=pa.string()))
        elif field.type == pa.bool_():
            flags = col.where(col.notna(), False).to_numpy(dtype=bool)
            arrays.append(pa.array(flags, type=pa.bool_()))
        else:
            numbers = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64")
            arrays.append(pa.array(numbers, type=field.type))
    return pa.Table.from_arrays(arrays, schema=ARROW_SCHEMA)


def with_added_columns(table: pa.Table) -> pa.Table:
    """A table read from a store written before a column of :data:`ADDED_COLUMNS` existed,
    with that column holding its default on every row (a dictionary of one value)."""
    for name, default in ADDED_COLUMNS.items():
        if name in table.column_names:
            continue
        field = ARROW_SCHEMA.field(name)
        column = pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(table.num_rows, dtype=np.int32)), pa.array([default], pa.string())
        )
        table = table.add_column(ARROW_SCHEMA.get_field_index(name), field, column)
    return table


def concat(tables: list[pa.Table]) -> pa.Table:
    """Tables with the observations' columns as one table in :data:`ARROW_SCHEMA`.

    Their text columns may be dictionary-encoded with any index width, or plain: each
    column of the result is built once, its dictionaries unified, in one allocation.
    """
    if not tables:
        return empty_table()
    columns = [
        pa.chunked_array(
            [c.cast(f.type) for t in tables for c in t.column(f.name).chunks], f.type
        ).combine_chunks()
        for f in ARROW_SCHEMA
    ]
    return pa.Table.from_arrays(columns, schema=ARROW_SCHEMA)
