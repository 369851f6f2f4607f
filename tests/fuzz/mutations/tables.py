"""Mutations of Parquet files: typed columns with odd values."""

from __future__ import annotations

import gzip

import pyarrow as pa
from hypothesis import strategies as st

from tests.fuzz import seeds
from tests.fuzz.mutations.pools import Case
from tests.fuzz.mutations.text import edit_bytes, edit_grid, file_name, replacement


@st.composite
def parquet_case(draw: st.DrawFn) -> Case:
    """A long-format table written as Parquet: edited cells and headers, odd column types."""
    ops: list[str] = ["seed national_stats.parquet"]
    seed = next(s for s in seeds.text_seeds("long") if s.name == "national_stats.csv")
    layer = draw(st.sampled_from(("benign", "table", "table", "table+bytes", "bytes", "replace")))
    if layer == "benign":
        payload = draw(table_bytes(seeds.grid_of(seed), ops, retype=False))
    elif layer == "bytes":
        payload = draw(edit_bytes(seeds.long_parquet(), ops))
    elif layer == "replace":
        payload = draw(replacement(seeds.long_parquet(), ops))
    else:
        grid = draw(edit_grid(seeds.grid_of(seed), ops))
        payload = draw(table_bytes(grid, ops))
        if layer == "table+bytes":
            payload = draw(edit_bytes(payload, ops))
    if draw(st.integers(0, 9)) == 0:
        payload = gzip.compress(payload, mtime=0)
        ops.append("gzip")
    name = draw(file_name("national_stats.parquet"))
    return Case("long_parquet", name, payload, ops, valid=layer == "benign")


def _typed(values: list[str], kind: str) -> pa.Array:
    def num(v: str) -> float | None:
        try:
            return float(v)
        except ValueError:
            return None

    if kind == "float":
        return pa.array([num(v) for v in values], type=pa.float64())
    if kind == "int":
        return pa.array(
            [int(f) if (f := num(v)) is not None and abs(f) < 2**62 else None for v in values],
            type=pa.int64(),
        )
    if kind == "binary":
        return pa.array([v.encode("utf-8") + b"\xff" for v in values], type=pa.binary())
    if kind == "list":
        return pa.array([[v, v] for v in values], type=pa.list_(pa.string()))
    if kind == "dictionary":
        return pa.array(values).dictionary_encode()
    if kind == "null":
        return pa.nulls(len(values), type=pa.string())
    if kind == "date":
        return pa.array([None if i % 2 else 19_000 + i for i in range(len(values))], pa.date32())
    if kind == "timestamp":
        return pa.array([2**62 + i for i in range(len(values))], pa.timestamp("ns"))
    return pa.array(values, type=pa.string())


@st.composite
def table_bytes(
    draw: st.DrawFn, grid: list[list[str]], ops: list[str], retype: bool = True
) -> bytes:
    header = grid[0] if grid else []
    rows = [(r + [""] * len(header))[: len(header)] for r in grid[1:]]
    arrays = []
    for i, h in enumerate(header):
        values = [r[i] for r in rows]
        kind = "float" if h == "value" else "string"
        if retype and draw(st.integers(0, 7)) == 0:
            kind = draw(
                st.sampled_from(
                    ("float", "int", "binary", "list", "dictionary", "null", "date", "timestamp")
                )
            )
            ops.append(f"type {h!r}={kind}")
        arrays.append(_typed(values, kind))
    # Table.from_arrays keeps duplicate names, as a Parquet file may.
    table = pa.Table.from_arrays(arrays, names=header)
    compression = draw(st.sampled_from(("zstd", "snappy", "gzip", "none")))
    return seeds.parquet_bytes(table, compression, draw(st.sampled_from((None, 1))))
