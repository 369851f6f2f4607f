"""Uzbekistan's statistics (stat.uz open data): foreign trade by country, a wide table.

The file, as downloaded (``sdmx_data_1176.csv``, ``sdmx_data_1105.csv``)::

    Code,Klassifikator,Klassifikator_ru,Klassifikator_en,2010,2011,…,2023
    398,Qozog'iston,Казахстан,Kazakhstan,…,3243509.06,3068544.9

one row per partner, one column per year, names in Uzbek (Latin), Russian and English.

**A small reader, not a mapping onto the long format.** The table states neither its
reporter nor its direction (stat.uz's dataset 1176 is imports, 1105 exports), so the
person importing it names them: ``tradedash import FILE --reporter UZB --flow import``.
Read as it was downloaded, the file keeps its checksum, so the source's record matches
the portal's file byte for byte; a mapping would mean editing the file (adding reporter,
flow and unit columns) and citing an edited copy. Without ``--reporter`` and ``--flow``
the file is refused, with that hint.

Units and policies, each on purpose:

* values are **thousand US dollars**, stored × 1000 in USD, as ``trade_value`` levels of
  the named flow; a blank cell is no observation (counted in a warning); ``0.0`` is a
  stated zero and kept;
* ``Code`` is the partner's M49 number (``398``; zero padding such as ``008`` is read),
  resolved through ISO 3166's numeric codes, then ``codes/stat_uz_codes.csv`` (``0``
  "Other countries" → ``AGG_OTHER_NIE``, an aggregate; ``530`` Netherlands Antilles;
  ``736``, the old M49 code stat.uz keeps for Sudan), then the English name; a row none of
  them resolves is an error naming its row;
* year columns are four-digit years (January to December); the name columns
  ``Klassifikator*`` are read only to resolve a code; any other column is an error;
* valuation ``unknown`` (the table does not say FOB or CIF); category ``official``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from data import schema
from data.countries import UnknownCountry, country_for_code, resolve
from data.importers.base import Parsed, file_columns, file_stem, finish, refuse_unknown
from data.importers.textio import (
    decode_text,
    numbers,
    read_payload,
    read_records,
    scaled,
)
from data.provenance import Source, slug

FORMAT = "stat_uz"
FLOWS = ("import", "export")
NAME_PREFIX = "klassifikator"
CODES_FILE = Path(__file__).with_name("codes") / "stat_uz_codes.csv"
HINT = (
    "a wide table of partners by year states neither its reporter nor its direction: "
    "name them, e.g. tradedash import FILE --reporter UZB --flow import "
    "(stat.uz dataset 1176 is imports, 1105 exports)"
)
_YEAR = re.compile(r"^(19|20)\d{2}$")


def _codes() -> dict[str, tuple[str, bool]]:
    with open(CODES_FILE, encoding="utf-8", newline="") as fh:
        return {
            r["m49"].strip().zfill(3): (r["code"], r["aggregate"] == "true")
            for r in csv.DictReader(fh)
        }


EXTRA_CODES = _codes()


def sniff(head_text: str) -> bool:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    cols = [c.strip().strip('"').lower() for c in first.split(",")]
    return len(cols) > 2 and cols[0] == "code" and cols[1] == NAME_PREFIX


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def tidy(
    name: str,
    raw: bytes,
    checksum: str = "",
    *,
    reporter: str | None = None,
    flow: str | None = None,
) -> Parsed:
    """The wide table to observations of ``reporter``'s ``flow`` by partner (pure)."""
    if not reporter or not flow:
        raise schema.ValidationError(HINT, file=name)
    if flow not in FLOWS:
        raise schema.ValidationError(f"--flow {flow!r} is not one of import, export", file=name)
    who = country_for_code(reporter)
    if who is None or who.aggregate:
        raise schema.ValidationError(
            f"--reporter {reporter!r} is not an economy's ISO alpha-3 code", file=name
        )
    rec = read_records(name, decode_text(name, raw))
    header = list(rec.frame.columns)
    years = [h for h in header if _YEAR.match(h.strip())]
    for h in header[1:]:
        if h not in years and not h.strip().lower().startswith(NAME_PREFIX):
            raise schema.ValidationError(
                "not a year (YYYY) or a name column (Klassifikator…)", file=name, column=h
            )
    if not years:
        raise schema.ValidationError("the table has no year columns", file=name)
    english = next((h for h in header if h.strip().lower() == NAME_PREFIX + "_en"), None)
    partner = _partners(name, rec.frame[header[0]], rec.frame.get(english), rec.row_of, header[0])
    n = len(rec.frame)
    # Year after year: every partner's 2010, then every partner's 2011 …
    cells = pd.concat([rec.frame[y] for y in years], ignore_index=True)
    value = np.concatenate(
        [
            numbers(rec.frame[y], file=name, column=y, row_of=rec.row_of, blank_ok=True)
            for y in years
        ]
    )
    rows = np.tile(rec.row_of, len(years))
    col_of = np.repeat(np.asarray(years, dtype=object), n)
    keep = np.isfinite(value)
    warnings = []
    if (~keep).any():
        warnings.append(f"{name}: {int((~keep).sum())} blank cell(s) skipped (no figure)")
    year_text = pd.Series(col_of[keep]).str.strip().to_numpy(dtype=object)
    source_id = f"stat-uz:{slug(file_stem(name), 80)}"
    table = finish(pd.DataFrame({
        "series": "trade_value", "reporter": who.code,
        "partner": np.tile(partner["code"].to_numpy(dtype=object), len(years))[keep],
        "partner_aggregate": np.tile(partner["aggregate"].to_numpy(dtype=bool), len(years))[keep],
        "flow": flow, "commodity": "TOTAL",
        "period_start": year_text + "-01", "period_end": year_text + "-12",
        "measure": "level", "comparator": "=",
        "value": scaled(value, cells, 1000.0)[keep], "unit": "USD", "valuation": "unknown",
        "kind": "reported", "source_id": source_id,
        "ref": [f"line {r}, column {c}" for r, c in zip(rows[keep], col_of[keep], strict=True)],
        "note": "reporter and direction named at import (the table states neither)",
    }))  # fmt: skip
    row_of = rows[keep]
    # One row of the table holds a partner's years: errors name its code column.
    columns = file_columns(header[0])
    source = Source(
        source_id=source_id, category="official",
        publisher="National Statistics Committee of the Republic of Uzbekistan (stat.uz)",
        publisher_of_figure="National Statistics Committee of the Republic of Uzbekistan",
        title=f"Foreign trade by country: {flow}s of {who.name}, thousand US dollars "
        f"({years[0].strip()}–{years[-1].strip()})",
        url="https://stat.uz/", licence="stat.uz open data (re-use with attribution)",
        checksum=checksum, file=name,
    )  # fmt: skip
    return Parsed(name, FORMAT, table, [source], row_of.tolist(), warnings, columns)


