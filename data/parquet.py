"""The store's data file: observations written sorted in row groups, read back pruned to
the row groups a filter can match."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data import schema

# Small enough that one pair's rows span one or two groups in a world-sized file.
ROW_GROUP_SIZE = 16_384


def parquet_bytes(table: pa.Table) -> bytes:
    """The table sorted for pair lookups, as Parquet bytes (zstd, statistics).

    Dictionary encoding for the dictionary columns only: values and refs are nearly all
    distinct, so a dictionary of them costs time and space (a world of DOTS writes a
    quarter faster and smaller without). Written one row group at a time from the sort
    order, so the sorted table never exists whole: a world of DOTS is 220 MB in memory,
    and fresh memory costs more than the copying.
    """
    order = sort_order(table)
    coded = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(
        sink, table.schema, compression="zstd", write_statistics=True, use_dictionary=coded
    ) as writer:
        for start in range(0, max(table.num_rows, 1), ROW_GROUP_SIZE):
            rows = table.take(order[start : start + ROW_GROUP_SIZE])
            writer.write_table(rows, row_group_size=ROW_GROUP_SIZE)
    return sink.getvalue().to_pybytes()


def sort_order(table: pa.Table) -> pa.Array:
    """Row positions in the data file's order: :data:`schema.SORT_ORDER`, then source,
    measure and ``ref``, each as text.

    A dictionary column sorts as its text would by each row's rank in its sorted
    dictionary; the ranks pack into one integer, most significant column first, so
    Arrow sorts one number and compares ``ref`` only where two rows tie.
    """
    key = schema.pack(
        [_ranks(table[name]) for name in (*schema.SORT_ORDER, "source_id", "measure")]
    )
    keys = pa.table({"key": key, "ref": table["ref"]})
    return pc.sort_indices(keys, sort_keys=[("key", "ascending"), ("ref", "ascending")])


def _ranks(column: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """Each row's rank among the column's distinct values (nulls last), and their count."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    arr = schema.single_array(column)
    dense = pc.rank(arr.dictionary, sort_keys="ascending", tiebreaker="dense")
    rank = np.append(np.asarray(dense, dtype=np.int64) - 1, len(arr.dictionary))
    indices = arr.indices
    if indices.null_count:
        indices = pc.fill_null(indices, len(arr.dictionary))
    return rank[np.asarray(indices)], len(rank)


Filter = tuple[str, str, Any]


def _row_groups(meta: pq.FileMetaData, filters: list[Filter]) -> list[int]:
    """Row groups whose min/max statistics admit every ``in``/``==`` filter.

    The file is sorted by reporter then partner, so a pair's rows sit in a few groups and
    the rest are skipped unread.
    """
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    keep = []
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        ok = True
        for col, op, value in filters:
            if op not in ("in", "==") or col not in names:
                continue
            stats = rg.column(names.index(col)).statistics
            if stats is None or not stats.has_min_max:
                continue
            wanted = value if op == "in" else [value]
            lo, hi = stats.min, stats.max
            if not any(lo <= w <= hi for w in wanted):
                ok = False
                break
        if ok:
            keep.append(g)
    return keep


def _mask(table: pa.Table, filters: list[Filter]) -> pa.ChunkedArray | None:
    mask = None
    for col, op, value in filters:
        column = (
            table[col].cast(pa.string()) if pa.types.is_dictionary(table[col].type) else table[col]
        )
        if op == "in":
            m = pc.is_in(column, value_set=pa.array(list(value)))
        elif op == "==":
            m = pc.equal(column, value)
        else:
            raise ValueError(f"unsupported filter operator {op!r}")
        mask = m if mask is None else pc.and_(mask, m)
    return mask


def _footer(source: Any) -> pq.FileMetaData | None:
    """The Parquet footer of a store's data file, read once per process.

    Data files are content-addressed and never rewritten in place, so (path, size,
    mtime) names one footer for good.
    """
    if not isinstance(source, str | Path):
        return None
    st = os.stat(source)
    return _footer_cached(str(source), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _footer_cached(path: str, size: int, mtime_ns: int) -> pq.FileMetaData:
    return pq.read_metadata(path)


def read_filtered(source: Any, filters: list[Filter] | None) -> pa.Table:
    """A Parquet file's rows matching ``filters`` (a list of (column, op, value), ANDed).

    Row groups are pruned by their statistics first, so a one-pair read of a world-sized
    file touches a few of them.
    """
    pf = pq.ParquetFile(source, metadata=_footer(source))
    if not filters:
        return pf.read()
    groups = _row_groups(pf.metadata, filters)
    if not groups:
        return pf.schema_arrow.empty_table()
    table = pf.read_row_groups(groups)
    mask = _mask(table, filters)
    return table if mask is None else table.filter(mask)
