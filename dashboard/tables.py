"""Table shaping for the pages: pure functions, frames in, frames (or bytes) out.

No Streamlit and no file system here, so every piece is unit-tested as it is. Values stay
in base units (``value_usd`` in US dollars, not millions); the formatted ``value`` column
is for reading, the numeric one for sorting and downloads.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.growth import yoy
from analysis.reconcile import Reconciled
from dashboard.charts import money
from dashboard.safety import md_escape
from dashboard.safety import safe_csv as safe_csv
from data.provenance import Source, slug

#: Flows of the Trade page: label → the data model's flow (balance is computed here).
FLOWS = {"turnover": "total", "exports": "export", "imports": "import", "balance": "balance"}
POINT_COLUMNS = [
    "flow", "period", "year", "period_start", "period_end", "part_year", "value_usd", "value",
    "comparator", "kind", "side", "method", "category", "yoy_pct", "sources", "source_ids",
    "alternatives",
]  # fmt: skip
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CATEGORY_ORDER = ("official", "international", "press", "derived")


# -- downloads ------------------------------------------------------------------------
def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as Parquet (zstd), without the pandas index."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


# -- text from data ---------------------------------------------------------------------
def escape_markdown(text: object) -> str:
    """Text from data made inert for ``st.caption``/``st.markdown``: no links, no images."""
    return md_escape(text)


def count(n: int, noun: str) -> str:
    """``1 pair``, ``816 pairs``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def period_label(start: str, end: str) -> str:
    """``2023-01``..``2023-12`` → ``2023``; ``2020-01``..``2020-07`` → ``Jan–Jul 2020``."""
    if start[:4] == end[:4] and start[5:] == "01" and end[5:] == "12":
        return start[:4]
    if start[:4] == end[:4]:
        a, b = _MONTHS[int(start[5:]) - 1], _MONTHS[int(end[5:]) - 1]
        return f"{a} {start[:4]}" if a == b else f"{a}–{b} {start[:4]}"
    return f"{start}–{end}"


def cite(source_ids: Iterable[str], citations: Mapping[str, str]) -> str:
    return " + ".join(citations.get(s, s) for s in source_ids)


_SIDE_WORDS = {"reporter": "reporter's records", "partner": "partner's records"}


def alternative_lines(alts: pd.DataFrame, citations: Mapping[str, str], unit: str) -> list[str]:
    """One plain-text line per candidate figure: value, comparator, kind, side, citation."""
    return [
        f"{'★ ' if getattr(a, 'chosen', False) else '• '}{a.comparator} "
        f"{money(float(a.value), unit)} {a.kind}, {_SIDE_WORDS.get(a.side, a.side)}, "
        f"{a.method} — {cite(a.source_ids, citations)}"
        for a in alts.itertuples(index=False)
    ]


# -- the Trade page's series --------------------------------------------------------------
def _worst_category(cats: Iterable[str]) -> str:
    ranked = [c for c in _CATEGORY_ORDER if c in set(cats)]
    return ranked[-1] if ranked else "derived"


def _annual_points(
    label: str, r: Reconciled, citations: Mapping[str, str], growth: Mapping[int, float]
) -> list[dict[str, Any]]:
    alts = r.alternatives
    rows = []
    for b in r.best.itertuples(index=False):
        year = int(b.year)
        mine = alts[alts["year"] == year] if len(alts) else alts
        rows.append(
            {
                "flow": label,
                "period": str(year),
                "year": year,
                "period_start": b.period_start,
                "period_end": b.period_end,
                "part_year": False,
                "value_usd": float(b.value),
                "value": money(float(b.value), r.unit),
                "comparator": b.comparator,
                "kind": b.kind,
                "side": b.side,
                "method": b.method,
                "category": b.category,
                "yoy_pct": growth.get(year, math.nan) if b.comparator in ("=", "~") else math.nan,
                "sources": cite(b.source_ids, citations),
                "source_ids": ";".join(b.source_ids),
                "alternatives": "\n".join(alternative_lines(mine, citations, r.unit)),
            }
        )
    return rows


def _part_year_points(
    label: str, r: Reconciled, citations: Mapping[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "flow": label,
            "period": period_label(p.period_start, p.period_end),
            "year": int(str(p.period_start)[:4]),
            "period_start": p.period_start,
            "period_end": p.period_end,
            "part_year": True,
            "value_usd": float(p.value),
            "value": money(float(p.value), r.unit),
            "comparator": p.comparator,
            "kind": p.kind,
            "side": "reporter",
            "method": "stated",
            "category": "",
            "yoy_pct": math.nan,
            "sources": cite(p.source_ids, citations),
            "source_ids": ";".join(p.source_ids),
            "alternatives": "",
        }
        for p in r.part_year.itertuples(index=False)
    ]


