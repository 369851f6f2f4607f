"""Valid (and deliberately bad) starting files per format, as bytes, built once.

Text seeds are the checked-in fixtures; DOTS workbooks are written with openpyxl in the
layout of ``tests/unit/data/dots_fixtures.py``; long-format Parquet is the long CSV
fixture written as Parquet.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from data.importers import comtrade, imts, long, press, wits
from tests.unit.data.dots_fixtures import both, write_workbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOTS_ROWS = [
    ["Australia", 1.5, "2.0", 3],
    ["World", "2,785.93 e", "1,000", 3.0],
    ["Euro Area", 1, 2, 3],
    ["Turkmenistan", "0.14 e", 2.5, None],
    ["Australia", 1.5, "2.0", 3],
]


@dataclass(frozen=True)
class Seed:
    """One starting file: its name, its content (decompressed) and whether it is gzipped."""

    name: str
    payload: bytes
    gzipped: bool = False
    good: bool = True

    @property
    def delimiter(self) -> str:
        first = self.payload.split(b"\n", 1)[0]
        return "\t" if b"\t" in first else ","


def _text_seeds(folder: str) -> tuple[Seed, ...]:
    out = []
    for path in sorted((FIXTURES / folder).rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        # The press folder keeps its bad cases beside valid.csv.
        good = "bad" not in path.parent.name and (folder != "press" or path.name == "valid.csv")
        if path.name.endswith(".gz"):
            out.append(Seed(path.name, gzip.decompress(raw), gzipped=True, good=good))
        else:
            out.append(Seed(path.name, raw, good=good))
    return tuple(out)


@functools.cache
def text_seeds(fmt: str) -> tuple[Seed, ...]:
    folder = {
        "press": "press", "comtrade": "comtrade", "imf_imts": "imts", "wits": "wits",
        "comtrade_api": "comtrade_api", "sdmx": "sdmx", "stat_uz": "stat_uz",
    }  # fmt: skip
    return _text_seeds(folder.get(fmt, "long"))


def xlsx_bytes(
    rows: dict[str, list[list[object]]],
    *,
    reporter: str = "Kazakhstan, Rep. of",
    unit: str = "US Dollars, Millions",
    years: list[object] | None = None,
) -> bytes:
    """A DOTS-layout workbook as bytes (openpyxl wants a path)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "w.xlsx", rows, reporter=reporter, unit=unit, years=years)
        return deterministic_zip(path.read_bytes())


FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def zip_members(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` with fixed timestamps: the same input gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def deterministic_zip(payload: bytes) -> bytes:
    """openpyxl stamps the clock into the zip and docProps/core.xml; hypothesis needs
    the same draws to give the same bytes."""
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    for name in members:
        if name == "docProps/core.xml":
            members[name] = _STAMP.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", members[name])
    return zip_members(members)


def bns_bytes(rows: dict[str, list[tuple[str, object, object, object]]], **kwargs: object) -> bytes:
    """A BNS-layout workbook (``tests/unit/data/importers/bns_fixtures.py``) as bytes."""
    from tests.unit.data.importers.bns_fixtures import write_table

    with tempfile.TemporaryDirectory() as tmp:
        path = write_table(Path(tmp) / "b.xlsx", rows, **kwargs)  # type: ignore[arg-type]
        return deterministic_zip(path.read_bytes())


@functools.cache
def dots_workbook() -> bytes:
    """A valid DOTS workbook: estimates, thousands separators, aggregates, a repeat."""
    return xlsx_bytes(both(DOTS_ROWS))


def grid_of(seed: Seed) -> list[list[str]]:
    # As the importers decode: UTF-8, else ISO-8859-1 (``latin1_name.csv``).
    try:
        text = seed.payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = seed.payload.decode("latin-1")
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=seed.delimiter)]


def parquet_bytes(table: pa.Table, compression: str = "zstd", row_group_size: int | None = None):
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression=compression, row_group_size=row_group_size)
    return sink.getvalue().to_pybytes()


@functools.cache
def long_parquet() -> bytes:
    """The long CSV fixture as Parquet, ``value`` as float64 and the rest as text."""
    seed = next(s for s in text_seeds("long") if s.name == "national_stats.csv")
    header, *rows = grid_of(seed)
    cols = {h: [r[i] for r in rows] for i, h in enumerate(header)}
    arrays = {
        h: pa.array([float(v) for v in vals]) if h == "value" else pa.array(vals)
        for h, vals in cols.items()
    }
    return parquet_bytes(pa.table(arrays))


# Column names any importer may name in an error although the file lacks them.
KNOWN_COLUMNS = frozenset(
    c.lower()
    for c in (
        *press.COLUMNS,
        *(h for pair in comtrade.COLUMNS.values() for h in pair if h),
        *imts.REQUIRED,
        "UNIT_MULT",
        "SCALE",
        "UNIT_MEASURE",
        "OBS_STATUS",
        wits.VALUE,
        "Year",
        "ProductCode",
        "ReporterISO3",
        "ReporterName",
        "PartnerISO3",
        "PartnerName",
        "TradeFlowName",
        "TradeFlowCode",
        *long.REQUIRED,
        *long.OPTIONAL,
        # The SDMX messages' dimensions and attributes, the JSON responses' "data".
        "data",
        "FREQ",
        "FREQUENCY",
        "INDICATOR",
        "COUNTRY",
        "COUNTERPART_COUNTRY",
        "TIME_PERIOD",
        "OBS_VALUE",
    )
)
