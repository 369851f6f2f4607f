"""The Rail freight page's summary: freight against the line's capacity and its targets,
the growth each target needs, the year each is reached at the historical pace. Tonnes;
rates are fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import periods
from analysis.capacity import CapacityTarget, capacity_plan, capacity_reached, utilisation
from analysis.growth import yoy
from analysis.history import default_history
from analysis.products import MEASURE_WORDS
from analysis.reconcile import Reconciled
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
    #: Stated freight targets (tonnes by year, with sources): the only targets a freight
    #: scenario is run for. Capacity targets are capacity to be built, not freight.
    freight_targets: pd.DataFrame = field(default_factory=pd.DataFrame)


def rail_summary(
    freight: Reconciled,
    capacity: Reconciled,
    nowcasts: pd.DataFrame,
    frame: pd.DataFrame | None = None,
) -> RailSummary | None:
    """Utilisation of the stated line capacity; each capacity target against that capacity
    (the capacity growth it needs, how full it would be at today's freight) and the year
    freight fills it at the historical pace (CAGR over the default history window: the last
    run of consecutive years, up to four intervals); the next year's nowcast; and the
    freight targets stated in ``frame`` (the pair's observations), if any."""
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
    if frame is not None:
        s.freight_targets = stated_freight_targets(frame)
    cap = exact_points(capacity).sort_index()
    if cap.empty:
        return s
    s.capacity_t, s.capacity_year = float(cap.iloc[0]["value"]), int(cap.iloc[0]["year"])
    s.utilisation = utilisation(s.freight_t, s.capacity_t)
    later = [
        CapacityTarget(float(v), int(y))
        for y, v in zip(cap["year"][1:], cap["value"][1:], strict=True)
        if y > s.capacity_year
    ]
    s.targets = capacity_plan(s.capacity_t, s.capacity_year, later, s.freight_t)
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
    """The capacity targets as display strings: year, capacity, multiple of today's
    capacity, the capacity growth needed from the year it is stated for, how full the
    target capacity would be at the last full year's freight, and the year freight fills it
    at the historical pace. No freight growth: a capacity target is not a freight target."""
    t = s.targets
    if t.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "by": t["year"].astype(str),
            "capacity": [amount(v, "t") for v in t["target_t"]],
            f"× capacity {s.capacity_year}": [amount(m, "ratio") for m in t["multiple"]],
            f"capacity growth needed from {s.capacity_year}": [
                rate(g) for g in t["capacity_growth"]
            ],
            f"utilisation at {s.year} freight": [rate(u) for u in t["utilisation"]],
            "freight fills it at the historical pace": [
                str(s.reached.get(f"target {y}") or "never") for y in t["year"]
            ],
        }
    )


def stated_freight_targets(frame: pd.DataFrame) -> pd.DataFrame:
    """Exact freight targets stated in an observations frame (``rail_freight`` rows with
    measure ``target``): ``year``, ``target_t``, ``source_ids``, by year; empty when none is
    stated. Capacity targets (``rail_capacity``) are never among them."""
    t = frame[
        (frame["series"].astype(str) == "rail_freight")
        & (frame["measure"].astype(str) == "target")
        & (frame["comparator"].astype(str) == "=")
    ]
    out = pd.DataFrame(
        {"year": periods.years(t["period_end"].astype(str)), "target_t": t["value"].astype(float)}
    )
    out["source_ids"] = t["source_id"].astype(str).map(lambda x: (x,))
    if out.empty:
        return pd.DataFrame(columns=["year", "target_t", "source_ids"])
    grouped = out.groupby(["year", "target_t"], as_index=False)["source_ids"].sum()
    return grouped.sort_values("year").reset_index(drop=True)


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


#: The transit series in words: other countries' cargo, never the pair's own freight.
TRANSIT_ROUTES = {
    "transit_rail_instc_east": "North–South corridor, eastern branch",
    "transit_rail_via_kaz_to_tkm": "through Kazakhstan to Turkmenistan",
}


def transit_table(transit: pd.DataFrame, citations: dict[str, str]) -> pd.DataFrame:
    """The transit rows in words, the figure second so that a phone shows it: route,
    stated, period, measure, note, source."""
    table = stated_table(transit, citations)
    table["measure"] = [MEASURE_WORDS.get(m, m) for m in table["measure"]]
    routes = [TRANSIT_ROUTES.get(s, s) for s in transit["series"].astype(str)]
    table.insert(0, "route", routes)
    return table[["route", "stated", "period", "measure", "note", "source"]]


#: Fewer growth bars than this read better as a table than as a chart.
YOY_CHART_MIN = 6


def yoy_table(growth: pd.DataFrame) -> pd.DataFrame:
    """The defined year-on-year growths (``analysis.growth.yoy``) as a small table: year,
    growth in words. Undefined growth is left out, as the chart leaves it out."""
    g = growth[growth["defined"]]
    return pd.DataFrame(
        {
            "year": [int(y) for y in g.index],
            "growth on the year before": [
                amount(float(v) * 100, "percent", signed=True) for v in g["growth"]
            ],
        }
    )