def growth_by_year(r: Reconciled) -> dict[int, float]:
    """Defined year-on-year growth of the exact figures, in percent, by year."""
    values = r.values()
    if values.empty:
        return {}
    g = yoy(values)
    g = g[g["defined"]]
    return {int(y): float(v) * 100 for y, v in g["growth"].items()}


def balance_points(
    exports: pd.DataFrame, imports: pd.DataFrame, citations: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Exports − imports for each year where both are exact or approximate figures.

    Bounds are left out (a difference of bounds bounds nothing). The balance is ``derived``,
    or ``mirror``/``estimated`` when an input is; its sources are both inputs' sources.
    """
    exact = ("=", "~")
    ex = exports[exports["comparator"].isin(exact)].set_index("year")
    im = imports[imports["comparator"].isin(exact)].set_index("year")
    rows = []
    for year in sorted(set(ex.index) & set(im.index)):
        e, i = ex.loc[year], im.loc[year]
        kinds = {e["kind"], i["kind"]}
        kind = "mirror" if "mirror" in kinds else "estimated" if "estimated" in kinds else "derived"
        ids = list(dict.fromkeys([*e["source_ids"], *i["source_ids"]]))
        value = float(e["value"]) - float(i["value"])
        rows.append(
            {
                "flow": "balance",
                "period": str(year),
                "year": int(year),
                "period_start": f"{int(year):04d}-01",
                "period_end": f"{int(year):04d}-12",
                "part_year": False,
                "value_usd": value,
                "value": _fmt_unit(value, "USD"),
                "comparator": "=" if {e["comparator"], i["comparator"]} == {"="} else "~",
                "kind": kind,
                "side": e["side"] if e["side"] == i["side"] else "mixed",
                "method": "exports − imports",
                "category": _worst_category([e["category"], i["category"]]),
                "yoy_pct": math.nan,
                "sources": cite(ids, citations),
                "source_ids": ";".join(ids),
                "alternatives": (
                    f"exports {money(float(e['value']))} − imports {money(float(i['value']))}"
                ),
            }
        )
    return rows


def trade_points(
    series: Mapping[str, Reconciled], citations: Mapping[str, str], flows: Sequence[str]
) -> pd.DataFrame:
    """The points of the chosen flows, one row each: annual best figures, then part-year.

    ``series`` maps ``total``/``export``/``import`` to their reconciled series; ``flows``
    are labels of :data:`FLOWS`. ``yoy_pct`` is growth against the year before (percent),
    NaN where undefined or for bounds.
    """
    rows: list[dict[str, Any]] = []
    for label in flows:
        flow = FLOWS[label]
        if flow == "balance":
            rows += balance_points(series["export"].best, series["import"].best, citations)
            continue
        r = series[flow]
        rows += _annual_points(label, r, citations, growth_by_year(r))
        rows += _part_year_points(label, r, citations)
    frame = pd.DataFrame(rows, columns=POINT_COLUMNS)
    return frame.astype({"year": "int64", "value_usd": "float64", "yoy_pct": "float64"})


def download_frame(points: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """The points as a flat table for CSV/Parquet: the pair first, no hover text."""
    out = points.drop(columns=["alternatives"]).copy()
    out.insert(0, "partner", partner)
    out.insert(0, "reporter", reporter)
    return out


def pair_options(pairs: pd.DataFrame, reporter: str) -> list[str]:
    """Codes that trade with ``reporter`` in either direction, sorted."""
    rep, par = pairs["reporter"].astype(str), pairs["partner"].astype(str)
    codes = set(par[rep == reporter]) | set(rep[par == reporter])
    return sorted(codes - {reporter})


# -- the Claims page ---------------------------------------------------------------------
VERDICT_COLUMNS = ["id", "verdict", "data_value", "difference", "claim", "note", "source"]


def _fmt_unit(value: object, unit: str, *, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)  # type: ignore[arg-type]
    sign = "+" if signed and v > 0 else ""
    if unit == "percent":
        return f"{sign}{v:.1f}%" if not signed else f"{sign}{v:.1f} pp"
    if unit == "ratio":
        return f"{sign}{v:.2f}×"
    text = money(abs(v), unit)
    return ("−" if v < 0 else sign) + text


def verdict_table(
    verdicts: Sequence[Mapping[str, Any]],
    units: Mapping[str, str],
    citations: Mapping[str, str],
) -> pd.DataFrame:
    """One row per verdict in the order given, values in the claim's unit, formatted.

    ``units`` maps a verdict id to its claim's unit (``USD``, ``t``, ``percent``, ``ratio``).
    """
    rows = []
    for v in verdicts:
        unit = units.get(str(v["id"]), "USD")
        rows.append(
            {
                "id": v["id"],
                "claim": v.get("claim", ""),
                "verdict": str(v["verdict"]).replace("_", " "),
                "data_value": _fmt_unit(v.get("data_value"), unit),
                "difference": _fmt_unit(v.get("difference"), unit, signed=True),
                "note": v.get("note", ""),
                "source": citations.get(str(v.get("source_id", "")), v.get("source_id", "")),
            }
        )
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


CONTRADICTION_COLUMNS = [
    "severity",
    "check",
    "series",
    "period",
    "figure_a",
    "figure_b",
    "explanation",
]


def contradiction_table(
    clashes: Sequence[Mapping[str, Any]], citations: Mapping[str, str]
) -> pd.DataFrame:
    """One row per pair of clashing figures: each side as ``ref — citation``, then why."""
    rows = [
        {
            "severity": c["severity"],
            "check": str(c.get("check", "")).replace("_", " "),
            "series": c["series"],
            "period": str(c["period"]).replace("..", "–"),
            "figure_a": f"{c['a_ref']} — {citations.get(str(c['a_source']), c['a_source'])}",
            "figure_b": f"{c['b_ref']} — {citations.get(str(c['b_source']), c['b_source'])}",
            "explanation": c["explanation"],
        }
        for c in clashes
    ]
    return pd.DataFrame(rows, columns=CONTRADICTION_COLUMNS)


SOURCE_COLUMNS = [
    "source_id", "category", "publisher", "body", "title", "url", "published", "accessed",
    "licence", "file",
]  # fmt: skip


def sources_table(sources: Iterable[Source]) -> pd.DataFrame:
    """Every source: who published it, the body that issued the figure, dates, licence.

    ``url`` is kept only when it is an http(s) address, so a link column never carries a
    ``javascript:`` or ``data:`` address from a file.
    """
    rows = [
        {
            "source_id": s.source_id,
            "category": s.category,
            "publisher": s.publisher,
            "body": s.publisher_of_figure,
            "title": s.title,
            "url": s.url if re.match(r"https?://", s.url or "", re.I) else None,
            "published": s.published,
            "accessed": s.accessed,
            "licence": s.licence,
            "file": s.file,
        }
        for s in sorted(sources, key=lambda s: (_CATEGORY_ORDER.index(s.category), s.source_id))
    ]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


# -- the Data page ----------------------------------------------------------------------
DEFAULT_UPLOAD_LIMIT_MB = 50.0
UPLOAD_SUFFIXES = (".csv", ".tsv", ".txt", ".gz", ".xlsx", ".parquet")


def upload_limit_mb(environ: Mapping[str, str]) -> float:
    """``TRADEDASH_UPLOAD_LIMIT_MB`` (a positive number), else the default of 50 MB."""
    raw = environ.get("TRADEDASH_UPLOAD_LIMIT_MB", "").strip()
    try:
        limit = float(raw) if raw else DEFAULT_UPLOAD_LIMIT_MB
    except ValueError:
        return DEFAULT_UPLOAD_LIMIT_MB
    return limit if limit > 0 and math.isfinite(limit) else DEFAULT_UPLOAD_LIMIT_MB


def upload_too_big(size_bytes: int, limit_mb: float) -> str | None:
    """A message when the upload exceeds the limit, else ``None``."""
    if size_bytes <= limit_mb * 1024 * 1024:
        return None
    return (
        f"The file is {size_bytes / 1024 / 1024:.1f} MB; uploads are limited to "
        f"{limit_mb:g} MB (TRADEDASH_UPLOAD_LIMIT_MB). Import larger files with the command "
        "line: tradedash import FILE."
    )


DEFAULT_UPLOAD_MAX_ROWS = 1_000_000


def upload_max_rows(environ: Mapping[str, str]) -> int:
    """``TRADEDASH_UPLOAD_MAX_ROWS`` (a positive whole number), else 1,000,000."""
    raw = environ.get("TRADEDASH_UPLOAD_MAX_ROWS", "").strip()
    try:
        limit = int(raw) if raw else DEFAULT_UPLOAD_MAX_ROWS
    except ValueError:
        return DEFAULT_UPLOAD_MAX_ROWS
    return limit if limit > 0 else DEFAULT_UPLOAD_MAX_ROWS


def upload_too_many_rows(payload: bytes | memoryview, max_rows: int) -> str | None:
    """A message when a text upload has more lines than ``max_rows``, else ``None``.

    Counted on the raw bytes before any parsing, so an oversized file costs one pass.
    Binary uploads (xlsx, Parquet, gzip) are bounded by the size limit and the importers'
    decompression cap instead.
    """
    head = bytes(payload[:4])
    if head[:2] == b"\x1f\x8b" or head in (b"PK\x03\x04", b"PAR1"):
        return None
    lines = bytes(payload).count(b"\n")
    if lines <= max_rows + 1:  # the header line is not a row
        return None
    return (
        f"The file has {lines - 1:,} rows; uploads are limited to {max_rows:,} rows "
        "(TRADEDASH_UPLOAD_MAX_ROWS). Import larger files with the command line."
    )


def upload_suffix(name: str) -> str:
    """A known suffix of the uploaded name (``.csv.gz`` → ``.gz``) or ``""``.

    Only used to give the temporary file a familiar ending: the format is always detected
    from the content.
    """
    lower = name.lower()
    return next((s for s in UPLOAD_SUFFIXES if lower.endswith(s)), "")


def upload_filename(name: str) -> str:
    """The name an upload is saved under in its private temporary directory.

    A slug of the uploaded name (no directory part, no path characters), so the source it
    becomes is the same as ``tradedash import`` of that file gives, and importing the same
    file twice is refused as a repeat rather than stored as a second source.
    """
    suffix = upload_suffix(name)
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base[: len(base) - len(suffix)] if suffix else base
    named = any(ch.isalnum() for ch in stem)
    return f"{slug(stem, 60) if named else 'upload'}{suffix}"


def error_text(exc: Exception, display_name: str) -> str:
    """A validation error as the CLI words it, naming the uploaded file, row and column."""
    row, column = getattr(exc, "row", None), getattr(exc, "column", None)
    reason = getattr(exc, "reason", None) or str(exc)
    where = [display_name]
    if row is not None:
        where.append(f"row {row}")
    if column:
        where.append(f"column {column!r}")
    return f"{', '.join(where)}: {reason}"


def validation_report(
    parsed: Sequence[Any], store_observations: int, head: int = 10
) -> tuple[dict[str, Any], pd.DataFrame]:
    """What an import would add, before anything is written.

    ``parsed`` are the importers' results (:class:`data.importers.base.Parsed`) of a dry
    run, ``store_observations`` the user store's size after the import. Returns the summary
    (format, observations, pairs, years, warnings, store size) and the first ``head``
    observations as text.
    """
    frames = [p.frame for p in parsed]
    f = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    years = sorted({int(str(v)[:4]) for v in f["period_start"]}) if len(f) else []
    summary = {
        "format": ", ".join(dict.fromkeys(p.format for p in parsed)),
        "observations": len(f),
        "pairs": len(f[["reporter", "partner"]].drop_duplicates()) if len(f) else 0,
        "years": (f"{years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}")
        if years
        else "",
        "sources": sum(len(p.sources) for p in parsed),
        "warnings": [w for p in parsed for w in p.warnings],
        "store_observations": int(store_observations),
    }
    cols = [
        "series", "reporter", "partner", "flow", "period_start", "period_end", "measure",
        "comparator", "value", "unit", "kind", "source_id", "note",
    ]  # fmt: skip
    first = f.loc[:, [c for c in cols if c in f.columns]].head(head)
    return summary, first.astype({c: str for c in first.columns if c != "value"})


def store_listing(frames: Mapping[str, pd.DataFrame], sources: Mapping[str, int]) -> pd.DataFrame:
    """Per store: observations, pairs, series, years and sources."""
    rows = []
    for name, f in frames.items():
        years = sorted({int(str(s)[:4]) for s in f["period_start"]}) if len(f) else []
        rows.append(
            {
                "store": name,
                "observations": len(f),
                "pairs": len(f[["reporter", "partner"]].drop_duplicates()) if len(f) else 0,
                "series": ", ".join(sorted(f["series"].astype(str).unique())) if len(f) else "",
                "years": f"{years[0]}–{years[-1]}" if years else "",
                "sources": int(sources.get(name, 0)),
            }
        )
    return pd.DataFrame(rows)


def pair_listing(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Per store and pair: observations, first and last year, number of sources."""
    parts = []
    for name, f in frames.items():
        if not len(f):
            continue
        g = f.assign(
            year=f["period_start"].astype(str).str[:4].astype(int),
            reporter=f["reporter"].astype(str),
            partner=f["partner"].astype(str),
            source_id=f["source_id"].astype(str),
        ).groupby(["reporter", "partner"], sort=True)
        parts.append(
            pd.DataFrame(
                {
                    "observations": g.size(),
                    "first_year": g["year"].min(),
                    "last_year": g["year"].max(),
                    "sources": g["source_id"].nunique(),
                }
            )
            .reset_index()
            .assign(store=name)
        )
    cols = ["store", "reporter", "partner", "observations", "first_year", "last_year", "sources"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]
