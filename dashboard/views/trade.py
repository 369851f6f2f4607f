"""The Trade page's points: one row per figure of each flow, with its sources and every
alternative for its year, and the flat table for downloads.

Values stay in base units (``value_usd`` in US dollars, not millions); the formatted
``value`` column is for reading, the numeric one for sorting and downloads.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import periods, wording
from analysis.flows import trade_balance
from analysis.growth import yoy
from analysis.history import year_runs
from analysis.reconcile import Reconciled
from analysis.wording import FLOW_TITLES, amount, period, stated
from data.provenance import Source

#: Flows of the Trade page: label → the data model's flow (balance is computed here).
FLOWS = {"turnover": "total", "exports": "export", "imports": "import", "balance": "balance"}
POINT_COLUMNS = [
    "flow", "period", "year", "period_start", "period_end", "part_year", "value_usd", "value",
    "comparator", "kind", "side", "method", "category", "yoy_pct", "sources", "source_ids",
    "alternatives",
]  # fmt: skip


def cite(source_ids: Iterable[str], citations: Mapping[str, str]) -> str:
    return " + ".join(citations.get(s, s) for s in source_ids)


_SIDE_WORDS = {"reporter": "reporter's records", "partner": "partner's records"}


def alternative_lines(alts: pd.DataFrame, citations: Mapping[str, str], unit: str) -> list[str]:
    """One plain-text line per candidate figure: value, comparator, kind, side, citation."""
    return [
        f"{'★ ' if getattr(a, 'chosen', False) else '• '}"
        f"{stated(float(a.value), unit, a.comparator)} {a.kind}, "
        f"{_SIDE_WORDS.get(a.side, a.side)}, "
        f"{a.method} — {cite(a.source_ids, citations)}"
        for a in alts.itertuples(index=False)
    ]


# -- the Trade page's series --------------------------------------------------------------
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
                "value": amount(float(b.value), r.unit),
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
            "period": period(p.period_start, p.period_end),
            "year": periods.year_of(p.period_start),
            "period_start": p.period_start,
            "period_end": p.period_end,
            "part_year": True,
            "value_usd": float(p.value),
            "value": amount(float(p.value), r.unit),
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
    """The trade balance (:func:`analysis.flows.trade_balance`) as rows of points."""
    rows = []
    for b in trade_balance(exports, imports).itertuples(index=False):
        year = int(b.year)
        rows.append(
            {
                "flow": "balance",
                "period": str(year),
                "year": year,
                "period_start": f"{year:04d}-01",
                "period_end": f"{year:04d}-12",
                "part_year": False,
                "value_usd": float(b.value),
                "value": amount(float(b.value), "USD"),
                "comparator": b.comparator,
                "kind": b.kind,
                "side": b.side,
                "method": "exports − imports",
                "category": b.category,
                "yoy_pct": math.nan,
                "sources": cite(b.source_ids, citations),
                "source_ids": ";".join(b.source_ids),
                "alternatives": f"exports {amount(b.exports)} − imports {amount(b.imports)}",
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


def download_frame(
    points: pd.DataFrame,
    reporter: str,
    partner: str,
    sources: Mapping[str, Source] | None = None,
) -> pd.DataFrame:
    """The points as a flat table for CSV/Parquet: the pair first, no hover text, and
    beside the citations each source's ``source_urls`` and ``source_licences``
    (``"; "``-separated, in the order of ``source_ids``; blank where a source has none)."""
    out = points.drop(columns=["alternatives"]).copy()
    out.insert(0, "partner", partner)
    out.insert(0, "reporter", reporter)
    for col, attr in (("source_urls", "url"), ("source_licences", "licence")):
        out[col] = _per_source(out, sources or {}, attr)
    return out


def with_links(points: pd.DataFrame, sources: Mapping[str, Source]) -> pd.DataFrame:
    """``points`` with ``source_urls`` (as in the downloads): the hover shows each source's
    address beside its citation, since a chart's hover cannot hold a link to click."""
    return points.assign(source_urls=_per_source(points, sources, "url"))


def _per_source(points: pd.DataFrame, known: Mapping[str, Source], attr: str) -> list[str]:
    ids = [[s for s in str(row).split(";") if s] for row in points["source_ids"]]
    return ["; ".join(getattr(known[s], attr) if s in known else "" for s in row) for row in ids]


def pair_options(pairs: pd.DataFrame, reporter: str) -> list[str]:
    """Codes that trade with ``reporter`` in either direction, sorted."""
    rep, par = pairs["reporter"].astype(str), pairs["partner"].astype(str)
    codes = set(par[rep == reporter]) | set(rep[par == reporter])
    return sorted(codes - {reporter})


def headline(points: pd.DataFrame, flow: str = "turnover") -> str | None:
    """``Turnover 2023: $563M`` — the latest exact full-year figure of a flow."""
    p = points[(points["flow"] == flow) & ~points["part_year"] & (points["comparator"] == "=")]
    if p.empty:
        return None
    last = p.iloc[-1]
    return f"{FLOW_TITLES.get(flow, flow)} {last['period']}: {amount(float(last['value_usd']))}"


