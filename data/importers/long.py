"""tradedash's own long format: one figure per row, CSV (UTF-8) or Parquet.

This is the format analysts use to bring in tables from national statistics offices,
railway reports and anything else no dedicated importer reads. A file is a table with a
header; column names are lower case and exactly these (any other column is an error, so
a misspelt optional column cannot be silently ignored):

Required, one value per row:

``series``
    ``trade_value``, ``trade_quantity``, ``rail_freight``, ``rail_capacity``,
    ``transit_rail_instc_east``, ``transit_rail_via_kaz_to_tkm`` or ``trade_target`` (see
    ``data.schema``).
``reporter``, ``partner``
    ISO 3166 alpha-3 (``KAZ``), a code documented in ``data.countries`` (``WLD``), or a
    name it resolves (``Turkmenistan``).
``flow``
    ``export``, ``import``, ``total``, ``re_export`` or ``re_import``.
``period_start``, ``period_end``
    first and last month of the window, inclusive, ``YYYY-MM``; a calendar year is
    ``2023-01`` .. ``2023-12``, a month ``2023-03`` .. ``2023-03``.
``measure``
    ``level``, ``growth_pct_yoy``, ``multiple``, ``change_abs``, ``target`` or
    ``share_pct``.
``comparator``
    ``=`` exact, ``>`` above, ``<`` below, ``~`` approximately.
``value``
    a number: ``.`` as the decimal point, no thousands separators.
``unit``
    a base unit (``USD``, ``t``, ``percent``, ``ratio``) or a scaled one from
    ``data.importers.base.UNIT_SCALE`` (``USD_thousand``, ``USD_million``,
    ``USD_billion``, ``kg``, ``tonnes``, ``tonnes_thousand``, ``tonnes_million``). Values
    are stored converted to the base unit: ``563``, ``USD_million`` → 563000000 USD.
``source_publisher``
    who published the figure (``Bureau of National Statistics of Kazakhstan``).

Optional; the default applies when the column is absent or the cell blank:

``partner_aggregate``
    ``true``/``false`` (or ``1``/``0``, ``yes``/``no``); default from ``data.countries``
    (``WLD`` and ``AGG_*`` codes are aggregates).
``commodity``
    an HS code or group (``1001``, ``1001+1101``, ``HS01-24``); default ``TOTAL`` (all
    goods).
``share_of``
    on ``share_pct`` rows, what the share is of: ``pair_flow``, ``partner_product_exports``
    or ``other`` (see ``data.schema``); blank otherwise.
``valuation``
    ``fob`` or ``cif``; default ``unknown``.
``kind``
    ``estimated``, ``mirror`` or ``derived``; default ``reported``.
``note``
    scope remarks in plain words; default ``""``.
``ref``
    where the figure stands in the original publication (table, page); default
    ``line N`` for CSV (the line in this file, the header being line 1) and ``row N``
    for Parquet (1-based).
``source_title``, ``source_url``, ``source_published``, ``source_licence``
    the publication's title, address, date (``YYYY-MM-DD``) and licence; default ``""``.
``source_category``
    ``official``, ``international``, ``press`` or ``derived``; default ``official``.

Rows with the same ``source_publisher``, ``source_title``, ``source_url`` and
``source_published`` form one source (one publication); its ``source_licence`` and
``source_category`` must agree on every row. The source id is
``long:<file>-<publisher>-<hash of title, url, date>``. The same figure twice in a file is
an error naming the second row.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from data import schema
from data.countries import is_aggregate
from data.importers.base import UNIT_SCALE, Parsed, codes_for, file_stem, finish
from data.importers.textio import decode_text, fail_at, numbers, read_payload, read_records
from data.provenance import CATEGORIES, Source, slug

FORMAT = "long"
PARQUET_MAGIC = b"PAR1"
REQUIRED = (
    "series",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "measure",
    "comparator",
    "value",
    "unit",
    "source_publisher",
)
OPTIONAL = {
    "partner_aggregate": "",
    "commodity": "TOTAL",
    "share_of": "",
    "valuation": "unknown",
    "kind": "reported",
    "note": "",
    "ref": "",
    "source_title": "",
    "source_url": "",
    "source_published": "",
    "source_licence": "",
    "source_category": "official",
}
SNIFF = {"series", "reporter", "partner", "period_start", "measure", "value", "source_publisher"}
SOURCE_GROUP = ("source_publisher", "source_title", "source_url", "source_published")
_BOOL = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def sniff(head_text: str) -> bool:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    return {c.strip().strip('"').lower() for c in first.split(",")} >= SNIFF


def sniff_parquet(path: Path) -> bool:
    """A Parquet file (magic bytes) whose schema has the long format's key columns."""
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != PARQUET_MAGIC:
                return False
        return {n.lower() for n in pq.read_schema(path).names} >= SNIFF
    except (OSError, pa.ArrowException):
        return False


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def tidy(name: str, raw: bytes, checksum: str = "") -> Parsed:
    """Long-format CSV or Parquet bytes to observations and their sources (pure)."""
    is_parquet = raw[:4] == PARQUET_MAGIC
    f, row_of = _parquet(name, raw) if is_parquet else _csv(name, raw)
    unexpected = [c for c in f.columns if c not in REQUIRED and c not in OPTIONAL]
    if unexpected:
        hint = " (source ids are derived, leave it out)" if unexpected[0] == "source_id" else ""
        raise schema.ValidationError(
            f"unexpected column{hint}; the long format has exactly the documented columns",
            file=name,
            column=unexpected[0],
        )
    for c in REQUIRED:
        if c not in f.columns:
            raise schema.ValidationError("required column is missing", file=name, column=c)
        fail_at(
            f[c].eq("").to_numpy(dtype=bool), "value is missing", file=name, row_of=row_of, column=c
        )
    given = set(f.columns)
    for c, default in OPTIONAL.items():
        f[c] = f[c].where(f[c].ne(""), default) if c in f.columns else default
    units = f["unit"]
    fail_at(
        ~units.isin(list(UNIT_SCALE)).to_numpy(dtype=bool),
        "{value!r} is not a known unit (" + ", ".join(UNIT_SCALE) + ")",
        file=name,
        row_of=row_of,
        column="unit",
        values=units,
    )
    value = numbers(f["value"], file=name, column="value", row_of=row_of)
    reporter = codes_for(f["reporter"], file=name, column="reporter", row_of=row_of)
    partner = codes_for(f["partner"], file=name, column="partner", row_of=row_of)
    aggregate = _aggregate(name, f["partner_aggregate"], partner["code"], row_of)
    source_ids, sources = _sources(name, f, row_of, checksum)
    ref = f["ref"].where(
        f["ref"].ne(""), [f"{'row' if is_parquet else 'line'} {n}" for n in row_of]
    )
    table = finish(pd.DataFrame({
        "series": f["series"], "reporter": reporter["code"], "partner": partner["code"],
        "partner_aggregate": aggregate, "flow": f["flow"], "commodity": f["commodity"],
        "period_start": f["period_start"], "period_end": f["period_end"],
        "measure": f["measure"], "share_of": f["share_of"], "comparator": f["comparator"],
        "value": value * units.map(lambda u: UNIT_SCALE[u][1]).to_numpy(dtype="float64"),
        "unit": units.map(lambda u: UNIT_SCALE[u][0]), "valuation": f["valuation"],
        "kind": f["kind"], "source_id": source_ids, "ref": ref, "note": f["note"],
    }))  # fmt: skip
    # The file's columns are the data model's own: errors at merge name them as they are.
    columns = {"source_id": "source_publisher", "partner_aggregate": "partner"}
    columns |= {c: "value" for c in (*OPTIONAL, "share_of") if c not in given}
    return Parsed(name, FORMAT, table, sources, row_of.tolist(), [], columns)


