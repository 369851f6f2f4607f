"""The Data page's tables: what an import would add, and what the stores hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import periods
from data.schema import Problem


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
    years = sorted(set(periods.years(f["period_start"]).tolist())) if len(f) else []
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
        years = sorted(set(periods.years(f["period_start"]).tolist())) if len(f) else []
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
            year=periods.years(f["period_start"]),
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


def store_contents(snapshots: Mapping[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What each store holds (``snapshots``: store name → ``data.store.Snapshot``): the
    summary per store and the listing per pair."""
    frames = {k: s.frame for k, s in snapshots.items()}
    counts = {k: len(s.sources) for k, s in snapshots.items()}
    return store_listing(frames, counts), pair_listing(frames)


#: The error CSV's columns, on the Data page and from ``tradedash import --errors``.
PROBLEM_COLUMNS = ("file", "row", "column", "value", "problem")


def problems_frame(exc: Exception, file: str | None = None) -> pd.DataFrame:
    """Every problem of a rejected file, one row each (at most ``schema.MAX_PROBLEMS``; the
    error's ``total`` counts them all). ``file`` names the file as the person knows it (an
    upload's own name rather than the server's copy); an error without a list is one row."""
    problems = getattr(exc, "problems", None) or [
        Problem(
            getattr(exc, "file", None),
            getattr(exc, "row", None),
            getattr(exc, "column", None),
            "",
            getattr(exc, "reason", None) or str(exc),
        )
    ]
    frame = pd.DataFrame(
        [(file or p.file or "", p.row, p.column or "", p.value, p.problem) for p in problems],
        columns=list(PROBLEM_COLUMNS),
    )
    frame["row"] = frame["row"].astype("Int64")
    return frame