def headline_help(
    points: pd.DataFrame, citations: Mapping[str, str], flow: str = "turnover"
) -> str:
    """The "Latest full year" card's tooltip: :func:`headline` and the figure's sources,
    one a line, as every other card cites them; ``""`` when there is no such figure."""
    text = headline(points, flow)
    if text is None:
        return ""
    p = points[(points["flow"] == flow) & ~points["part_year"] & (points["comparator"] == "=")]
    ids = [s for s in str(p.iloc[-1]["source_ids"]).split(";") if s]
    sources = [citations.get(s, s) for s in ids]
    return "  \n".join([text, *sources]) if sources else f"{text}  \nno source"


#: The Trade page's table: the points' columns a reader sees, in words (one value column).
SERIES_TABLE = {
    "flow": "flow", "period": "period", "value": "value", "part_year": "part of the year",
    "kind": wording.label("kind"), "side": wording.label("side"),
    "method": wording.label("method"),
    "category": "source type", "yoy_pct": "growth on a year earlier", "sources": "sources",
}  # fmt: skip


def series_table(points: pd.DataFrame) -> pd.DataFrame:
    """The points as the Trade page's table: one value column (as stated: ``above $100M``),
    the kind, side and derivation in words, growth as ``+28.3%``, and blank cells, never
    ``None`` or ``nan``. The numbers stay in the downloads."""
    out = pd.DataFrame(index=points.index)
    for col, head in SERIES_TABLE.items():
        out[head] = points[col]
    out["value"] = [
        stated(v, "USD", c) for v, c in zip(points["value_usd"], points["comparator"], strict=True)
    ]
    out[wording.label("side")] = [_SIDE_WORDS.get(str(v), v) for v in points["side"]]
    out["part of the year"] = ["yes" if bool(v) else "" for v in points["part_year"]]
    out["growth on a year earlier"] = [amount(v, "percent", signed=True) for v in points["yoy_pct"]]
    text = out.astype(object).where(out.notna(), "")
    return text.map(lambda v: "" if v is None or str(v) in ("None", "nan") else str(v))


def lone_period_sentence(sub: pd.DataFrame, freq: str, citations: Mapping[str, str]) -> str | None:
    """A sentence instead of a chart when the sub-annual points (``analysis.subannual``)
    cover a single period (one point is not a chart): "Only one quarterly figure so far:
    Q1 2024 — turnover $X (reported; Publisher · Title · date)." ``None`` for two or more
    periods or none. Plain text (the page escapes it)."""
    if sub.empty or sub["period"].nunique() != 1:
        return None
    parts = [
        f"{FLOW_TITLES.get(r.flow, r.flow).lower()} {stated(r.value_usd, 'USD', r.comparator)} "
        f"({r.kind}; {'; '.join(citations.get(s, s) for s in r.source_ids) or 'no source'})"
        for r in sub.itertuples(index=False)
    ]
    return f"Only one {freq} figure so far: {sub['period'].iloc[0]} — " + ", ".join(parts) + "."


# -- mirror statistics -------------------------------------------------------------------
#: Why a year's gap is not drawn: the flags of ``analysis.mirror.mirror_table``.
MIRROR_LEFT_OUT = {
    "mirror": "one side is built from the other's records (a mirror), so the gap is the "
    "factor's own, not a discrepancy",
    "estimated": "one side is the publisher's estimate, not its records",
}


def mirror_drawn(mirror: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The mirror table's years whose gap is an independent discrepancy (both sides'
    own records, gap defined), and the years left out, one phrase per run of years and
    reason, naming its directions ("2004–2020 (both directions): one side is built from
    …"): a gap of 0 % drawn for a mirror year reads as records that agree."""
    flags = mirror["flags"].fillna("").astype(str)
    own = mirror["gap_defined"].astype(bool) & (flags == "")
    directions = list(dict.fromkeys(mirror["direction"]))
    said: dict[tuple[str, str], list[str]] = {}  # (years, why) -> directions
    for direction in directions:
        mine = mirror[(mirror["direction"] == direction) & ~own]
        reasons: dict[str, list[int]] = {}
        for r in mine.itertuples(index=False):
            kinds = [k for k in str(r.flags).split(",") if k in MIRROR_LEFT_OUT]
            why = MIRROR_LEFT_OUT[kinds[0]] if kinds and r.gap_defined else str(r.flags)
            reasons.setdefault(why, []).append(int(r.year))
        for why, ys in reasons.items():
            said.setdefault((year_runs(ys), why), []).append(direction)
    return mirror[own], [
        f"{runs} ({'both directions' if len(ds) == len(directions) > 1 else ', '.join(ds)}): {why}"
        for (runs, why), ds in said.items()
    ]