def _csv(name: str, raw: bytes) -> tuple[pd.DataFrame, np.ndarray]:
    rec = read_records(name, decode_text(name, raw))
    f = rec.frame.apply(lambda s: s.str.strip())
    f.columns = [str(c).strip().lower() for c in f.columns]
    return f, rec.row_of


def _parquet(name: str, raw: bytes) -> tuple[pd.DataFrame, np.ndarray]:
    """Every column as text, as a CSV would give it: null → '', floats in shortest repr."""
    cols: dict[str, list[str]] = {}
    try:
        table = pq.read_table(pa.BufferReader(raw))
        for field_name, column in zip(table.column_names, table.columns, strict=True):
            key = field_name.strip().lower()
            if key in cols:
                raise schema.ValidationError("column appears twice", file=name, column=key)
            cols[key] = [("" if v is None else str(v)).strip() for v in column.to_pylist()]
    except (OSError, pa.ArrowException, UnicodeDecodeError) as exc:
        raise schema.ValidationError(
            f"not a readable Parquet file, truncated or corrupt ({exc})", file=name
        ) from None
    if table.num_rows == 0:
        raise schema.ValidationError("the file has no data rows", file=name)
    return pd.DataFrame(cols, dtype=object).astype(str), np.arange(1, table.num_rows + 1)


