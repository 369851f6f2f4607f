"""Reconciling a pair: prepare the candidates once, choose among them (again, without some
sources, for a what-if), or both in one call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import periods
from analysis.reconcile.candidates import _candidates, _is_year, _month_sums, _part_year, _subset
from analysis.reconcile.ranking import _choose
from analysis.reconcile.result import CANDIDATE_COLUMNS, Reconciled
from analysis.units import unit_of


@dataclass
class Prepared:
    """Every candidate for one (reporter, partner, series, flow), before any choice.

    Choosing from it with some sources left out (:func:`choose`) equals reconciling
    without them, because every candidate cites all the sources it was built from.
    """

    reporter: str
    partner: str
    series: str
    flow: str
    unit: str
    candidates: pd.DataFrame
    part_levels: pd.DataFrame
    commodity: str = "TOTAL"


def prepare(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    *,
    commodity: str = "TOTAL",
) -> Prepared:
    """Gather the candidates of :func:`reconcile` once, to choose from many times."""
    sub = _subset(obs, reporter, partner, series, set(), commodity)
    year = _is_year(sub["period_start"], sub["period_end"]) if len(sub) else np.array([], bool)
    is_level = sub["measure"].to_numpy() == "level"
    levels = sub[is_level]
    annual_levels = levels[year[is_level]] if len(sub) else levels
    growth = sub[(sub["measure"] == "growth_pct_yoy") & year] if len(sub) else sub
    cands = _candidates(annual_levels, growth, flow, categories)
    part = levels[~year[is_level]] if len(sub) else levels
    part = part[periods.same_year(part["period_start"], part["period_end"])] if len(part) else part
    months = _month_sums(part, flow, categories)
    if months:
        cands = pd.concat(
            [cands, pd.DataFrame(months, columns=CANDIDATE_COLUMNS)], ignore_index=True
        )
    return Prepared(reporter, partner, series, flow, unit_of(series), cands, part, commodity)


def choose(prepared: Prepared, exclude_sources: Iterable[str] = ()) -> Reconciled:
    """The best series from prepared candidates, leaving out ``exclude_sources``."""
    p = prepared
    exclude = set(exclude_sources)
    cands, part = p.candidates, p.part_levels
    if exclude:
        if len(cands):
            cands = cands[~cands["source_ids"].map(lambda ids: bool(exclude.intersection(ids)))]
        part = part[~part["source_id"].isin(exclude)]
    best, alts = _choose(cands.reset_index(drop=True))
    return Reconciled(
        p.reporter,
        p.partner,
        p.series,
        p.flow,
        p.unit,
        best,
        alts,
        _part_year(part, p.flow),
        commodity=p.commodity,
    )


def reconcile(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    *,
    exclude_sources: Iterable[str] = (),
    commodity: str = "TOTAL",
) -> Reconciled:
    """The best annual series for ``reporter``→``partner``, with its alternatives.

    ``exclude_sources`` leaves sources out (the claims checker excludes a claim's own
    source). ``commodity`` picks all goods (``TOTAL``, the default) or one product's
    rows (an HS code or group): products are never summed into the total, nor the total
    split into products. No data gives empty frames, not an error. Units follow the rows
    (USD or t).
    """
    prepared = prepare(obs, categories, reporter, partner, series, flow, commodity=commodity)
    return choose(prepared, exclude_sources)
