"""Press and official figures in the layout of ``kaz-tkm-press-figures.csv``.

One row per figure per publication. Bounds (``>``, ``<``, ``~``), growth rates,
multiples, shares, targets and part-year windows keep their meaning: the comparator is
stored as is, the window as ``period_start``..``period_end``; only units are scaled to
base units (``USD_million`` → USD, ``tonnes_million`` → t). A publication (publisher,
title, url, date) becomes one source that all its rows cite; another file quoting the
same publication cites the same source (see ``Source.same_publication``).

Two optional columns (the layout of ``kaz-tkm-press-figures-2024-2026.csv``):

``commodity``
    ``TOTAL`` (all goods; also when the column is absent or the cell blank), an HS code
    (``1001`` wheat) or a group (``1001+1101``, ``HS01-24`` agri-food).
``share_of``
    on ``share_pct`` rows only: ``pair_flow``, ``partner_product_exports`` or ``other``
    (see ``data.schema``); blank on every other row.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from data import schema
from data.importers.base import UNIT_SCALE, Parsed, codes_for, finish
from data.importers.textio import fail_at, read_payload
from data.provenance import Source, sha256_bytes, slug

FORMAT = "press"
COLUMNS = (
    "id", "series", "reporter_iso3", "partner_iso3", "flow", "period_start", "period_end",
    "measure", "comparator", "value", "unit", "publisher", "publisher_of_figure", "title",
    "url", "published", "note",
)  # fmt: skip
OPTIONAL = {"commodity": "TOTAL", "share_of": ""}


def sniff(head: str) -> bool:
    first = head.splitlines()[0] if head else ""
    cols = {c.strip().strip('"').lower() for c in first.split(",")}
    return {"id", "series", "reporter_iso3", "measure", "comparator", "publisher"} <= cols


def read(path: Path) -> tuple[str, bytes]:
    """The content of a press-figures file (gzip decompressed, size capped; I/O only).

    ``detect`` recognises a gzipped press file from its inflated head, so it is read
    inflated here too.
    """
    return path.name, read_payload(path)[0]


def tidy(name: str, payload: bytes) -> Parsed:
    """Press-figures CSV bytes to observations and sources (pure)."""
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise schema.ValidationError(f"not UTF-8 text ({exc.reason})", file=name) from None
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise schema.ValidationError(f"not a readable CSV file ({exc})", file=name) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise schema.ValidationError("required column is missing", file=name, column=missing[0])
    if raw.columns.duplicated().any():
        dup = raw.columns[raw.columns.duplicated()][0]
        raise schema.ValidationError("column appears twice", file=name, column=dup)
    row_of = np.arange(len(raw)) + 2
    in_file = set(raw.columns)
    for col, default in OPTIONAL.items():
        given = raw[col].str.strip() if col in raw.columns else pd.Series([""] * len(raw))
        raw[col] = given.where(given.ne(""), default)
    for col in ("id", "series", "flow", "period_start", "period_end", "measure", "unit"):
        blank = raw[col].str.strip().eq("").to_numpy()
        fail_at(blank, "value is missing", file=name, row_of=row_of, column=col)
    # Every bad row of a column is listed (textio.fail_at), not only the first.
    value = pd.to_numeric(raw["value"].str.strip(), errors="coerce").to_numpy(dtype="float64")
    fail_at(~np.isfinite(value), "{value!r} is not a finite number", file=name, row_of=row_of,
            column="value", values=raw["value"])  # fmt: skip
    units = raw["unit"].str.strip()
    unknown_unit = ~units.isin(list(UNIT_SCALE)).to_numpy()
    fail_at(unknown_unit, "{value!r} is not a known unit (" + ", ".join(UNIT_SCALE) + ")",
            file=name, row_of=row_of, column="unit", values=units)  # fmt: skip
    base_unit = units.map(lambda u: UNIT_SCALE[u][0])
    scale = units.map(lambda u: UNIT_SCALE[u][1]).to_numpy(dtype="float64")
    reporter = codes_for(raw["reporter_iso3"], file=name, column="reporter_iso3", row_of=row_of)
    partner = codes_for(raw["partner_iso3"], file=name, column="partner_iso3", row_of=row_of)
    checksum = sha256_bytes(payload)
    pubs = raw[["publisher", "publisher_of_figure", "title", "url", "published"]].map(str.strip)
    source_ids = [
        _source_id(p.publisher, p.published, p.url, p.title) for p in pubs.itertuples(index=False)
    ]
    sources: dict[str, Source] = {}
    for sid, p in zip(source_ids, pubs.itertuples(index=False), strict=True):
        sources.setdefault(
            sid,
            Source(
                source_id=sid,
                category="press",
                publisher=p.publisher,
                publisher_of_figure=p.publisher_of_figure,
                title=p.title,
                url=p.url,
                published=p.published,
                checksum=checksum,
                file=name,
                licence="quoted for reference; rights remain with the publisher",
            ),
        )
    frame = pd.DataFrame(
        {
            "series": raw["series"].str.strip(),
            "reporter": reporter["code"],
            "partner": partner["code"],
            "partner_aggregate": partner["aggregate"],
            "flow": raw["flow"].str.strip(),
            "period_start": raw["period_start"].str.strip(),
            "period_end": raw["period_end"].str.strip(),
            "measure": raw["measure"].str.strip(),
            "share_of": raw["share_of"],
            "commodity": raw["commodity"],
            "comparator": raw["comparator"].str.strip(),
            "value": value * scale,
            "unit": base_unit,
            "valuation": "unknown",
            "kind": "reported",
            "source_id": source_ids,
            "ref": raw["id"].str.strip(),
            "note": raw["note"].str.strip(),
        }
    )
    columns = {
        "reporter": "reporter_iso3", "partner": "partner_iso3", "partner_aggregate": "partner_iso3",
        "source_id": "publisher", "ref": "id", "kind": "value", "valuation": "value",
    }  # fmt: skip
    columns |= {c: "value" for c in OPTIONAL if c not in in_file}
    return Parsed(name, FORMAT, finish(frame), list(sources.values()), row_of.tolist(), [], columns)


def _source_id(publisher: str, published: str, url: str, title: str) -> str:
    digest = hashlib.sha1(f"{url}|{title}".encode()).hexdigest()[:6]
    return f"press:{slug(publisher, 24)}-{slug(published, 10)}-{digest}"


def load(path: Path) -> Parsed:
    return tidy(*read(path))