def _aggregate(name: str, given: pd.Series, codes: pd.Series, row_of: np.ndarray) -> np.ndarray:
    text = given.str.lower()
    fail_at(
        ~text.isin(["", *_BOOL]).to_numpy(dtype=bool),
        "{value!r} is not true or false",
        file=name,
        row_of=row_of,
        column="partner_aggregate",
        values=given,
    )
    derived = codes.map(is_aggregate).to_numpy(dtype=bool)
    stated = text.map(lambda t: _BOOL.get(t, False)).to_numpy(dtype=bool)
    return np.where(text.eq("").to_numpy(dtype=bool), derived, stated)


def _sources(
    name: str, f: pd.DataFrame, row_of: np.ndarray, checksum: str
) -> tuple[list[str], list[Source]]:
    """One source per publication; licence and category must agree within it."""
    fail_at(
        ~f["source_category"].isin(CATEGORIES).to_numpy(dtype=bool),
        "{value!r} is not one of " + ", ".join(CATEGORIES),
        file=name,
        row_of=row_of,
        column="source_category",
        values=f["source_category"],
    )
    stem = slug(file_stem(name), 40)
    ids: list[str] = []
    by_id: dict[str, tuple[int, Source]] = {}
    for i, r in enumerate(
        f.loc[:, [*SOURCE_GROUP, "source_licence", "source_category"]].itertuples(index=False)
    ):
        pub, title, url, published, licence, category = (str(v) for v in r)
        digest = hashlib.sha1(f"{title}|{url}|{published}".encode()).hexdigest()[:6]
        sid = f"long:{stem}-{slug(pub, 24)}-{digest}"
        ids.append(sid)
        seen = by_id.get(sid)
        if seen is None:
            by_id[sid] = (
                i,
                Source(
                    source_id=sid,
                    category=category,
                    publisher=pub,
                    title=title,
                    url=url,
                    published=published,
                    licence=licence,
                    checksum=checksum,
                    file=name,
                ),
            )
            continue
        first = seen[1]
        for column, a, b in (
            ("source_licence", first.licence, licence),
            ("source_category", first.category, category),
        ):
            if a != b:
                raise schema.ValidationError(
                    f"{b!r} differs from {a!r} in row {int(row_of[seen[0]])} for the same "
                    "source (publisher, title, url, published)",
                    file=name,
                    row=int(row_of[i]),
                    column=column,
                )
    return ids, [s for _, s in by_id.values()]


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
