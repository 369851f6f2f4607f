"""Monthly and quarterly views of a pair's trade, from the part-year points it has.

Pure: reconciled series in, a tidy frame out (values in USD). Months are single-month
windows; quarters are stated three-month windows aligned on the calendar quarter or, where
none is stated, the sum of three months of one source (``kind=derived``). Turnover is
stated, or exports + imports of one source for the same window (:func:`analysis.flows.
turnover`). ``period`` is the window in words (``Q1 2024``, ``Mar 2024``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import periods
from analysis.flows import turnover
from analysis.reconcile import Reconciled
from analysis.wording import period

FREQUENCIES = ("annual", "quarterly", "monthly")
COLUMNS = [
    "flow",
    "period",
    "period_start",
    "period_end",
    "value_usd",
    "comparator",
    "kind",
    "source_ids",
]
_KEEP = ["period_start", "period_end", "value", "comparator", "kind", "source_ids"]
_FLOW_NAMES = {"total": "turnover", "export": "exports", "import": "imports"}


def _windows(r: Reconciled) -> pd.DataFrame:
    p = r.part_year.copy()
    if p.empty:
        return p.assign(start=pd.Series(dtype=int), months=pd.Series(dtype=int))
    p["start"] = periods.months(p["period_start"])
    p["months"] = periods.months(p["period_end"]) - p["start"] + 1
    return p[p["comparator"].isin(["=", "~"])]


def _quarters(p: pd.DataFrame) -> pd.DataFrame:
    first = p["start"] % 12 + 1
    stated = p[(p["months"] == 3) & first.isin(periods.QUARTER_STARTS)]
    months = p[p["months"] == 1].copy()
    months["q_start"] = months["start"] - months["start"] % 3  # the quarter's first month
    months["source"] = months["source_ids"].map(lambda ids: ids[0] if ids else "")
    taken = set(stated["start"])
    rows = []
    for (q, src), g in months.groupby(["q_start", "source"]):
        if len(g) != 3 or q in taken:
            continue
        rows.append(
            {
                "period_start": periods.text(q),
                "period_end": periods.text(q + 2),
                "value": float(g["value"].sum()),
                "comparator": "=",
                "kind": "derived",
                "source_ids": (src,),
            }
        )
    derived = pd.DataFrame(rows, columns=_KEEP)
    return pd.concat([stated[_KEEP], derived], ignore_index=True)


def _turnover(x: pd.DataFrame, m: pd.DataFrame) -> pd.DataFrame:
    """Exports + imports for the same window from a source both cite."""
    both = turnover(x, m, ["period_start", "period_end"])
    shared = [
        bool(set(a) & set(b))
        for a, b in zip(both["source_ids_x"], both["source_ids_m"], strict=True)
    ]
    same = both[np.asarray(shared, dtype=bool)]
    return pd.DataFrame(
        {
            "period_start": same["period_start"],
            "period_end": same["period_end"],
            "value": same["value"],
            "comparator": same["comparator"],
            "kind": same["kind"],
            "source_ids": same["source_ids_x"],
        },
        columns=_KEEP,
    )


def subannual_points(series: Mapping[str, Reconciled], freq: str) -> pd.DataFrame:
    """Monthly or quarterly points of ``series`` (keys ``total``, ``export``, ``import``).

    An empty frame when the stores hold no such windows for the pair.
    """
    if freq not in ("monthly", "quarterly"):
        raise ValueError(f"frequency must be monthly or quarterly, got {freq!r}")
    frames = {}
    for flow, r in series.items():
        p = _windows(r)
        if p.empty:
            continue
        frames[flow] = (p[p["months"] == 1] if freq == "monthly" else _quarters(p))[_KEEP]
    if {"export", "import"} <= set(frames):
        derived = _turnover(frames["export"], frames["import"])
        stated = frames.get("total")
        if stated is not None and len(stated):
            # a stated turnover wins over the sum for the same window
            derived = derived[~derived["period_start"].isin(stated["period_start"])]
            derived = pd.concat([stated, derived], ignore_index=True)
        frames["total"] = derived
    out = []
    for flow, f in frames.items():
        if f.empty:
            continue
        out.append(
            pd.DataFrame(
                {
                    "flow": _FLOW_NAMES[flow],
                    "period": [
                        period(a, b)
                        for a, b in zip(f["period_start"], f["period_end"], strict=True)
                    ],
                    "period_start": f["period_start"].to_numpy(),
                    "period_end": f["period_end"].to_numpy(),
                    "value_usd": f["value"].to_numpy(dtype=float),
                    "comparator": f["comparator"].to_numpy(),
                    "kind": f["kind"].to_numpy(),
                    "source_ids": f["source_ids"].to_numpy(),
                }
            )
        )
    if not out:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(out, ignore_index=True).sort_values(
        ["flow", "period_start"], ignore_index=True
    )
