"""The Rail freight page's summary: freight against the line's capacity and its targets,
the growth each target needs, the year each is reached at the historical pace. Tonnes;
rates are fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.capacity import CapacityTarget, capacity_reached, target_requirements, utilisation
from analysis.growth import yoy
from analysis.reconcile import Reconciled
from analysis.target import default_history
from analysis.wording import amount, period, rate, stated
from dashboard.views.cards import exact_points, headline_year, union_ids


@dataclass
class RailSummary:
    """Rail freight against capacity. Tonnes; rates are fractions."""

    year: int
    freight_t: float
    yoy: pd.DataFrame
    capacity_t: float | None = None
    capacity_year: int | None = None
    utilisation: float | None = None
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    pace_window: tuple[int, int] | None = None
    pace: float | None = None
    reached: dict[str, int | None] = field(default_factory=dict)
    nowcast: pd.Series | None = None
    nowcast_utilisation: float | None = None
    sources: tuple[str, ...] = ()


def rail_summary(
    freight: Reconciled, capacity: Reconciled, nowcasts: pd.DataFrame
) -> RailSummary | None:
    """Utilisation of the stated line capacity, growth needed for each capacity target, the
    year each is reached at the historical pace (CAGR over the default history window: the
    last run of consecutive years, up to four intervals) and the next year's nowcast."""
    year = headline_year(freight)
    if year is None:
        return None
    every = freight.values()
    # The pace and the years to capacity start from the headline year, not from a later
    # approximate figure (which the chart and the year-on-year bars still show).
    values = every[every.index <= year]
    e = exact_points(freight)
    s = RailSummary(
        year, float(e.loc[year, "value"]), yoy(every), sources=union_ids(e.loc[year, "source_ids"])
    )
    cap = exact_points(capacity).sort_index()
    if cap.empty:
        return s
    s.capacity_t, s.capacity_year = float(cap.iloc[0]["value"]), int(cap.iloc[0]["year"])
    s.utilisation = utilisation(s.freight_t, s.capacity_t)
    later = [
        CapacityTarget(float(v), int(y))
        for y, v in zip(cap["year"][1:], cap["value"][1:], strict=True)
        if y > year
    ]
    s.targets = target_requirements(s.freight_t, year, later) if later else pd.DataFrame()
    try:
        s.pace_window = default_history(values, year)
    except ValueError:
        s.pace_window = None
    if s.pace_window is not None:
        for label, level in [
            (f"capacity {s.capacity_year}", s.capacity_t),
            *[(f"target {t.year}", t.value_t) for t in later],
        ]:
            reach = capacity_reached(values, level, pace_start_year=s.pace_window[0])
            s.pace, s.reached[label] = reach.pace, reach.year
    exact_nc = nowcasts[nowcasts["comparator"].isin(["=", "~"])] if len(nowcasts) else nowcasts
    if len(exact_nc):
        s.nowcast = exact_nc.sort_values("months").iloc[-1]
        s.nowcast_utilisation = utilisation(float(s.nowcast["nowcast"]), s.capacity_t)
    s.sources = union_ids(s.sources, *cap["source_ids"])
    return s


def capacity_table(s: RailSummary) -> pd.DataFrame:
    """The capacity targets as display strings: year, level, multiple of freight, growth
    needed from the last full year, year reached at the historical pace."""
    t = s.targets
    if t.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "by": t["year"].astype(str),
            "capacity": [amount(v, "t") for v in t["target_t"]],
            "× freight": [amount(m, "ratio") for m in t["multiple"]],
            f"growth needed from {s.year}": [rate(g) for g in t["required_growth"]],
            "reached at the historical pace": [
                str(s.reached.get(f"target {y}") or "never") for y in t["year"]
            ],
        }
    )


def stated_table(frame: pd.DataFrame, citations: dict[str, str]) -> pd.DataFrame:
    """Observation rows as text: period, measure, stated value with unit, note, source."""
    starts, ends = frame["period_start"].astype(str), frame["period_end"].astype(str)
    return pd.DataFrame(
        {
            "period": [period(a, b) for a, b in zip(starts, ends, strict=True)],
            "measure": frame["measure"].astype(str).tolist(),
            "stated": [
                stated(float(v), str(u), str(c), signed=m == "growth_pct_yoy")
                for c, v, u, m in zip(
                    frame["comparator"],
                    frame["value"],
                    frame["unit"],
                    frame["measure"],
                    strict=True,
                )
            ],
            "note": frame["note"].astype(str).tolist(),
            "source": [citations.get(s, s) for s in frame["source_id"].astype(str)],
        }
    )