def _partners(
    name: str, codes: pd.Series, english: pd.Series | None, row_of: np.ndarray, column: str
) -> pd.DataFrame:
    out_code, out_agg = [], []
    raws = codes.astype(str).str.strip().to_numpy()
    bad = np.zeros(len(raws), dtype=bool)
    why: list[tuple[str, str]] = [("", column)] * len(raws)
    for i, raw in enumerate(codes.astype(str)):
        number = raw.strip().zfill(3)
        label = str(english.iloc[i]).strip() if english is not None else ""
        hit = EXTRA_CODES.get(number)
        if hit is None and number.isdigit():
            country = pycountry.countries.get(numeric=number)
            hit = (str(country.alpha_3), False) if country is not None else None
        if hit is None and label:
            try:
                c = resolve(label)
                hit = (c.code, c.aggregate)
            except UnknownCountry:
                hit = None
        if hit is None:  # every unknown code is listed, not only the first
            bad[i] = True
            why[i] = (
                f"{raw.strip()!r} is not an M49 country code (nor is {label!r} a known name)",
                column,
            )
            hit = ("", False)
        out_code.append(hit[0])
        out_agg.append(hit[1])
    refuse_unknown(bad, raws, why, file=name, column=column, row_of=row_of)
    return pd.DataFrame({"code": out_code, "aggregate": out_agg})


def load(path: Path, *, reporter: str | None = None, flow: str | None = None) -> Parsed:
    return tidy(path.name, *read(path), reporter=reporter, flow=flow)
