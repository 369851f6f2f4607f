"""A synthetic world store: ~250 reporters × 249 partners × 2 flows × months, seeded.

Written in ``data.store``'s own layout: the same schema (dictionary columns), sorted as
``sort_order`` orders (reporter, partner, series, flow, commodity, period …), zstd,
``ROW_GROUP_SIZE``-row groups, statistics, with a ``store.meta.json`` that ``Store`` reads. Like
``parquet_bytes`` it streams with ``pq.ParquetWriter``, here one reporter at a time, so memory
stays bounded at 50 million rows; rows are generated in sorted order, so no sort is needed.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from bench.common import CACHE
from data import schema
from data.provenance import Source, sha256_file
from data.store import FORMAT_VERSION, MANIFEST, ROW_GROUP_SIZE

VERSION = 2  # bump when the generator changes: the cached store is keyed by it
SOURCE = Source(
    source_id="bench_synthetic",
    category="international",
    publisher="tradedash benchmark (synthetic, seeded)",
    title="Synthetic monthly trade values for the pair-lookup benchmark",
)


def codes() -> list[str]:
    import pycountry

    return sorted({c.alpha_3 for c in pycountry.countries} | {"WLD"})


def _dict(indices: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(values))


def _const(n: int, value: str) -> pa.DictionaryArray:
    return _dict(np.zeros(n, np.int32), [value])


def reporter_block(
    r: int, names: list[str], months: list[str], rng: np.random.Generator
) -> pa.Table:
    """All rows of reporter ``names[r]``: partners × (export, import) × months, sorted."""
    partners = np.array([i for i in range(len(names)) if i != r], np.int32)
    m = len(months)
    n = len(partners) * 2 * m
    partner_idx = np.repeat(partners, 2 * m)
    flow_idx = np.tile(np.repeat(np.array([0, 1], np.int32), m), len(partners))
    month_idx = np.tile(np.arange(m, dtype=np.int32), 2 * len(partners))
    partner = _dict(partner_idx, names)
    period = _dict(month_idx, months)
    ref = pc.binary_join_element_wise(
        partner.dictionary_decode(), period.dictionary_decode(), pa.scalar("!")
    )
    cols = {
        "series": _const(n, "trade_value"),
        "reporter": _dict(np.full(n, r, np.int32), names),
        "partner": partner,
        "partner_aggregate": pa.array(partner_idx == names.index("WLD")),
        "flow": _dict(flow_idx, ["export", "import"]),
        "commodity": _const(n, "TOTAL"),
        "period_start": period,
        "period_end": period,
        "measure": _const(n, "level"),
        "comparator": _const(n, "="),
        "value": pa.array(np.round(rng.lognormal(14.0, 2.5, n), 2)),
        "unit": _const(n, "USD"),
        "valuation": _dict(flow_idx, ["fob", "cif"]),
        "kind": _const(n, "reported"),
        "source_id": _const(n, SOURCE.source_id),
        "ref": ref,
        "note": _const(n, ""),
        # Columns the schema gained later, with the value a row without them takes.
        **{name: _const(n, default) for name, default in schema.ADDED_COLUMNS.items()},
    }
    return pa.table(cols, schema=schema.ARROW_SCHEMA)


def synthetic_store(rows: int, seed: int = 0) -> Path:
    """A store of about ``rows`` observations under ``bench/.cache`` (built once)."""
    folder = CACHE / f"synthetic_{rows}_v{VERSION}_s{seed}_rg{ROW_GROUP_SIZE}"
    if (folder / MANIFEST).is_file():
        return folder
    names = codes()
    per_month = len(names) * (len(names) - 1) * 2
    m = max(1, math.ceil(rows / per_month))
    months = [f"{1992 + i // 12:04d}-{i % 12 + 1:02d}" for i in range(m)]
    rng = np.random.default_rng(seed)
    tmp = folder.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    data_file = "observations.parquet"
    total = 0
    print(f"  generating a synthetic store of {per_month * m:,} observations …", flush=True)
    with pq.ParquetWriter(
        tmp / data_file,
        schema.ARROW_SCHEMA,
        compression="zstd",
        write_statistics=True,
        use_dictionary=True,
    ) as writer:
        pending: list[pa.Table] = []
        held = 0
        for r in range(len(names)):
            block = reporter_block(r, names, months, rng)
            pending.append(block)
            held += block.num_rows
            total += block.num_rows
            if held >= ROW_GROUP_SIZE or r == len(names) - 1:
                buf = pa.concat_tables(pending)
                whole = (buf.num_rows // ROW_GROUP_SIZE) * ROW_GROUP_SIZE
                if r == len(names) - 1:
                    whole = buf.num_rows
                # Groups of exactly ROW_GROUP_SIZE rows, as parquet_bytes writes them.
                for start in range(0, whole, ROW_GROUP_SIZE):
                    part = buf.slice(start, min(ROW_GROUP_SIZE, whole - start))
                    writer.write_table(part, row_group_size=ROW_GROUP_SIZE)
                rest = buf.slice(whole)
                pending, held = ([rest], rest.num_rows) if rest.num_rows else ([], 0)
    meta = {
        "format_version": FORMAT_VERSION,
        "data_file": data_file,
        "row_count": total,
        "checksum": sha256_file(tmp / data_file),
        "columns": list(schema.COLUMNS),
        "key": list(schema.KEY),
        "sources": [SOURCE.to_dict()],
        "note": f"synthetic, seed {seed}, {len(names)} economies, {m} months",
    }
    (tmp / MANIFEST).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder
