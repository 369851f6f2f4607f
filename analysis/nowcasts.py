"""Full-year nowcasts for one year from every part-year figure stated for it.

Input: the reconciled annual series and the part-year points of a pair (both from
:func:`analysis.reconcile.reconcile`). For each window stated in the year (Q1,
Jan–Apr, H1 …) the share of the year that window usually holds is estimated from the
*other* years (single-month points, when a store has monthly data, beat stated
part-year figures; with neither, the flat share months/12 and a wide band), and the
part-year value divided by it. Bounded part values ("> 100") give bounded nowcasts.
Values in base units; shares as fractions.
"""

from __future__ import annotations

import pandas as pd

from analysis import periods
from analysis.bounds import Bounded
from analysis.partial_year import ShareHistory, nowcast, window_share

NOWCAST_COLUMNS = [
    "period_start", "period_end", "months", "part_value", "comparator", "share",
    "share_low", "share_high", "method", "n_years", "nowcast", "low", "high", "source_ids",
]  # fmt: skip


def _months(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["year"] = periods.years(out["period_start"])
    out["start_month"] = periods.months_of_year(out["period_start"])
    out["end_month"] = periods.months_of_year(out["period_end"])
    return out


def nowcast_year(annual: pd.Series, part_year: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per part-year figure stated for ``year`` (columns :data:`NOWCAST_COLUMNS`).

    ``annual``: best annual values by int year (bounds excluded); the nowcast year's own
    value, if any, is left out of the share history so it cannot explain itself.
    ``part_year``: columns ``period_start, period_end, value, comparator, source_ids``.
    An empty frame when nothing was stated for the year.
    """
    if part_year.empty:
        return pd.DataFrame(columns=NOWCAST_COLUMNS)
    p = _months(part_year)
    exact = p[p["comparator"].isin(["=", "~"])]
    monthly = exact[exact["start_month"] == exact["end_month"]]
    history = ShareHistory(
        annual=annual.drop(index=year, errors="ignore"),
        part_year=exact.loc[exact["year"] != year, ["year", "start_month", "end_month", "value"]],
        monthly=(
            monthly.loc[monthly["year"] != year, ["year", "start_month", "value"]].rename(
                columns={"start_month": "month"}
            )
            if len(monthly)
            else None
        ),
    )
    rows = []
    for r in p[p["year"] == year].sort_values(["end_month", "comparator"]).itertuples():
        window = (int(r.start_month), int(r.end_month))
        if window == (1, 12):
            continue
        share = window_share(window, history, exclude_years=[year])
        part: float | Bounded = (
            float(r.value)
            if r.comparator in ("=", "~")
            else Bounded.from_comparator(r.comparator, float(r.value))
        )
        nc = nowcast(part, share)
        rows.append(
            {
                "period_start": r.period_start,
                "period_end": r.period_end,
                "months": window[1] - window[0] + 1,
                "part_value": float(r.value),
                "comparator": r.comparator,
                "share": nc.share,
                "share_low": nc.share_low,
                "share_high": nc.share_high,
                "method": nc.method,
                "n_years": nc.n_years,
                "nowcast": nc.value,
                "low": nc.low,
                "high": nc.high,
                "source_ids": tuple(r.source_ids),
            }
        )
    return pd.DataFrame(rows, columns=NOWCAST_COLUMNS)
