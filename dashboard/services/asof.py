"""The store as it was known at a month: what was published by then and what came after."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import periods
from analysis.asof import known_mask, month_index, month_text, published_index
from analysis.evidence import Figure
from analysis.reconcile import Reconciled, reconcile
from dashboard.services.pairs import categories
from data.store import Snapshot


@dataclass(frozen=True)
class AsOf:
    """A pair's series as known at ``as_of``: reconciled from the observations known then,
    with the figures after the base year that a scenario conditions on."""

    as_of: str
    reconciled: Reconciled
    later: tuple[Figure, ...]  # every figure of the series after its last exact year
    part_history: pd.DataFrame  # exact part-year levels: year, start_month, end_month, value
    candidates: tuple[Figure, ...] = ()  # later figures and every stated year and window


def latest_month(snap: Snapshot, series: str | None = None) -> str:
    """The latest month in a snapshot (of ``series``, default all): of any period's end,
    or any cited source's publication, so that by default everything stored is known.
    Targets and capacities, which end in the future by nature, do not count."""
    f = snap.frame[snap.frame["measure"].astype(str) != "target"]  # a 2030 goal is no news
    if series is not None:
        f = f[f["series"].astype(str) == series]
    ends = [month_index(str(m)) for m in pd.unique(f["period_end"].astype(str))]
    cited = set(f["source_id"].astype(str))
    pubs = [published_index(s.published) for k, s in snap.sources.items() if k in cited]
    months = ends + [m for m in pubs if m is not None]
    if not months:
        raise ValueError("the stores hold no observation for this pair")
    return month_text(max(months))


def as_of_view(
    snap: Snapshot,
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    as_of: str | None = None,
) -> AsOf:
    """The pair's series as an analyst could have known it at ``as_of`` (default: the
    latest month in the stores); see ``analysis.asof`` for the rule."""
    f = snap.frame
    try:
        month = as_of or latest_month(snap, series)
    except ValueError:
        # Nothing stored for the series: an empty view, whose evaluation says what is missing.
        month = ""
    published = {k: s.published for k, s in snap.sources.items()}
    known = (
        f[known_mask(f["period_end"].astype(str), f["source_id"].astype(str), published, month)]
        if month
        else f.iloc[0:0]
    )
    r = reconcile(known, categories(snap), reporter, partner, series, flow)
    values = r.values()
    base = int(values.index.max()) if len(values) else None
    later: list[Figure] = []
    if base is not None:
        later = _figures_after(known, r, reporter, partner, series, flow, base)
    part = r.part_year
    exact = part[part["comparator"].isin(["=", "~"])]
    history = pd.DataFrame(
        {
            "year": periods.years(exact["period_start"]),
            "start_month": periods.months_of_year(exact["period_start"]),
            "end_month": periods.months_of_year(exact["period_end"]),
            "value": exact["value"].to_numpy(dtype=float),
        }
    )
    history = history[history["year"] <= (base or 0)].drop_duplicates(
        ["year", "start_month", "end_month"]
    )
    view = AsOf(month, r, tuple(later), history.reset_index(drop=True))
    return AsOf(view.as_of, r, view.later, view.part_history, tuple(_all_after(view)))


def _figures_after(
    known: pd.DataFrame,
    r: Reconciled,
    reporter: str,
    partner: str,
    series: str,
    flow: str,
    base: int,
) -> list[Figure]:
    """Full-year best points, part-year levels and growth rates after ``base``."""
    out: list[Figure] = []
    full_level_years = set()
    for p in r.best.itertuples(index=False):
        if int(p.year) > base:
            out.append(
                Figure(
                    p.period_start,
                    p.period_end,
                    p.comparator,
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
            if p.comparator in ("=", "~"):
                full_level_years.add(int(p.year))
    for p in r.part_year.itertuples(index=False):
        if periods.year_of(str(p.period_start)) > base:
            out.append(
                Figure(
                    str(p.period_start),
                    str(p.period_end),
                    str(p.comparator),
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
    rep, par = known["reporter"].astype(str), known["partner"].astype(str)
    own = (rep == reporter) & (par == partner) & (known["flow"].astype(str) == flow)
    if flow == "total":
        own |= (rep == partner) & (par == reporter) & (known["flow"].astype(str) == "total")
    g = known[
        own
        & (known["series"].astype(str) == series)
        & (known["measure"].astype(str) == "growth_pct_yoy")
        & (known["commodity"].astype(str) == "TOTAL")
    ]
    if len(g):
        g = g[periods.same_year(g["period_start"], g["period_end"])]
        g = g[periods.years(g["period_start"]) > base] if len(g) else g
    merged: dict[tuple[str, str, str, float], dict[str, None]] = {}
    for row in g.itertuples(index=False):
        key = (str(row.period_start), str(row.period_end), str(row.comparator), float(row.value))
        if periods.is_year(key[0], key[1]) and periods.year_of(key[0]) in full_level_years:
            continue  # the year's level is stated: the growth adds nothing
        merged.setdefault(key, {})[str(row.source_id)] = None
    for (ps, pe, comp, value), ids in sorted(merged.items()):
        out.append(Figure(ps, pe, comp, value, "growth_pct_yoy", tuple(ids)))
    return out


def _all_after(view: AsOf) -> list[Figure]:
    """Every figure of the view as a candidate of evidence: the later figures, plus the
    exact full years after a base the analyst set earlier than the last exact year."""
    out = list(view.later)
    r = view.reconciled
    seen = {(f.period_start, f.period_end, f.measure) for f in out}
    for p in r.best.itertuples(index=False):
        key = (p.period_start, p.period_end, "level")
        if key not in seen:
            out.append(
                Figure(
                    p.period_start,
                    p.period_end,
                    p.comparator,
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
    for p in r.part_year.itertuples(index=False):
        key = (str(p.period_start), str(p.period_end), "level")
        if key not in seen:
            out.append(
                Figure(
                    str(p.period_start),
                    str(p.period_end),
                    str(p.comparator),
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
    return out
