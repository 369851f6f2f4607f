"""The sheets' cells as one observations table with its source: :func:`tidy` and :func:`load`."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import schema
from data.countries import is_aggregate
from data.importers.base import CELL, Parsed
from data.importers.dots.cells import KINDS, NEGATIVE_NOTE, SHEETS, _Cells, _tidy_sheet
from data.importers.dots.workbook import Rows, column_letter, read
from data.provenance import IMF_DOTS_ATTRIBUTION, IMF_LICENCE, Source, sha256_file

FORMAT = "imf_dots"


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
