"""Monthly and quarterly views of a pair's trade, from the part-year points it has.

Pure: reconciled series in, a tidy frame out (values in USD). Months are single-month
windows; quarters are stated three-month windows aligned on the calendar quarter or, where
none is stated, the sum of three months of one source (``kind=derived``). Turnover is
stated, or exports + imports of one source for the same window (``derived``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.reconcile import Reconciled

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
_FLOW_NAMES = {"total": "turnover", "export": "exports", "import": "imports"}


def _windows(r: Reconciled) -> pd.DataFrame:
    p = r.part_year.copy()
    if p.empty:
        return p.assign(start_m=pd.Series(dtype=int), months=pd.Series(dtype=int))
    p["start_m"] = p["period_start"].str[5:7].astype(int)
    p["months"] = p["period_end"].str[5:7].astype(int) - p["start_m"] + 1
    return p[p["comparator"].isin(["=", "~"])]


def _quarters(p: pd.DataFrame) -> pd.DataFrame:
    stated = p[(p["months"] == 3) & p["start_m"].isin([1, 4, 7, 10])]
    months = p[p["months"] == 1].copy()
    months["q_start"] = (months["start_m"] - 1) // 3 * 3 + 1
    months["year"] = months["period_start"].str[:4]
    months["source"] = months["source_ids"].map(lambda ids: ids[0] if ids else "")
    rows = []
    for (year, q, src), g in months.groupby(["year", "q_start", "source"]):
        if len(g) != 3:
            continue
        start = f"{year}-{q:02d}"
        if (stated["period_start"] == start).any():
            continue
        rows.append(
            {
                "period_start": start,
                "period_end": f"{year}-{q + 2:02d}",
                "value": float(g["value"].sum()),
                "comparator": "=",
                "kind": "derived",
                "source_ids": (src,),
            }
        )
    derived = pd.DataFrame(
        rows, columns=["period_start", "period_end", "value", "comparator", "kind", "source_ids"]
    )
    keep = ["period_start", "period_end", "value", "comparator", "kind", "source_ids"]
    return pd.concat([stated[keep], derived], ignore_index=True)


def _label(start: str, freq: str) -> str:
    if freq == "quarterly":
        return f"{start[:4]} Q{(int(start[5:7]) - 1) // 3 + 1}"
    return start


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
        chosen = p[p["months"] == 1] if freq == "monthly" else _quarters(p)
        frames[flow] = chosen[
            ["period_start", "period_end", "value", "comparator", "kind", "source_ids"]
        ]
    if {"export", "import"} <= set(frames):
        x, m = frames["export"], frames["import"]
        both = x.merge(m, on=["period_start", "period_end"], suffixes=("_x", "_m"))
        same = both[
            [
                bool(set(a) & set(b))
                for a, b in zip(both["source_ids_x"], both["source_ids_m"], strict=True)
            ]
        ]
        derived = pd.DataFrame(
            {
                "period_start": same["period_start"],
                "period_end": same["period_end"],
                "value": same["value_x"] + same["value_m"],
                "comparator": "=",
                "kind": "derived",
                "source_ids": same["source_ids_x"],
            }
        )
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
                    "period": [_label(s, freq) for s in f["period_start"]],
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
